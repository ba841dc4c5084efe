"""What a publication's text may say (protocol Uitgangspunt 5, A.2, A.5).

Pure functions over plain facts: the text, the roster's names, each person's `name` consent
for the channel, the sensitive-term list, and the spans a Dutch PII finder (deduce) found.
Every finding says what, where (character offsets), how bad, and which article it enforces.

Name matching: case- and accent-insensitive, possessives ("Sanne's") and diminutives
("Daantje"). A first name alone counts for the pupils of the activity's groups when given,
else the whole school. A first name that is also an ordinary word ("Roos", "Storm") counts
only when capitalised away from the start of a sentence, or followed by the last name: "de
roos bloeit" is not about a child, "Gisteren won Roos" is.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from beeldwacht.domain.consent import Status

ERROR, WARNING = "error", "warning"
SUFFIXES = ("", "'s", "’s", "s", "je", "tje", "etje", "pje", "ke")  # possessive, diminutive
NEAR = 80  # characters: a sensitive word this close to a name is about that person
# "juf Anna", "meester Wouter": the word before a first name says it is a member of staff.
STAFF_TITLES = frozenset({"juf", "juffrouw", "meester", "meneer", "mevrouw", "directeur"})
GROUP = re.compile(r"(?<!\w)groep\s+(\d{1,2}[a-z]?)(?!\w)")


def groups_named(text: str, known: Iterable[str]) -> frozenset[str]:
    """The groups a text talks about ("groep 5", "Groep 7b"), as far as the school has them:
    context for first names when a publication has no activity."""
    known = {fold(k) for k in known}
    return frozenset(m.group(1) for m in GROUP.finditer(fold(text)) if m.group(1) in known)


@dataclass(frozen=True)
class RosterName:
    key: str  # "pupil:12" / "staff:5"
    reference: str  # the pupil number or staff e-mail, as printed by check-text
    first: str
    infix: str
    last: str
    group: str = ""
    left: bool = False  # a former pupil: matched by full name only, never to be published


@dataclass(frozen=True)
class Finding:
    # person, phone, email, address, bsn, iban, birthdate, health, religion, home, discipline
    kind: str
    text: str
    start: int
    end: int
    severity: str
    person: str | None  # pupil number or staff e-mail when known
    article: str
    code: str  # which explanation; the app turns code and params into a Dutch sentence
    params: tuple[tuple[str, str], ...] = ()


def fold(text: str) -> str:
    """Lower case without accents, one character for one character, so offsets still fit."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)[:1] or ch
        out.append(base.lower()[:1] or ch)
    return "".join(out)


@dataclass(frozen=True)
class NameContext:
    """Where a first name alone may point: the people who took part in the publication's
    activity (`people`, person keys), or else the groups the text talks about (`groups`).
    Staff are always in context ("juf Anna"); with neither given, everyone is."""

    groups: frozenset[str] = frozenset()
    people: frozenset[str] | None = None

    def admits(self, person: "RosterName") -> bool:
        if person.key.startswith("staff:"):
            return True
        if self.people is not None:
            return person.key in self.people
        return not self.groups or person.group in self.groups


NO_CONTEXT = NameContext()


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    people: tuple[RosterName, ...]  # more than one: the name is ambiguous


def find_people(
    text: str,
    roster: Iterable[RosterName],
    *,
    context: NameContext = NO_CONTEXT,
    common_words: frozenset[str] = frozenset(),
) -> list[Mention]:
    folded = fold(text)
    roster = list(roster)
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(start, end):
        return all(end <= a or start >= b for a, b in taken)

    # Full names first ("Sanne de Vries", "Sanne Vries"): unambiguous. One pattern for all.
    by_full: dict[str, list[RosterName]] = {}
    for person in roster:
        for full in {_full(person, with_infix=True), _full(person, with_infix=False)}:
            by_full.setdefault(fold(full), []).append(person)
    if by_full:
        alternatives = "|".join(re.escape(n) for n in sorted(by_full, key=len, reverse=True))
        for m in re.finditer(rf"(?<!\w)({alternatives})(?:'s|’s|s)?(?!\w)", folded):
            if free(m.start(), m.end()):
                mentions.append(Mention(m.start(), m.end(), tuple(by_full[m.group(1)])))
                taken.append((m.start(), m.end()))
    # Then first names, within the activity's participants when there is one.
    candidates = [p for p in roster if not p.left and context.admits(p)]
    by_first: dict[str, list[RosterName]] = {}
    for person in candidates:
        by_first.setdefault(fold(person.first), []).append(person)
    if by_first:
        names = sorted(by_first, key=len, reverse=True)
        suffixes = "|".join(re.escape(s) for s in sorted(SUFFIXES, key=len, reverse=True) if s)
        pattern = re.compile(
            rf"(?<!\w)({'|'.join(re.escape(n) for n in names)})(?:{suffixes})?(?!\w)"
        )
        for m in pattern.finditer(folded):
            if not free(m.start(), m.end()):
                continue
            name = m.group(1)
            people = by_first[name]
            titled = _after_staff_title(folded, m.start())
            if titled:
                people = [p for p in people if p.key.startswith("staff:")] or people
            elif name in common_words and not _used_as_name(text, m.start()):
                continue
            mentions.append(Mention(m.start(), m.end(), tuple(people)))
            taken.append((m.start(), m.end()))
    return sorted(mentions, key=lambda x: x.start)


def _full(person: RosterName, *, with_infix: bool) -> str:
    parts = [person.first, person.infix if with_infix else "", person.last]
    return " ".join(p for p in parts if p)


def _after_staff_title(folded: str, start: int) -> bool:
    words = folded[:start].split()
    return bool(words) and words[-1] in STAFF_TITLES


def _used_as_name(text: str, start: int) -> bool:
    """Capitalised and not the first word of a sentence."""
    if not text[start].isupper():
        return False
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in '.!?:\n"“'


IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
BSN = re.compile(r"(?<!\d)\d{9}(?!\d)|(?<!\d)\d{4}\.\d{2}\.\d{3}(?!\d)")


def _iban_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "")
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(c, 36)) for c in rearranged)
    return len(compact) >= 15 and int(digits) % 97 == 1


def _bsn_valid(candidate: str) -> bool:
    digits = [int(c) for c in candidate if c.isdigit()]
    if len(digits) != 9:
        return False
    total = sum(d * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0 and total != 0


def find_terms(text: str, terms: Mapping[str, Iterable[str]]) -> list[tuple[str, int, int]]:
    """(category, start, end) of every sensitive word, whole words, any case or accent."""
    folded = fold(text)
    found = []
    for category, words in terms.items():
        for word in words:
            for m in re.finditer(rf"(?<!\w){re.escape(fold(word))}(?!\w)", folded):
                found.append((category, m.start(), m.end()))
    return found


def check_text(
    text: str,
    *,
    roster: Iterable[RosterName],
    name_status: Mapping[str, Status],
    channel_name: str,
    terms: Mapping[str, Iterable[str]],
    pii: Iterable[tuple[str, int, int]] = (),
    context: NameContext = NO_CONTEXT,
    common_words: frozenset[str] = frozenset(),
) -> list[Finding]:
    """All findings for one text on one channel. `pii` holds (kind, start, end) spans from
    the PII finder: person, phone, email, address, bsn, birthdate."""
    findings: list[Finding] = []
    mentions = find_people(text, roster, context=context, common_words=common_words)
    for mention in mentions:
        span = text[mention.start : mention.end]
        if len(mention.people) > 1:
            findings.append(
                Finding(
                    "person",
                    span,
                    mention.start,
                    mention.end,
                    ERROR,
                    None,
                    "U5",
                    "ambiguous_name",
                    (("name", span),),
                )
            )
            continue
        person = mention.people[0]
        status = name_status.get(person.key, Status.NONE)
        if person.left:
            # Whatever was consented while at school, a former pupil is not reused in new
            # publications (DOMAIN 4).
            code, params = "pupil_left", (("name", person.first),)
        elif status is not Status.GRANTED:
            code = "name_without_consent"
            params = (("name", person.first), ("channel", channel_name), ("status", status.value))
        else:
            continue
        findings.append(
            Finding(
                "person",
                span,
                mention.start,
                mention.end,
                ERROR,
                person.reference,
                "U5, A.5",
                code,
                params,
            )
        )
    ibans = [(m.start(), m.end()) for m in IBAN.finditer(text) if _iban_valid(m.group())]
    for kind, start, end in pii:
        if any(a <= start and end <= b for a, b in ibans):
            continue  # the finder read part of an account number as a phone number
        if kind == "person":
            if any(m.start < end and start < m.end for m in mentions):
                continue  # a roster name, handled above
            findings.append(
                Finding(
                    "person",
                    text[start:end],
                    start,
                    end,
                    WARNING,
                    None,
                    "U5",
                    "unknown_person",
                    (("name", text[start:end]),),
                )
            )
        elif kind in ("bsn", "birthdate"):
            findings.append(_confidential(text, kind, start, end, ERROR))
        elif kind in ("phone", "email", "address"):
            findings.append(_confidential(text, kind, start, end, WARNING))
    for start, end in ibans:
        findings.append(_confidential(text, "iban", start, end, ERROR))
    known = {(f.start, f.end) for f in findings}
    for m in BSN.finditer(text):
        if _bsn_valid(m.group()) and (m.start(), m.end()) not in known:
            findings.append(_confidential(text, "bsn", m.start(), m.end(), ERROR))
    people_spans = [(m.start, m.end) for m in mentions] + [
        (s, e) for k, s, e in pii if k == "person"
    ]
    for category, start, end in find_terms(text, terms):
        if any(
            abs(start - pe) <= NEAR or abs(ps - end) <= NEAR for ps, pe in people_spans
        ) and _same_sentence(text, start, people_spans):
            findings.append(
                Finding(
                    category,
                    text[start:end],
                    start,
                    end,
                    ERROR,
                    None,
                    "A.2",
                    "sensitive_near_name",
                    (("word", text[start:end]),),
                )
            )
    return sorted(findings, key=lambda f: (f.start, f.kind))


def _same_sentence(text: str, start: int, people_spans) -> bool:
    for ps, _pe in people_spans:
        a, b = sorted((start, ps))
        if not re.search(r"[.!?]\s", text[a:b]):
            return True
    return False


def _confidential(text: str, kind: str, start: int, end: int, severity: str) -> Finding:
    return Finding(kind, text[start:end], start, end, severity, None, "A.2", "confidential")
