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
