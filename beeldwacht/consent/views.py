"""Staff screens of the consent registry: per group a matrix and the phone card, per pupil
the history, paper-form entry and flags. Views parse input, call one service, render."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beeldwacht.actions.to_do import to_do
from beeldwacht.common.errors import DomainError
from beeldwacht.common.permissions import Capability as C
from beeldwacht.consent import selectors, services
from beeldwacht.consent.forms import (
    ChannelForm,
    ConsentTextForm,
    FlagForm,
    MatrixFilterForm,
    PaperFormForm,
    SchoolSettingsForm,
    SignInSettingsForm,
    choice_rows,
    choices_from_post,
)
from beeldwacht.consent.models import CampaignMail, ConsentCampaign, ConsentRecord, Kind, PupilFlag
from beeldwacht.domain.consent import AGE_OF_CONSENT, SELF, Status
from beeldwacht.domain.schoolyear import age_on, school_year_label, school_year_start
from beeldwacht.media.selectors import one_off_history
from beeldwacht.people.models import Guardian
from beeldwacht.protocol.selectors import social_media_in_lessons
from beeldwacht.schools.access import staff_view
from beeldwacht.schools.school_accounts import served_by_any
from beeldwacht.takedowns.actions import record_consent, record_staff_consent, set_flag

VIEW_GROUPS = (C.VIEW_OWN_GROUPS, C.VIEW_ALL_GROUPS)
SEARCH_SHOWS = 50  # more than a screenful: whoever needs more types more of the name


def _class_or_404(request, public_id):
    school_class = selectors.classes_visible(request.access).filter(public_id=public_id).first()
    if school_class is None:
        raise Http404
    return school_class


def _pupil_or_404(request, public_id):
    pupil = selectors.pupil_visible(request.access, public_id)
    if pupil is None:
        raise Http404
    return pupil


@staff_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    classes = (
        selectors.classes_visible(request.access)
        if any(request.access.can(c) for c in VIEW_GROUPS)
        else []
    )
    return render(
        request,
        "consent/dashboard.html",
        {"classes": classes, "to_do": to_do(request.access, request.user, timezone.localdate())},
    )


@staff_view(*VIEW_GROUPS)
def search(request: HttpRequest) -> HttpResponse:
    """A pupil by name or number, from the box on every staff page; one match opens her page."""
    query = request.GET.get("q", "").strip()[:100]
    pupils = (
        selectors.pupils_matching(request.access, query, limit=SEARCH_SHOWS + 1) if query else []
    )
    if len(pupils) == 1:
        return redirect("consent:pupil", brin=request.school.brin, pupil_id=pupils[0].public_id)
    return render(
        request,
        "consent/search.html",
        {"query": query, "pupils": pupils[:SEARCH_SHOWS], "more": len(pupils) > SEARCH_SHOWS},
    )


@staff_view(*VIEW_GROUPS)
def group_matrix(request: HttpRequest, class_id) -> HttpResponse:
    school_class = _class_or_404(request, class_id)
    form = MatrixFilterForm(request.GET or None)
    kind = Kind.IMAGE
    only_attention = False
    if form.is_valid():
        kind = form.cleaned_data["kind"] or Kind.IMAGE
        only_attention = form.cleaned_data["only"] == "attention"
    today = timezone.localdate()
    pupils = list(selectors.pupils_for(request.school, class_ids=[school_class.pk]))
    channels = list(selectors.channels_for(request.school))
    grid = selectors.consent_grid(request.school, pupils, channels, today, [kind])
    rows = []
    for pupil in pupils:
        cells = [grid[(pupil.pk, channel.pk, kind)] for channel in channels]
        if only_attention and all(c.status is Status.GRANTED for c in cells):
            continue
        rows.append((pupil, cells))
    context = {
        "school_class": school_class,
        "channels": channels,
        "rows": rows,
        "form": form,
        "kind_label": Kind(kind).label,
        "social_media": social_media_in_lessons(school_class, today),
    }
    template = "consent/group_matrix.html"
    if request.htmx:
        template += "#matrix"
    return render(request, template, context)


@staff_view(*VIEW_GROUPS)
def photo_card(request: HttpRequest, class_id) -> HttpResponse:
    """ "Who may I photograph today": per channel, the pupils who may not appear."""
    school_class = _class_or_404(request, class_id)
    today = timezone.localdate()
    pupils = list(selectors.pupils_for(request.school, class_ids=[school_class.pk]))
    channels = list(selectors.channels_for(request.school))
    grid = selectors.consent_grid(request.school, pupils, channels, today, [Kind.IMAGE])

    def image(pupil, channel):
        return grid[(pupil.pk, channel.pk, Kind.IMAGE)]

    # A child not to be photographed or filmed at all comes first (U5: not even made); a
    # safeguarded child may appear nowhere: the card names each once, instead of on every
    # channel's list.
    no_images = selectors.not_to_photograph(pupils, today)
    blocked = [p for p in pupils if any(image(p, c).status is Status.BLOCKED for c in channels)]
    per_channel = [
        (
            channel,
            [
                (pupil, image(pupil, channel))
                for pupil in pupils
                if pupil not in blocked and not image(pupil, channel).status.allows_publication
            ],
        )
        for channel in channels
    ]
    return render(
        request,
        "consent/photo_card.html",
        {
            "school_class": school_class,
            "not_at_all": [p for p in blocked if p.pk in no_images],
            "blocked": [p for p in blocked if p.pk not in no_images],
            "per_channel": per_channel,
            "today": today,
            "pupil_count": len(pupils),
            "social_media": social_media_in_lessons(school_class, today),
        },
    )


@staff_view(*VIEW_GROUPS)
def pupil_detail(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil = _pupil_or_404(request, pupil_id)
    today = timezone.localdate()
    channels = list(selectors.channels_for(request.school))
    grid = selectors.consent_grid(request.school, [pupil], channels, today)
    # Need to know: who of the parents decided what is for management and the privacy
    # contact (a teacher needs the status, also in a custody dispute); reading it, or why a
    # child is safeguarded, is on the audit trail.
    show_history = request.access.can(C.VIEW_CONSENT_HISTORY)
    flags = list(selectors.active_flags(pupil))
    show_reasons = request.access.can(C.VIEW_FLAG_REASONS)
    services.pupil_opened(
        pupil=pupil,
        by=request.user,
        history=show_history,
        flag_reasons=show_reasons and any(f.reason for f in flags),
    )
    table = [
        (channel, [grid[(pupil.pk, channel.pk, k)] for k in selectors.KINDS])
        for channel in channels
    ]
    return render(
        request,
        "consent/pupil_detail.html",
        {
            "pupil": pupil,
            "table": table,
            "kinds": selectors.KINDS,
            "history": selectors.history_for(pupil) if show_history else None,
            "one_off_history": one_off_history(pupil) if show_history else None,
            "guardianships": pupil.guardianships.select_related("guardian").order_by(
                "ended_on", "position"
            ),
            "flags": flags,
            "flag_form": FlagForm(),
            "can_record": request.access.can(C.RECORD_CONSENT),
            "can_flag": request.access.can(C.SET_FLAGS),
            "show_reasons": show_reasons,
            "can_audit": request.access.can(C.VIEW_AUDIT),
        },
    )


def _deciders(pupil, today) -> list[tuple[str, str]]:
    if age_on(pupil.date_of_birth, today) >= AGE_OF_CONSENT:
        return [(SELF, _("The pupil (16 or older)"))]
    return [
        (str(ship.guardian.public_id), ship.guardian.name)
        for ship in pupil.guardianships.current()
        .select_related("guardian")
        .filter(parental_authority=True)
    ]


@staff_view(C.RECORD_CONSENT)
def paper_form(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil = _pupil_or_404(request, pupil_id)
    today = timezone.localdate()
    channels = list(selectors.channels_for(request.school))
    form = PaperFormForm(
        request.POST or None,
        deciders=_deciders(pupil, today),
        channels=channels,
        texts=selectors.consent_texts(request.school),
    )
    if request.method == "POST" and form.is_valid():
        decider = form.cleaned_data["decider"]
        guardian = None
        if decider != SELF:
            # The service checks the guardianship on the decision date; this only finds her.
            guardian = get_object_or_404(
                Guardian.objects.filter(guardianships__pupil=pupil).distinct(), public_id=decider
            )
        choices = [services.Choice(ch, kind, yes) for ch, kind, yes in form.answers()]
        try:
            created = record_consent(
                pupil=pupil,
                choices=choices,
                guardian=guardian,
                by=request.user,
                method=ConsentRecord.Method.PAPER,
                on=form.cleaned_data["decided_on"],
                consent_text=(
                    services.consent_text_version(request.school, form.cleaned_data["text_version"])
                    if form.cleaned_data["text_version"]
                    else None
                ),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Paper form saved: %(count)d decision(s) recorded.") % {"count": len(created)},
            )
            return redirect("consent:pupil", brin=request.school.brin, pupil_id=pupil.public_id)
    return render(request, "consent/paper_form.html", {"pupil": pupil, "form": form})


@staff_view(C.SET_FLAGS)
@require_POST
def flag_set(request: HttpRequest, pupil_id) -> HttpResponse:
    pupil = _pupil_or_404(request, pupil_id)
    form = FlagForm(request.POST)
    if form.is_valid():
        try:
            set_flag(
                pupil=pupil,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                on=timezone.localdate(),
            )
            messages.success(request, _("Flag set. The pupil will not be published."))
        except DomainError as error:
            messages.error(request, error.message)
    return redirect("consent:pupil", brin=request.school.brin, pupil_id=pupil.public_id)


@staff_view(C.SET_FLAGS)
@require_POST
def flag_lift(request: HttpRequest, pupil_id, flag_id) -> HttpResponse:
    pupil = _pupil_or_404(request, pupil_id)
    flag = get_object_or_404(PupilFlag, pupil=pupil, public_id=flag_id)
    try:
        services.flag_lift(flag=flag, by=request.user, on=timezone.localdate())
        messages.success(request, _("Flag lifted."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("consent:pupil", brin=request.school.brin, pupil_id=pupil.public_id)


@staff_view(C.RUN_CAMPAIGN)
def campaign(request: HttpRequest) -> HttpResponse:
    """The round's state, and before anything is sent: how many mails go out now and what
    the first of them says. Sending takes the number shown; if it changed meanwhile (a
    parent answered), the page is shown again instead."""
    now = timezone.now()
    year = school_year_start(timezone.localdate(now))
    current = ConsentCampaign.objects.filter(school=request.school, school_year=year).first()
    due, waiting = selectors.campaign_mails_due(request.school, current, now)
    if request.method == "POST":
        if request.POST.get("aantal") != str(len(due)):
            messages.error(request, _("The number of mails changed meanwhile; look again."))
            return redirect("consent:campaign", brin=request.school.brin)
        try:
            current = services.campaign_start(school=request.school, by=request.user)
            report = services.campaign_send(campaign=current, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Sent %(i)d invitation(s) and %(r)d reminder(s).")
                % {"i": report.invitations, "r": report.reminders},
            )
            if report.failed:
                messages.error(
                    request,
                    _("%(f)d mail(s) could not be sent; try again later.") % {"f": report.failed},
                )
        return redirect("consent:campaign", brin=request.school.brin)
    mails = (
        CampaignMail.objects.filter(campaign=current).values("kind").annotate(n=Count("id"))
        if current
        else []
    )
    preview = (
        services.campaign_message(due[0], request.school, timezone.localdate(now)) if due else None
    )
    return render(
        request,
        "consent/campaign.html",
        {
            "campaign": current,
            "year_label": school_year_label(year),
            "due_count": len(due),
            "waiting": waiting,
            "preview": preview,
            "mail_counts": {row["kind"]: row["n"] for row in mails},
        },
    )


@staff_view(C.MANAGE_CHANNELS)
def settings_page(request: HttpRequest) -> HttpResponse:
    school = request.school
    text = services.current_consent_text(school)
    return render(
        request,
        "consent/settings.html",
        {
            "channels": selectors.channels_for(school, include_retired=True),
            "add_form": ChannelForm(prefix="add"),
            "text": text,
            "text_form": ConsentTextForm(initial={"body": text.body}),
            "settings_form": SchoolSettingsForm(
                initial={
                    "consent_lapses_yearly": school.consent_lapses_yearly,
                    "closed_channel_notice": school.closed_channel_notice,
                }
            ),
            "sign_in_form": SignInSettingsForm(
                initial={
                    "second_factor_required": school.second_factor_required,
                    "school_account_only": school.school_account_only,
                }
            ),
            "school_account_available": served_by_any(school),
        },
    )


def _back_to_settings(request):
    return redirect("consent:settings", brin=request.school.brin)


@staff_view(C.MANAGE_CHANNELS)
@require_POST
def channel_add(request: HttpRequest) -> HttpResponse:
    form = ChannelForm(request.POST, prefix="add")
    if form.is_valid():
        try:
            services.channel_add(school=request.school, by=request.user, **form.cleaned_data)
            messages.success(request, _("Channel added."))
        except DomainError as error:
            messages.error(request, error.message)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return _back_to_settings(request)


@staff_view(C.MANAGE_CHANNELS)
def channel_edit(request: HttpRequest, channel_id) -> HttpResponse:
    channel = get_object_or_404(
        selectors.channels_for(request.school, include_retired=True), public_id=channel_id
    )
    form = ChannelForm(request.POST or None, instance=channel)
    if request.method == "POST":
        if "retire" in request.POST:
            services.channel_retire(
                channel=channel,
                retire=request.POST["retire"] == "1",
                by=request.user,
                on=timezone.localdate(),
            )
            messages.success(request, _("Channel updated."))
            return _back_to_settings(request)
        if form.is_valid():
            channel.refresh_from_db()  # the form wrote to the instance; the service decides
            services.channel_update(channel=channel, by=request.user, **form.cleaned_data)
            messages.success(request, _("Channel updated."))
            return _back_to_settings(request)
    return render(request, "consent/channel_edit.html", {"channel": channel, "form": form})


@staff_view(C.MANAGE_CHANNELS)
@require_POST
def consent_text_publish(request: HttpRequest) -> HttpResponse:
    form = ConsentTextForm(request.POST)
    if form.is_valid():
        try:
            text = services.consent_text_publish(
                school=request.school, by=request.user, **form.cleaned_data
            )
            messages.success(
                request,
                _("Version %(version)d of the consent text is published.")
                % {"version": text.version},
            )
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("The consent text cannot be empty."))
    return _back_to_settings(request)


def _save_settings(request: HttpRequest, form_class) -> HttpResponse:
    form = form_class(request.POST)
    if form.is_valid():
        try:
            services.school_settings_update(
                school=request.school, by=request.user, **form.cleaned_data
            )
            messages.success(request, _("Settings saved."))
        except DomainError as error:
            messages.error(request, error.message)
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return _back_to_settings(request)


@staff_view(C.MANAGE_CHANNELS)
@require_POST
def school_settings(request: HttpRequest) -> HttpResponse:
    return _save_settings(request, SchoolSettingsForm)


@staff_view(C.MANAGE_CHANNELS)
@require_POST
def sign_in_settings(request: HttpRequest) -> HttpResponse:
    return _save_settings(request, SignInSettingsForm)


@staff_view(former=True)
def my_consent(request: HttpRequest) -> HttpResponse:
    """A staff member's own choices: may the school publish their image, voice and name?
    After leaving, whoever ever answered here keeps this page to see and withdraw."""
    school = request.school
    if request.former and not selectors.staff_latest_answers(school=school, user=request.user):
        raise Http404
    channels = list(selectors.channels_for(school))
    if request.method == "POST":
        choices = [
            services.Choice(channel, kind, decision)
            for channel, kind, decision in choices_from_post(request.POST, channels)
        ]
        try:
            created = record_staff_consent(
                school=school,
                user=request.user,
                choices=choices,
                by=request.user,
                on=timezone.localdate(),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Your choices have been saved.") if created else _("Nothing changed.")
            )
        return redirect("consent:my_consent", brin=school.brin)
    mine = selectors.staff_latest_answers(school=school, user=request.user)
    return render(
        request,
        "consent/my_consent.html",
        {
            "rows": choice_rows(channels, mine),
            "text": services.current_consent_text(school),
            "history": sorted(mine.values(), key=lambda r: (r.decided_on, r.pk), reverse=True),
        },
    )
