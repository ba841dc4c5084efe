"""`beeldwacht serve` (issue #10, build 1): it refuses laptop settings in Dutch, and with
production settings it serves pages, their static files and the health endpoints with the
security headers, behind a proxy that ends TLS."""

import json
import re
import secrets
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from beeldwacht.tests.installations import (
    beeldwacht,
    fresh_database,
    production_env,
    serving,
)


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        ("DEBUG", True, "DEBUG staat aan"),
        ("SECRET_KEY", "change-me", "SECRET_KEY"),
        ("ALLOWED_HOSTS", [], "ALLOWED_HOSTS"),
    ],
)
def test_laptop_settings_are_refused_in_dutch(settings, setting, value, said):
    settings.SECRET_KEY = secrets.token_urlsafe(50)
    settings.ALLOWED_HOSTS = ["beeldwacht.example.nl"]
    setattr(settings, setting, value)
    with pytest.raises(CommandError, match="Beeldwacht start niet") as refused:
        call_command("serve")
    assert said in str(refused.value)


def _get(url: str):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    return urllib.request.urlopen(request, timeout=10)


@contextmanager
def running_server(tmp_path, **extra):
    """`beeldwacht serve` on a fresh, migrated database of the suite's kind (SQLite or
    PostgreSQL), with production settings behind a proxy that ends TLS; yields its base URL
    and its environment, and stops it afterwards."""
    with fresh_database(tmp_path) as (database_url, _wipe):
        env = production_env(
            tmp_path, database_url, BEHIND_TLS_PROXY="true", WEB_WORKERS="1", **extra
        )
        beeldwacht(env, "migrate", "-v0")
        with serving(env, log=tmp_path / "server.log") as (base, _pid):
            yield base, env


def test_serve_in_production(tmp_path):
    with running_server(tmp_path) as (base, _env):
        alive = _get(base + "/gezond/")
        assert alive.status == 200
        login = _get(base + "/accounts/login/")
        page = login.read().decode()
        assert "Inloggen" in page
        assert "max-age=" in login.headers["Strict-Transport-Security"]
        assert login.headers["X-Content-Type-Options"] == "nosniff"
        assert login.headers["X-Frame-Options"] == "DENY"
        assert login.headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in login.headers["Permissions-Policy"]
        policy = login.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
        css = _get(base + stylesheet)
        assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
        ready = urllib.request.Request(base + "/gereed/")  # plain HTTP, as a load balancer asks
        try:
            status = urllib.request.urlopen(ready, timeout=10).status
        except urllib.error.HTTPError as answer:
            status = answer.code
        assert status == 503  # answers (no redirect to HTTPS); the daily jobs never ran here


def test_a_teacher_logs_in_on_the_production_server(tmp_path):
    """Issue #10, done means: the production server on the suite's database (PostgreSQL
    in CI's second run) signs a teacher in with her password and shows her school."""
    with running_server(tmp_path) as (base, env):
        beeldwacht(env, "add-school", "12AB", "CBS De Linde")
        beeldwacht(
            env, "shell", "-v0", "-c",
            "from beeldwacht.accounts.models import User\n"
            "from beeldwacht.schools.models import Membership, School\n"
            "user = User.objects.create_user('anna@delinde.nl', 'een-lang-wachtwoord-42')\n"
            "Membership.objects.create(school=School.objects.get(brin='12AB'), user=user,"
            " role='teacher')",
        )  # fmt: skip
        form = _get(base + "/accounts/login/")
        cookie = form.headers["Set-Cookie"].split(";")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.read().decode())
        request = _secure(base + "/accounts/login/")
        request.data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "login": "anna@delinde.nl",
                "password": "een-lang-wachtwoord-42",
            }
        ).encode()
        request.add_header("Cookie", cookie)
        request.add_header("Referer", base.replace("http:", "https:") + "/accounts/login/")
        try:
            answer = urllib.request.build_opener(_NoRedirect).open(request, timeout=30)
        except urllib.error.HTTPError as redirected:
            answer = redirected
        assert answer.code == 302, answer.read().decode()[:500]
        session = [
            c.split(";")[0] for c in answer.headers.get_all("Set-Cookie") if "sessionid" in c
        ]
        assert session, "no session cookie"
        home = _secure(base + answer.headers["Location"])
        home.add_header("Cookie", session[0])
        try:
            page = urllib.request.build_opener(_NoRedirect).open(home, timeout=30)
        except urllib.error.HTTPError as redirected:  # home sends her on to her school
            page = _secure(base + redirected.headers["Location"])
            page.add_header("Cookie", session[0])
            page = urllib.request.urlopen(page, timeout=30)
        assert "CBS De Linde" in page.read().decode()
    # The server's log: one JSON object per line, a line per request by its route, and
    # nothing of what she typed.
    log = (tmp_path / "server.log").read_text()
    lines = [json.loads(line) for line in log.splitlines()]
    posts = [(line["route"], line["status"]) for line in lines if line.get("method") == "POST"]
    assert posts == [("accounts/login/", 302)]
    assert any(line["logger"] == "gunicorn.error" for line in lines)  # its own start, in JSON
    assert "anna@delinde.nl" not in log and "een-lang-wachtwoord-42" not in log


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single write lock")
def test_a_long_write_elsewhere_gets_a_dutch_page_not_a_server_error(tmp_path):
    """Issue #9, finding 6: a long import on the default SQLite locked logins out with a
    server error. Someone asking for a login code while another process holds the write lock
    longer than the busy timeout is told to try again in a minute; afterwards it works."""
    with running_server(tmp_path, SQLITE_BUSY_TIMEOUT="1") as (base, _env):

        def ask_for_a_code():
            # By hand: the CSRF cookie is Secure, which a client on plain HTTP would not send.
            form = _get(base + "/accounts/login/code/")
            cookie = form.headers["Set-Cookie"].split(";")[0]
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.read().decode())
            request = _secure(base + "/accounts/login/code/")
            request.data = urllib.parse.urlencode(
                {"csrfmiddlewaretoken": token.group(1), "email": "ouder@example.nl"}
            ).encode()
            request.add_header("Cookie", cookie)
            request.add_header("Referer", base.replace("http:", "https:") + "/accounts/login/code/")
            opener = urllib.request.build_opener(_NoRedirect)
            try:
                return opener.open(request, timeout=30)
            except urllib.error.HTTPError as answer:
                return answer

        import_in_progress = sqlite3.connect(tmp_path / "db.sqlite3", timeout=5)
        import_in_progress.execute("BEGIN IMMEDIATE")
        busy = ask_for_a_code()
        assert busy.code == 503 and busy.headers["Retry-After"] == "60"
        assert "Probeer het over een minuut opnieuw" in busy.read().decode()
        import_in_progress.rollback()
        import_in_progress.close()
        assert ask_for_a_code().code == 302  # on to the code page (no such parent: no mail)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _secure(url: str) -> urllib.request.Request:
    return urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
