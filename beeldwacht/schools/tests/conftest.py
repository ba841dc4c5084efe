"""Fixtures of the school's pages: a school with work waiting."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from beeldwacht.consent.models import Channel
from beeldwacht.publications import services as publications
from beeldwacht.takedowns.models import Placement, Takedown
from conftest import make_guardian, make_pupil


@pytest.fixture
def busy_school(school, groep5, sanne, moeder_mila, juf_anna, frozen_today):
    """A submitted publication and a takedown that is overdue."""
    website = Channel.objects.get(school=school, key="website")
    draft = publications.publication_create(
        school=school, title="Sportdag", body="Groep 5 won.", channels=[website], by=juf_anna
    )
    publications.publication_submit(publication=draft, by=juf_anna)
    placement = Placement.objects.create(
        publication=draft, channel=website, placed_on=date(2026, 3, 1)
    )
    today = timezone.localdate()
    Takedown.objects.create(
        school=school,
        placement=placement,
        pupil=sanne,
        reason=Takedown.Reason.CONSENT,
        status=Takedown.Status.OPEN,
        due_on=today - timedelta(days=2),
        opened_at=timezone.now(),
    )
    make_guardian(school, make_pupil(school, groep5, "1002", first="Daan"), "Rik", "rik@ex.nl")
    return school
