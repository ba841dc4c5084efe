"""domain/ holds the rules as plain Python; importing Django there would tie them to the ORM."""

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parent.parent / "domain"


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_imports_neither_django_nor_the_apps():
    offenders = {}
    for path in DOMAIN.rglob("*.py"):
        bad = {
            name
            for name in imported_modules(path)
            if name.split(".")[0] == "django"
            or (name.startswith("beeldwacht.") and not name.startswith("beeldwacht.domain"))
        }
        if bad:
            offenders[str(path.relative_to(DOMAIN))] = sorted(bad)
    assert offenders == {}


def test_the_scan_sees_a_django_import(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text("from django.db import models\n", encoding="utf-8")
    assert "django.db" in imported_modules(sample)
