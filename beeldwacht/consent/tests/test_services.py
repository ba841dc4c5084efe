from datetime import date, datetime

import pytest
from django.utils import timezone

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.consent.models import Channel, ConsentRecord, Kind, PupilFlag
from beeldwacht.consent.selectors import consent_grid, pupil_facts
from beeldwacht.consent.services import (
    Choice,
    consent_record,
    consent_text_publish,
    flag_lift,
    flag_set,
)
from beeldwacht.domain.consent import Status
from conftest import TODAY, make_guardian, make_pupil

NOW = timezone.make_aware(datetime(2026, 3, 10, 12, 0))
PORTAL = ConsentRecord.Method.PORTAL
PAPER = ConsentRecord.Method.PAPER


def website(school):
    return Channel.objects.get(school=school, key="website")


def status(school, pupil, channel, kind=Kind.IMAGE, on=TODAY):
    return consent_grid(school, [pupil], [channel], on, [kind])[(pupil.pk, channel.pk, kind)].status


def grant(pupil, guardian, channel, decision=True, on=TODAY, kind=Kind.IMAGE):
    return consent_record(
        pupil=pupil,
        choices=[Choice(channel, kind, decision)],
        guardian=guardian,
        by=guardian.user,
        method=PORTAL,
        on=on,
        now=NOW,
    ).records


def test_no_record_is_no_consent(school, sanne, moeder_mila):
    assert status(school, sanne, website(school)) is Status.NONE


def test_guardian_grants_in_portal_and_it_is_audited(school, sanne, moeder_mila):
    [record] = grant(sanne, moeder_mila, website(school))
    assert record.consent_text.version == 1
    assert status(school, sanne, website(school)) is Status.GRANTED
    event = AuditEvent.objects.get(type=AuditEvent.Type.CONSENT_RECORDED)
    assert event.data["decisions"] == [
        {"record": str(record.public_id), "channel": "website", "kind": "image", "decision": True}
    ]
    assert event.data["method"] == "portal"
    assert event.subject_id == str(sanne.public_id)
    assert event.actor_id == moeder_mila.user_id
    assert "Mila" not in str(event.data)


def test_withdrawal_adds_a_record_and_keeps_the_history(school, sanne, moeder_mila):
    grant(sanne, moeder_mila, website(school), on=date(2025, 9, 1))
    grant(sanne, moeder_mila, website(school), decision=False)
    assert ConsentRecord.objects.filter(pupil=sanne).count() == 2
    assert status(school, sanne, website(school)) is Status.REFUSED


def test_saving_the_same_answer_again_adds_nothing(school, sanne, moeder_mila):
    grant(sanne, moeder_mila, website(school))
    assert grant(sanne, moeder_mila, website(school)) == []


def test_guardians_who_disagree_stop_publication_and_it_is_logged(
    school, sanne, moeder_mila, vader_victor
):
    grant(sanne, moeder_mila, website(school))
    grant(sanne, vader_victor, website(school), decision=False)
    assert status(school, sanne, website(school)) is Status.DISPUTED
    [event] = AuditEvent.objects.filter(type=AuditEvent.Type.CONSENT_DISPUTED)
    assert event.data == {"cells": [{"channel": "website", "kind": "image"}]}
    # Saying no again does not log the same dispute twice.
    grant(sanne, vader_victor, website(school), decision=False, on=date(2026, 3, 1))
    grant(sanne, vader_victor, website(school), decision=False)
    assert AuditEvent.objects.filter(type=AuditEvent.Type.CONSENT_DISPUTED).count() == 1


def test_a_guardian_cannot_decide_for_someone_elses_child(school, groep5, sanne, moeder_mila):
    other = make_pupil(school, groep5, "1002", first="Daan")
    with pytest.raises(InvalidInput):
        grant(other, moeder_mila, website(school))


def test_a_guardian_cannot_record_for_another_guardian(school, sanne, moeder_mila, vader_victor):
    with pytest.raises(PermissionDenied):
        consent_record(
            pupil=sanne,
            choices=[Choice(website(school), Kind.IMAGE, True)],
            guardian=moeder_mila,
            by=vader_victor.user,
            method=PORTAL,
            on=TODAY,
            now=NOW,
        )


def test_guardian_without_parental_authority_cannot_decide(school, sanne):
    stepfather = make_guardian(school, sanne, "Stef", "stef@example.nl", authority=False)
    with pytest.raises(InvalidInput):
        grant(sanne, stepfather, website(school))


def test_staff_enter_a_paper_form_for_a_guardian(school, sanne, moeder_mila, directeur_bas):
    [record] = consent_record(
        pupil=sanne,
        choices=[Choice(website(school), Kind.NAME, True)],
        guardian=moeder_mila,
        by=directeur_bas,
        method=PAPER,
        on=date(2026, 3, 2),
        now=NOW,
    ).records
    assert record.recorded_by == directeur_bas
    assert record.method == PAPER
    assert status(school, sanne, website(school), Kind.NAME) is Status.GRANTED


def test_a_teacher_cannot_enter_paper_forms(school, sanne, moeder_mila, juf_anna):
    with pytest.raises(PermissionDenied):
        consent_record(
            pupil=sanne,
            choices=[Choice(website(school), Kind.IMAGE, True)],
            guardian=moeder_mila,
            by=juf_anna,
            method=PAPER,
            on=TODAY,
            now=NOW,
        )


def test_staff_of_another_school_cannot_record(school, sanne, moeder_mila, meester_ole):
    with pytest.raises(PermissionDenied):
        consent_record(
            pupil=sanne,
            choices=[Choice(website(school), Kind.IMAGE, True)],
            guardian=moeder_mila,
            by=meester_ole,
            method=PAPER,
            on=TODAY,
            now=NOW,
        )


def test_a_decision_cannot_be_dated_in_the_future(school, sanne, moeder_mila):
    with pytest.raises(InvalidInput):
        grant(sanne, moeder_mila, website(school), on=date(2026, 3, 11))


def test_a_channel_of_another_school_is_refused(school, other_school, sanne, moeder_mila):
    with pytest.raises(InvalidInput):
        grant(sanne, moeder_mila, Channel.objects.get(school=other_school, key="website"))


def test_all_choices_or_none(school, other_school, sanne, moeder_mila):
    with pytest.raises(InvalidInput):
        consent_record(
            pupil=sanne,
            choices=[
                Choice(website(school), Kind.IMAGE, True),
                Choice(Channel.objects.get(school=other_school, key="website"), Kind.IMAGE, True),
            ],
            guardian=moeder_mila,
            by=moeder_mila.user,
            method=PORTAL,
            on=TODAY,
            now=NOW,
        )
    assert not ConsentRecord.objects.exists()
    assert not AuditEvent.objects.filter(type=AuditEvent.Type.CONSENT_RECORDED).exists()


def test_safeguarding_flag_blocks_and_lifting_restores(school, sanne, moeder_mila, privacy_pim):
    grant(sanne, moeder_mila, website(school))
    flag = flag_set(
        pupil=sanne, kind=PupilFlag.Kind.SAFEGUARDING, reason="", by=privacy_pim, on=TODAY
    )
    assert status(school, sanne, website(school)) is Status.BLOCKED
    flag_lift(flag=flag, by=privacy_pim, on=TODAY)
    assert status(school, sanne, website(school)) is Status.GRANTED
    types = list(AuditEvent.objects.values_list("type", flat=True))
    assert AuditEvent.Type.FLAG_SET in types and AuditEvent.Type.FLAG_LIFTED in types


def test_a_teacher_cannot_set_flags(school, sanne, juf_anna):
    with pytest.raises(PermissionDenied):
        flag_set(pupil=sanne, kind=PupilFlag.Kind.SAFEGUARDING, reason="", by=juf_anna, on=TODAY)


def test_custody_dispute_flag_makes_every_channel_disputed(
    school, sanne, moeder_mila, directeur_bas
):
    grant(sanne, moeder_mila, website(school))
    flag_set(
        pupil=sanne, kind=PupilFlag.Kind.CUSTODY_DISPUTE, reason="", by=directeur_bas, on=TODAY
    )
    assert status(school, sanne, website(school)) is Status.DISPUTED


def test_material_change_of_the_text_asks_again(
    school, sanne, moeder_mila, privacy_pim, time_machine
):
    grant(sanne, moeder_mila, website(school), on=date(2025, 9, 1))
    time_machine.move_to(NOW, tick=False)  # the new text is published on the day of the grant
    consent_text_publish(school=school, body="Nieuwe doelen.", material_change=True, by=privacy_pim)
    assert status(school, sanne, website(school)) is Status.REASK
    grant(sanne, moeder_mila, website(school))
    assert status(school, sanne, website(school)) is Status.GRANTED


def test_a_small_text_fix_does_not_ask_again(school, sanne, moeder_mila, privacy_pim):
    grant(sanne, moeder_mila, website(school))
    consent_text_publish(
        school=school, body="Typfout hersteld.", material_change=False, by=privacy_pim
    )
    assert status(school, sanne, website(school)) is Status.GRANTED


def test_yearly_lapse_needs_a_new_answer_each_school_year(school, sanne, moeder_mila):
    school.consent_lapses_yearly = True
    school.save()
    grant(sanne, moeder_mila, website(school), on=date(2025, 6, 1))
    assert status(school, sanne, website(school)) is Status.NONE
    # The same answer in a new school year is recorded, not skipped as a duplicate.
    assert len(grant(sanne, moeder_mila, website(school))) == 1
    assert status(school, sanne, website(school)) is Status.GRANTED


def test_grid_needs_a_fixed_number_of_queries(
    school, groep5, moeder_mila, django_assert_max_num_queries
):
    pupils = [make_pupil(school, groep5, str(2000 + i)) for i in range(30)]
    channels = list(Channel.objects.filter(school=school))
    with django_assert_max_num_queries(5):
        grid = consent_grid(school, pupils, channels, TODAY)
    assert len(grid) == 30 * len(channels) * 3


def test_a_grid_of_some_cells_reads_only_their_records_and_decides_them_alike(
    school, sanne, moeder_mila, vader_victor
):
    """The activity page asks about one channel: it reads that channel's records only (a
    tenth of a child's history), and decides each of its cells as the full grid does."""
    channels = list(Channel.objects.filter(school=school))
    for n, channel in enumerate(channels):
        grant(sanne, moeder_mila, channel, on=date(2025, 9, 1))
        if n % 2:
            grant(sanne, vader_victor, channel, decision=False, on=date(2025, 9, 2))
    one = channels[1]
    facts = pupil_facts(school, [sanne], TODAY, channels=[one], kinds=[Kind.IMAGE])
    assert {cell for cell in facts[sanne.pk].records} == {(one.pk, Kind.IMAGE)}
    full = consent_grid(school, [sanne], channels, TODAY, [Kind.IMAGE])
    for channel in channels:
        cell = (sanne.pk, channel.pk, Kind.IMAGE)
        assert consent_grid(school, [sanne], [channel], TODAY, [Kind.IMAGE])[cell] == full[cell]
    assert full[(sanne.pk, one.pk, Kind.IMAGE)].status is Status.DISPUTED
