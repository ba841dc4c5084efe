from django.core.management import call_command

from beeldwacht.audit.services import verify
from beeldwacht.common.permissions import Role
from beeldwacht.consent.selectors import channels_for, consent_grid, pupils_for
from beeldwacht.domain.consent import Status
from beeldwacht.people.models import Guardianship
from beeldwacht.schools import demo
from beeldwacht.schools.models import Membership
from conftest import TODAY


def test_demo_school_has_what_the_readme_promises(db, settings, capsys, frozen_today):
    settings.DEBUG = True
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "juf.anna@wilgenhoek.example" in out and demo.PASSWORD in out

    school = demo.seed(TODAY)  # a second run reuses the school
    pupils = list(pupils_for(school))
    assert 195 <= len(pupils) <= 210
    assert set(Membership.objects.filter(school=school).values_list("role", flat=True)) == set(
        Role.values
    )
    assert Membership.objects.filter(school=school).values("user").distinct().count() == 20
    assert Guardianship.objects.filter(pupil__school=school, parental_authority=False).exists()

    grid = consent_grid(school, pupils, channels_for(school), TODAY)
    statuses = {decision.status for decision in grid.values()}
    assert statuses == {
        Status.GRANTED,
        Status.REFUSED,
        Status.NONE,
        Status.DISPUTED,
        Status.BLOCKED,
    }
    from beeldwacht.publications.models import Publication
    from beeldwacht.takedowns.models import Takedown

    assert set(Publication.objects.filter(school=school).values_list("status", flat=True)) == {
        "published",
        "submitted",
        "draft",  # Anna's, with findings she must change before she can submit it
    }
    ledger = set(Takedown.objects.filter(school=school).values_list("status", flat=True))
    assert ledger == {"open", "not_retractable"}  # the paper: online, and in print
    assert verify()[1] is None


def test_demo_refuses_to_run_without_debug(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo", "--no-serve")
