"""The publication workflow and the checks that gate approval (protocol Uitgangspunt 5 and 6,
A.2, A.5, B.1, B.3, C.1, C.3, C.4).

draft -> submitted -> approved | sent back -> published -> withdrawn. A finding with severity
"error" blocks approval; a "warning" needs the approver's explicit acknowledgement.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from beeldwacht.domain.clearance import Clearance, Outcome


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SENT_BACK = "sent_back"
    APPROVED = "approved"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


TRANSITIONS: dict[State, frozenset[State]] = {
    State.DRAFT: frozenset({State.SUBMITTED}),
    State.SENT_BACK: frozenset({State.SUBMITTED}),
    # The author may pull a submission back to change it before anyone decided.
    State.SUBMITTED: frozenset({State.APPROVED, State.SENT_BACK, State.DRAFT}),
    State.APPROVED: frozenset({State.PUBLISHED, State.SENT_BACK}),
    State.PUBLISHED: frozenset({State.WITHDRAWN}),
    State.WITHDRAWN: frozenset(),
}


def may_move(current: State, target: State) -> bool:
    return target in TRANSITIONS[current]


@dataclass(frozen=True)
class Check:
    code: str  # the app turns code and params into a Dutch sentence
    severity: str  # "error" blocks approval; "warning" must be acknowledged
    article: str
    params: tuple[tuple[str, str], ...] = ()
    where: str = ""  # "text:12-18", "media:<id>" or "" for the whole publication


@dataclass(frozen=True)
class ChannelFact:
    key: str
    name: str
    external: bool  # external news or trade media (U6, C.1)


def media_checks(
    clearances: Iterable[tuple[str, str, ChannelFact, Clearance]],
    names: Mapping[str, str] | None = None,
) -> list[Check]:
    """(media id, media name, channel, clearance) -> findings. Blocked and unreviewed media
    stop approval; blurred faces are worth knowing but are the system doing its job. `names`
    (face id -> "Sanne (groep 5)") lets the finding say whom it blurs."""
    names = names or {}
    checks = []
    for media_id, name, channel, clearance in clearances:
        params = (("media", name), ("channel", channel.name))
        where = f"media:{media_id}"
        if clearance.outcome is Outcome.BLOCKED:
            checks.append(Check("media_blocked", "error", "A.5", params, where))
        elif clearance.outcome is Outcome.NEEDS_REVIEW:
            checks.append(Check("media_unreviewed", "error", "A.5", params, where))
        elif clearance.outcome is Outcome.BLUR:
            checks.append(
                Check(
                    "media_blurred",
                    "warning",
                    "A.5",
                    params
                    + (("count", str(len(clearance.blur))),)
                    + (
                        (
                            (
                                "people",
                                ", ".join(sorted(names[f] for f in clearance.blur if f in names)),
                            ),
                        )
                        if any(f in names for f in clearance.blur)
                        else ()
                    ),
                    where,
                )
            )
        if clearance.mute:
            checks.append(Check("media_muted", "warning", "A.5", params, where))
    return checks


def former_pupil_checks(shown: Iterable[tuple[str, str, ChannelFact, int]]) -> list[Check]:
    """(media id, media name, channel, former pupils left unblurred there) -> findings. A
    pupil who has left school is not reused in new publications, whatever they consented to
    while at school (DOMAIN 4). A former pupil blurred anyway (no consent) is no finding."""
    return [
        Check(
            "media_former_pupil",
            "error",
            "U5, A.5",
            (("media", name), ("channel", channel.name), ("count", str(count))),
            f"media:{media_id}",
        )
        for media_id, name, channel, count in shown
        if count
    ]


def approval_checks(
    channels: Iterable[ChannelFact],
    *,
    approver_is_management: bool,
    approver_is_author: bool,
) -> list[Check]:
    """Who may approve: external news and trade media need the school's management, and
    nobody approves their own item for them (U6, C.1)."""
    external = [c for c in channels if c.external]
    checks = []
    for channel in external:
        if not approver_is_management:
            checks.append(
                Check("external_needs_management", "error", "U6, C.1", (("channel", channel.name),))
            )
        elif approver_is_author:
            checks.append(
                Check("external_not_own", "error", "U6, C.1", (("channel", channel.name),))
            )
    return checks


AFFILIATION_WORDS = (
    "medewerker van",
    "werkzaam bij",
    "werk bij",
    "werk op",
    "leerkracht op",
    "leerkracht bij",
)
DISCLAIMER_WORDS = ("persoonlijke mening", "op persoonlijke titel", "eigen mening")


def personal_title_checks(
    text: str, *, personal_title: bool, school_names: Iterable[str]
) -> list[Check]:
    """A staff member writing on personal title about the school says they work there (B.1,
    C.3) and that the opinion is their own, apart from the school's (C.4)."""
    if not personal_title:
        return []
    lowered = text.lower()
    if not any(name.lower() in lowered for name in school_names if name):
        return []
    checks = []
    if not any(word in lowered for word in AFFILIATION_WORDS):
        checks.append(Check("missing_affiliation", "warning", "B.1, C.3"))
    if not any(word in lowered for word in DISCLAIMER_WORDS):
        checks.append(Check("missing_disclaimer", "warning", "C.4"))
    return checks


def blocks_approval(checks: Iterable[Check]) -> bool:
    return any(c.severity == "error" for c in checks)
