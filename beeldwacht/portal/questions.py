"""A guardian answers the school's questions asked once (formal "u"): consent for one
activity on one channel, per child and kind (DOMAIN 2: the answer applies to that activity
only), and consent about a classroom recording (Filmen 1; DOMAIN 5)."""

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
from beeldwacht.recordings.questions import question_answer
from beeldwacht.recordings.selectors import questions_about
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


@login_required
def recording_question(request: HttpRequest, pupil_id, question_id) -> HttpResponse:
    ship = _guardianship_or_404(request, pupil_id)
    asked = get_object_or_404(questions_about(ship.pupil), public_id=question_id)
    if request.method == "POST" and request.POST.get("answer") in ("yes", "no"):
        try:
            answer = question_answer(
                question=asked,
                ship=ship,
                decision=request.POST["answer"] == "yes",
                by=request.user,
                on=timezone.localdate(),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Your choices have been saved. Thank you.") if answer else _("Nothing changed."),
            )
        return redirect("portal:child", pupil_id=ship.pupil.public_id)
    latest = asked.answers.filter(pupil=ship.pupil, guardian=ship.guardian).last()
    return render(
        request,
        "portal/recording_question.html",
        {
            "ship": ship,
            "pupil": ship.pupil,
            "asked": asked,
            "recording": asked.recording,
            "answer": None if latest is None else latest.decision,
        },
    )
