"""Text rules on realistic Dutch school texts. The PII finder's spans are given as facts."""

import pytest

from beeldwacht.domain.consent import Status as S
from beeldwacht.domain.text_checks import NameContext, RosterName, check_text, find_people, fold

SANNE = RosterName("pupil:1", "1001", "Sanne", "de", "Vries", "5")
DAAN = RosterName("pupil:2", "1002", "Daan", "", "Bakker", "5")
ZOE = RosterName("pupil:3", "1003", "Zoë", "van der", "Berg", "5")
ROOS = RosterName("pupil:4", "1004", "Roos", "", "Jansen", "5")
SEM_A = RosterName("pupil:5", "1005", "Sem", "", "Visser", "6")
SEM_B = RosterName(
    "pupil:6", "1006", "Sem", "", "Kok", "6"
)  # twins share a last name? no: two Sems
STORM = RosterName("pupil:7", "1007", "Storm", "", "Dekker", "7")
ROSTER = [SANNE, DAAN, ZOE, ROOS, SEM_A, SEM_B, STORM]
STATUS = {
    "pupil:1": S.GRANTED,
    "pupil:2": S.REFUSED,
    "pupil:3": S.GRANTED,
    "pupil:4": S.GRANTED,
    "pupil:5": S.GRANTED,
    "pupil:6": S.GRANTED,
    "pupil:7": S.NONE,
}
TERMS = {
    "health": ["adhd", "ziekenhuis"],
    "home": ["pleeggezin", "scheiding"],
    "discipline": ["geschorst"],
    "religion": ["ramadan"],
}
WORDS = frozenset({"roos", "storm"})


def check(text, pii=(), groups=frozenset(), people=None):
    return check_text(
        text,
        roster=ROSTER,
        name_status=STATUS,
        channel_name="Schoolwebsite",
        terms=TERMS,
        pii=pii,
        context=NameContext(groups=groups, people=people),
        common_words=WORDS,
    )


def kinds(findings):
    return [(f.kind, f.text, f.severity, f.person) for f in findings]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Groep 5 ging naar het Natuurmuseum.", []),
        ("Sanne de Vries las een gedicht voor.", []),  # name consent: fine
        ("Daan maakte de mooiste tekening.", [("person", "Daan", "error", "1002")]),
        ("Daantje lachte het hardst.", [("person", "Daantje", "error", "1002")]),  # diminutive
        ("Daan's tekening hing in de hal.", [("person", "Daan's", "error", "1002")]),  # possessive
        ("DAAN BAKKER won de quiz.", [("person", "DAAN BAKKER", "error", "1002")]),
        ("Zoe van der Berg zong.", []),  # without the diaeresis, granted anyway
        ("Storm Dekker won.", [("person", "Storm Dekker", "error", "1007")]),  # full name: no doubt
        ("Gisteren won Storm de race.", [("person", "Storm", "error", "1007")]),
        ("De storm blies de tent omver.", []),  # an ordinary word
        ("Storm en regen: de sportdag ging niet door.", []),  # sentence start: a word
        ("Sem won de race.", [("person", "Sem", "error", None)]),  # two pupils named Sem
    ],
)
def test_names(text, expected):
    assert kinds(check(text)) == expected


def test_first_names_count_for_the_activitys_groups_only():
    # On a trip of groep 5 "Sem" (groep 6) is not taken for a pupil.
    assert kinds(check("Sem won de race.", groups=frozenset({"5"}))) == []


@pytest.mark.parametrize(
    ("people", "found"),
    [
        (frozenset({"pupil:2"}), ["1002"]),  # Daan was there, whatever his group now
        (frozenset({"pupil:1", "pupil:5"}), []),  # Daan did not take part
    ],
)
def test_first_names_point_to_the_participants(people, found):
    """Issue #8, build 1: the first-name context reads participants, not today's groups."""
    findings = check("Daan won de race.", groups=frozenset({"7"}), people=people)
    assert [f.person for f in findings if f.person] == found


def test_a_lowercase_roster_name_is_still_a_name():
    assert kinds(check("gisteren las daan voor."))[0][1] == "daan"


def test_the_ambiguous_name_says_so():
    [finding] = check("Sem won de race.")
    assert finding.code == "ambiguous_name"


@pytest.mark.parametrize(
    ("text", "expected_kind"),
    [
        ("Sanne heeft ADHD en krijgt extra hulp.", "health"),
        ("Sanne woont sinds kort in een pleeggezin.", "home"),
        ("Sanne was vorige week geschorst.", "discipline"),
        ("Sanne vierde na de ramadan het feest.", "religion"),
    ],
)
def test_sensitive_words_near_a_name(text, expected_kind):
    assert expected_kind in [f.kind for f in check(text)]


def test_a_sensitive_word_far_from_any_name_is_no_finding():
    assert check("Het ziekenhuis gaf een rondleiding aan groep 8.") == []


def test_a_sensitive_word_in_another_sentence_is_not_about_that_person():
    text = (
        "Sanne las voor. "
        + "Er was die dag veel te beleven in de stad. "
        + "Het ziekenhuis was open."
    )
    assert [f.kind for f in check(text)] == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Betaal de ouderbijdrage op NL91 ABNA 0417 1643 00.", "iban"),
        ("Betaal op NL91ABNA0417164300.", "iban"),
        ("Zijn BSN is 111222333.", "bsn"),
    ],
)
def test_our_own_checks_for_account_and_citizen_numbers(text, kind):
    assert [f.kind for f in check(text)] == [kind]


def test_numbers_that_fail_the_checksums_are_not_flagged():
    assert check("Kenmerk NL12 ABCD 0123 4567 89 en nummer 123456789.") == []


def test_pii_from_the_finder():
    text = "Bel juf Karin op 06-12345678. Meester Jan Smit is nieuw."
    pii = [("phone", 17, 28), ("person", 38, 46)]
    found = kinds(check(text, pii=pii))
    assert ("phone", "06-12345678", "warning", None) in found
    assert ("person", "Jan Smit", "warning", None) in found


def test_a_roster_name_the_finder_also_saw_is_reported_once():
    text = "Daan Bakker won."
    assert len(check(text, pii=[("person", 0, 11)])) == 1


def test_fold_keeps_offsets():
    text = "Zoë Çelik"
    assert len(fold(text)) == len(text) and fold(text) == "zoe celik"


def test_offsets_point_into_the_original_text():
    text = "Op de foto: Zoë en Daan."
    [finding] = check(text)
    assert text[finding.start : finding.end] == "Daan"


def test_full_name_wins_over_first_name():
    mentions = find_people("Daan Bakker en Daan", ROSTER)
    assert [(m.start, m.end) for m in mentions] == [(0, 11), (15, 19)]


def test_a_phone_number_the_finder_sees_inside_an_iban_is_the_iban():
    text = "Betaal op NL91 ABNA 0417 1643 00."
    assert [f.kind for f in check(text, pii=[("phone", 20, 32)])] == ["iban"]


def test_a_former_pupil_is_named_by_full_name_only_and_never_published():
    former = RosterName("pupil:8", "0999", "Daan", "", "Smit", "5", left=True)
    roster = [*ROSTER, former]

    def codes(text):
        return [
            (f.code, f.text, f.person)
            for f in check_text(
                text,
                roster=roster,
                name_status={**STATUS, "pupil:8": S.GRANTED},  # consent from his school days
                channel_name="Schoolwebsite",
                terms=TERMS,
            )
        ]

    assert codes("Oud-leerling Daan Smit kwam op bezoek.") == [("pupil_left", "Daan Smit", "0999")]
    # A first name alone is today's Daan (Bakker), not ambiguous with the one who left.
    assert codes("Daan kwam op bezoek.") == [("name_without_consent", "Daan", "1002")]


def test_juf_or_meester_before_a_first_name_means_staff():
    juf = RosterName("staff:9", "sanne@school.nl", "Sanne", "", "Jong")
    mentions = find_people("Juf Sanne las voor, Sanne luisterde.", [SANNE, juf])
    assert [[p.key for p in m.people] for m in mentions] == [
        ["staff:9"],  # "juf Sanne": the teacher
        ["pupil:1", "staff:9"],  # plain "Sanne": could be either
    ]
    # A title also makes a name out of a common word: "meester Storm".
    meester = RosterName("staff:10", "storm@school.nl", "Storm", "", "Smit")
    [mention] = find_people("Meester Storm fietste mee.", [meester], common_words=WORDS)
    assert mention.people == (meester,)


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("Groep 5 ging naar het museum.", {"5"}),
        ("groep 5 en groep 6 deden mee", {"5", "6"}),
        ("In groep 9 zit niemand.", set()),  # not a group of this school
        ("De groep van vijf kinderen", set()),
    ],
)
def test_groups_named_in_a_text(text, groups):
    from beeldwacht.domain.text_checks import groups_named

    assert groups_named(text, ["1", "5", "6", "7/8"]) == groups
