"""The screens around placements and takedowns: the staff ledger, the placement form, the
export download, the supervisor thread, and the guardian's 'where is my child published'."""

import io
import zipfile

from django.core import mail
from django.urls import reverse

from beeldwacht.accounts.models import User
from beeldwacht.common.permissions import Role
from beeldwacht.consent.models import ConsentRecord, Kind
from beeldwacht.consent.services import Choice
from beeldwacht.publications.models import ThreadMessage
from beeldwacht.publications.tests.conftest import TODAY, publish_trip
from beeldwacht.takedowns.actions import record_consent
from beeldwacht.takedowns.models import Placement, Takedown
from conftest import make_guardian, staff


def url(name, school, **kwargs):
    return reverse(f"publications:{name}", kwargs={"brin": school.brin, **kwargs})


def test_record_a_placement_then_withdraw_and_close_the_task(
    client, school, groep5, juf_anna, directeur_bas, monkeypatch
):
    trip = publish_trip(
        school, groep5, juf_anna, directeur_bas, monkeypatch, keys=("website", "press")
    )
    publication, press = trip["publication"], trip["channels"]["press"]
    client.force_login(juf_anna)
    detail = url("detail", school, publication_id=publication.public_id)
    page = client.get(detail).content.decode()
    assert "Pakket voor Lokale pers" in page and "Plaatsing vastleggen" in page
    # A date field shows its date (a browser takes only yyyy-mm-dd there).
    assert f'name="placed_on" value="{TODAY.isoformat()}"' in page

    package = client.get(
        url("export", school, publication_id=publication.public_id, channel_key="press")
    )
    assert package["Content-Type"] == "application/zip"
    assert "manifest.json" in zipfile.ZipFile(io.BytesIO(package.content)).namelist()

    client.post(
        url("placement_add", school, publication_id=publication.public_id),
        {
            "channel": press.pk,
            "where": "Haarener Courant, 12 maart",
            "placed_on": TODAY.isoformat(),
        },
    )
    assert Placement.objects.filter(channel=press).exists()

    record_consent(
        pupil=trip["lot"],
        choices=[Choice(press, Kind.IMAGE, False)],
        guardian=trip["mother"],
        by=trip["mother"].user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    client.force_login(directeur_bas)
    ledger = client.get(url("takedowns", school)).content.decode()
    assert "1 open taak" in ledger and "Op schoolreis" in ledger
    task = Takedown.objects.get(status=Takedown.Status.OPEN)
    page = client.get(url("takedown", school, takedown_id=task.public_id)).content.decode()
    assert "Geachte redactie" in page and "Lot Kok" in page  # staff see whom it concerns

    response = client.post(
        url("takedown", school, takedown_id=task.public_id), {"note": "", "whole_placement": "on"}
    )
    assert response.status_code == 200  # the note is required
    client.post(
        url("takedown", school, takedown_id=task.public_id),
        {"note": "Redactie belde terug: foto verwijderd", "whole_placement": "on"},
    )
    task.refresh_from_db()
    assert task.status == Takedown.Status.DONE and task.placement.removed_at is not None


def test_a_guardian_sees_where_her_child_is_and_asks_for_removal(
    client, published, django_capture_on_commit_callbacks
):
    lot, mother = published["lot"], published["mother"]
    client.force_login(mother.user)
    page_url = reverse("portal:placements", kwargs={"pupil_id": lot.public_id})
    page = client.get(page_url).content.decode()
    assert "Op schoolreis" in page and "Schoolwebsite" in page
    placement = published["publication"].placements.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page_url, {"placement": placement.public_id, "note": "Liever niet online."}, follow=True
        )
    assert "Uw verzoek is naar de school gestuurd" in response.content.decode()
    task = Takedown.objects.get()
    assert task.reason == Takedown.Reason.REQUEST and task.status == Takedown.Status.OPEN
    assert task.requested_by == mother and task.request_note == "Liever niet online."
    ack, notice = mail.outbox  # to the guardian, and to whoever approved the item
    assert ack.to == ["ina@example.nl"] and "Op schoolreis" in ack.body
    assert notice.to == ["bas@delinde.nl"] and "verwijdertaak" in notice.subject.lower()
    # Asking again while it is open adds nothing, and the page says it is being handled.
    client.post(page_url, {"placement": placement.public_id})
    assert Takedown.objects.count() == 1
    assert "U vroeg op" in client.get(page_url).content.decode()


def test_a_pupil_of_sixteen_sees_where_she_is_and_asks_herself(
    client, published, django_capture_on_commit_callbacks
):
    lot = published["lot"]
    lot.date_of_birth = TODAY.replace(year=TODAY.year - 16)
    lot.email = "lot.kok@example.nl"
    lot.user = User.objects.create_user(lot.email)
    lot.save()
    client.force_login(lot.user)
    overview = client.get(reverse("portal:overview")).content.decode()
    page_url = reverse("portal:my_placements", kwargs={"pupil_id": lot.public_id})
    assert page_url in overview and "Waar sta ik gepubliceerd?" in overview
    page = client.get(page_url).content.decode()
    assert "Op schoolreis" in page and "Vraag om verwijdering" in page
    placement = published["publication"].placements.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page_url, {"placement": placement.public_id, "note": "Liever niet."})
    task = Takedown.objects.get()
    assert (task.pupil, task.requested_by, task.status) == (lot, None, Takedown.Status.OPEN)
    ack, _notice = mail.outbox
    assert ack.to == [lot.email] and "jou" in ack.body
    # Her classmate's page is not hers to see.
    other = reverse("portal:my_placements", kwargs={"pupil_id": published["daan"].public_id})
    assert client.get(other).status_code == 404


def test_a_guardian_without_authority_sees_but_cannot_ask(client, published, school):
    stepfather = make_guardian(
        school, published["lot"], "Kees Kok", "kees@example.nl", authority=False, position=2
    )
    client.force_login(stepfather.user)
    page_url = reverse("portal:placements", kwargs={"pupil_id": published["lot"].public_id})
    page = client.get(page_url).content.decode()
    assert "Op schoolreis" in page and "Vraag om verwijdering" not in page
    placement = published["publication"].placements.get()
    client.post(page_url, {"placement": placement.public_id})
    assert not Takedown.objects.exists()


def test_blurred_children_are_not_listed_for_their_parents(client, published, school):
    father = make_guardian(school, published["daan"], "Dirk Bakker", "dirk@example.nl")
    client.force_login(father.user)
    page = client.get(
        reverse("portal:placements", kwargs={"pupil_id": published["daan"].public_id})
    ).content.decode()
    assert "Op schoolreis" not in page


def test_ask_the_supervisor_and_get_an_answer(
    client, school, groep5, juf_anna, django_capture_on_commit_callbacks
):
    from beeldwacht.consent.models import Channel
    from beeldwacht.publications import services

    mirjam = staff(school, "mirjam@delinde.nl", Role.SUPERVISOR)
    draft = services.publication_create(
        school=school,
        title="Ouderavond",
        body="Mag dit zo?",
        channels=[Channel.objects.get(school=school, key="website")],
        by=juf_anna,
    )
    client.force_login(juf_anna)
    detail = url("detail", school, publication_id=draft.public_id)
    assert "Twijfel je? Vraag het je leidinggevende" in client.get(detail).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("ask", school, publication_id=draft.public_id),
            {"recipient": mirjam.public_id, "text": "Mag ik de foto van de kerstmarkt gebruiken?"},
        )
    (question,) = mail.outbox
    assert question.to == ["mirjam@delinde.nl"] and "kerstmarkt" in question.body
    assert detail.split("/s/")[1] in question.body

    client.force_login(mirjam)
    page = client.get(detail).content.decode()  # asked, so she may read it
    assert "kerstmarkt" in page and "Je antwoord" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("ask", school, publication_id=draft.public_id), {"text": "Ja, zonder namen."}
        )
    assert [m.recipient for m in ThreadMessage.objects.all()] == [mirjam, juf_anna]
    assert mail.outbox[1].to == ["anna@delinde.nl"]


def test_a_malformed_placement_id_is_not_found(client, published):
    """Issue #9, finding 6: a malformed id on the removal request was a server error."""
    client.force_login(published["mother"].user)
    page_url = reverse("portal:placements", kwargs={"pupil_id": published["lot"].public_id})
    assert client.post(page_url, {"placement": "geen-id"}).status_code == 404
    assert not Takedown.objects.exists()


def test_a_title_with_a_line_break_can_still_be_asked_about(
    client, school, juf_anna, django_capture_on_commit_callbacks
):
    """Issue #9, finding 6: the question mail's subject broke on a title with a line break."""
    from beeldwacht.consent.models import Channel
    from beeldwacht.publications import services

    mirjam = staff(school, "mirjam@delinde.nl", Role.SUPERVISOR)
    draft = services.publication_create(
        school=school,
        title="Ouderavond\nBcc: iedereen@example.nl",
        body="Mag dit zo?",
        channels=[Channel.objects.get(school=school, key="website")],
        by=juf_anna,
    )
    client.force_login(juf_anna)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("ask", school, publication_id=draft.public_id),
            {"recipient": mirjam.public_id, "text": "Mag dit?"},
        )
    assert response.status_code == 302
    (question,) = mail.outbox
    assert "\n" not in question.subject and question.to == ["mirjam@delinde.nl"]


def test_the_guardians_page_tells_the_ledgers_state_and_asks_nothing_twice(client, published):
    """Issue #8, finding 8: the page offered a 'view' link that 404'd and a removal request
    for something Beeldwacht had already corrected, which opened a duplicate task."""
    lot, mother = published["lot"], published["mother"]
    record_consent(
        pupil=lot,
        choices=[Choice(published["website"], Kind.IMAGE, False)],
        guardian=mother,
        by=mother.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    client.force_login(mother.user)
    page_url = reverse("portal:placements", kwargs={"pupil_id": lot.public_id})
    page = client.get(page_url).content.decode()
    assert "Aangepast door Beeldwacht" in page
    assert "Vraag om verwijdering" not in page
    placement = published["publication"].placements.get()
    response = client.post(page_url, {"placement": placement.public_id}, follow=True)
    assert "al aangepast" in response.content.decode()
    assert not Takedown.objects.filter(reason=Takedown.Reason.REQUEST).exists()


def test_no_view_link_to_a_page_that_is_not_there(
    client, published, school, juf_anna, directeur_bas
):
    from beeldwacht.publications import services
    from beeldwacht.publications.tests.conftest import put_out

    lot, mother, website = published["lot"], published["mother"], published["website"]
    named = services.publication_create(
        school=school,
        title="Voorleeswedstrijd",
        body="Lot Kok won de voorleeswedstrijd.",
        channels=[website],
        by=juf_anna,
    )
    put_out(named, juf_anna, directeur_bas)
    client.force_login(mother.user)
    page_url = reverse("portal:placements", kwargs={"pupil_id": lot.public_id})
    item_url = reverse(
        "public:item", kwargs={"brin": school.brin, "publication_id": named.public_id}
    )
    assert item_url in client.get(page_url).content.decode()
    record_consent(
        pupil=lot,
        choices=[Choice(website, Kind.NAME, False)],
        guardian=mother,
        by=mother.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    assert client.get(item_url).status_code == 404
    assert item_url not in client.get(page_url).content.decode()


def test_withdrawing_a_publication_opens_a_task_for_the_paper(
    client, fast_trip, school, directeur_bas, django_capture_on_commit_callbacks
):
    """Issue #8, build 7: withdrawing took the school's own pages down and left the copy in
    the local paper standing, with nobody asked to have it removed."""
    publication, press = fast_trip["publication"], fast_trip["press"]
    client.force_login(directeur_bas)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("withdraw", school, publication_id=publication.public_id))
    publication.refresh_from_db()
    assert publication.status == publication.Status.WITHDRAWN
    [task] = Takedown.objects.filter(placement__channel=press)
    assert (task.reason, task.status, task.pupil, task.staff_member) == (
        Takedown.Reason.WITHDRAWN,
        Takedown.Status.OPEN,
        None,
        None,
    )
    assert task.due_on is not None and task.owner == directeur_bas
    assert "ingetrokken" in task.removal_request and "Lot" not in task.removal_request
    [notice] = mail.outbox
    assert notice.to == ["bas@delinde.nl"] and "Op schoolreis" in notice.body
    page = client.get(url("takedown", school, takedown_id=task.public_id)).content.decode()
    assert "De hele publicatie" in page and "Haarener Courant" in page
    # Mees is marked on his portrait: his mother's page says the paper's copy is coming down.
    mees = fast_trip["portrait"].faces.get().pupil
    client.force_login(mees.guardianships.get().guardian.user)
    where = client.get(reverse("portal:placements", kwargs={"pupil_id": mees.public_id}))
    assert "Wordt verwijderd" in where.content.decode()
    # Done means the paper's copy is gone: the placement is removed with the task.
    client.force_login(directeur_bas)
    client.post(
        url("takedown", school, takedown_id=task.public_id),
        {"note": "Redactie heeft het artikel offline gehaald."},
    )
    task.refresh_from_db()
    assert task.status == Takedown.Status.DONE and task.placement.removed_at is not None
    # Withdrawing twice is refused by the state machine; no second task either way.
    client.post(url("withdraw", school, publication_id=publication.public_id))
    assert Takedown.objects.filter(reason=Takedown.Reason.WITHDRAWN).count() == 1


def test_a_downloaded_package_is_reached_before_anyone_says_where_it_went(
    client, school, groep5, juf_anna, directeur_bas, monkeypatch
):
    """Issue #8, build 7: the package for social media was downloaded and posted, nobody
    recorded where, and a withdrawal found nothing to take down."""
    trip = publish_trip(
        school, groep5, juf_anna, directeur_bas, monkeypatch, keys=("website", "social_media")
    )
    publication, social = trip["publication"], trip["channels"]["social_media"]
    client.force_login(juf_anna)
    client.get(url("export", school, publication_id=publication.public_id, channel_key=social.key))
    client.get(url("export", school, publication_id=publication.public_id, channel_key=social.key))
    [pending] = Placement.objects.filter(channel=social)
    assert pending.pending and pending.placed_on == TODAY and pending.where == ""
    detail = client.get(url("detail", school, publication_id=publication.public_id))
    assert "Waar is het pakket voor Sociale media verschenen?" in detail.content.decode()

    record_consent(
        pupil=trip["lot"],
        choices=[Choice(social, Kind.IMAGE, False)],
        guardian=trip["mother"],
        by=trip["mother"].user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    task = Takedown.objects.get(placement=pending, pupil=trip["lot"])
    assert task.status == Takedown.Status.OPEN
    client.force_login(trip["mother"].user)
    where = client.get(reverse("portal:placements", kwargs={"pupil_id": trip["lot"].public_id}))
    assert "waar het precies verscheen" in where.content.decode()
    client.force_login(directeur_bas)
    page = client.get(url("takedown", school, takedown_id=task.public_id)).content.decode()
    assert "nog niet vastgelegd" in page

    # The author says where it went: the same placement, now with its address.
    client.force_login(juf_anna)
    client.post(
        url("placement_add", school, publication_id=publication.public_id),
        {"channel": social.pk, "where": "https://instagram.com/p/abc", "placed_on": TODAY},
    )
    [placement] = Placement.objects.filter(channel=social)
    assert placement.pk == pending.pk and not placement.pending
    assert placement.where == "https://instagram.com/p/abc"


def test_a_package_that_was_not_used_asks_nothing_later(
    client, school, groep5, juf_anna, directeur_bas, monkeypatch
):
    trip = publish_trip(
        school, groep5, juf_anna, directeur_bas, monkeypatch, keys=("website", "social_media")
    )
    publication, social = trip["publication"], trip["channels"]["social_media"]
    client.force_login(juf_anna)
    client.get(url("export", school, publication_id=publication.public_id, channel_key=social.key))
    pending = Placement.objects.get(channel=social)
    client.post(
        url(
            "placement_not_used",
            school,
            publication_id=publication.public_id,
            placement_id=pending.public_id,
        )
    )
    pending.refresh_from_db()
    assert pending.removed_at is not None
    record_consent(
        pupil=trip["lot"],
        choices=[Choice(social, Kind.IMAGE, False)],
        guardian=trip["mother"],
        by=trip["mother"].user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    assert not Takedown.objects.filter(placement=pending).exists()
