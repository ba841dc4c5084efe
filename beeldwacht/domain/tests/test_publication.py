import pytest

from beeldwacht.domain.clearance import Clearance, Outcome
from beeldwacht.domain.publication import (
    ChannelFact,
    State,
    approval_checks,
    blocks_approval,
    may_move,
    media_checks,
    personal_title_checks,
)

WEBSITE = ChannelFact("website", "Schoolwebsite", external=False)
PRESS = ChannelFact("press", "Haarener Courant", external=True)


@pytest.mark.parametrize(
    ("current", "target", "allowed"),
    [
        (State.DRAFT, State.SUBMITTED, True),
        (State.DRAFT, State.APPROVED, False),
        (State.SUBMITTED, State.APPROVED, True),
        (State.SUBMITTED, State.SENT_BACK, True),
        (State.SUBMITTED, State.DRAFT, True),  # the author pulls it back (issue #11)
        (State.APPROVED, State.DRAFT, False),  # once decided, only the approver sends back
        (State.SENT_BACK, State.SUBMITTED, True),
        (State.APPROVED, State.PUBLISHED, True),
        (State.SUBMITTED, State.PUBLISHED, False),
        (State.PUBLISHED, State.WITHDRAWN, True),
        (State.WITHDRAWN, State.PUBLISHED, False),
    ],
)
def test_workflow(current, target, allowed):
    assert may_move(current, target) is allowed


@pytest.mark.parametrize(
    ("outcome", "codes", "blocks"),
    [
        (Outcome.CLEAR, [], False),
        (Outcome.BLUR, ["media_blurred"], False),
        (Outcome.NEEDS_REVIEW, ["media_unreviewed"], True),
        (Outcome.BLOCKED, ["media_blocked"], True),
    ],
)
def test_media_checks(outcome, codes, blocks):
    clearance = Clearance(outcome, ("1", "2") if outcome is Outcome.BLUR else ())
    checks = media_checks([("m1", "foto 3", WEBSITE, clearance)])
    assert [c.code for c in checks] == codes and blocks_approval(checks) is blocks


def test_a_blur_finding_says_whom_it_blurs():
    clearance = Clearance(Outcome.BLUR, ("1", "2"))
    [check] = media_checks(
        [("m1", "foto 3", WEBSITE, clearance)], names={"2": "Sanne (groep 5)", "9": "Daan"}
    )
    assert dict(check.params)["people"] == "Sanne (groep 5)"  # face 1 is someone unnamed
    assert dict(check.params)["count"] == "2"


def test_muted_video_is_a_warning():
    checks = media_checks(
        [("m1", "dans.mp4", WEBSITE, Clearance(Outcome.CLEAR, mute=("pupil:2",)))]
    )
    assert [(c.code, c.severity) for c in checks] == [("media_muted", "warning")]


@pytest.mark.parametrize(
    ("management", "author", "codes"),
    [
        (False, False, ["external_needs_management"]),
        (True, True, ["external_not_own"]),  # a director does not approve her own press item
        (True, False, []),
    ],
)
def test_external_media_need_management_and_another_person(management, author, codes):
    checks = approval_checks(
        [WEBSITE, PRESS], approver_is_management=management, approver_is_author=author
    )
    assert [c.code for c in checks] == codes


def test_school_channels_need_no_management():
    assert approval_checks([WEBSITE], approver_is_management=False, approver_is_author=False) == []


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Mooi weer vandaag.", []),  # not about the school
        ("De Linde heeft een nieuw plein.", ["missing_affiliation", "missing_disclaimer"]),
        ("Als medewerker van De Linde: dit is mijn persoonlijke mening.", []),
        ("Ik werk op De Linde. Mooi plein!", ["missing_disclaimer"]),
    ],
)
def test_personal_title_posts_carry_affiliation_and_disclaimer(text, codes):
    checks = personal_title_checks(text, personal_title=True, school_names=["De Linde"])
    assert [c.code for c in checks] == codes


def test_on_behalf_of_the_school_needs_no_disclaimer():
    assert (
        personal_title_checks(
            "De Linde heeft een plein.", personal_title=False, school_names=["De Linde"]
        )
        == []
    )


def test_a_former_pupil_shown_unblurred_blocks_approval():
    from beeldwacht.domain.publication import ChannelFact, blocks_approval, former_pupil_checks

    website = ChannelFact("website", "Schoolwebsite", False)
    checks = former_pupil_checks([("m1", "a.jpg", website, 1), ("m2", "b.jpg", website, 0)])
    assert [(c.code, c.where) for c in checks] == [("media_former_pupil", "media:m1")]
    assert blocks_approval(checks)
