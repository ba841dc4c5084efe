"""Issue #11, build 7 and "Done means": parents read the formal "u", staff read "je". Each
Dutch text a page's template translates is checked against who reads that page."""

import gettext
import re
from pathlib import Path

import pytest

APPS = Path(__file__).resolve().parent.parent
CATALOGUE = APPS / "locale" / "nl" / "LC_MESSAGES" / "django.mo"

STAFF = [
    *APPS.glob("media/templates/media/*.html"),
    *APPS.glob("publications/templates/publications/*.html"),
    *APPS.glob("consent/templates/consent/*.html"),
    *APPS.glob("audit/templates/audit/*.html"),
    *APPS.glob("schools/templates/schools/*.html"),
    APPS / "templates" / "staff_base.html",
]
# The public news pages are read by anyone; what a staff page shows parents is theirs.
STAFF = [p for p in STAFF if p.name not in ("public_news.html", "my_consent.html")]
PARENTS = [
    *(p for p in APPS.glob("portal/templates/portal/*.html") if p.name != "myself.html"),
    *APPS.glob("consent/templates/consent/email/campaign_*.txt"),
    *APPS.glob("consent/templates/consent/email/sixteen_guardian_*.txt"),
]
# A pupil of 16 or older reads the overview and "where am I published" herself, in "je" as
# on her own page (portal.views.myself); these are the texts those pages show her alone.
FOR_THE_PUPIL_HERSELF = {
    "Your photos, video and name",
    "See or change your own choices",
    "You are 16 or older: you decide yourself what %(school)s may publish of you.",
    "Everything the school published in which you can be seen or are named. Where you had no "
    "consent, your face was made unrecognisable; those are not listed.",
    "You took part; you may be in a photo (not marked by name)",
    "On this page of the school you can no longer be recognised or named.",
    "The school checked: you cannot be recognised here.",
    "Nothing has been published in which you can be seen or are named.",
}
INFORMAL = re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE)
FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)


def _as_template(msgid: str) -> re.Pattern:
    """Where a template translates exactly this text: `{% translate "..." %}`, or the body
    of a `{% blocktranslate %}` (or one form of it), where %(name)s is {{ name }}."""
    parts = re.split(r"%\((\w+)\)[sd]", msgid)
    text = ""
    for n, part in enumerate(parts):
        text += re.escape(part) if n % 2 == 0 else r"\{\{\s*" + part + r"\s*\}\}"
    return re.compile(rf"translate\s+([\"']){text}\1|%\}}{text}\{{%")


def _dutch_of(paths) -> list[tuple[str, str]]:
    with CATALOGUE.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog  # noqa: SLF001 - msgid -> msgstr
    found = []
    for path in paths:
        source = path.read_text(encoding="utf-8")
        for msgid, msgstr in catalogue.items():
            text = msgid[0] if isinstance(msgid, tuple) else msgid
            if text not in FOR_THE_PUPIL_HERSELF and _as_template(text).search(source):
                found.append((path.name, msgstr))
    return found


@pytest.mark.parametrize(("paths", "wrong"), [(STAFF, FORMAL), (PARENTS, INFORMAL)])
def test_each_audience_reads_its_own_form_of_address(paths, wrong):
    found = [(name, dutch) for name, dutch in _dutch_of(paths) if wrong.search(dutch)]
    assert found == []


def test_the_check_sees_a_text_with_a_placeholder(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("{% blocktranslate %}Where is {{ name }} published?{% endblocktranslate %}")
    assert _dutch_of([page]) == [("page.html", "Waar staat %(name)s?")]
