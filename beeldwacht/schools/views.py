"""The board's page (issue #11): its schools side by side, in figures, with a way into each
school's audit trail (the one thing the board role may open there)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from beeldwacht.actions.board_overview import school_figures, trail_check
from beeldwacht.common.permissions import Role
from beeldwacht.schools.models import School


def board_schools(user):
    return (
        School.objects.filter(
            memberships__user=user,
            memberships__role=Role.BOARD,
            memberships__left_on__isnull=True,
        )
        .distinct()
        .order_by("name")
    )


@login_required
def board(request: HttpRequest) -> HttpResponse:
    schools = list(board_schools(request.user))
    if not schools:
        raise Http404
    today = timezone.localdate()
    return render(
        request,
        "schools/board.html",
        {
            "figures": [school_figures(school, today) for school in schools],
            "trail": trail_check(),
            "today": today,
        },
    )
