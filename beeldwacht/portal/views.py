"""The parent portal (formal "u", phone first): a guardian sees only their own children,
gives or withdraws consent per channel and kind with the consent text in view, sees the
history and downloads a receipt. Withdrawing is the same form as giving (AVG art. 7.3)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beeldwacht.activities.selectors import accepted_by, current_rules, guest_of
from beeldwacht.activities.services import rules_accept
from beeldwacht.common.errors import DomainError
from beeldwacht.common.ids import uuid_or_none
from beeldwacht.consent import selectors, services
from beeldwacht.consent.forms import choice_rows, choices_from_post
from beeldwacht.consent.models import ConsentRecord, Kind, PupilFlag
from beeldwacht.media.models import GuestConsent
from beeldwacht.media.selectors import guest_answers, one_off_answers_of, one_offs_about
from beeldwacht.recordings.selectors import questions_about
from beeldwacht.takedowns.actions import choose_no_images, record_consent, record_guest_consent


def _guardianship_or_404(request: HttpRequest, pupil_id):
    ship = (
        selectors.guardianships_of_user(request.user, former=True)
        .filter(pupil__public_id=pupil_id)
        .first()
    )
    if ship is None:
        raise Http404
    return ship


def _own_pupil_or_404(request: HttpRequest, pupil_id):
    """The pupil record of the signed-in pupil herself, from 16."""
    pupil = (
        selectors.own_pupil_records(request.user, on=timezone.localdate())
        .filter(public_id=pupil_id)
        .first()
    )
    if pupil is None:
        raise Http404
    return pupil


def _save_choices(request: HttpRequest, pupil, guardian, channels) -> list | None:
    """Record the posted choices of one decider (a guardian, or the pupil herself with
    `guardian` None). None, with the Dutch reason shown, when they were refused."""
    choices = [
        services.Choice(channel, kind, decision)
        for channel, kind, decision in choices_from_post(request.POST, channels)
    ]
    try:
        return record_consent(
            pupil=pupil,
            choices=choices,
            guardian=guardian,
            by=request.user,
            method=ConsentRecord.Method.PORTAL,
            on=timezone.localdate(),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return None


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    ships = list(selectors.guardianships_of_user(request.user, former=True))
    selves = list(selectors.own_pupil_records(request.user, on=timezone.localdate()))
    as_guest = list(guest_of(request.user))
    schools = (
        {ship.pupil.school for ship in ships}
        | {pupil.school for pupil in selves}
        | {participant.activity.school for participant in as_guest}
    )
    return render(
        request,
        "portal/overview.html",
        {
            "guardianships": ships,
            "selves": selves,
            "as_guest": as_guest,
            "schools": sorted(schools, key=lambda school: school.name),
        },
    )


@login_required
def guest(request: HttpRequest, participant_id) -> HttpResponse:
    """Someone at an activity who is not on the roster, signed in by a code sent to the
    address the school invited: gives or refuses their own consent for its photos (U5,
    A.5); an accompanying parent or volunteer also reads and accepts the school's rules for
    staff (Ouders B.3)."""
    participant = guest_of(request.user).filter(public_id=participant_id).first()
    if participant is None:
        raise Http404
    school = participant.activity.school
    channels = list(selectors.channels_for(school))
    if request.method == "POST":
        try:
            if "accept" in request.POST:
                rules_accept(
                    participant=participant,
                    version=int(request.POST.get("version") or 0),
                    by=request.user,
                )
                messages.success(request, _("Thank you: you have accepted the rules."))
            else:
                created = record_guest_consent(
                    participant=participant,
                    choices=[
                        services.Choice(channel, kind, decision)
                        for channel, kind, decision in choices_from_post(request.POST, channels)
                    ],
                    by=request.user,
                    method=GuestConsent.Method.PORTAL,
                    on=timezone.localdate(),
                )
                messages.success(
                    request,
                    _("Your choices have been saved. Thank you.")
                    if created
                    else _("Nothing changed."),
                )
        except DomainError as error:
            messages.error(request, error.message)
        except ValueError:
            messages.error(request, _("The rules have changed; please read them again."))
        return redirect("portal:guest", participant_id=participant.public_id)
    rules = current_rules(school)
    answers = guest_answers(participant)
    return render(
        request,
        "portal/guest.html",
        {
            "participant": participant,
            "activity": participant.activity,
            "rules": rules,
            "accepted": accepted_by(participant, rules),
            "rows": choice_rows(channels, answers),
            "text": services.current_consent_text(school),
            "history": participant.consents.select_related("channel").order_by(
                "-decided_on", "-id"
            ),
        },
    )


@login_required
def myself(request: HttpRequest, pupil_id) -> HttpResponse:
    """A pupil of 16 or older decides herself (UAVG art. 5). Until she answers, her
    guardians' answers stay in force; the page says so. Informal "je", as to staff."""
    pupil = _own_pupil_or_404(request, pupil_id)
    channels = list(selectors.channels_for(pupil.school))
    mine = selectors.latest_answers(pupil=pupil, guardian=None)
    if request.method == "POST":
        created = _save_choices(request, pupil, None, channels)
        if created is not None:
            messages.success(
                request, _("Your choices have been saved.") if created else _("Nothing changed.")
            )
        return redirect("portal:myself", pupil_id=pupil.public_id)
    return render(
        request,
        "portal/myself.html",
        {
            "pupil": pupil,
            "rows": choice_rows(channels, mine),
            "text": services.current_consent_text(pupil.school),
            "answered": bool(mine),
            "history": selectors.history_for(pupil).filter(decided_by_self=True)[:50],
        },
    )


@login_required
def child(request: HttpRequest, pupil_id) -> HttpResponse:
    ship = _guardianship_or_404(request, pupil_id)
    pupil, guardian, school = ship.pupil, ship.guardian, ship.pupil.school
    channels = list(selectors.channels_for(school))
    if request.method == "POST":
        if not ship.parental_authority:
            raise Http404
        created = _save_choices(request, pupil, guardian, channels)
        if created is not None:
            if any(not record.decision for record in created):
                # What a "no" does to what is already out (protocol A.4), said when it counts.
                messages.success(
                    request,
                    _(
                        "Your choices have been saved. Where %(name)s is already published "
                        "against a 'no', Beeldwacht corrects the school's own pages at once "
                        "and the school asks others to remove it; print cannot be taken back. "
                        "See 'Where is %(name)s published?'."
                    )
                    % {"name": pupil.first_name},
                )
            elif created:
                messages.success(request, _("Your choices have been saved. Thank you."))
            else:
                messages.info(request, _("Nothing changed."))
        return redirect("portal:child", pupil_id=pupil.public_id)

    # Only this guardian's own answers are shown, never the effective status: that could
    # reveal a safeguarding flag or the other parent's choices to someone it must not reach.
    siblings = _siblings(request, ship)
    copied = next((s for s in siblings if str(s.pupil.public_id) == request.GET.get("zoals")), None)
    source = copied or ship
    rows = choice_rows(
        channels, selectors.latest_answers(pupil=source.pupil, guardian=source.guardian)
    )
    return render(
        request,
        "portal/child.html",
        {
            "ship": ship,
            "pupil": pupil,
            "rows": rows,
            "siblings": [s.pupil for s in siblings],
            "no_images": pupil.flags.filter(
                kind=PupilFlag.Kind.NO_IMAGES, lifted_on__isnull=True
            ).first(),
            "copied_from": copied.pupil if copied else None,
            "text": services.current_consent_text(school),
            "history": selectors.history_for(pupil).filter(guardian=guardian)[:50],
            "one_offs": [
                (asked, one_off_answers_of(asked, ship)) for asked in one_offs_about(pupil)
            ],
            "recording_questions": [
                (asked, asked.answers.filter(pupil=pupil, guardian=guardian).exists())
                for asked in questions_about(pupil)
            ],
        },
    )


def _siblings(request, ship) -> list:
    """The guardian's other children at the same school (the same channels) whom she decides
    for: their answers can be copied in one tap ('the same answers as for Daan')."""
    if not ship.parental_authority:
        return []
    return [
        other
        for other in selectors.guardianships_of_user(request.user)
        if other.pupil.school_id == ship.pupil.school_id
        and other.pupil_id != ship.pupil_id
        and other.parental_authority
    ]


@login_required
def export(request: HttpRequest, pupil_id) -> HttpResponse:
    """Everything the school holds about her child, in one ZIP (AVG art. 15)."""
    from beeldwacht.actions.inzage import child_export

    ship = _guardianship_or_404(request, pupil_id)
    response = HttpResponse(
        child_export(ship=ship, by=request.user), content_type="application/zip"
    )
    name = f"beeldwacht-{ship.pupil.first_name.lower()}.zip".encode("ascii", "ignore").decode()
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def no_images(request: HttpRequest, pupil_id) -> HttpResponse:
    """Not photographed or filmed at all, also not for internal use (U5), or no longer."""
    ship = _guardianship_or_404(request, pupil_id)
    wanted = request.POST.get("wanted") == "1"
    try:
        changed = choose_no_images(
            ship=ship, wanted=wanted, by=request.user, on=timezone.localdate()
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if changed is not None:
            said = (
                _(
                    "Saved: the school does not photograph or film %(name)s. Where "
                    "%(name)s is already published, the school removes it."
                )
                if wanted
                else _("Saved: your choices per channel apply again for %(name)s.")
            )
            messages.success(request, said % {"name": ship.pupil.first_name})
    return redirect("portal:child", pupil_id=ship.pupil.public_id)


@login_required
def receipt(request: HttpRequest, pupil_id) -> HttpResponse:
    """Proof of what this guardian decided, to print or save as PDF from the browser."""
    ship = _guardianship_or_404(request, pupil_id)
    pupil, guardian = ship.pupil, ship.guardian
    channels = list(selectors.channels_for(pupil.school))
    mine = selectors.latest_answers(pupil=pupil, guardian=guardian)
    rows = [
        (channel, [(Kind(k), mine.get((channel.pk, k))) for k in selectors.KINDS])
        for channel in channels
    ]
    return render(
        request,
        "portal/receipt.html",
        {
            "ship": ship,
            "pupil": pupil,
            "rows": rows,
            "now": timezone.localtime(),
            "history": selectors.history_for(pupil).filter(guardian=guardian),
        },
    )


@login_required
def placements(request: HttpRequest, pupil_id) -> HttpResponse:
    """Where is my child published? Every placement showing or naming the child, and one
    step to ask for removal (a task for the school, and an acknowledgement mail)."""
    ship = _guardianship_or_404(request, pupil_id)
    return _placements_page(
        request, ship.pupil, ship.guardian, may_ask=ship.parental_authority, ship=ship
    )


@login_required
def my_placements(request: HttpRequest, pupil_id) -> HttpResponse:
    """Where am I published? The same page for a pupil of 16 or older, who asks for removal
    herself ("je", as on her own choices page)."""
    pupil = _own_pupil_or_404(request, pupil_id)
    return _placements_page(request, pupil, None, may_ask=True, ship=None)


def _placements_page(request: HttpRequest, pupil, guardian, *, may_ask: bool, ship):
    from beeldwacht.publications.selectors import placements_showing
    from beeldwacht.takedowns.models import Placement
    from beeldwacht.takedowns.requests import takedowns_request

    if request.method == "POST":
        if not may_ask:
            raise Http404
        placement_id = uuid_or_none(request.POST.get("placement", ""))
        placement = Placement.objects.filter(
            publication__school=pupil.school, public_id=placement_id
        ).first()
        if placement is None:
            raise Http404
        try:
            takedowns_request(
                pupil=pupil,
                placement=placement,
                guardian=guardian,
                note=request.POST.get("note", ""),
                by=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Your request has been sent to the school. You will receive an e-mail.")
            )
        return redirect(request.path)
    return render(
        request,
        "portal/placements.html",
        {
            "ship": ship,
            "own": guardian is None,
            "may_ask": may_ask,
            "pupil": pupil,
            "rows": placements_showing(pupil, guardian),
        },
    )


PARENT_CHANNEL = "parent_app"


def _feed(ships) -> list:
    """What the parent app shows a parent with these guardianships: publications on the
    parent channel of their children's schools, for their children's groups (or the whole
    school)."""
    from beeldwacht.publications.serving import published

    by_school: dict = {}
    for ship in ships:
        by_school.setdefault(ship.pupil.school, set()).add(ship.pupil.school_class_id)
    entries = []
    for school, class_ids in by_school.items():
        for publication in published(school, PARENT_CHANNEL).prefetch_related("activity__classes")[
            :30
        ]:
            if publication.activity is not None:
                groups = {c.pk for c in publication.activity.classes.all()}
                if not groups & class_ids:
                    continue
            entries.append(publication)
    return sorted(entries, key=lambda p: p.published_at, reverse=True)


@login_required
def news(request: HttpRequest) -> HttpResponse:
    from beeldwacht.publications.rendering import render_markdown
    from beeldwacht.publications.serving import shown_media

    ships = list(selectors.guardianships_of_user(request.user))
    feed = _feed(ships)
    shown = shown_media(feed, PARENT_CHANNEL)
    entries = [(p, render_markdown(p.body), *shown[p.pk]) for p in feed]
    # Protocol B.4 under the feed, in each school's own words (a family may have two).
    notices = sorted({ship.pupil.school.closed_channel_notice for ship in ships})
    return render(request, "portal/news.html", {"entries": entries, "notices": notices})


@login_required
def news_media(request: HttpRequest, publication_id, item_id, kind) -> HttpResponse:
    from beeldwacht.publications.selectors import attached_item
    from beeldwacht.publications.serving import media_response

    publication = next(
        (
            p
            for p in _feed(selectors.guardianships_of_user(request.user))
            if str(p.public_id) == str(publication_id)
        ),
        None,
    )
    if publication is None:
        raise Http404
    response = media_response(attached_item(publication, item_id), PARENT_CHANNEL, kind)
    if response is None:
        raise Http404
    return response
