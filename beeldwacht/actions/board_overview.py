"""What a board (bevoegd gezag) sees of its schools: per school the consent round's answers
still missing, takedowns open and overdue, publications waiting for approval; and when the
audit trail was last checked whole. Figures only: no child is named on this page."""

from dataclasses import dataclass
from datetime import date

from beeldwacht.common.models import DailyRun
from beeldwacht.consent.models import ConsentCampaign
from beeldwacht.consent.selectors import guardians_to_ask
from beeldwacht.domain.schoolyear import school_year_start
from beeldwacht.publications.models import Publication
from beeldwacht.takedowns.ledger import open_takedowns, overdue_takedowns


@dataclass(frozen=True)
class SchoolFigures:
    school: object
    round_started_on: date | None  # this school year's consent round, if started
    guardians_to_ask: int
    takedowns_open: int
    takedowns_overdue: int
    publications_waiting: int


@dataclass(frozen=True)
class TrailCheck:
    last_intact_on: date | None  # the last day `audit-verify` found the chain whole
    failed_since: date | None  # set when a later run found it broken


def school_figures(school, today: date) -> SchoolFigures:
    campaign = ConsentCampaign.objects.filter(
        school=school, school_year=school_year_start(today)
    ).first()
    return SchoolFigures(
        school=school,
        round_started_on=campaign.started_at.date() if campaign else None,
        guardians_to_ask=len(guardians_to_ask(school, today)),
        takedowns_open=open_takedowns(school).count(),
        takedowns_overdue=overdue_takedowns(school, today=today).count(),
        publications_waiting=Publication.objects.filter(
            school=school, status=Publication.Status.SUBMITTED
        ).count(),
    )


def trail_check() -> TrailCheck:
    """From the daily `audit-verify` (common.daily): the trail is one chain for every school."""
    run = DailyRun.objects.filter(job="audit-verify").first()
    if run is None:
        return TrailCheck(None, None)
    failed = run.last_run_on if run.last_run_on != run.last_success_on else None
    return TrailCheck(run.last_success_on, failed)
