from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beeldwacht.domain.consent import (
    SELF,
    ConsentRecord,
    Policy,
    Status,
    Subject,
    consent_status,
)

TODAY = date(2026, 3, 10)
CHILD = Subject(date_of_birth=date(2017, 5, 1), guardians_with_authority=frozenset({"mum", "dad"}))


def rec(by: str, decision: bool, on: date = date(2025, 9, 1), version: int = 1, seq: int = 0):
    return ConsentRecord(by, decision, on, version, seq)


@pytest.mark.parametrize(
    ("records", "withdrawn"),
    [
        ([rec("mum", False)], False),
        ([rec("mum", True, date(2025, 9, 1)), rec("mum", False, date(2026, 1, 5))], True),
        # The same day: the later entry withdraws.
        ([rec("mum", True, seq=1), rec("mum", False, seq=2)], True),
        ([rec("mum", False, seq=1), rec("mum", True, seq=2), rec("mum", False, seq=3)], True),
        # The other guardian's earlier yes is not this refusal's.
        ([rec("dad", True, date(2025, 9, 1)), rec("dad", False, date(2025, 9, 2))], True),
        ([rec("mum", False, date(2025, 9, 1)), rec("mum", False, date(2026, 1, 5))], False),
    ],
)
def test_a_refusal_after_a_yes_is_a_withdrawal(records, withdrawn):
    decision = consent_status(records, CHILD, TODAY)
    assert (decision.status, decision.withdrawn) == (Status.REFUSED, withdrawn)


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ([], Status.NONE),
        ([rec("mum", True)], Status.GRANTED),
        ([rec("mum", True), rec("dad", True)], Status.GRANTED),
        ([rec("mum", False)], Status.REFUSED),
        ([rec("mum", False), rec("dad", False)], Status.REFUSED),
        ([rec("mum", True), rec("dad", False)], Status.DISPUTED),
        # A guardian without parental authority has no say.
        ([rec("stepdad", False), rec("mum", True)], Status.GRANTED),
        # A child under 16 does not decide for itself.
        ([rec(SELF, True)], Status.NONE),
        # The later decision of one guardian replaces the earlier.
        ([rec("mum", True, date(2025, 9, 1)), rec("mum", False, date(2026, 1, 5))], Status.REFUSED),
        ([rec("mum", False, date(2025, 9, 1)), rec("mum", True, date(2026, 1, 5))], Status.GRANTED),
        # By decision date, not by order of entry: a paper form from September entered in March
        # does not undo a withdrawal from January.
        ([rec("mum", False, date(2026, 1, 5)), rec("mum", True, date(2025, 9, 1))], Status.REFUSED),
        # Same day: the later entry wins.
        ([rec("mum", True, seq=2), rec("mum", False, seq=1)], Status.GRANTED),
        # A decision dated after `on` does not count yet.
        ([rec("mum", True, date(2026, 4, 1))], Status.NONE),
    ],
)
def test_guardians_decide_for_a_child(records, expected):
    assert consent_status(records, CHILD, TODAY).status is expected


def test_safeguarding_blocks_whatever_was_recorded():
    subject = Subject(CHILD.date_of_birth, CHILD.guardians_with_authority, safeguarded_since=TODAY)
    decision = consent_status([rec("mum", True), rec("dad", True)], subject, TODAY)
    assert decision.status is Status.BLOCKED
    assert decision.since == TODAY


@pytest.mark.parametrize(
    ("safeguarded", "no_images", "since"),
    [
        (None, date(2026, 2, 1), date(2026, 2, 1)),  # "niet fotograferen of filmen" alone
        (date(2026, 1, 5), date(2026, 2, 1), date(2026, 1, 5)),  # both: since the first
    ],
)
def test_do_not_photograph_blocks_whatever_was_recorded(safeguarded, no_images, since):
    subject = Subject(
        CHILD.date_of_birth,
        CHILD.guardians_with_authority,
        safeguarded_since=safeguarded,
        no_images_since=no_images,
    )
    decision = consent_status([rec("mum", True), rec("dad", True)], subject, TODAY)
    assert (decision.status, decision.since) == (Status.BLOCKED, since)


def test_custody_dispute_stops_publication_even_when_all_said_yes():
    subject = Subject(
        CHILD.date_of_birth, CHILD.guardians_with_authority, custody_dispute_since=date(2026, 2, 1)
    )
    decision = consent_status([rec("mum", True), rec("dad", True)], subject, TODAY)
    assert decision.status is Status.DISPUTED
    assert decision.since == date(2026, 2, 1)


TEEN = Subject(date(2010, 3, 10), frozenset({"mum", "dad"}))  # sixteen on TODAY
AFTER = date(2026, 3, 10)  # decided on her birthday


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        # Her guardians' answers stay in force until she decides (EDPB 05/2020, 7.1.4): her
        # photos do not leave the website overnight on her birthday (issue #8, finding 6).
        ([rec("mum", True), rec("dad", True)], Status.GRANTED),
        ([rec("mum", True), rec("dad", False)], Status.DISPUTED),
        ([rec("mum", False)], Status.REFUSED),
        # Once she answers herself, only her answer counts.
        ([rec("mum", True), rec(SELF, False, AFTER)], Status.REFUSED),
        ([rec("mum", False), rec(SELF, True, AFTER)], Status.GRANTED),
        # A guardian's yes after her birthday is not hers to give; a no withdraws what she
        # gave, as long as her daughter has not answered (AVG art. 7(3)).
        ([rec("mum", True, AFTER)], Status.NONE),
        ([rec("mum", True), rec("dad", True), rec("mum", False, AFTER)], Status.DISPUTED),
        ([rec("mum", True), rec("mum", False, AFTER)], Status.REFUSED),
        ([rec("mum", True), rec("mum", False, AFTER), rec(SELF, True, AFTER)], Status.GRANTED),
        ([], Status.NONE),
    ],
)
def test_from_sixteen_the_pupil_decides_and_until_then_her_guardians_answers_hold(
    records, expected
):
    assert consent_status(records, TEEN, TODAY).status is expected


def test_sixteenth_birthday_of_a_leap_day_child():
    from beeldwacht.domain.consent import sixteenth_birthday

    assert sixteenth_birthday(date(2012, 2, 29)) == date(2028, 2, 29)
    assert sixteenth_birthday(date(2084, 2, 29)) == date(2100, 3, 1)  # 2100 is no leap year


def test_a_pupil_who_left_has_no_consent_from_that_day():
    left = Subject(CHILD.date_of_birth, CHILD.guardians_with_authority, left_on=date(2026, 3, 1))
    assert consent_status([rec("mum", True)], left, TODAY).status is Status.NONE
    assert consent_status([rec("mum", True)], left, date(2026, 2, 28)).status is Status.GRANTED


def test_adults_decide_for_themselves():
    staff = Subject(None, frozenset())
    assert consent_status([rec(SELF, False)], staff, TODAY).status is Status.REFUSED


@pytest.mark.parametrize(
    ("lapses", "decided_on", "expected"),
    [
        (True, date(2025, 7, 31), Status.NONE),  # last school year
        (True, date(2025, 8, 1), Status.GRANTED),  # first day of this school year
        (False, date(2023, 9, 1), Status.GRANTED),  # stays valid until changed
    ],
)
def test_yearly_lapse_is_the_schools_choice(lapses, decided_on, expected):
    policy = Policy(lapses_yearly=lapses)
    assert consent_status([rec("mum", True, decided_on)], CHILD, TODAY, policy).status is expected


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ([rec("mum", True, version=1)], Status.REASK),
        ([rec("mum", True, version=2)], Status.GRANTED),
        ([rec("mum", True, version=2), rec("dad", True, version=1)], Status.REASK),
        # A refusal on the old text still stands.
        ([rec("mum", False, version=1)], Status.REFUSED),
        ([rec("mum", False, version=1), rec("dad", True, version=2)], Status.DISPUTED),
    ],
)
def test_changed_consent_text_asks_again_for_grants(records, expected):
    policy = Policy(reask_below_version=2)
    assert consent_status(records, CHILD, TODAY, policy).status is expected


def test_since_is_the_date_of_the_latest_counted_decision():
    records = [rec("mum", True, date(2025, 9, 1)), rec("dad", True, date(2025, 10, 2))]
    assert consent_status(records, CHILD, TODAY).since == date(2025, 10, 2)


decisions = st.lists(
    st.builds(
        rec,
        by=st.sampled_from(["mum", "dad", "stepdad", SELF]),
        decision=st.booleans(),
        on=st.dates(date(2024, 8, 1), date(2026, 3, 10)),
        version=st.integers(1, 3),
        seq=st.integers(0, 5),
    ),
    max_size=8,
)


@given(decisions)
def test_order_of_entry_never_matters(records):
    forward = consent_status(records, CHILD, TODAY)
    backward = consent_status(list(reversed(records)), CHILD, TODAY)
    # Equal (date, sequence) pairs of one decider are a true tie; services never create them.
    keys = [(r.decided_by, r.decided_on, r.sequence) for r in records]
    if len(keys) == len(set(keys)):
        assert forward == backward


@given(decisions)
def test_a_refusal_by_any_deciders_latest_record_prevents_publication(records):
    keys = [(r.decided_by, r.decided_on, r.sequence) for r in records]
    if len(keys) != len(set(keys)):
        return  # a true tie has no "latest"; services never create one
    decision = consent_status(records, CHILD, TODAY)
    latest = {}
    for r in sorted(records, key=lambda r: (r.decided_on, r.sequence)):
        if r.decided_by in CHILD.guardians_with_authority:
            latest[r.decided_by] = r
    if any(not r.decision for r in latest.values()):
        assert not decision.status.allows_publication


@given(decisions)
def test_safeguarding_always_wins(records):
    subject = Subject(CHILD.date_of_birth, CHILD.guardians_with_authority, safeguarded_since=TODAY)
    assert consent_status(records, subject, TODAY).status is Status.BLOCKED


@pytest.mark.parametrize(
    ("records", "policy", "expected"),
    [
        ([], Policy(), False),
        ([rec("mum", True)], Policy(), True),
        ([rec("dad", True)], Policy(), False),  # someone else's answer is not hers
        ([rec("mum", False, version=1)], Policy(reask_below_version=2), True),
        ([rec("mum", True, version=1)], Policy(reask_below_version=2), False),
        ([rec("mum", True, date(2025, 6, 1))], Policy(lapses_yearly=True), False),
        ([rec("mum", True, date(2025, 6, 1))], Policy(), True),
    ],
)
def test_has_answered(records, policy, expected):
    from beeldwacht.domain.consent import has_answered

    assert has_answered(records, "mum", TODAY, policy) is expected


# --- one-off consent for one occasion (DOMAIN 2) ---------------------------------------------

_G = "g1"


def _r(decision, day, by=_G, seq=0):
    from beeldwacht.domain.consent import ConsentRecord as R

    return R(by, decision, date(2026, 6, day), 1, seq)


@pytest.mark.parametrize(
    ("general", "one_off", "expected"),
    [
        # No general consent for the paper, yes for the musical only.
        ([_r(False, 1)], [_r(True, 5)], "granted"),
        # General yes, but not this time.
        ([_r(True, 1)], [_r(False, 5)], "refused"),
        # Not asked or not answered: the general answer stands.
        ([_r(True, 1)], [], "granted"),
        # A later withdrawal of the general consent reaches the occasion.
        ([_r(True, 1), _r(False, 9)], [_r(True, 5)], "refused"),
        # ...but a no confirmed again (next year's round) does not.
        ([_r(False, 1), _r(False, 9)], [_r(True, 5)], "granted"),
        # A withdrawal before the one-off answer is replaced by it.
        ([_r(True, 1), _r(False, 3)], [_r(True, 5)], "granted"),
        # Two guardians: one said yes once, the other's general no stands: disputed.
        ([_r(False, 1, by="g2")], [_r(True, 5)], "disputed"),
        # The one-off answer changed: the latest counts.
        ([], [_r(True, 5, seq=1), _r(False, 6, seq=2)], "refused"),
    ],
)
def test_one_off_answers_for_one_occasion(general, one_off, expected):
    from beeldwacht.domain.consent import Subject, consent_status, for_one_occasion

    child = Subject(date(2016, 5, 1), frozenset({"g1", "g2"}))
    records = for_one_occasion(general, one_off)
    assert consent_status(records, child, date(2026, 6, 20)).status == expected


def test_a_one_off_yes_does_not_lift_a_safeguarding_flag():
    from beeldwacht.domain.consent import Subject, consent_status, for_one_occasion

    child = Subject(date(2016, 5, 1), frozenset({"g1"}), safeguarded_since=date(2026, 1, 1))
    records = for_one_occasion([], [_r(True, 5)])
    assert consent_status(records, child, date(2026, 6, 20)).status == "blocked"


@pytest.mark.parametrize(
    ("status", "answer"),
    [
        (Status.GRANTED, "granted"),
        (Status.REFUSED, "refused"),
        (Status.BLOCKED, "refused"),  # no reason leaks: blocked looks like a refusal
        (Status.DISPUTED, "disputed"),
        (Status.NONE, "none"),
        (Status.REASK, "none"),
    ],
)
def test_the_answer_for_other_systems_gives_no_reason(status, answer):
    assert status.for_other_systems == answer
