"""Issue #11, finding 3 and build 5: the board account no longer sees an empty page. It sees
its schools side by side, in figures (no child named), and opens a school's audit trail."""

import pytest
from django.utils import timezone

from beeldwacht.common.daily import run_daily_jobs
from conftest import staff


@pytest.fixture
def bestuur(school, other_school):
    """Arjen sits on the board of both schools."""
    user = staff(school, "arjen@lindeboom.nl", "board")
    staff(other_school, "arjen@lindeboom.nl", "board")
    return user


def test_the_board_sees_its_schools_in_figures(client, bestuur, busy_school, other_school):
    client.force_login(bestuur)
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/bestuur/"
    html = client.get("/bestuur/").content.decode()
    assert "CBS De Linde" in html and "OBS Het Anker" in html
    linde = html.split("CBS De Linde")[1].split("</tr>")[0]
    assert "niet gestart; 2 ouders te vragen" in linde
    assert linde.count('">1</td>') == 2  # a takedown open, a publication waiting
    assert 'class="badge refused">1</strong>' in linde  # and overdue
    assert f"/s/{busy_school.brin}/audittrail/" in html
    assert "Sanne" not in html and "Daan" not in html  # figures only


def test_the_board_page_says_when_the_trail_was_last_found_intact(client, bestuur, frozen_today):
    client.force_login(bestuur)
    assert "nog niet gecontroleerd" in client.get("/bestuur/").content.decode()
    run_daily_jobs(timezone.localdate())
    html = client.get("/bestuur/").content.decode()
    assert "laatst gecontroleerd en intact bevonden op" in html


def test_only_the_board_has_a_board_page(client, juf_anna, bestuur, school):
    assert client.get("/bestuur/")["Location"].startswith("/accounts/login/")
    client.force_login(juf_anna)
    assert client.get("/bestuur/").status_code == 404
    client.force_login(bestuur)
    dashboard = client.get(f"/s/{school.brin}/").content.decode()
    assert 'href="/bestuur/"' in dashboard
