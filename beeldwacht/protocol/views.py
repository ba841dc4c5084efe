"""The school's media protocol: every staff member reads the version in force and
acknowledges it; management writes versions, moves them to MT and adopts them, and sees who
has not acknowledged; the public reads the version in force (the school guide links there)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beeldwacht.common.errors import DomainError
from beeldwacht.common.permissions import Capability as C
from beeldwacht.domain.protocol import may_edit
from beeldwacht.protocol import selectors, services
from beeldwacht.protocol.forms import GrantForm, VersionForm
from beeldwacht.protocol.models import ProtocolVersion
from beeldwacht.publications.rendering import render_markdown
from beeldwacht.schools.access import staff_of, staff_view
from beeldwacht.schools.models import School, SchoolClass


def _version_or_404(request, version_id) -> ProtocolVersion:
    versions = ProtocolVersion.objects.filter(school=request.school)
    if not request.access.can(C.MANAGE_PROTOCOL):
        versions = versions.filter(status=ProtocolVersion.Status.ADOPTED)
    return get_object_or_404(versions, public_id=version_id)


def _grant_form(request, data=None) -> GrantForm:
    return GrantForm(
        data,
        classes=SchoolClass.objects.filter(school=request.school).order_by("name"),
        colleagues=staff_of(request.school).order_by("first_name", "last_name"),
    )


def _overview(request, form=None, grant_form=None) -> HttpResponse:
    school, manages = request.school, request.access.can(C.MANAGE_PROTOCOL)
    version = selectors.in_force(school)
    today = timezone.localdate()
    return render(
        request,
        "protocol/overview.html",
        {
            "version": version,
            "text": render_markdown(version.text) if version else "",
            "mine": selectors.to_acknowledge(version, request.user),
            "manages": manages,
            "versions": ProtocolVersion.objects.filter(school=school) if manages else [],
            "pending": selectors.pending(version, timezone.localdate()) if manages else None,
            "form": form or VersionForm(initial={"dated": today}),
            "grants": selectors.grants_in_force(school, today),
            "grant_form": grant_form or _grant_form(request) if manages else None,
        },
    )


@staff_view()
def overview(request: HttpRequest) -> HttpResponse:
    return _overview(request)


@staff_view(C.MANAGE_PROTOCOL)
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            version = services.version_create(
                school=request.school, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect(
                "protocol:detail", brin=request.school.brin, version_id=version.public_id
            )
    return _overview(request, form)


@staff_view(C.MANAGE_PROTOCOL)
@require_POST
def grant(request: HttpRequest) -> HttpResponse:
    form = _grant_form(request, request.POST)
    if form.is_valid():
        try:
            services.grant(school=request.school, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The permission is on record."))
            return redirect("protocol:overview", brin=request.school.brin)
    return _overview(request, grant_form=form)


@staff_view()
def detail(request: HttpRequest, version_id) -> HttpResponse:
    version = _version_or_404(request, version_id)
    editable = request.access.can(C.MANAGE_PROTOCOL) and may_edit(version.status)
    form = VersionForm(
        request.POST or None,
        initial={
            f: getattr(version, f) for f in ("number", "dated", "authors", "change_note", "text")
        },
    )
    if request.method == "POST":
        if not request.access.can(C.MANAGE_PROTOCOL):
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("number")  # a version keeps its number
            try:
                services.version_edit(version=version, by=request.user, **data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("protocol:detail", brin=request.school.brin, version_id=version_id)
    return render(
        request,
        "protocol/detail.html",
        {
            "version": version,
            "text": render_markdown(version.text),
            "form": form if editable else None,
            "manages": request.access.can(C.MANAGE_PROTOCOL),
            "acknowledged": version.acknowledgements.count(),
        },
    )


@staff_view(C.MANAGE_PROTOCOL)
@require_POST
def move(request: HttpRequest, version_id) -> HttpResponse:
    version = _version_or_404(request, version_id)
    try:
        services.version_move(version=version, to=request.POST.get("to", ""), by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The status of version %(number)s changed.") % {"number": version.number}
        )
    return redirect("protocol:detail", brin=request.school.brin, version_id=version_id)


@staff_view()
@require_POST
def acknowledged(request: HttpRequest, version_id) -> HttpResponse:
    version = _version_or_404(request, version_id)
    try:
        services.acknowledge(version=version, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Thank you: you have acknowledged version %(number)s.") % {"number": version.number},
        )
    return redirect("protocol:overview", brin=request.school.brin)


def public(request: HttpRequest, brin: str) -> HttpResponse:
    """The version in force, for everyone: parents, the school guide's readers."""
    school = get_object_or_404(School, brin=brin.upper())
    version = selectors.in_force(school)
    if version is None:
        raise Http404
    return render(
        request,
        "protocol/public.html",
        {"school": school, "version": version, "text": render_markdown(version.text)},
    )
