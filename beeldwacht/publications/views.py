"""Staff screens of publications: write, check, submit, approve or send back, publish.
A publication is visible to its author and to those who approve; others get a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied as Forbidden
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beeldwacht.common.errors import DomainError, InvalidInput
from beeldwacht.common.permissions import Capability as C
from beeldwacht.consent.selectors import channels_for
from beeldwacht.domain.clearance import Outcome
from beeldwacht.media.models import MediaItem
from beeldwacht.media.selectors import activities_visible
from beeldwacht.publications import selectors, services
from beeldwacht.publications.forms import (
    ApproveForm,
    PlacementForm,
    PublicationForm,
    QuestionForm,
    SendBackForm,
    TakedownCloseForm,
)
from beeldwacht.publications.models import Publication
from beeldwacht.publications.picker import photo_picker
from beeldwacht.publications.rendering import render_markdown
from beeldwacht.publications.text import explain_check
from beeldwacht.schools.access import staff_view
from beeldwacht.takedowns import ledger as takedowns
from beeldwacht.takedowns import removal_requests
from beeldwacht.takedowns.ledger import BUILT_IN
from beeldwacht.takedowns.models import Takedown

ANY = (C.WRITE_PUBLICATION, C.APPROVE_PUBLICATION)


def _visible(request):
    """Approvers see every publication; others what they wrote or were asked about (B.3)."""
    publications = Publication.objects.filter(school=request.school).select_related("author")
    if not request.access.can(C.APPROVE_PUBLICATION):
        publications = publications.filter(
            Q(author=request.user) | Q(thread__recipient=request.user)
        ).distinct()
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
    overdue = (
        takedowns.overdue_takedowns(request.school, today=timezone.localdate()).count()
        if request.access.can(C.APPROVE_PUBLICATION)
        else 0
    )
    return render(
        request,
        "publications/list.html",
        {"publications": publications, "waiting": waiting, "overdue_takedowns": overdue},
    )


def _form(request, data=None, initial=None):
    activities = activities_visible(request.access)
    if request.POST.get("toon"):
        # "Show its photos": the form again with what was typed, the chosen activity's
        # photos in the picker; nothing saved, no errors shown for what is not filled in yet.
        data, initial = (
            None,
            {
                name: request.POST.getlist(name) if name in ("channels", "media") else value
                for name, value in request.POST.items()
            },
        )
    return PublicationForm(
        data,
        initial=initial,
        channels=channels_for(request.school),
        activities=activities,
        media=MediaItem.objects.filter(activity__in=activities, status=MediaItem.Status.READY),
    )


def _editor(request, form, publication=None) -> HttpResponse:
    """The form with its photo picker: the chosen activity's reviewed photos and whatever
    is chosen, with their state on the chosen channels (on every channel before any is)."""
    activity, media_ids, channels = form.chosen()
    picker = photo_picker(
        form.fields["media"].queryset,
        activity=activity,
        chosen_ids=media_ids,
        channels=channels or list(form.fields["channels"].queryset),
        on=timezone.localdate(),
    )
    return render(
        request,
        "publications/edit.html",
        {"form": form, "publication": publication, "picker": picker},
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
    return _editor(request, form)


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
    return _editor(request, form, publication)


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


@staff_view()
def publication_detail(request: HttpRequest, publication_id) -> HttpResponse:
    publication = _publication_or_404(request, publication_id)
    today = timezone.localdate()
    media = selectors.media_facts(publication, today)
    checks = services.checks_for(publication, on=today, media=media)
    findings = [
        {
            "severity": c.severity,
            "article": c.article,
            "text": explain_check(c),
            # Where in the text: the words themselves, so the author finds them.
            "fragment": dict(c.params).get("text", "") if c.where.startswith("text:") else "",
        }
        for c in sorted(checks, key=lambda c: (c.severity != "error", c.where))
    ]
    is_author = publication.author_id == request.user.pk
    can_approve = request.access.can(C.APPROVE_PUBLICATION)
    editable = publication.status in (Publication.Status.DRAFT, Publication.Status.SENT_BACK)
    other_channels = publication.channels.exclude(key__in=BUILT_IN)
    # Live on Beeldwacht's own pages with faces blurred until someone looks again.
    review_again = [
        (channel, takedowns.review_url(publication, channel.key))
        for channel in media.channels
        if publication.status == Publication.Status.PUBLISHED
        and channel.key in BUILT_IN
        and any(
            media.clearances[(item.pk, channel.pk)].outcome is Outcome.NEEDS_REVIEW
            for item in media.items
        )
    ]
    return render(
        request,
        "publications/detail.html",
        {
            "publication": publication,
            "review_again": review_again if request.access.can(C.MANAGE_MEDIA) else [],
            "body": render_markdown(publication.body),
            "findings": findings,
            "has_errors": any(c.severity == "error" for c in checks),
            "may_reorder": is_author and editable,
            "offer_disclaimer": is_author
            and editable
            and any(c.code in ("missing_affiliation", "missing_disclaimer") for c in checks),
            "side_by_side": _side_by_side(request, media),
            "is_author": is_author,
            "can_approve": can_approve,
            "approve_form": ApproveForm(),
            "send_back_form": SendBackForm(),
            "placements": publication.placements.select_related("channel"),
            "takedowns": Takedown.objects.filter(placement__publication=publication)
            .select_related("placement__channel", "pupil", "staff_member")
            .order_by("-opened_at"),
            "other_channels": list(other_channels) if is_author or can_approve else [],
            "placement_form": PlacementForm(channels=other_channels, initial={"placed_on": today}),
            "thread": publication.thread.select_related("sender", "recipient"),
            "question_form": QuestionForm(
                recipients=services.supervisors_of(publication, request.user)
            )
            if is_author
            else None,
            "may_answer": not is_author
            and publication.thread.filter(recipient=request.user).exists(),
        },
    )


def _side_by_side(request, media: selectors.MediaFacts) -> list[dict]:
    """The original and, per channel, what may go out: for whoever may look at the media
    (the author and approvers; a supervisor asked for advice reads the text only)."""
    if not request.access.can(C.MANAGE_MEDIA):
        return []
    return [
        {
            "item": item,
            "channels": [
                {"channel": c, "publishable": media.clearances[(item.pk, c.pk)].outcome.publishable}
                for c in media.channels
            ],
        }
        for item in media.items
    ]


def _step(request, publication_id, action, done: str = "") -> HttpResponse:
    """Run one service step on a publication, say `done` (if anything) or the Dutch reason it
    failed, and go back to the publication."""
    publication = _publication_or_404(request, publication_id)
    try:
        action(publication)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if done:
            messages.success(request, done)
    return redirect(
        "publications:detail", brin=request.school.brin, publication_id=publication.public_id
    )


@staff_view(C.WRITE_PUBLICATION)
@require_POST
def publication_submit(request: HttpRequest, publication_id) -> HttpResponse:
    return _step(
        request,
        publication_id,
        lambda p: services.publication_submit(publication=p, by=request.user),
        _("Submitted for approval."),
    )


@staff_view(C.WRITE_PUBLICATION)
@require_POST
def publication_pull_back(request: HttpRequest, publication_id) -> HttpResponse:
    return _step(
        request,
        publication_id,
        lambda p: services.publication_pull_back(publication=p, by=request.user),
        _("Pulled back: you can change it and submit it again."),
    )


@staff_view(C.APPROVE_PUBLICATION)
@require_POST
def publication_approve(request: HttpRequest, publication_id) -> HttpResponse:
    form = ApproveForm(request.POST)
    acknowledged = form.is_valid() and form.cleaned_data["acknowledge_warnings"]
    return _step(
        request,
        publication_id,
        lambda p: services.publication_approve(
            publication=p, by=request.user, acknowledge_warnings=acknowledged
        ),
        _("Approved."),
    )


@staff_view(C.APPROVE_PUBLICATION)
@require_POST
def publication_send_back(request: HttpRequest, publication_id) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _step(
        request,
        publication_id,
        lambda p: services.publication_send_back(publication=p, by=request.user, comment=comment),
        _("Sent back to the author."),
    )


@staff_view(C.APPROVE_PUBLICATION)
@require_POST
def publication_publish(request: HttpRequest, publication_id) -> HttpResponse:
    return _step(
        request,
        publication_id,
        lambda p: services.publication_publish(publication=p, by=request.user),
        _("Published."),
    )


@staff_view(C.APPROVE_PUBLICATION)
@require_POST
def publication_withdraw(request: HttpRequest, publication_id) -> HttpResponse:
    return _step(
        request,
        publication_id,
        lambda p: services.publication_withdraw(publication=p, by=request.user),
        _("Withdrawn."),
    )


@staff_view(*ANY)
@require_POST
def placement_add(request: HttpRequest, publication_id) -> HttpResponse:
    def record(publication):
        form = PlacementForm(request.POST, channels=publication.channels.exclude(key__in=BUILT_IN))
        if not form.is_valid():
            raise InvalidInput(_("Fill in the channel, the URL or edition and the date."))
        services.placement_record(publication=publication, by=request.user, **form.cleaned_data)

    return _step(request, publication_id, record, _("Placement recorded."))


@staff_view(*ANY)
@require_POST
def placement_not_used(request: HttpRequest, publication_id, placement_id) -> HttpResponse:
    def not_used(publication):
        placement = get_object_or_404(publication.placements, public_id=placement_id)
        services.placement_not_used(placement=placement, by=request.user)

    return _step(request, publication_id, not_used, _("Recorded: the package was not used."))


@staff_view(*ANY)
def publication_export(request: HttpRequest, publication_id, channel_key) -> HttpResponse:
    publication = _publication_or_404(request, publication_id)
    channel = publication.channels.filter(key=channel_key).first()
    if channel is None:
        raise Http404
    try:
        filename, data = services.publication_export(
            publication=publication, channel=channel, by=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(
            "publications:detail", brin=request.school.brin, publication_id=publication.public_id
        )
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view()
@require_POST
def publication_ask(request: HttpRequest, publication_id) -> HttpResponse:
    def ask(publication):
        form = QuestionForm(
            request.POST, recipients=services.supervisors_of(publication, request.user)
        )
        form.is_valid()  # only the recipient is taken from it; the service checks the rest
        services.publication_ask(
            publication=publication,
            recipient=form.cleaned_data.get("recipient"),
            text=request.POST.get("text", ""),
            by=request.user,
        )

    return _step(request, publication_id, ask, _("Sent. The answer appears here and in your mail."))


@staff_view(C.APPROVE_PUBLICATION)
def takedown_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    ledger = Takedown.objects.filter(school=request.school).select_related(
        "placement__channel", "placement__publication", "owner", "pupil", "staff_member"
    )
    open_tasks = list(ledger.filter(status=Takedown.Status.OPEN))
    for task in open_tasks:
        task.overdue = takedowns.is_overdue(task, today=today)
    return render(
        request,
        "publications/takedowns.html",
        {
            "open_tasks": open_tasks,
            "overdue": sum(1 for t in open_tasks if t.overdue),
            "closed": ledger.exclude(status=Takedown.Status.OPEN).order_by("-closed_at")[:50],
        },
    )


@staff_view(C.APPROVE_PUBLICATION)
def takedown_detail(request: HttpRequest, takedown_id) -> HttpResponse:
    takedown = get_object_or_404(
        Takedown.objects.select_related(
            "placement__channel", "placement__publication", "owner", "pupil", "staff_member"
        ),
        school=request.school,
        public_id=takedown_id,
    )
    form = TakedownCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            takedowns.takedown_close(takedown=takedown, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Takedown closed."))
            return redirect("publications:takedowns", brin=request.school.brin)
    return render(
        request,
        "publications/takedown.html",
        {
            "takedown": takedown,
            "form": form,
            "overdue": takedowns.is_overdue(takedown, today=timezone.localdate()),
        },
    )


@staff_view(C.APPROVE_PUBLICATION)
@require_POST
def takedown_send_request(request: HttpRequest, takedown_id) -> HttpResponse:
    """Mail the drafted removal request to the channel's editors, from Beeldwacht."""
    takedown = get_object_or_404(
        Takedown.objects.select_related("placement__channel", "school"),
        school=request.school,
        public_id=takedown_id,
    )
    try:
        removal_requests.send(takedown=takedown, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The request was sent to %(address)s. Close the task once it has been removed.")
            % {"address": takedown.placement.channel.editor_email},
        )
    return redirect("publications:takedown", brin=request.school.brin, takedown_id=takedown_id)


@staff_view(C.WRITE_PUBLICATION)
@require_POST
def publication_disclaimer(request: HttpRequest, publication_id) -> HttpResponse:
    return _step(
        request,
        publication_id,
        lambda p: services.publication_add_disclaimer(publication=p, by=request.user),
        _("The line about your affiliation and opinion was added."),
    )


@staff_view(C.WRITE_PUBLICATION)
@require_POST
def publication_move_media(request: HttpRequest, publication_id, item_id) -> HttpResponse:
    def move(publication):
        row = publication.media.select_related("item").filter(item__public_id=item_id).first()
        if row is None:
            raise InvalidInput(_("Unknown photo or video."))
        services.publication_move_media(
            publication=publication,
            item=row.item,
            up=request.POST.get("up") == "1",
            by=request.user,
        )

    return _step(request, publication_id, move)
