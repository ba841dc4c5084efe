"""Issue #11, done means: the author picks a photo by its thumbnail and is told why she
cannot submit yet; once she can, the approver is mailed and finds it on her 'Te doen' list
on her phone. axe-core on each page; with BEELDWACHT_SHOTS=dir, screenshots to look at."""

import re

import pytest
from django.core import mail

from beeldwacht.publications.models import Publication
from beeldwacht.publications.tests.conftest import publish_trip
from beeldwacht.tests.browser import assert_accessible, log_in, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_a_blocked_draft_to_the_approvers_to_do_list(
    live_server, tablet, phone, school, groep5, juf_anna, directeur_bas, monkeypatch
):
    publish_trip(school, groep5, juf_anna, directeur_bas, monkeypatch, publish=False)
    page = tablet
    log_in(page, live_server.url, "anna@delinde.nl")
    page.get_by_role("link", name="Publicaties").click()
    page.get_by_role("link", name="Publicatie schrijven").click()
    page.get_by_label("Titel", exact=True).fill("Quiz")
    page.get_by_label(re.compile("^Tekst")).fill("Daan Bakker won de quiz.")  # no name consent
    page.get_by_label("Schoolwebsite").check()
    with page.expect_navigation():
        page.get_by_label(re.compile("^Activiteit")).select_option(label="Schoolreis")
    page.get_by_role("checkbox", name="Foto groep.jpg").check()
    page.get_by_role("button", name="Opslaan en controleren").click()

    submit = page.get_by_role("button", name="Indienen ter goedkeuring")
    assert submit.is_disabled()
    why = page.locator("#why-not-submit").inner_text()
    assert (
        why
        == "Je kunt indienen zodra is aangepast wat volgens de bevindingen hierboven anders moet."
    )
    assert_accessible(page)
    shoot(page, "auteur-1-nog-niet-indienen")

    page.get_by_role("link", name="Wijzigen").click()
    page.get_by_label(re.compile("^Tekst")).fill("Groep 5 won de quiz.")
    page.get_by_role("button", name="Opslaan en controleren").click()
    mail.outbox.clear()
    page.get_by_role("button", name="Indienen ter goedkeuring").click()
    page.get_by_text("Ingediend").first.wait_for()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["bas@delinde.nl"], "Een publicatie wacht op je goedkeuring (CBS De Linde)")
    ]

    page = phone
    log_in(page, live_server.url, "bas@delinde.nl")
    to_do = page.get_by_role("region", name="Te doen")
    assert_accessible(page)
    shoot(page, "goedkeurder-1-te-doen")
    to_do.get_by_role("link", name='Wacht op je goedkeuring: "Quiz" van Anna').click()
    page.get_by_label("Ik heb de waarschuwingen gelezen").check()
    page.get_by_role("button", name="Goedkeuren").click()
    page.get_by_role("button", name="Publiceren").wait_for()
    assert Publication.objects.get(title="Quiz").status == "approved"
    page.get_by_role("link", name="CBS De Linde").click()
    assert "Wacht op je goedkeuring" not in page.get_by_role("region", name="Te doen").inner_text()
