"""Withdrawal -> takedown, end to end with real published items: built-in channels are
corrected at once, print is marked as not retractable, everything else gets a task with an
owner, a deadline and (for external media) a drafted removal request."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.consent.models import ConsentRecord, Kind, PupilFlag
from beeldwacht.consent.services import Choice
from beeldwacht.publications import services
from beeldwacht.publications.tests.conftest import TODAY, publish_trip, put_out
from beeldwacht.takedowns import ledger as takedowns
from beeldwacht.takedowns.actions import record_consent, set_flag
from beeldwacht.takedowns.models import Takedown
from beeldwacht.takedowns.requests import takedowns_request


@pytest.fixture
def in_the_paper(school, groep5, juf_anna, directeur_bas, monkeypatch):
    """The trip photo on the website and in the local paper: online and in print."""
    trip = publish_trip(
        school,
        groep5,
        juf_anna,
        directeur_bas,
        monkeypatch,
        keys=("website", "press"),
        body="Lot Kok won de quiz.",
    )
    press = trip["channels"]["press"]
    online = services.placement_record(
        publication=trip["publication"],
        channel=press,
        where="https://www.haarenercourant.nl/schoolreis",
        placed_on=TODAY,
        printed=False,
        by=juf_anna,
    )
    paper = services.placement_record(
        publication=trip["publication"],
        channel=press,
        where="Haarener Courant, editie donderdag",
        placed_on=TODAY,
        printed=True,
        by=juf_anna,
    )
    return {**trip, "press": press, "online": online, "paper": paper}


def withdraw(trip, channel, kind=Kind.IMAGE):
    record_consent(
        pupil=trip["lot"],
        choices=[Choice(channel, kind, False)],
        guardian=trip["mother"],
        by=trip["mother"].user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )


def test_withdrawal_opens_one_entry_per_placement(in_the_paper, directeur_bas):
    withdraw(in_the_paper, in_the_paper["press"])
    ledger = {t.placement.where: t for t in Takedown.objects.select_related("placement")}
    assert set(ledger) == {in_the_paper["online"].where, in_the_paper["paper"].where}

    task = ledger[in_the_paper["online"].where]
    assert task.status == Takedown.Status.OPEN
    assert task.pupil == in_the_paper["lot"]
    assert task.owner == directeur_bas  # who approved it answers for it
    assert task.due_on > TODAY and (task.due_on - TODAY).days <= 9  # five working days
    assert "Op schoolreis" in task.removal_request
    assert "haarenercourant.nl/schoolreis" in task.removal_request
    assert "Lot" not in task.removal_request  # the paper learns what, not whose consent

    printed = ledger[in_the_paper["paper"].where]
    assert printed.status == Takedown.Status.NOT_RETRACTABLE
    assert printed.closed_at is not None


def test_a_website_withdrawal_is_corrected_by_beeldwacht_itself(in_the_paper):
    withdraw(in_the_paper, in_the_paper["website"])
    (entry,) = Takedown.objects.all()
    assert entry.placement.channel.key == "website"
    assert entry.status == Takedown.Status.AUTOMATIC


def test_only_the_affected_channel_and_kind_count(in_the_paper):
    # Name consent on the website has nothing to do with the photo in the paper.
    withdraw(in_the_paper, in_the_paper["website"], Kind.NAME)
    assert [t.placement.channel.key for t in Takedown.objects.all()] == ["website"]


def test_a_name_in_the_text_counts_too(in_the_paper):
    withdraw(in_the_paper, in_the_paper["press"], Kind.NAME)
    assert Takedown.objects.filter(status=Takedown.Status.OPEN).count() == 1


def test_the_ledger_does_not_repeat_itself(in_the_paper, directeur_bas):
    withdraw(in_the_paper, in_the_paper["press"])
    set_flag(
        pupil=in_the_paper["lot"],
        kind=PupilFlag.Kind.SAFEGUARDING,
        reason="Ondertoezichtstelling",
        by=directeur_bas,
        on=TODAY,
    )
    # The flag adds the website, the press placements were already in the ledger.
    assert sorted(t.placement.channel.key for t in Takedown.objects.all()) == [
        "press",
        "press",
        "website",
    ]


def test_a_safeguarding_flag_takes_everything_down(in_the_paper, directeur_bas):
    set_flag(
        pupil=in_the_paper["lot"],
        kind=PupilFlag.Kind.SAFEGUARDING,
        reason="Ondertoezichtstelling",
        by=directeur_bas,
        on=TODAY,
    )
    assert Takedown.objects.count() == 3


def test_blurred_children_are_not_in_the_ledger(in_the_paper, directeur_bas):
    # Daan never had consent and is blurred everywhere: a flag for him finds nothing.
    set_flag(
        pupil=in_the_paper["daan"],
        kind=PupilFlag.Kind.SAFEGUARDING,
        reason="Ondertoezichtstelling",
        by=directeur_bas,
        on=TODAY,
    )
    assert not Takedown.objects.exists()


def test_closing_a_task_removes_the_placement(in_the_paper, directeur_bas, juf_anna):
    withdraw(in_the_paper, in_the_paper["press"])
    task = Takedown.objects.get(status=Takedown.Status.OPEN)
    with pytest.raises(PermissionDenied):
        takedowns.takedown_close(takedown=task, by=juf_anna, note="Gedaan", whole_placement=True)
    with pytest.raises(InvalidInput):
        takedowns.takedown_close(takedown=task, by=directeur_bas, note=" ", whole_placement=True)
    takedowns.takedown_close(
        takedown=task,
        by=directeur_bas,
        note="Redactie heeft de foto weggehaald",
        whole_placement=True,
    )
    task.refresh_from_db()
    assert task.status == Takedown.Status.DONE and task.closed_by == directeur_bas
    assert task.placement.removed_at is not None
    with pytest.raises(InvalidInput):
        takedowns.takedown_close(takedown=task, by=directeur_bas, note="x", whole_placement=False)


def test_a_placement_recorded_after_the_withdrawal_is_taken_down_at_once(
    school, groep5, juf_anna, directeur_bas, monkeypatch
):
    trip = publish_trip(
        school, groep5, juf_anna, directeur_bas, monkeypatch, keys=("website", "social_media")
    )
    withdraw(trip, trip["channels"]["social_media"])
    assert not Takedown.objects.exists()  # nothing placed there yet
    services.placement_record(
        publication=trip["publication"],
        channel=trip["channels"]["social_media"],
        where="https://instagram.com/p/abc",
        placed_on=TODAY,
        printed=False,
        by=juf_anna,
    )
    task = Takedown.objects.get()
    assert task.status == Takedown.Status.OPEN
    assert task.removal_request == ""  # the school's own account: no letter to draft


def test_placements_are_checked(in_the_paper, juf_anna, meester_ole):
    publication, press = in_the_paper["publication"], in_the_paper["press"]

    def record(**kwargs):
        values = dict(where="x", placed_on=TODAY, printed=False, by=juf_anna, channel=press)
        services.placement_record(publication=publication, **{**values, **kwargs})

    with pytest.raises(InvalidInput):
        record(channel=in_the_paper["website"])  # Beeldwacht records its own
    with pytest.raises(InvalidInput):
        record(where=" ")
    with pytest.raises(InvalidInput):
        record(placed_on=TODAY + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        record(by=meester_ole)


def test_withdrawing_the_publication_settles_builtin_requests(published, directeur_bas):
    placement = published["publication"].placements.get()
    (task,) = takedowns_request(
        pupil=published["lot"],
        placement=placement,
        guardian=published["mother"],
        note="",
        by=published["mother"].user,
    )
    assert task.status == Takedown.Status.OPEN
    services.publication_withdraw(publication=published["publication"], by=directeur_bas)
    task.refresh_from_db()
    assert task.status == Takedown.Status.DONE


def test_the_export_package_holds_safe_renditions_text_and_manifest(in_the_paper, juf_anna):
    name, data = services.publication_export(
        publication=in_the_paper["publication"], channel=in_the_paper["press"], by=juf_anna
    )
    assert name.endswith(".zip")
    package = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(package.namelist()) == ["01-photo.jpg", "manifest.json", "tekst.md"]
    manifest = json.loads(package.read("manifest.json"))
    assert manifest["channel"]["key"] == "press"
    assert manifest["files"][0]["faces_blurred"] == 1  # Daan
    assert "Lot Kok won de quiz." in package.read("tekst.md").decode()
    original = in_the_paper["item"].original.open("rb").read()
    assert package.read("01-photo.jpg") != original
    with pytest.raises(InvalidInput):
        services.publication_export(
            publication=in_the_paper["publication"], channel=in_the_paper["website"], by=juf_anna
        )


def test_an_approved_publication_is_published_before_its_package_leaves(
    school, groep5, juf_anna, directeur_bas, monkeypatch, client
):
    """Files that left Beeldwacht must be found by a withdrawal: that needs what publication
    records (who is shown, who may be), so an approved publication not yet out has no
    package, and its page says why."""
    trip = publish_trip(
        school,
        groep5,
        juf_anna,
        directeur_bas,
        monkeypatch,
        keys=("website", "press"),
        publish=False,
    )
    publication = services.publication_create(
        school=school,
        title="Schoolreis",
        body="Fijne dag.",
        channels=list(trip["channels"].values()),
        media=[trip["item"]],
        activity=trip["activity"],
        by=juf_anna,
    )
    services.publication_submit(publication=publication, by=juf_anna)
    services.publication_approve(
        publication=publication, by=directeur_bas, acknowledge_warnings=True
    )
    with pytest.raises(InvalidInput, match="gepubliceerd"):
        services.publication_export(
            publication=publication, channel=trip["channels"]["press"], by=juf_anna
        )
    assert not publication.placements.exists()
    client.force_login(juf_anna)
    page = client.get(
        reverse(
            "publications:detail",
            kwargs={"brin": school.brin, "publication_id": publication.public_id},
        )
    ).content.decode()
    assert "/exporteren/" not in page
    assert "Na publicatie" in page


def test_the_export_follows_consent_now(in_the_paper, juf_anna):
    withdraw(in_the_paper, in_the_paper["press"])
    _name, data = services.publication_export(
        publication=in_the_paper["publication"], channel=in_the_paper["press"], by=juf_anna
    )
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))
    assert manifest["files"][0]["faces_blurred"] == 2  # Lot now too
    withdraw(in_the_paper, in_the_paper["press"], Kind.NAME)  # and the text names her
    with pytest.raises(InvalidInput):
        services.publication_export(
            publication=in_the_paper["publication"], channel=in_the_paper["press"], by=juf_anna
        )


def test_overdue(in_the_paper):
    withdraw(in_the_paper, in_the_paper["press"])
    task = Takedown.objects.get(status=Takedown.Status.OPEN)
    assert not takedowns.is_overdue(task, today=TODAY)
    assert takedowns.is_overdue(task, today=task.due_on + timedelta(days=1))
    assert timezone.localdate() <= task.due_on


def test_an_imported_refusal_opens_takedowns_too(in_the_paper):
    from beeldwacht.common.actors import SYSTEM
    from beeldwacht.consent.imports import ParsedConsent
    from beeldwacht.takedowns.actions import import_consents

    row = ParsedConsent(
        line=2,
        pupil=in_the_paper["lot"],
        channel=in_the_paper["press"],
        kind=Kind.IMAGE,
        decision=False,
        decided_on=TODAY,
        guardian_id=in_the_paper["mother"].pk,
    )
    import_consents(school=in_the_paper["lot"].school, rows=[row], problems=[], by=SYSTEM)
    assert Takedown.objects.filter(status=Takedown.Status.OPEN).count() == 1


def test_a_staff_member_withdrawing_her_own_consent(
    school, groep5, juf_anna, directeur_bas, monkeypatch
):
    from beeldwacht.takedowns.actions import record_staff_consent
    from beeldwacht.takedowns.models import Mention

    trip = publish_trip(
        school, groep5, juf_anna, directeur_bas, monkeypatch, keys=("website", "press")
    )
    website = trip["channels"]["website"]
    juf_anna.last_name = "Jansen"
    juf_anna.save()
    record_staff_consent(
        school=school,
        user=juf_anna,
        choices=[Choice(website, Kind.NAME, True)],
        by=juf_anna,
        on=TODAY,
    )
    named = services.publication_create(
        school=school,
        title="Afscheid",
        body="Juf Anna Jansen neemt afscheid.",
        channels=[website],
        by=directeur_bas,
    )
    services.publication_submit(publication=named, by=directeur_bas)
    services.publication_approve(
        publication=named, by=trip_approver(school), acknowledge_warnings=True
    )
    services.publication_publish(publication=named, by=directeur_bas)
    assert Mention.objects.filter(publication=named, staff_member=juf_anna).exists()
    record_staff_consent(
        school=school,
        user=juf_anna,
        choices=[Choice(website, Kind.NAME, False)],
        by=juf_anna,
        on=TODAY,
    )
    (entry,) = Takedown.objects.filter(staff_member=juf_anna)
    assert entry.status == Takedown.Status.AUTOMATIC


def trip_approver(school):
    from beeldwacht.common.permissions import Role
    from conftest import staff

    return staff(school, "tom@delinde.nl", Role.COMMUNICATIONS)


def test_the_owner_is_told_by_mail_without_the_childs_name(
    in_the_paper, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        withdraw(in_the_paper, in_the_paper["press"])
    (notice,) = mail.outbox
    assert notice.to == ["bas@delinde.nl"]
    assert "Op schoolreis" in notice.body and "/verwijdertaken/" in notice.body
    assert "Lot" not in notice.body and "Lot" not in notice.subject


def test_owners_of_overdue_takedowns_get_a_daily_reminder(in_the_paper):
    from django.core import mail
    from django.core.management import call_command

    withdraw(in_the_paper, in_the_paper["press"])
    call_command("takedowns-remind", "--school", in_the_paper["lot"].school.brin)
    assert mail.outbox == []  # nothing is overdue yet
    Takedown.objects.filter(status=Takedown.Status.OPEN).update(due_on=TODAY - timedelta(days=1))
    call_command("takedowns-remind", "--school", in_the_paper["lot"].school.brin)
    (reminder,) = mail.outbox
    assert reminder.to == ["bas@delinde.nl"]
    assert "zijn te laat" in reminder.body and "Op schoolreis" in reminder.body


def test_a_voice_withdrawn_takes_down_a_video_where_it_is_heard(
    school, groep5, juf_anna, directeur_bas
):
    from beeldwacht.consent.models import Channel
    from beeldwacht.media import services as media_services
    from beeldwacht.media.tests.photos import video_bytes
    from beeldwacht.takedowns.models import Mention
    from conftest import make_guardian, make_pupil

    social = Channel.objects.get(school=school, key="social_media")
    noor = make_pupil(school, groep5, "1020", first="Noor", last="Smit")
    father = make_guardian(school, noor, "Bram Smit", "bram@example.nl")

    def sound(decision):
        record_consent(
            pupil=noor,
            choices=[Choice(social, Kind.SOUND, decision)],
            guardian=father,
            by=father.user,
            method=ConsentRecord.Method.PORTAL,
            on=TODAY,
        )

    sound(True)
    concert = media_services.activity_create(
        school=school, name="Voorjaarsconcert", date=TODAY, classes=[groep5], by=juf_anna
    )
    clip = media_services.media_upload(
        activity=concert, name="lied.mp4", data=video_bytes("mp4"), by=juf_anna
    )
    media_services.media_analyse(item_id=clip.pk)
    clip.refresh_from_db()
    media_services.audible_set(item=clip, by=juf_anna, pupils=[noor], staff=[])
    media_services.item_review_confirm(item=clip, channel=social, by=juf_anna)
    post = services.publication_create(
        school=school,
        title="Ons lied",
        body="Groep 5 zong.",
        channels=[social],
        media=[clip],
        activity=concert,
        by=juf_anna,
    )
    put_out(post, juf_anna, directeur_bas)
    assert Mention.objects.filter(publication=post, kind="sound", pupil=noor).exists()
    services.placement_record(
        publication=post,
        channel=social,
        where="https://instagram.com/p/lied",
        placed_on=TODAY,
        printed=False,
        by=juf_anna,
    )
    sound(False)
    (task,) = Takedown.objects.filter(pupil=noor)
    assert task.status == Takedown.Status.OPEN


def test_the_request_says_which_photo_and_passage_never_whose(in_the_paper):
    """Issue #11, finding 5: the drafted request did not say which photo or passage, so the
    editors had to guess, or take down everything."""
    withdraw(in_the_paper, in_the_paper["press"])
    task = Takedown.objects.get(placement=in_the_paper["online"])
    request = task.removal_request
    subject = request.splitlines()[0]
    assert (
        subject
        == f"Onderwerp: Verzoek om verwijdering – bijdrage van CBS De Linde van {TODAY:%-d} maart 2026"
    )
    assert "Op schoolreis" not in subject  # a title may name a child; a subject travels far
    assert "- de foto of video bij de bijdrage\n" in request  # its only one
    assert "- een naam aan het begin van de 1e alinea" in request
    assert "Lot" not in request and "Kok" not in request


def test_the_request_is_sent_to_the_editors_from_beeldwacht_and_logged(
    client, in_the_paper, directeur_bas
):
    from django.core import mail
    from django.urls import reverse

    from beeldwacht.audit.models import AuditEvent

    withdraw(in_the_paper, in_the_paper["press"])
    task = Takedown.objects.get(placement=in_the_paper["online"])
    url = reverse(
        "publications:takedown_send_request",
        kwargs={"brin": task.school.brin, "takedown_id": task.public_id},
    )
    client.force_login(directeur_bas)
    page = client.get(
        reverse(
            "publications:takedown",
            kwargs={"brin": task.school.brin, "takedown_id": task.public_id},
        )
    ).content.decode()
    assert "disabled" in page and "is nog niet bekend" in page  # no address yet: says why
    response = client.post(url, follow=True)
    assert "Vul eerst het adres van de redactie in" in response.content.decode()
    assert mail.outbox == []

    press = in_the_paper["press"]
    press.editor_email = "redactie@haarenercourant.nl"
    press.save()
    client.post(url)
    [sent] = mail.outbox
    assert sent.to == ["redactie@haarenercourant.nl"] and sent.reply_to == [directeur_bas.email]
    assert sent.subject.startswith("Verzoek om verwijdering – bijdrage van CBS De Linde")
    assert "Geachte redactie" in sent.body and "Lot" not in sent.body + sent.subject
    task.refresh_from_db()
    assert task.request_sent_to == "redactie@haarenercourant.nl"
    assert task.request_sent_by == directeur_bas and task.status == Takedown.Status.OPEN
    event = AuditEvent.objects.filter(type=AuditEvent.Type.TAKEDOWN_REQUEST_SENT).get()
    assert event.data == {"channel": "press"}
