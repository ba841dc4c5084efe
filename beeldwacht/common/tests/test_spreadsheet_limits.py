"""A spreadsheet is refused by what it would cost before it costs it (issue #9, finding 3): a
small XLSX could hold one enormous shared string and take hundreds of MB before anything
refused it."""

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from beeldwacht.common import tabular
from beeldwacht.common.errors import InvalidInput


def _workbook(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _with_enormous_shared_string(data: bytes, megabytes: int) -> bytes:
    """The same workbook, its shared strings swapped for one string of `megabytes` MB."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for part in source.infolist():
            if part.filename != "xl/sharedStrings.xml":
                target.writestr(part, source.read(part))
        with target.open("xl/sharedStrings.xml", "w") as strings:
            strings.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')
            strings.write(b' count="1" uniqueCount="1"><si><t>')
            for _ in range(megabytes):
                strings.write(b"A" * (1024 * 1024))
            strings.write(b"</t></si></sst>")
    return out.getvalue()


def _read(tmp_path: Path, data: bytes):
    path = tmp_path / "leerlingen.xlsx"
    path.write_bytes(data)
    return tabular.read_rows(path)


def test_a_small_file_that_unpacks_to_an_enormous_one_is_refused_unread(tmp_path, monkeypatch):
    data = _with_enormous_shared_string(_workbook([["Roepnaam"], ["Zoë"]]), megabytes=60)
    assert len(data) < 1024 * 1024  # small on disk

    def unread(*args, **kwargs):
        raise AssertionError("the reader should not have been started")

    monkeypatch.setattr("openpyxl.load_workbook", unread)
    with pytest.raises(InvalidInput, match="groter dan 50 MB"):
        _read(tmp_path, data)


def test_a_cell_longer_than_any_name_is_refused_with_its_line(tmp_path):
    data = _workbook([["Roepnaam", "Achternaam"], ["Zoë", "Jansen"], ["Lot", "x" * 1001]])
    with pytest.raises(InvalidInput, match="Regel 3"):
        _read(tmp_path, data)


def test_more_lines_than_a_school_has_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(tabular, "XLSX_MAX_ROWS", 3)
    data = _workbook([["Roepnaam"], *([name] for name in ("Zoë", "Lot", "Daan", "Mees"))])
    with pytest.raises(InvalidInput, match="meer dan 3 regels"):
        _read(tmp_path, data)
    assert len(_read(tmp_path, _workbook([["Roepnaam"], ["Zoë"], ["Lot"], ["Daan"]]))) == 3
