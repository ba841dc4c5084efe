"""How the apps are layered (STYLE: selectors only read; serving is the views' job)."""

import ast
from pathlib import Path

from beeldwacht.tests.test_domain_is_pure import imported_modules

APPS = Path(__file__).resolve().parent.parent

# A selector that imports one of these renders files, enqueues work, writes the cache or
# answers HTTP itself.
NOT_IN_A_SELECTOR = ("django.http", "django.shortcuts", "django.core.cache", "django.tasks")


def selector_offences(path: Path) -> set[str]:
    found = {
        name
        for name in imported_modules(path)
        if name.startswith(NOT_IN_A_SELECTOR)
        or name.endswith((".tasks", ".renditions", ".services"))
    }
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("beeldwacht.media",):
            found.update(f"{node.module}.{a.name}" for a in node.names if a.name == "renditions")
        if isinstance(node, ast.Attribute) and node.attr in ("enqueue", "safe_name"):
            found.add(node.attr)
    return found


def test_selectors_only_read():
    offenders = {
        str(path.relative_to(APPS)): sorted(bad)
        for path in APPS.glob("*/selectors.py")
        if (bad := selector_offences(path))
    }
    assert offenders == {}


def test_the_scan_sees_rendering_and_enqueueing(tmp_path):
    sample = tmp_path / "selectors.py"
    sample.write_text(
        "from django.http import FileResponse\nfrom beeldwacht.media import renditions\n"
        "def f(item):\n    renditions.safe_name(item)\n    task.enqueue(1)\n",
        encoding="utf-8",
    )
    assert selector_offences(sample) == {
        "django.http",
        "beeldwacht.media.renditions",
        "safe_name",
        "enqueue",
    }


# The apps from the bottom up (README, "How the code is laid out"). A module imports only its
# own app and the apps below it; a use case that needs a higher one is a top-level action
# (beeldwacht.actions). Entry points (views, URLs, commands, the demo, the login library's
# adapter) may call higher apps.
ORDER = [
    "common",
    "accounts",
    "audit",
    "schools",
    "people",
    "protocol",
    "consent",
    "media",
    "activities",
    "recordings",
    "incidents",
    "takedowns",
    "publications",
    "portal",
    "integrations",
    "actions",
]
ENTRY_POINTS = ("views.py", "urls.py", "public.py", "public_urls.py", "demo.py", "adapter.py")


def upward_imports(path: Path, app: str) -> set[str]:
    allowed = set(ORDER[: ORDER.index(app) + 1]) | {"domain", "tests", "locale"}
    found = set()
    for name in imported_modules(path):
        parts = name.split(".")
        if parts[0] == "beeldwacht" and len(parts) > 1 and parts[1] in ORDER:
            if parts[1] not in allowed:
                found.add(name)
    return found


def test_apps_import_downward_only():
    offenders = {}
    for app in ORDER:
        for path in (APPS / app).rglob("*.py"):
            relative = path.relative_to(APPS / app)
            if relative.parts[0] in ("tests", "migrations", "management") or (
                path.name in ENTRY_POINTS
            ):
                continue
            if bad := upward_imports(path, app):
                offenders[f"{app}/{relative}"] = sorted(bad)
    assert offenders == {}


def test_the_scan_sees_an_upward_import(tmp_path):
    sample = tmp_path / "services.py"
    sample.write_text("from beeldwacht.takedowns.ledger import settle\n", encoding="utf-8")
    assert upward_imports(sample, "consent") == {"beeldwacht.takedowns.ledger"}
    assert upward_imports(sample, "portal") == set()
