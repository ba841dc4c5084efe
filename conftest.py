"""Shared fixtures and the personas every test speaks of:
juf_anna (teacher of groep 5), directeur_bas (management), privacy_pim (privacy officer),
meester_ole (teacher at another school), and a guardian, moeder_mila."""

import os
from datetime import date, datetime, time

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from django.utils import timezone

from beeldwacht.accounts.models import User
from beeldwacht.actions.schools import add_school
from beeldwacht.common.permissions import Role
from beeldwacht.people.models import Guardian, Guardianship, Pupil
from beeldwacht.schools.models import Membership, SchoolClass
from beeldwacht.tests.browser import ARGS, CHROMIUM, PHONE, TABLET, watch_csp

TODAY = date(2026, 3, 10)


@pytest.fixture
def frozen_today(time_machine):
    """The clock on TODAY at 10:00, never the day the tests happen to run (school years,
    deadlines and birthdays must not depend on it). It ticks: browser timeouts need that."""
    time_machine.move_to(timezone.make_aware(datetime.combine(TODAY, time(10, 0))), tick=True)


@pytest.fixture(autouse=True)
def no_cache_between_tests():
    """Rate limits and cached clearances of one test must not reach the next (the shared
    cache on SQLite is files, which no rollback undoes)."""
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    yield
    for alias in ("default", "served"):
        if not isinstance(caches[alias], DatabaseCache):  # that one is rolled back
            caches[alias].clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a password; tests only need it to work."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def webhooks_to_this_machine(settings):
    """The webhook tests' receivers listen on 127.0.0.1."""
    settings.WEBHOOK_ALLOW_PRIVATE = True


@pytest.fixture
def school(db):
    return add_school(brin="12AB", name="CBS De Linde", board_name="Stichting Lindeboom").school


@pytest.fixture
def other_school(db):
    return add_school(brin="34CD", name="OBS Het Anker").school


@pytest.fixture
def groep5(school):
    return SchoolClass.objects.create(school=school, name="5")


@pytest.fixture
def groep6(school):
    return SchoolClass.objects.create(school=school, name="6")


# The authenticator app of every member of management and privacy contact in the tests: their
# school requires a second factor (the default), and they have set one up.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = TOTP_SECRET) -> str:
    """What the authenticator app shows now (the clock may be frozen: it reads the same)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def staff(school, email, role, classes=()):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from beeldwacht.schools.second_factor import ROLES

    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, password="geheim-wachtwoord-1", first_name=email.split("@")[0].title()
    )
    membership = Membership.objects.create(school=school, user=user, role=role)
    membership.classes.set(classes)
    if role in ROLES and not Authenticator.objects.filter(user=user).exists():
        TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def juf_anna(school, groep5):
    return staff(school, "anna@delinde.nl", Role.TEACHER, [groep5])


@pytest.fixture
def directeur_bas(school):
    return staff(school, "bas@delinde.nl", Role.MANAGEMENT)


@pytest.fixture
def privacy_pim(school):
    return staff(school, "pim@delinde.nl", Role.PRIVACY_OFFICER)


@pytest.fixture
def meester_ole(other_school):
    klas = SchoolClass.objects.create(school=other_school, name="5")
    return staff(other_school, "ole@hetanker.nl", Role.TEACHER, [klas])


def make_pupil(school, school_class, number, first="Sanne", last="de Vries", born=date(2016, 5, 1)):
    return Pupil.objects.create(
        school=school,
        las_number=number,
        first_name=first,
        last_name=last,
        date_of_birth=born,
        school_class=school_class,
    )


def make_guardian(school, pupil, name, email, authority=True, position=1):
    user = User.objects.filter(email=email).first() or User.objects.create_user(email)
    guardian = Guardian.objects.filter(
        school=school, email=email
    ).first() or Guardian.objects.create(school=school, name=name, email=email, user=user)
    Guardianship.objects.create(
        pupil=pupil, guardian=guardian, parental_authority=authority, position=position
    )
    return guardian


@pytest.fixture
def sanne(school, groep5):
    return make_pupil(school, groep5, "1001")


def run_queued(queue_name: str) -> int:
    """What the worker does with a queue: run each task that is due, once; how many ran.
    (Its db_worker command closes the connection, which a test cannot lose.)"""
    from django_tasks_db.models import DBTaskResult

    ran = 0
    for queued in (
        DBTaskResult.objects.ready().filter(queue_name=queue_name).order_by("enqueued_at")
    ):
        queued.claim("tests")
        queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
        queued.set_successful(None)
        ran += 1
    return ran


def send_queued_mail() -> None:
    """The login pages' mail (accounts.tasks), sent as the worker would."""
    run_queued("mail")


@pytest.fixture
def moeder_mila(school, sanne):
    return make_guardian(school, sanne, "Mila de Vries", "mila@example.nl")


@pytest.fixture
def vader_victor(school, sanne):
    return make_guardian(school, sanne, "Victor de Vries", "victor@example.nl", position=2)


class _OneRequestAtATime(WSGIServer):
    """The live server without a thread per request. On SQLite the tests' in-memory database
    is one connection, shared with the live server; Chromium fetching a page's photos at once
    used it from several threads ("bad parameter or other API misuse", a 500 now and then).
    Django answers with `Connection: close` when the server does not thread."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def live_server_one_request_at_a_time():
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        LiveServerThread.server_class = _OneRequestAtATime


# Browser tests: Debian's /usr/bin/chromium driven by Playwright, never a downloaded browser.
# Without Chromium they are skipped on a laptop, and fail in CI.
@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: install Debian's chromium package.")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True, has_touch=True)
    page = context.new_page()
    watch_csp(page)
    yield page
    context.close()


@pytest.fixture
def tablet(chromium):
    context = chromium.new_context(viewport=TABLET, locale="nl-NL", has_touch=True)
    page = context.new_page()
    watch_csp(page)
    yield page
    context.close()
