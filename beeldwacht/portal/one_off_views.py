"""A guardian answers the school's one-off question about one activity (DOMAIN 2), per
child and kind, in the portal (formal "u"). The answer applies to that activity only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.common.errors import DomainError
from beeldwacht.consent.models import Kind
from beeldwacht.media.selectors import one_off_answers_of, one_offs_about
from beeldwacht.portal.views import _guardianship_or_404
from beeldwacht.takedowns.actions import record_one_off


@login_required
def one_off(request: HttpRequest, pupil_id, request_id) -> HttpResponse:
    ship = _guardianship_or_404(request, pupil_id)
    asked = get_object_or_404(one_offs_about(ship.pupil), public_id=request_id)
    if request.method == "POST":
        answers = {
            kind: request.POST[f"k_{kind}"] == "yes"
            for kind in asked.kinds
            if request.POST.get(f"k_{kind}") in ("yes", "no")
        }
        try:
            created = record_one_off(
                request=asked,
                ship=ship,
                answers=answers,
                by=request.user,
                on=timezone.localdate(),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Your choices have been saved. Thank you.") if created else _("Nothing changed."),
            )
        return redirect("portal:child", pupil_id=ship.pupil.public_id)
    mine = one_off_answers_of(asked, ship)
    return render(
        request,
        "portal/one_off.html",
        {
            "ship": ship,
            "pupil": ship.pupil,
            "asked": asked,
            "kinds": [(kind, Kind(kind).label, mine.get(kind)) for kind in asked.kinds],
        },
    )
