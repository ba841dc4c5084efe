"""Helpers for browser tests; the `chromium` and `phone`/`tablet` fixtures are in conftest.py."""

import os
import re
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
# BEELDWACHT_SHOTS=dir: the browser tests save screenshots there, to be looked at.
SHOTS = os.environ.get("BEELDWACHT_SHOTS", "")


def shoot(page, name: str, full_page: bool = True) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


def log_in_by_code(page, base: str, email: str) -> None:
    """Log in as a parent, a pupil or a former colleague does: a code by e-mail (locmem)."""
    from django.core import mail

    from conftest import send_queued_mail

    page.goto(base + "/")
    page.get_by_role("link", name="Stuur mij een inlogcode").click()
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_role("button", name="Code versturen").click()
    page.get_by_label("Code").wait_for()
    send_queued_mail()
    body = [m for m in mail.outbox if m.to == [email]][-1].body
    code = re.search(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})?)\s*$", body, re.M).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def log_in(page, base: str, email: str) -> None:
    """Log in as staff do: the password, and for management the code of the authenticator
    app after it; done once the page offers to log out."""
    from conftest import totp_code

    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_load_state()
    if "/2fa/authenticate/" in page.url:
        page.locator("input[name=code]").fill(totp_code())
        page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("button", name="Uitloggen").wait_for()


# What Chromium refused under the Content Security Policy, per page (see `watch_csp`).
_REFUSED: dict = {}


def watch_csp(page) -> None:
    """Remember every Content Security Policy violation Chromium reports on this page (an
    inline style or script the policy refused: a page that would look or work broken)."""
    refused = _REFUSED.setdefault(page, [])
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )


def assert_accessible(page) -> None:
    """axe-core (shipped inside axe-playwright-python) finds no violations on this page, and
    nothing on it so far broke the Content Security Policy."""
    from axe_playwright_python.sync_playwright import Axe

    assert not _REFUSED.get(page), _REFUSED[page]
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
