"""Read the spreadsheets schools export: CSV with `;` or `,`, UTF-8 with or without BOM or
Windows-1252, and XLSX. Returns rows as dicts keyed by normalised header, with the line
number a person sees when they open the file (header is line 1)."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.utils.translation import gettext as _

from beeldwacht.common.errors import InvalidInput
from beeldwacht.domain.search import normalised


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


def normalise_header(header: str) -> str:
    """'  Ouder 1 E-mail ' -> 'ouder 1 email'; accents, case, dots and dashes do not matter."""
    text = normalised(header.replace("\ufeff", ""))
    text = re.sub(r"[-_.:/]+", " ", text)
    text = re.sub(r"e ?mail", "email", text)
    return re.sub(r"\s+", " ", text).strip()


def read_rows(path: Path) -> list[Row]:
    if not path.is_file():
        raise InvalidInput(_("File not found: %(path)s") % {"path": path})
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        return _refuse_formulas(_read_xlsx(data))
    return _refuse_formulas(_read_csv(data))


def rows_of_records(records: list[dict]) -> list[Row]:
    """Rows from records sent as JSON (the roster API), read by the same rules as a file:
    the same column names, and no formulas. Record n (from 1) is 'line' n."""
    # Every record gets every column any of them has (a record without "Ouder 2 naam" has
    # an empty one, as a file's row would): the parser reads the columns of the first row.
    columns = {normalise_header(str(name)) for record in records for name in record}
    rows = [
        Row(
            number,
            {
                **dict.fromkeys(columns, ""),
                **{
                    normalise_header(str(name)): ("" if value is None else str(value)).strip()
                    for name, value in record.items()
                },
            },
        )
        for number, record in enumerate(records, start=1)
    ]
    for row in rows:
        for name, value in row.values.items():
            if _CONTROL.search(name + value):
                raise InvalidInput(
                    _("Record %(line)d, column '%(column)s': a character that is not text.")
                    % {"line": row.line, "column": name[:40]}
                )
    return _refuse_formulas(rows)


# A NUL or another control character: no name or number has one (and PostgreSQL refuses a NUL).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# A multi-byte UTF-8 character ("ë" is C3 AB). Windows-1252 text almost never contains one,
# so a file that has them *and* is not valid UTF-8 mixes the two encodings.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        if _UTF8_MULTIBYTE.search(data):
            # Read as Windows-1252, "Zoë" in the UTF-8 lines would be stored garbled and
            # the name check (and with it the takedown) would miss her.
            raise InvalidInput(
                _(
                    "Line %(line)d is not UTF-8, while other lines are: the file mixes two "
                    "encodings. Export it again as CSV (UTF-8)."
                )
                % {"line": line}
            ) from None
        # Older school admin systems on Windows export in Windows-1252 ("Zoë" as 0xEB).
        try:
            return data.decode("cp1252", errors="strict")
        except UnicodeDecodeError:
            raise InvalidInput(
                _(
                    "Line %(line)d is neither UTF-8 nor Windows-1252 text. "
                    "Export the file again as CSV."
                )
                % {"line": line}
            ) from None


def looks_like_formula(value: str) -> bool:
    """A cell a spreadsheet program would run as a formula ("=HYPERLINK(...)", "@SUM(...)",
    "+cmd|..."). Phone numbers ("+31 6 ...") and negative numbers are not."""
    if not value:
        return False
    if value[0] in "=@\t\r":
        return True
    return value[0] in "+-" and re.search(r"[^\d\s().-]", value[1:]) is not None


def spreadsheet_safe(value):
    """A cell for a CSV or XLSX we export: a text that would run as a formula is prefixed
    with an apostrophe, so the program shows it instead of running it."""
    if isinstance(value, str) and value and (value[0] in "=+-@\t\r"):
        return "'" + value
    return value


def _refuse_formulas(rows: list[Row]) -> list[Row]:
    for row in rows:
        for header, value in row.values.items():
            if looks_like_formula(value):
                raise InvalidInput(
                    _(
                        "Line %(line)d, column '%(column)s': '%(value)s' would run as a "
                        "formula in a spreadsheet, and is no name or number. Nothing was read."
                    )
                    % {"line": row.line, "column": header, "value": value[:40]}
                )
    return rows


def _read_csv(data: bytes) -> list[Row]:
    text = _decode(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InvalidInput(_("The file is empty or has no header line."))
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [normalise_header(h) for h in next(reader)]
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        padded = values + [""] * (len(header) - len(values))
        rows.append(
            Row(reader.line_num, {h: v.strip() for h, v in zip(header, padded, strict=False) if h})
        )
    return rows


# What a school's export can hold, with room to spare (a school has a few thousand people).
# A spreadsheet is a zip: a file of a few hundred kB can unpack to gigabytes (one enormous
# shared string), which the reader would hold in memory before anything could refuse it.
XLSX_MAX_UNPACKED = 50 * 1024 * 1024  # bytes, all parts together
XLSX_MAX_ROWS = 20_000
XLSX_MAX_CELL = 1_000  # characters


def _check_xlsx_size(data: bytes) -> None:
    """Refuse by the sizes the archive declares, before unpacking a byte: Python's zip reader
    stops at the declared size and fails on a part that claims less than it holds."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(part.file_size for part in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise InvalidInput(_("The file looks like XLSX but cannot be read.")) from None
    if unpacked > XLSX_MAX_UNPACKED:
        raise InvalidInput(
            _(
                "The spreadsheet unpacks to more than %(mb)d MB, far more than a school's "
                "list holds. Save only the sheet with the list, or export it as CSV."
            )
            % {"mb": XLSX_MAX_UNPACKED // (1024 * 1024)}
        )


def _read_xlsx(data: bytes) -> list[Row]:
    from openpyxl import load_workbook

    _check_xlsx_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise InvalidInput(_("The file looks like XLSX but cannot be read.")) from None
    sheet = workbook.worksheets[0]
    rows_iter = sheet.iter_rows(values_only=True)
    try:
        header = [normalise_header(str(h or "")) for h in next(rows_iter)]
    except StopIteration:
        raise InvalidInput(_("The file is empty or has no header line.")) from None
    rows = []
    for number, values in enumerate(rows_iter, start=2):
        if number > XLSX_MAX_ROWS + 1:
            raise InvalidInput(
                _("The file has more than %(max)d lines; a school's list has far fewer.")
                % {"max": XLSX_MAX_ROWS}
            )
        cells = [_cell_text(v) for v in values]
        if any(len(cell) > XLSX_MAX_CELL for cell in cells):
            raise InvalidInput(
                _("Line %(line)d has a cell of more than %(max)d characters.")
                % {"line": number, "max": XLSX_MAX_CELL}
            )
        if not any(cells):
            continue
        rows.append(Row(number, {h: v for h, v in zip(header, cells, strict=False) if h}))
    workbook.close()
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(text: str) -> date | None:
    """dd-mm-jjjj as Dutch systems write it; also d-m-jjjj, dd/mm/jjjj and ISO jjjj-mm-dd."""
    text = text.strip()
    for pattern in ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def find_column(headers: set[str], variants: tuple[str, ...]) -> str | None:
    for variant in variants:
        if variant in headers:
            return variant
    return None
