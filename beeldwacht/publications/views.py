"""Staff screens of publications: write, check, submit, approve or send back, publish.
A publication is visible to its author and to those who approve; others get a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beeldwacht.common.errors import DomainError
from beeldwacht.common.permissions import Capability as C
from beeldwacht.consent.selectors import channels_for
from beeldwacht.media.models import MediaItem
from beeldwacht.media.selectors import activities_visible
from beeldwacht.publications import services
from beeldwacht.publications.forms import ApproveForm, PublicationForm, SendBackForm
from beeldwacht.publications.models import Publication
from beeldwacht.publications.rendering import render_markdown
from beeldwacht.publications.text import explain_check
from beeldwacht.schools.access import staff_view

ANY = (C.WRITE_PUBLICATION, C.APPROVE_PUBLICATION)


def _visible(request):
    publications = Publication.objects.filter(school=request.school).select_related("author")
    if not request.access.can(C.APPROVE_PUBLICATION):
        publications = publications.filter(author=request.user)
    return publications


def _publication_or_404(request, publication_id) -> Publication:
    return get_object_or_404(_visible(request), public_id=publication_id)


@staff_view(*ANY)
def publication_list(request: HttpRequest) -> HttpResponse:
    publications = list(_visible(request))
    waiting = (
        [p for p in publications if p.status == Publication.Status.SUBMITTED]
        if request.access.can(C.APPROVE_PUBLICATION)
        else []
    )
    return render(
        request, "publications/list.html", {"publications": publications, "waiting": waiting}
    )


def _form(request, data=None, initial=None):
    activities = activities_visible(request.access)
    return PublicationForm(
        data,
        initial=initial,
        channels=channels_for(request.school),
        activities=activities,
        media=MediaItem.objects.filter(activity__in=activities, status=MediaItem.Status.READY),
    )


@staff_view(C.WRITE_PUBLICATION)
def publication_new(request: HttpRequest) -> HttpResponse:
    form = _form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publication = services.publication_create(
                school=request.school, by=request.user, **_fields(form)
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect(
                "publications:detail",
                brin=request.school.brin,
                publication_id=publication.public_id,
            )
    return render(request, "publications/edit.html", {"form": form})


@staff_view(C.WRITE_PUBLICATION)
def publication_edit(request: HttpRequest, publication_id) -> HttpResponse:
    publication = _publication_or_404(request, publication_id)
    if publication.author_id != request.user.pk:
        raise Forbidden(_("Only the author can change this publication."))
    initial = {
        "title": publication.title,
        "body": publication.body,
        "personal_title": publication.personal_title,
        "channels": list(publication.channels.all()),
        "activity": publication.activity,
        "media": [pm.item for pm in publication.media.all()],
    }
    form = _form(request, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_update(publication=publication, by=request.user, **_fields(form))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect(
                "publications:detail",
                brin=request.school.brin,
                publication_id=publication.public_id,
            )
    return render(request, "publications/edit.html", {"form": form, "publication": publication})


def _fields(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "body": data["body"],
        "channels": list(data["channels"]),
        "media": list(data["media"]),
        "personal_title": data["personal_title"],
        "activity": data["activity"],
    }


@staff_view(*ANY)
def publication_detail(request: HttpRequest, publication_id) -> HttpResponse:
    publication = _publication_or_404(request, publication_id)
    checks = services.checks_for(publication, on=timezone.localdate())
    findings = [
        {"severity": c.severity, "article": c.article, "text": explain_check(c)}
        for c in sorted(checks, key=lambda c: (c.severity != "error", c.where))
    ]
    return render(
        request,
        "publications/detail.html",
        {
            "publication": publication,
            "body": render_markdown(publication.body),
            "findings": findings,
            "has_errors": any(c.severity == "error" for c in checks),
            "media": [pm.item for pm in publication.media.select_related("item")],
            "is_author": publication.author_id == request.user.pk,
            "can_approve": request.access.can(C.APPROVE_PUBLICATION),
            "approve_form": ApproveForm(),
            "send_back_form": SendBackForm(),
            "placements": publication.placements.select_related("channel"),
        },
    )


def _step(request, publication_id, action) -> HttpResponse:
    publication = _publication_or_404(request, publication_id)
    try:
        action(publication)
    except services.ChecksFailed as failed:
        messages.error(request, failed.message)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(
        "publications:detail", brin=request.school.brin, publication_id=publication.public_id
    )


@staff_view(C.WRITE_PUBLICATION)
@require_POST
def publication_submit(request: HttpRequest, publication_id) -> HttpResponse:
    def submit(publication):
        services.publication_submit(publication=publication, by=request.user)
        messages.success(request, _("Submitted for approval."))

    return _step(request, publication_id, submit)


@staff_view(C.APPROVE_PUBLICATION)
@require_POST
def publication_approve(request: HttpRequest, publication_id) -> HttpResponse:
    form = ApproveForm(request.POST)
    acknowledged = form.is_valid() and form.cleaned_data["acknowledge_warnings"]

    def approve(publication):
        services.publication_approve(
            publication=publication, by=request.user, acknowledge_warnings=acknowledged
        )
        messages.success(request, _("Approved."))

    return _step(request, publication_id, approve)


@staff_view(C.APPROVE_PUBLICATION)
@require_POST
def publication_send_back(request: HttpRequest, publication_id) -> HttpResponse:
    comment = request.POST.get("comment", "")

    def send_back(publication):
        services.publication_send_back(publication=publication, by=request.user, comment=comment)
        messages.success(request, _("Sent back to the author."))

    return _step(request, publication_id, send_back)


@staff_view(C.APPROVE_PUBLICATION)
@require_POST
def publication_publish(request: HttpRequest, publication_id) -> HttpResponse:
    def publish(publication):
        services.publication_publish(publication=publication, by=request.user)
        messages.success(request, _("Published."))

    return _step(request, publication_id, publish)


@staff_view(C.APPROVE_PUBLICATION)
@require_POST
def publication_withdraw(request: HttpRequest, publication_id) -> HttpResponse:
    def withdraw(publication):
        services.publication_withdraw(publication=publication, by=request.user)
        messages.success(request, _("Withdrawn."))

    return _step(request, publication_id, withdraw)
