import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record, verify


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
