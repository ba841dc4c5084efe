import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from beeldwacht.audit.anchors import Anchor, read_anchors, write_anchor
from beeldwacht.audit.models import AuditEvent, AuditHead
from beeldwacht.audit.services import (
    GENESIS,
    AuditTrailBroken,
    Break,
    _digest,
    _payload,
    record,
    verify,
)


@pytest.fixture
def events(school):
    for n in range(3):
        record(
            AuditEvent.Type.SETTINGS_CHANGED, by=None, school=school, subject=school, data={"n": n}
        )
    return list(AuditEvent.objects.order_by("sequence"))


def test_events_form_a_chain(events):
    assert [e.sequence for e in events] == [1, 2, 3, 4]  # school creation is the first
    assert all(b.previous_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert verify() == (4, None)


def test_a_second_event_in_one_transaction_chains_without_reading_the_head(
    school, django_assert_num_queries
):
    with transaction.atomic():
        _settings_changed(school, 1)
        with django_assert_num_queries(2):  # move the head if it is still ours, insert
            _settings_changed(school, 2)
    assert verify()[1] is None


def test_an_event_rolled_back_in_between_does_not_break_the_chain(school):
    with transaction.atomic():
        _settings_changed(school, 1)
        try:
            with transaction.atomic():
                _settings_changed(school, 2)
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
        _settings_changed(school, 3)
    assert [e.data for e in AuditEvent.objects.order_by("sequence")][-2:] == [{"n": 1}, {"n": 3}]
    assert verify()[1] is None


def test_a_head_moved_by_someone_else_is_read_again(school):
    with transaction.atomic():
        _settings_changed(school, 1)
        # Another writer appended in between (here: the head as another process left it).
        AuditHead.objects.filter(pk=1).update(last_sequence=99, last_hash="f" * 64)
        event = _settings_changed(school, 2)
    assert (event.sequence, event.previous_hash) == (100, "f" * 64)


def _settings_changed(school, n):
    return record(
        AuditEvent.Type.SETTINGS_CHANGED, by=None, school=school, subject=school, data={"n": n}
    )


def test_verify_command_reports_an_intact_trail(events, capsys):
    call_command("audit-verify")
    assert "4" in capsys.readouterr().out


def test_changed_data_is_detected_and_named(events):
    AuditEvent.objects.filter(sequence=3).update(data={"n": 99})
    checked, broken = verify()
    assert (checked, broken.sequence, broken.reason) == (2, 3, "hash")
    with pytest.raises(CommandError, match="3"):
        call_command("audit-verify")


def test_a_removed_event_is_detected(events):
    AuditEvent.objects.filter(sequence=2).delete()
    assert verify()[1].sequence == 2


def test_removing_the_last_event_is_detected(events):
    AuditEvent.objects.filter(sequence=4).delete()
    assert verify()[1].sequence == 4


def test_rehashing_one_event_breaks_the_next_link(events):
    from beeldwacht.audit.services import _digest

    forged = AuditEvent.objects.get(sequence=2)
    forged.data = {"n": 42}
    forged.hash = _digest(forged.previous_hash, forged)
    forged.save()
    assert verify()[1].sequence == 3


# The head, the key and the anchors (issue #9, finding 2).


@pytest.fixture(autouse=True)
def anchor_dir(settings, tmp_path):
    settings.AUDIT_ANCHOR_DIR = tmp_path / "anchors"
    return settings.AUDIT_ANCHOR_DIR


def test_a_missing_head_is_a_break_even_for_an_empty_trail(events):
    AuditEvent.objects.all().delete()
    AuditHead.objects.all().delete()
    assert verify() == (0, Break(1, "head_missing"))
    with pytest.raises(CommandError, match="1"):
        call_command("audit-verify")


def test_cutting_the_end_and_removing_the_head_is_detected(events):
    AuditEvent.objects.filter(sequence__gte=3).delete()
    AuditHead.objects.all().delete()
    assert verify()[1] == Break(3, "head_missing")


def test_a_head_that_does_not_match_the_last_event_is_a_break(events):
    AuditHead.objects.filter(pk=1).update(last_hash="f" * 64)
    assert verify()[1].reason == "head"


def test_a_missing_head_stops_recording_with_a_message(events, school):
    AuditHead.objects.all().delete()
    with pytest.raises(AuditTrailBroken, match="audit-verify"):
        record(AuditEvent.Type.SETTINGS_CHANGED, by=None, school=school, subject=school)


def test_the_chain_is_keyed_so_a_rewrite_without_the_key_does_not_fit(events, settings):
    """Whoever can write to the database but has not got the key cannot rehash an event."""
    forged = AuditEvent.objects.get(sequence=4)
    forged.data = {"n": 42}
    forged.hash = hashlib.sha256(_payload(forged.previous_hash, forged)).hexdigest()
    forged.save()
    AuditHead.objects.filter(pk=1).update(last_hash=forged.hash)
    assert verify()[1] == Break(4, "hash")
    settings.AUDIT_KEY = "another-key"
    assert verify()[1] == Break(1, "hash")  # the installation's key is what makes it fit


def test_an_unkeyed_event_after_keyed_ones_is_a_break(events):
    last = AuditEvent.objects.get(sequence=4)
    last.keyed = False
    last.hash = _digest(last.previous_hash, last)
    last.save()
    AuditHead.objects.filter(pk=1).update(last_hash=last.hash)
    assert verify()[1] == Break(4, "unkeyed")


def test_events_from_before_the_key_still_verify(events, school):
    """Trails written before the key (plain SHA-256) stay verifiable; new events are keyed."""
    AuditEvent.objects.all().delete()
    previous = GENESIS
    for n in (1, 2):
        event = AuditEvent(
            sequence=n,
            type=AuditEvent.Type.SETTINGS_CHANGED,
            subject_type="x",
            subject_id=str(n),
            data={},
            created_at=timezone.now(),
            previous_hash=previous,
            keyed=False,
        )
        event.hash = hashlib.sha256(_payload(previous, event)).hexdigest()
        event.save()
        previous = event.hash
    AuditHead.objects.filter(pk=1).update(last_sequence=2, last_hash=previous)
    record(AuditEvent.Type.SETTINGS_CHANGED, by=None, school=school, subject=school)
    assert verify() == (3, None)
    assert AuditEvent.objects.get(sequence=3).keyed


def anchors():
    return [anchor for _path, anchor in read_anchors()]


def test_an_anchor_is_a_signed_read_only_file_and_an_event(events, anchor_dir, mailoutbox):
    call_command("audit-anchor")
    [path] = list(anchor_dir.glob("*.json"))
    [anchor] = anchors()
    assert (anchor.sequence, anchor.hash) == (4, events[-1].hash)
    assert anchor.signed_by(b"tests-only-audit-key")
    assert path.stat().st_mode & 0o222 == 0
    with pytest.raises(FileExistsError):
        write_anchor(anchor, anchor_dir)  # the same anchor is never written over
    assert AuditEvent.objects.last().type == AuditEvent.Type.AUDIT_ANCHORED
    assert verify(anchors()) == (5, None)


def test_the_privacy_contact_gets_the_anchor_by_mail(events, privacy_pim, mailoutbox):
    call_command("audit-anchor")
    [mail] = mailoutbox
    assert mail.to == [privacy_pim.email]
    assert anchors()[0].hash in mail.body


def test_an_emptied_trail_is_found_by_its_anchor(events):
    call_command("audit-anchor")
    AuditEvent.objects.all().delete()
    AuditHead.objects.filter(pk=1).update(last_sequence=0, last_hash=GENESIS)
    assert verify(anchors()) == (0, Break(1, "missing"))
    with pytest.raises(CommandError, match="1"):
        call_command("audit-verify")


def test_a_trail_cut_short_with_its_head_rewritten_is_found_by_its_anchor(events):
    call_command("audit-anchor")  # anchors event 4; the anchoring itself is event 5
    AuditEvent.objects.filter(sequence__gte=4).delete()
    AuditHead.objects.filter(pk=1).update(last_sequence=3, last_hash=events[2].hash)
    assert verify(anchors()) == (3, Break(4, "missing"))


def test_a_chain_rewritten_with_the_key_differs_from_its_anchor(events, school):
    """Even someone with the key cannot rewrite what an anchor has fixed."""
    call_command("audit-anchor")
    AuditEvent.objects.filter(sequence__gte=3).delete()
    AuditHead.objects.filter(pk=1).update(last_sequence=2, last_hash=events[1].hash)
    for n in range(3):
        record(
            AuditEvent.Type.SETTINGS_CHANGED,
            by=None,
            school=school,
            subject=school,
            data={"n": f"forged {n}"},
        )
    assert verify(anchors()) == (3, Break(4, "anchor"))


def test_a_forged_anchor_is_reported(events, anchor_dir):
    write_anchor(Anchor("2026-12-01T03:00:00+01:00", 99, "a" * 64, "b" * 64), anchor_dir)
    with pytest.raises(CommandError, match="99"):
        call_command("audit-verify")


def test_a_damaged_anchor_file_is_reported(events, anchor_dir):
    anchor_dir.mkdir()
    (anchor_dir / "2026-12-01-000000000004.json").write_text("{half")
    with pytest.raises(CommandError, match="2026-12-01-000000000004.json"):
        call_command("audit-verify")


def test_production_refuses_to_start_without_an_audit_key(settings):
    from beeldwacht.common.checks import audit_key_is_set

    settings.DEBUG, settings.AUDIT_KEY = False, ""
    assert [error.id for error in audit_key_is_set(None)] == ["beeldwacht.E001"]
