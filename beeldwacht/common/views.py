import sys
from functools import wraps

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.db import OperationalError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from beeldwacht.actions.portal_users import uses_portal
from beeldwacht.common.permissions import Role
from beeldwacht.consent.selectors import (
    former_staff_schools,
)
from beeldwacht.schools.access import is_staff_anywhere
from beeldwacht.schools.models import Membership, School


def home(request: HttpRequest) -> HttpResponse:
    """Send everyone where they work: their school, or the parent portal. Someone who is both
    (a teacher whose child attends) chooses."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    schools = list(
        School.objects.filter(memberships__user=request.user, memberships__left_on__isnull=True)
        .distinct()
        .order_by("name")
    )
    uses_the_portal = uses_portal(request.user, on=timezone.localdate())
    former = former_staff_schools(request.user)
    if not uses_the_portal and not former and _only_board(request.user, schools):
        return redirect("board")  # the board's work is across its schools
    if len(schools) == 1 and not uses_the_portal and not former:
        return redirect("consent:dashboard", brin=schools[0].brin)
    if not schools and uses_the_portal and not former:
        return redirect("portal:overview")
    return render(
        request,
        "home.html",
        {"schools": schools, "uses_the_portal": uses_the_portal, "former_schools": former},
    )


def _only_board(user, schools) -> bool:
    roles = set(
        Membership.objects.filter(user=user, left_on__isnull=True).values_list("role", flat=True)
    )
    return bool(schools) and roles == {Role.BOARD}


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A Dutch 400 page that says what was wrong where we know it (too many files at once)."""
    too_many = (
        settings.DATA_UPLOAD_MAX_NUMBER_FILES if isinstance(exception, TooManyFilesSent) else None
    )
    return HttpResponseBadRequest(
        render_to_string("400.html", {"too_many_files": too_many}, request=request)
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """The Dutch 500 page; or, when the database was busy with one long write (a roster
    import on the default SQLite holds its only write lock) longer than the busy timeout, a
    503 that says so and asks to try again in a minute. Django calls this while handling the
    exception, wherever it was raised (a view, or saving the session after it). Nothing was
    half-saved: every service writes in one transaction."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError) and "locked" in str(error).lower():
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        return response
    return HttpResponseServerError(render_to_string("500.html"))


def not_offered(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """A page of the login library Beeldwacht does not offer."""
    raise Http404


def staff_only(view):
    """A login-library page for staff only (a password); anyone else gets a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (request.user.is_authenticated and is_staff_anywhere(request.user)):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def alive(request: HttpRequest) -> HttpResponse:
    """Liveness for a load balancer: the process answers (no database asked)."""
    response = HttpResponse("ok\n", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


def ready(request: HttpRequest) -> HttpResponse:
    """Readiness: database, storage, queue and daily jobs (common.health); 503 when not."""
    from beeldwacht.common import health

    checks = health.readiness()
    ok = all(check.ok for check in checks)
    response = JsonResponse(
        {
            "ready": ok,
            "checks": {c.name: {"ok": c.ok, "detail": c.detail} for c in checks},
        },
        status=200 if ok else 503,
    )
    response["Cache-Control"] = "no-store"
    return response
