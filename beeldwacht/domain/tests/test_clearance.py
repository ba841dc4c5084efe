import pytest

from beeldwacht.domain.clearance import FaceFact, Outcome, clearance
from beeldwacht.domain.consent import Status as S

SANNE, DAAN, LOTTE, JUF = "pupil:1", "pupil:2", "pupil:3", "staff:9"
STATUSES = {
    SANNE: S.GRANTED,
    DAAN: S.REFUSED,
    LOTTE: S.BLOCKED,
    JUF: S.GRANTED,
    "pupil:4": S.DISPUTED,
    "pupil:5": S.NONE,
    "pupil:6": S.REASK,
}
EXCEPTIONS = frozenset({DAAN, LOTTE, "pupil:4", "pupil:5", "pupil:6"})


def face(key, person=None, **kwargs):
    return FaceFact(key, person, **kwargs)


@pytest.mark.parametrize(
    ("faces", "reviewed_for", "outcome", "blur"),
    [
        # reviewed, nobody without consent marked: clear
        ([face("a"), face("b", SANNE)], EXCEPTIONS, Outcome.CLEAR, ()),
        # no faces at all, reviewed: clear
        ([], EXCEPTIONS, Outcome.CLEAR, ()),
        # a refusal is blurred
        ([face("a", SANNE), face("b", DAAN)], EXCEPTIONS, Outcome.BLUR, ("b",)),
        # disputed, no answer and re-ask are blurred just the same
        (
            [face("a", "pupil:4"), face("b", "pupil:5"), face("c", "pupil:6")],
            EXCEPTIONS,
            Outcome.BLUR,
            ("a", "b", "c"),
        ),
        # a person the school never asked (an outsider) is blurred
        ([face("a", outsider=True)], EXCEPTIONS, Outcome.BLUR, ("a",)),
        # not recognisable: nothing to blur
        ([face("a", not_recognisable=True)], EXCEPTIONS, Outcome.CLEAR, ()),
        # a staff member with consent: clear
        ([face("a", JUF)], EXCEPTIONS, Outcome.CLEAR, ()),
        # not reviewed: needs review, and meanwhile every unnamed face counts as no consent
        ([face("a"), face("b", SANNE)], None, Outcome.NEEDS_REVIEW, ("a",)),
    ],
)
def test_clearance(faces, reviewed_for, outcome, blur):
    result = clearance(faces, STATUSES, exceptions=EXCEPTIONS, reviewed_for=reviewed_for)
    assert (result.outcome, result.blur) == (outcome, blur)


def test_a_safeguarded_child_blocks_the_item_blurred_or_not():
    result = clearance(
        [face("a", LOTTE), face("b", SANNE)],
        STATUSES,
        exceptions=EXCEPTIONS,
        reviewed_for=EXCEPTIONS,
    )
    assert result.outcome is Outcome.BLOCKED and result.blocked_by == (LOTTE,)
    assert not result.outcome.publishable


def test_a_withdrawal_after_review_asks_to_look_again():
    before = EXCEPTIONS - {"pupil:5"}
    result = clearance([face("a")], STATUSES, exceptions=EXCEPTIONS, reviewed_for=before)
    assert result.outcome is Outcome.NEEDS_REVIEW and result.look_for == ("pupil:5",)


def test_a_new_exception_already_marked_needs_no_new_review():
    before = EXCEPTIONS - {DAAN}
    result = clearance([face("a", DAAN)], STATUSES, exceptions=EXCEPTIONS, reviewed_for=before)
    assert (result.outcome, result.blur) == (Outcome.BLUR, ("a",))


def test_a_new_exception_cannot_hide_in_a_photo_whose_faces_are_all_named():
    before = EXCEPTIONS - {"pupil:5"}
    result = clearance(
        [face("a", SANNE), face("b", not_recognisable=True)],
        STATUSES,
        exceptions=EXCEPTIONS,
        reviewed_for=before,
    )
    assert (result.outcome, result.look_for) == (Outcome.CLEAR, ())


def test_someone_regaining_consent_is_no_longer_blurred():
    statuses = {**STATUSES, DAAN: S.GRANTED}
    result = clearance(
        [face("a", DAAN)], statuses, exceptions=EXCEPTIONS - {DAAN}, reviewed_for=EXCEPTIONS
    )
    assert result.outcome is Outcome.CLEAR


def test_sound_needs_every_audible_persons_consent():
    from beeldwacht.domain.clearance import sound_may_go_out

    statuses = {"pupil:1": S.GRANTED, "pupil:2": S.REFUSED, "staff:9": S.GRANTED}
    assert sound_may_go_out([], statuses) == ()
    assert sound_may_go_out(["pupil:1", "staff:9"], statuses) == ()
    assert sound_may_go_out(["pupil:1", "pupil:2", "pupil:3"], statuses) == ("pupil:2", "pupil:3")


def test_a_video_loses_its_sound_when_someone_audible_has_no_sound_consent():
    result = clearance(
        [face("a", SANNE)],
        STATUSES,
        exceptions=EXCEPTIONS,
        reviewed_for=EXCEPTIONS,
        audible=[SANNE, DAAN],
        sound_statuses={SANNE: S.GRANTED, DAAN: S.REFUSED},
    )
    assert (result.outcome, result.mute) == (Outcome.CLEAR, (DAAN,))


def test_a_recording_that_is_only_sound_is_blocked_then():
    result = clearance(
        [],
        STATUSES,
        exceptions=EXCEPTIONS,
        reviewed_for=EXCEPTIONS,
        audible=[DAAN],
        sound_statuses={DAAN: S.REFUSED},
        sound_only=True,
    )
    assert result.outcome is Outcome.BLOCKED and result.blocked_by == (DAAN,)
