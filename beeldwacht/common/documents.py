"""A generated document (the processing register, the DPIA input): sections of paragraphs,
terms with their description, and tables. One structure, shown as HTML by a template
(`components/document.html`) and written as PDF here, so both always say the same."""

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from django.utils import formats, translation

# The PDF's built-in fonts know Latin-1 only: typographic marks become their plain forms, a
# letter outside it its plain letter ("Szőke" as "Szoke"), anything else a question mark,
# rather than a document that cannot be made.
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "..."})
# A table cell longer than this is cut: fpdf2 cannot break one row over two pages.
CELL_CHARACTERS = 400


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: tuple[str, ...] = ()
    terms: tuple[tuple[str, str], ...] = ()  # (term, what it is)
    table: tuple[tuple[str, ...], ...] = ()  # the header row first

    @property
    def labelled_rows(self) -> list[list[tuple[str, str]]]:
        """The table's rows below the header, each cell with its column's heading (for
        the phone layout, where a row stacks into labelled lines)."""
        header, *rows = self.table or ((),)
        return [list(zip(header, row, strict=True)) for row in rows]


@dataclass(frozen=True)
class Document:
    title: str
    subtitle: str
    made_on: date
    sections: tuple[Section, ...] = field(default_factory=tuple)


def dutch_day(value: date) -> str:
    """A day as a Dutch letter or document writes it ("3 december 2026"), whatever language
    the page that made it was in."""
    with translation.override("nl"):
        return formats.date_format(value, "j F Y")


def _plain(text: str) -> str:
    return "".join(_latin1(char) for char in text.translate(_PLAIN))


def _latin1(char: str) -> str:
    if ord(char) < 256:
        return char
    base = unicodedata.normalize("NFKD", char)[0]
    return base if ord(base) < 256 else "?"


def _cell(text: str) -> str:
    text = _plain(text)
    return text if len(text) <= CELL_CHARACTERS else text[: CELL_CHARACTERS - 3] + "..."


def as_pdf(document: Document) -> bytes:
    # Imported here: fpdf2 takes most of a second to load, and only a PDF needs it (not
    # every process that starts, nor every page that shows a Dutch date).
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(_plain(document.title))
    pdf.set_creator("Beeldwacht")
    # The day it was made, not the moment: the same register on the same day is the same file.
    pdf.set_creation_date(datetime.combine(document.made_on, time(0, 0), tzinfo=UTC))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _plain(document.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, _plain(document.subtitle), new_x="LMARGIN", new_y="NEXT")
    for section in document.sections:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, _plain(section.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for paragraph in section.paragraphs:
            pdf.multi_cell(0, 5, _plain(paragraph), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        for term, text in section.terms:  # as lines, not a table: any length breaks over pages
            pdf.set_font("Helvetica", "B", 10)
            pdf.multi_cell(0, 5, _plain(term), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", "", 10)
            pdf.set_x(pdf.l_margin + 6)
            pdf.multi_cell(0, 5, _plain(text), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        if section.table:
            with pdf.table(line_height=5, text_align="LEFT", v_align="TOP") as table:
                for cells in section.table:
                    row = table.row()
                    for cell in cells:
                        row.cell(_cell(cell))
    return bytes(pdf.output())
