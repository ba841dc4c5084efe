"""Issue 14, build item 1, in the browser: a teacher chooses her school account on the login
page, signs in at the provider (a real one, in its own process) and is back in Beeldwacht.
The login form's button leads to another site, which the Content Security Policy must allow.
axe-core on a phone; with BEELDWACHT_SHOTS=dir, screenshots."""

import pytest

from beeldwacht.accounts.tests.conftest import person_at_provider
from beeldwacht.common.permissions import Role
from beeldwacht.tests.browser import assert_accessible, shoot
from conftest import staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_account"),
]


def test_a_teacher_signs_in_with_her_school_account(live_server, phone, provider_url, school):
    staff(school, "juf.anna@delinde.nl", Role.TEACHER)
    person_at_provider(provider_url, "anna", email="juf.anna@delinde.nl", email_verified=True)
    page = phone
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    shoot(page, "schoolaccount-1-inlogpagina")
    page.get_by_role("button", name="Inloggen met Microsoft 365 van Stichting Lindeboom").click()
    page.wait_for_url(f"{provider_url}/oauth2/authorize?**")
    page.get_by_label("Subject").fill("anna")
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.get_by_role("button", name="Uitloggen").wait_for()
    assert page.url == f"{live_server.url}/s/{school.brin}/"  # her school
    shoot(page, "schoolaccount-2-ingelogd")


def test_an_unknown_account_reads_why_in_dutch(live_server, phone, provider_url, school):
    person_at_provider(provider_url, "vreemd", email="vreemd@delinde.nl", email_verified=True)
    page = phone
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Inloggen met Microsoft 365 van Stichting Lindeboom").click()
    page.get_by_label("Subject").fill("vreemd")
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.get_by_role("heading", name="Geen toegang met dit account").wait_for()
    assert page.get_by_role("button", name="Uitloggen").count() == 0
    assert_accessible(page)
    shoot(page, "schoolaccount-3-geweigerd")


def test_a_school_closed_to_a_password_says_which_account_opens_it(
    live_server, phone, school, sanne
):
    """Anna's school lets staff in only with its own account; her child is at the school,
    so her password still opens the parent pages, and the school says how to get in."""
    from beeldwacht.schools.models import School
    from beeldwacht.tests.browser import log_in
    from conftest import make_guardian

    staff(school, "juf.anna@delinde.nl", Role.TEACHER)
    make_guardian(school, sanne, "Anna Visser", "juf.anna@delinde.nl")
    School.objects.filter(pk=school.pk).update(school_account_only=True)
    page = phone
    log_in(page, live_server.url, "juf.anna@delinde.nl")
    page.goto(f"{live_server.url}/s/{school.brin}/")
    page.get_by_role("heading", name="Log in met het account van deze school").wait_for()
    page.get_by_text("Microsoft 365 van Stichting Lindeboom").wait_for()
    assert_accessible(page)
    shoot(page, "schoolaccount-4-school-dicht")
