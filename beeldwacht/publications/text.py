"""Checking a publication's text against the roster, the consent registry and the term list
(rules in domain.text_checks), and saying every finding in plain Dutch."""

from datetime import date
from functools import cache
from importlib.resources import files

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beeldwacht.consent.models import Channel, Kind
from beeldwacht.consent.selectors import consent_grid, pupils_for, staff_consent_grid
from beeldwacht.domain.consent import Status
from beeldwacht.domain.text_checks import (
    NO_CONTEXT,
    Finding,
    NameContext,
    RosterName,
    check_text,
)
from beeldwacht.people.models import Pupil
from beeldwacht.publications.pii import pii_spans
from beeldwacht.schools.models import Membership, School


@cache
def sensitive_terms() -> dict[str, tuple[str, ...]]:
    terms: dict[str, list[str]] = {}
    category = None
    for line in (
        (files("beeldwacht.publications") / "data" / "sensitive_nl.txt")
        .read_text("utf-8")
        .splitlines()
    ):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1]
            continue
        terms.setdefault(category, []).append(line)
    return {k: tuple(v) for k, v in terms.items()}


@cache
def name_words() -> frozenset[str]:
    text = (files("beeldwacht.publications") / "data" / "name_words_nl.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def roster_names(school: School) -> tuple[list[RosterName], dict[str, object]]:
    pupils = list(pupils_for(school))
    names = [
        RosterName(
            f"pupil:{p.pk}",
            p.las_number,
            p.first_name,
            p.infix,
            p.last_name,
            p.school_class.name if p.school_class else "",
        )
        for p in pupils
    ]
    # Former pupils too, by full name only: naming them is a finding of its own.
    names += [
        RosterName(f"pupil:{p.pk}", p.las_number, p.first_name, p.infix, p.last_name, left=True)
        for p in Pupil.objects.filter(school=school, left_on__isnull=False)
    ]
    users = {
        m.user
        for m in Membership.objects.filter(school=school, left_on__isnull=True).select_related(
            "user"
        )
    }
    for user in users:
        if user.first_name and user.last_name:
            names.append(
                RosterName(f"staff:{user.pk}", user.email, user.first_name, "", user.last_name)
            )
    return names, {"pupils": pupils, "staff": list(users)}


def text_findings_by_channel(
    school: School,
    channels: list[Channel],
    text: str,
    *,
    on: date,
    context: NameContext = NO_CONTEXT,
) -> dict[int, list[Finding]]:
    """Findings per channel id. The roster, the consent grid and the PII finder run once for
    all channels; only the consent each name needs differs per channel."""
    names, people = roster_names(school)
    pii = pii_spans(text)
    status: dict[tuple[str, int], Status] = {}
    for (pupil_id, channel_id, _k), decision in consent_grid(
        school, people["pupils"], channels, on, [Kind.NAME]
    ).items():
        status[(f"pupil:{pupil_id}", channel_id)] = decision.status
    for (user_id, channel_id, _k), decision in staff_consent_grid(
        school, people["staff"], channels, on, [Kind.NAME]
    ).items():
        status[(f"staff:{user_id}", channel_id)] = decision.status
    return {
        channel.pk: check_text(
            text,
            roster=names,
            name_status={key: s for (key, cid), s in status.items() if cid == channel.pk},
            channel_name=channel.name,
            terms=sensitive_terms(),
            pii=pii,
            context=context,
            common_words=name_words(),
        )
        for channel in channels
    }


def text_findings(
    school: School,
    channel: Channel,
    text: str,
    *,
    on: date,
    context: NameContext = NO_CONTEXT,
) -> list[Finding]:
    return text_findings_by_channel(school, [channel], text, on=on, context=context)[channel.pk]


def explain(finding: Finding) -> str:
    """The finding in plain Dutch (gettext: the domain itself never translates)."""
    params = dict(finding.params)
    if finding.code == "name_without_consent":
        reason = {
            Status.REFUSED.value: _("refused"),
            Status.NONE.value: _("no answer"),
            Status.DISPUTED.value: _("the parents disagree"),
            Status.BLOCKED.value: _("may never be published"),
            Status.REASK.value: _("must be asked again"),
        }.get(params["status"], params["status"])
        return _(
            "The text names %(name)s; there is no consent for their name in text on "
            "%(channel)s (%(reason)s)."
        ) % {"name": params["name"], "channel": params["channel"], "reason": reason}
    if finding.code == "ambiguous_name":
        return (
            _("'%(name)s' could be more than one pupil: add the last name or leave the name out.")
            % params
        )
    if finding.code == "unknown_person":
        return (
            _(
                "'%(name)s' looks like the name of someone outside the school: "
                "did they give consent?"
            )
            % params
        )
    if finding.code == "pupil_left":
        return (
            _("%(name)s has left the school: former pupils are not named in new publications.")
            % params
        )
    if finding.code == "sensitive_near_name":
        return _("'%(word)s' next to a name is sensitive information.") % params
    kinds = {
        "phone": _("A phone number"),
        "email": _("An e-mail address"),
        "address": _("An address"),
        "bsn": _("A citizen service number (BSN)"),
        "iban": _("A bank account number"),
        "birthdate": _("A date of birth"),
    }
    return _("%(what)s in the text: confidential information does not belong in a publication.") % {
        "what": kinds.get(finding.kind, finding.kind)
    }


def explain_check(check) -> str:
    """A publication check (domain.publication.Check) in plain Dutch."""
    params = dict(check.params)
    if check.code.startswith("text_"):
        from beeldwacht.domain.text_checks import Finding

        return explain(
            Finding(
                params.get("kind", ""),
                params.get("text", ""),
                0,
                0,
                check.severity,
                None,
                check.article,
                check.code[5:],
                check.params,
            )
        )
    if check.code == "media_blurred" and "people" in params:
        return (
            _(
                "Recognisable on %(media)s: %(people)s. No consent for %(channel)s, so blurred "
                "there."
            )
            % params
        )
    if check.code == "media_blurred":
        count = int(params["count"])
        return ngettext(
            "On %(channel)s, %(count)s face on %(media)s will be blurred.",
            "On %(channel)s, %(count)s faces on %(media)s will be blurred.",
            count,
        ) % {**params, "count": count}
    messages = {
        "media_blocked": _(
            "%(media)s may never appear on %(channel)s: a child on it may not be published."
        ),
        "media_unreviewed": _("%(media)s has not been reviewed for %(channel)s yet."),
        "media_muted": _("On %(channel)s, %(media)s goes out without sound."),
        "media_former_pupil": _(
            "%(media)s shows a pupil who has left the school, recognisably on %(channel)s: "
            "former pupils are not reused in new publications. Leave the photo out."
        ),
        "external_needs_management": _(
            "%(channel)s is external news or trade media: management must approve."
        ),
        "external_not_own": _(
            "%(channel)s is external media: someone else than the author must approve."
        ),
        "missing_affiliation": _("On personal title about the school: say that you work there."),
        "missing_disclaimer": _(
            "On personal title: say that this is your own opinion, apart from the school's."
        ),
    }
    return messages[check.code] % params if check.code in messages else check.code
