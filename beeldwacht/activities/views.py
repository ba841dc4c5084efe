"""Staff screens for an activity's parents and companions (DOMAIN 6): send the message and
photo rules to the guardians, invite accompanying parents and volunteers to accept the
school's rules and see who has not; and the school's own wording of these texts."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beeldwacht.activities import selectors, services
from beeldwacht.activities.forms import MessageForm, OneOffForm, RulesForm
from beeldwacht.activities.models import Acceptance
from beeldwacht.common.errors import DomainError
from beeldwacht.common.permissions import Capability as C
from beeldwacht.consent.forms import choice_rows, choices_from_post
from beeldwacht.consent.selectors import channels_for
from beeldwacht.consent.services import Choice
from beeldwacht.media.models import GuestConsent
from beeldwacht.media.selectors import activities_visible, guest_answers, one_off_statuses
from beeldwacht.schools.access import staff_view
from beeldwacht.takedowns.actions import record_guest_consent


def _activity_or_404(request, activity_id):
    return get_object_or_404(activities_visible(request.access), public_id=activity_id)


def _page(request, activity, message_form=None, one_off_form=None) -> HttpResponse:
    subject, body = selectors.draft_for(activity)
    today = timezone.localdate()
    channels = channels_for(activity.school).exclude(pk__in=activity.one_offs.values("channel"))
    return render(
        request,
        "activities/people.html",
        {
            "activity": activity,
            "message_form": message_form or MessageForm(initial={"subject": subject, "body": body}),
            "guardians": len(selectors.guardians_to_inform(activity, today)),
            "mailings": selectors.mailings_of(activity),
            "guests": selectors.guests_of(activity),
            "rules": selectors.current_rules(activity.school),
            "one_off_form": one_off_form or OneOffForm(channels=channels),
            "one_offs": [
                (request, one_off_statuses(request, today))
                for request in activity.one_offs.select_related("channel")
            ],
        },
    )


@staff_view(C.MANAGE_MEDIA)
def people(request: HttpRequest, activity_id) -> HttpResponse:
    return _page(request, _activity_or_404(request, activity_id))


@staff_view(C.MANAGE_MEDIA)
@require_POST
def inform_parents(request: HttpRequest, activity_id) -> HttpResponse:
    activity = _activity_or_404(request, activity_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            mailing = services.parents_inform(
                activity=activity,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The message was sent to %(count)s parents and guardians.")
                % {"count": mailing.recipients.count()},
            )
            return redirect("activities:people", brin=request.school.brin, activity_id=activity_id)
    return _page(request, activity, form)


@staff_view(C.MANAGE_MEDIA)
@require_POST
def one_off(request: HttpRequest, activity_id) -> HttpResponse:
    activity = _activity_or_404(request, activity_id)
    form = OneOffForm(request.POST, channels=channels_for(request.school))
    if form.is_valid():
        try:
            mailing = services.one_off_send(
                activity=activity,
                channel=form.cleaned_data["channel"],
                kinds=form.cleaned_data["kinds"],
                question=form.cleaned_data["question"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The question was sent to %(count)s parents and guardians.")
                % {"count": mailing.recipients.count()},
            )
            return redirect("activities:people", brin=request.school.brin, activity_id=activity_id)
    return _page(request, activity, one_off_form=form)


@staff_view(C.MANAGE_MEDIA)
@require_POST
def invite(request: HttpRequest, activity_id) -> HttpResponse:
    activity = _activity_or_404(request, activity_id)
    try:
        count = services.guests_invite(activity=activity, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(count)s invitations sent.") % {"count": count})
    return redirect("activities:people", brin=request.school.brin, activity_id=activity_id)


@staff_view(C.MANAGE_MEDIA)
@require_POST
def accepted_on_paper(request: HttpRequest, activity_id, participant_id) -> HttpResponse:
    activity = _activity_or_404(request, activity_id)
    participant = get_object_or_404(activity.participants, public_id=participant_id)
    try:
        services.rules_accept(
            participant=participant,
            version=int(request.POST.get("version") or 0),
            by=request.user,
            method=Acceptance.Method.PAPER,
        )
    except (DomainError, ValueError) as error:
        messages.error(request, getattr(error, "message", _("Unknown version.")))
    else:
        messages.success(
            request, _("Recorded: %(name)s accepted on paper.") % {"name": participant.guest_name}
        )
    return redirect("activities:people", brin=request.school.brin, activity_id=activity_id)


@staff_view(C.MANAGE_MEDIA)
def guest_paper(request: HttpRequest, activity_id, participant_id) -> HttpResponse:
    """A guest's own answers from a paper form, entered by staff of the activity."""
    activity = _activity_or_404(request, activity_id)
    participant = get_object_or_404(
        activity.participants.exclude(guest_name=""), public_id=participant_id
    )
    channels = list(channels_for(request.school))
    if request.method == "POST":
        try:
            created = record_guest_consent(
                participant=participant,
                choices=[
                    Choice(channel, kind, decision)
                    for channel, kind, decision in choices_from_post(request.POST, channels)
                ],
                by=request.user,
                method=GuestConsent.Method.PAPER,
                on=timezone.localdate(),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved.") if created else _("Nothing changed."))
            return redirect("activities:people", brin=request.school.brin, activity_id=activity_id)
    return render(
        request,
        "activities/guest_paper.html",
        {
            "activity": activity,
            "participant": participant,
            "rows": choice_rows(channels, guest_answers(participant)),
        },
    )


@staff_view(C.MANAGE_CHANNELS)
def texts(request: HttpRequest) -> HttpResponse:
    wording = selectors.parent_texts(request.school)
    rules = selectors.current_rules(request.school)
    return render(
        request,
        "activities/texts.html",
        {
            "messages_by_kind": [
                (key, label, *wording[key]) for key, label in selectors.text_labels()
            ],
            "rules": rules,
            "rules_form": RulesForm(initial={"body": rules.body}),
        },
    )


@staff_view(C.MANAGE_CHANNELS)
def text_edit(request: HttpRequest, key: str) -> HttpResponse:
    labels = dict(selectors.text_labels())
    if key not in labels:
        raise Http404
    subject, body = selectors.parent_texts(request.school)[key]
    form = MessageForm(request.POST or None, initial={"subject": subject, "body": body})
    if request.method == "POST" and form.is_valid():
        try:
            services.parent_text_save(
                school=request.school,
                key=key,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("activities:texts", brin=request.school.brin)
    return render(
        request,
        "activities/text_edit.html",
        {
            "form": form,
            "label": labels[key],
            "is_message": key in selectors.MESSAGE_KEYS,
            "places": services.PLACES,
        },
    )


@staff_view(C.MANAGE_CHANNELS)
@require_POST
def rules(request: HttpRequest) -> HttpResponse:
    form = RulesForm(request.POST)
    if form.is_valid():
        try:
            published = services.rules_publish(
                school=request.school, body=form.cleaned_data["body"], by=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Version %(version)s published: companions are asked to accept it.")
                % {"version": published.version},
            )
    else:
        messages.error(request, _("The rules need a text of at most 10,000 characters."))
    return redirect("activities:texts", brin=request.school.brin)
