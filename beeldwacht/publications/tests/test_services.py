import pytest

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.permissions import Role
from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.services import Choice
from beeldwacht.publications import services
from beeldwacht.publications.models import Publication
from beeldwacht.publications.tests.conftest import TODAY
from beeldwacht.takedowns.actions import record_consent
from beeldwacht.takedowns.models import Placement
from conftest import make_pupil, staff


@pytest.fixture
def channels(school):
    return {c.key: c for c in Channel.objects.filter(school=school)}


@pytest.fixture
def tom(school):
    return staff(school, "tom@delinde.nl", Role.COMMUNICATIONS)


@pytest.fixture
def named_sanne(sanne, moeder_mila, channels):
    record_consent(
        pupil=sanne,
        choices=[
            Choice(channels["website"], Kind.NAME, True),
            Choice(channels["press"], Kind.NAME, True),
        ],
        guardian=moeder_mila,
        by=moeder_mila.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    return sanne


def news(school, by, channels, body="Groep 5 ging naar het Natuurmuseum.", keys=("website",)):
    return services.publication_create(
        school=school,
        title="Naar het museum",
        body=body,
        channels=[channels[k] for k in keys],
        by=by,
    )


def test_a_clean_item_goes_through_the_whole_workflow(school, juf_anna, tom, channels):
    item = news(school, juf_anna, channels)
    services.publication_submit(publication=item, by=juf_anna)
    services.publication_approve(publication=item, by=tom, acknowledge_warnings=False)
    placements = services.publication_publish(publication=item, by=tom)
    assert [p.channel.key for p in placements] == ["website"]
    services.publication_withdraw(publication=item, by=tom)
    assert Publication.objects.get(pk=item.pk).status == "withdrawn"
    assert Placement.objects.get().removed_at is not None


def test_a_name_without_consent_blocks_approval(
    school, groep5, juf_anna, tom, channels, named_sanne
):
    item = news(school, juf_anna, channels, body="Sanne en Daan maakten de mooiste tekening.")
    services.publication_submit(publication=item, by=juf_anna)
    # Daan joins the school (no answer yet) while the item waits for approval.
    make_pupil(school, groep5, "1002", first="Daan", last="Bakker")
    with pytest.raises(services.ChecksFailed) as failed:
        services.publication_approve(publication=item, by=tom, acknowledge_warnings=True)
    codes = [(c.code, dict(c.params).get("text")) for c in failed.value.checks]
    assert ("text_name_without_consent", "Daan") in codes
    assert not any(text == "Sanne" for _code, text in codes)


def test_what_blocks_approval_blocks_submission_and_the_author_can_pull_back(
    school, groep5, juf_anna, channels, named_sanne
):
    """Issue #11, finding 2: a teacher could submit while a finding said 'moet anders', and
    could then neither change nor pull back what she submitted."""
    make_pupil(school, groep5, "1002", first="Daan", last="Bakker")
    item = news(school, juf_anna, channels, body="Sanne en Daan maakten de mooiste tekening.")
    with pytest.raises(services.ChecksFailed, match="kan nog niet worden ingediend"):
        services.publication_submit(publication=item, by=juf_anna)
    item.refresh_from_db()
    assert item.status == Publication.Status.DRAFT
    item.body = "Sanne maakte de mooiste tekening."
    item.save()
    services.publication_submit(publication=item, by=juf_anna)
    services.publication_pull_back(publication=item, by=juf_anna)
    item.refresh_from_db()
    assert item.status == Publication.Status.DRAFT
    assert AuditEvent.objects.filter(
        type=AuditEvent.Type.PUBLICATION_CHANGED, data__step="pulled_back"
    ).exists()


def test_a_teacher_cannot_approve(school, juf_anna, channels):
    item = news(school, juf_anna, channels)
    services.publication_submit(publication=item, by=juf_anna)
    with pytest.raises(PermissionDenied):
        services.publication_approve(publication=item, by=juf_anna, acknowledge_warnings=True)


def test_external_press_needs_management_and_not_the_author(
    school, juf_anna, tom, directeur_bas, channels
):
    item = news(school, juf_anna, channels, keys=("website", "press"))
    services.publication_submit(publication=item, by=juf_anna)
    with pytest.raises(services.ChecksFailed) as failed:
        services.publication_approve(publication=item, by=tom, acknowledge_warnings=True)
    assert [c.code for c in failed.value.checks] == ["external_needs_management"]
    services.publication_approve(publication=item, by=directeur_bas, acknowledge_warnings=True)

    own = news(school, directeur_bas, channels, keys=("press",))
    services.publication_submit(publication=own, by=directeur_bas)
    with pytest.raises(services.ChecksFailed) as failed:
        services.publication_approve(publication=own, by=directeur_bas, acknowledge_warnings=True)
    assert [c.code for c in failed.value.checks] == ["external_not_own"]


def test_warnings_need_acknowledgement(school, juf_anna, tom, channels):
    item = news(school, juf_anna, channels, body="Vragen? Mail juf Anna via anna@delinde.nl.")
    services.publication_submit(publication=item, by=juf_anna)
    with pytest.raises(services.ChecksFailed, match="waarschuwingen"):
        services.publication_approve(publication=item, by=tom, acknowledge_warnings=False)
    services.publication_approve(publication=item, by=tom, acknowledge_warnings=True)


def test_consent_withdrawn_after_approval_stops_publishing(
    school, juf_anna, tom, channels, named_sanne, moeder_mila
):
    item = news(school, juf_anna, channels, body="Sanne de Vries las een gedicht voor.")
    services.publication_submit(publication=item, by=juf_anna)
    services.publication_approve(publication=item, by=tom, acknowledge_warnings=False)
    record_consent(
        pupil=named_sanne,
        choices=[Choice(channels["website"], Kind.NAME, False)],
        guardian=moeder_mila,
        by=moeder_mila.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    with pytest.raises(services.ChecksFailed):
        services.publication_publish(publication=item, by=tom)
    assert Publication.objects.get(pk=item.pk).status == "approved"
    assert not Placement.objects.exists()


def test_sent_back_with_a_comment_and_resubmitted(school, juf_anna, tom, channels):
    item = news(school, juf_anna, channels)
    services.publication_submit(publication=item, by=juf_anna)
    with pytest.raises(InvalidInput):
        services.publication_send_back(publication=item, by=tom, comment=" ")
    services.publication_send_back(publication=item, by=tom, comment="Graag zonder achternamen.")
    services.publication_submit(publication=item, by=juf_anna)
    assert Publication.objects.get(pk=item.pk).status == "submitted"


def test_only_the_author_submits_and_steps_follow_the_workflow(school, juf_anna, tom, channels):
    item = news(school, juf_anna, channels)
    with pytest.raises(PermissionDenied):
        services.publication_submit(publication=item, by=tom)
    with pytest.raises(InvalidInput):
        services.publication_publish(publication=item, by=tom)  # a draft is not approved


def test_findings_that_do_not_depend_on_the_channel_are_said_once(
    school, groep5, juf_anna, channels, named_sanne
):
    make_pupil(school, groep5, "1002", first="Daan", last="Bakker")
    item = news(school, juf_anna, channels, body="Daan heeft ADHD.", keys=("website", "newsletter"))
    checks = services.checks_for(item, on=TODAY)
    codes = sorted(c.code for c in checks)
    assert codes == [
        "text_name_without_consent",
        "text_name_without_consent",
        "text_sensitive_near_name",
    ]


def test_a_former_pupil_is_not_reused(school, groep5, juf_anna, directeur_bas, monkeypatch):
    from beeldwacht.publications.tests.conftest import TODAY, publish_trip

    trip = publish_trip(school, groep5, juf_anna, directeur_bas, monkeypatch, publish=False)
    trip["lot"].left_on = TODAY
    trip["lot"].save()
    item = services.publication_create(
        school=school,
        title="Terugblik",
        body="Lot Kok kwam nog even langs.",
        channels=[trip["website"]],
        media=[trip["item"]],
        activity=trip["activity"],
        by=juf_anna,
    )
    checks = services.checks_for(item, on=TODAY)
    codes = {c.code for c in checks}
    # Her consent ended when she left, so her face is blurred (not reused) and her name is
    # a finding of its own.
    assert "text_pupil_left" in codes and "media_former_pupil" not in codes
    assert any(c.code.startswith("media_blur") and "Lot" in str(c.params) for c in checks)


def test_groep_in_the_text_gives_first_names_their_context(
    school, groep5, groep6, juf_anna, tom, channels
):
    from beeldwacht.takedowns.actions import record_consent as record
    from beeldwacht.takedowns.models import Mention
    from conftest import make_guardian

    lot = make_pupil(school, groep5, "1010", first="Lot", last="Kok")
    make_pupil(school, groep6, "1011", first="Lot", last="Visser")  # no consent at all
    mother = make_guardian(school, lot, "Ina Kok", "ina@example.nl")
    record(
        pupil=lot,
        choices=[Choice(channels["website"], Kind.NAME, True)],
        guardian=mother,
        by=mother.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    item = news(
        school, juf_anna, channels, body="Groep 5 bezocht de kinderboerderij. Lot voerde de geiten."
    )
    assert services.checks_for(item, on=TODAY) == []
    services.publication_submit(publication=item, by=juf_anna)
    services.publication_approve(publication=item, by=tom, acknowledge_warnings=False)
    services.publication_publish(publication=item, by=tom)
    # The same context when recording who it names, so a withdrawal finds it.
    assert Mention.objects.filter(publication=item, kind="name", pupil=lot).exists()
