"""The Content-Security-Policy allows no inline script or style (settings.SECURE_CSP), so no
template may rely on one: it would silently not work. The browser tests catch what they
visit (tests/browser.py, watch_csp); this catches every template, visited or not."""

import re
from pathlib import Path

from django.conf import settings

APPS = Path(__file__).resolve().parent.parent
INLINE = {
    "a style attribute": re.compile(r"""\sstyle\s*=\s*["']"""),
    "a style element": re.compile(r"<style[\s>]"),
    "an event handler attribute": re.compile(r"""\son[a-z]+\s*=\s*["']"""),
    "a javascript: URL": re.compile(r"javascript:", re.I),
    "an inline script": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>"),
}


def test_no_template_needs_inline_script_or_style():
    found = [
        f"{path.relative_to(APPS)}: {what}"
        for path in APPS.rglob("templates/**/*.html")
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_policy_allows_no_inline_script_or_style():
    policy = settings.SECURE_CSP
    for directive in ("script-src", "style-src"):
        assert policy[directive] == ["'self'"]
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE
