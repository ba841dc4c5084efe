"""Issue #11, finding 3 and build 5: the board account no longer sees an empty page. It sees
its schools side by side, in figures (no child named), and opens a school's audit trail."""

import pytest
from django.utils import timezone

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.daily import run_daily_jobs
from beeldwacht.common.errors import PermissionDenied
from beeldwacht.schools.services import evidence_period_set
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


def test_the_board_chooses_how_long_incident_evidence_is_kept(client, bestuur, school, juf_anna):
    client.force_login(bestuur)
    page = client.get("/bestuur/").content.decode()
    assert "Bewijsstukken van incidenten bewaren (maanden)" in page
    field = f"board{school.board_id}-evidence_keep_months"
    refused = client.post("/bestuur/", {"board": school.board_id, field: "0"})
    assert refused.status_code == 400
    school.board.refresh_from_db()
    assert school.board.evidence_keep_months == 24  # the default, untouched
    saved = client.post("/bestuur/", {"board": school.board_id, field: "36"})
    assert saved.status_code == 302
    school.board.refresh_from_db()
    assert school.board.evidence_keep_months == 36
    event = AuditEvent.objects.get(type=AuditEvent.Type.RETENTION_CHANGED, school_id=school.pk)
    assert event.data == {"evidence_keep_months": 36}
    client.force_login(juf_anna)  # not on the board
    assert client.post("/bestuur/", {"board": school.board_id, field: "1"}).status_code == 404
    with pytest.raises(PermissionDenied):
        evidence_period_set(board=school.board, months=1, by=juf_anna)


def test_an_odd_board_number_is_not_found(client, bestuur, school):
    client.force_login(bestuur)
    for odd in ("²", "", "abc", "99999"):
        assert client.post("/bestuur/", {"board": odd}).status_code == 404
