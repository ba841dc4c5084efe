"""May this photo go out on this channel, and which faces must be blurred first?

DOMAIN 3 and protocol A.5: every recognisable person needs consent for the channel. The fast
path (DOMAIN 3) is an exception review: for an activity and a channel the reviewer is shown
the few people without consent, marks only their faces, and confirms the photo. A review
therefore records *which* exceptions the reviewer looked for; when consent later changes so
that someone else lacks it too, the review no longer covers the photo and it must be looked
at again ("recomputed when consent changes").
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from beeldwacht.domain.consent import Status


class Outcome(StrEnum):
    CLEAR = "clear"  # may go out as it is
    BLUR = "blur"  # may go out with the listed faces blurred
    NEEDS_REVIEW = "needs_review"  # nobody has checked it for this channel (or consent changed)
    BLOCKED = "blocked"  # never, not even blurred (safeguarding)

    @property
    def publishable(self) -> bool:
        return self in (Outcome.CLEAR, Outcome.BLUR)


@dataclass(frozen=True)
class FaceFact:
    key: str
    person: str | None = None  # "pupil:12" or "staff:5" once someone said who it is
    not_recognisable: bool = False
    outsider: bool = False  # someone not on the roster: never consented here

    @property
    def unidentified(self) -> bool:
        """Nobody said who this is. After a fast review: one of the activity's participants
        who had consent then, so any of them may be this face."""
        return self.person is None and not self.not_recognisable and not self.outsider


@dataclass(frozen=True)
class Clearance:
    outcome: Outcome
    blur: tuple[str, ...] = ()  # face keys to blur (also shown before review, as a preview)
    blocked_by: tuple[str, ...] = ()  # persons whose safeguarding blocks the item
    look_for: tuple[str, ...] = ()  # persons without consent the last review did not cover
    mute: tuple[str, ...] = ()  # audible persons without sound consent: the sound must go

    @property
    def stays_up(self) -> bool:
        """May an item that was already published stay on the pages Beeldwacht serves? Also
        while it waits for a new review after a consent change: then every face nobody
        identified is blurred too (`blur` of NEEDS_REVIEW), so whoever lost consent cannot
        show, and the photo stays up without singling anyone out (issue: photos vanished)."""
        return self.outcome.publishable or self.outcome is Outcome.NEEDS_REVIEW


def clearance(
    faces: Iterable[FaceFact],
    statuses: Mapping[str, Status],
    *,
    exceptions: frozenset[str],
    reviewed_for: frozenset[str] | None,
    audible: Iterable[str] = (),
    sound_statuses: Mapping[str, Status] | None = None,
    sound_only: bool = False,
) -> Clearance:
    """`statuses`: consent status per person for this channel (image). `exceptions`: the
    people of the activity who lack consent for this channel now. `reviewed_for`: the
    exceptions the last review of this item for this channel looked for, or None.

    - A face of someone whose status is BLOCKED blocks the item, blurred or not.
    - A face of someone without consent (any status but GRANTED), or of an outsider, is
      blurred; a face marked not recognisable is not.
    - Unmarked faces are covered by the review: the reviewer confirmed that none of the
      exceptions is among them. Without a review, or with exceptions the review did not look
      for, the item needs review: unmarked faces count as no consent until then.
    - Sound (video and recordings): see `sound_may_go_out`. A recording that is only sound
      is blocked when someone audible lacks consent; a video loses its sound track.
    """
    result = _faces_clearance(faces, statuses, exceptions=exceptions, reviewed_for=reviewed_for)
    mute = sound_may_go_out(audible, sound_statuses or {})
    if sound_only and mute:
        return Clearance(Outcome.BLOCKED, (), mute, result.look_for, mute)
    return Clearance(result.outcome, result.blur, result.blocked_by, result.look_for, mute)


def _faces_clearance(
    faces: Iterable[FaceFact],
    statuses: Mapping[str, Status],
    *,
    exceptions: frozenset[str],
    reviewed_for: frozenset[str] | None,
) -> Clearance:
    faces = list(faces)
    blocked = sorted(
        {f.person for f in faces if f.person and statuses.get(f.person) is Status.BLOCKED}
    )
    marked = {f.person for f in faces if f.person}
    blur = tuple(
        f.key
        for f in faces
        if f.outsider
        or (f.person is not None and statuses.get(f.person, Status.NONE) is not Status.GRANTED)
    )
    if blocked:
        return Clearance(Outcome.BLOCKED, blur, tuple(blocked))
    unmarked = [f.key for f in faces if f.unidentified]
    # A reviewed photo in which every face is named (or unrecognisable, or an outsider)
    # cannot hide a new exception: there is nobody left to look for (issue #8: a portrait of
    # someone else went back to review).
    look_for = (
        tuple(sorted(exceptions - (reviewed_for or frozenset()) - marked)) if unmarked else ()
    )
    if reviewed_for is None or look_for:
        # As a preview, the faces nobody has named yet would be blurred too.
        return Clearance(Outcome.NEEDS_REVIEW, blur + tuple(unmarked), (), look_for)
    return Clearance(Outcome.BLUR if blur else Outcome.CLEAR, blur)


def sound_may_go_out(audible: Iterable[str], statuses: Mapping[str, Status]) -> tuple[str, ...]:
    """The audible people without `sound` consent (protocol A.5: "afgebeeld of hoorbaar").
    Empty means the sound may go out; otherwise a video goes out without its sound track,
    and a recording that is only sound does not go out at all."""
    return tuple(sorted(p for p in set(audible) if statuses.get(p) is not Status.GRANTED))
