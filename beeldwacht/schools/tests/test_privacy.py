"""The processing register (AVG art. 30) and the DPIA input, generated from the school's
configuration (issue 13, build item 6): its channels, retention periods and processors, as
HTML and PDF; what is missing in the configuration is pointed out, and no child or parent
is named."""

import re
import zlib
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beeldwacht.actions.dpia import dpia_input
from beeldwacht.actions.register import in_eea, processing_register
from beeldwacht.common.documents import as_pdf
from beeldwacht.consent.models import Channel
from beeldwacht.schools.models import Processor
from beeldwacht.schools.services import processor_add
from conftest import staff

TODAY = date(2026, 3, 10)


def text_of(document) -> str:
    parts = [document.title, document.subtitle]
    for section in document.sections:
        parts += [section.title, *section.paragraphs]
        parts += [f"{term}: {text}" for term, text in section.terms]
        parts += [" | ".join(row) for row in section.table]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    """The text drawn in a PDF made by common.documents (its streams are deflated)."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
    drawn = b"".join(zlib.decompressobj().decompress(s) for s in streams if s[:1] == b"x")
    return b" ".join(re.findall(rb"\((.*?)\) ?Tj", drawn)).decode("latin-1")


@pytest.fixture
def configured(school, directeur_bas, sanne, moeder_mila):
    privacy = staff(school, "pim@lindeboom.nl", "privacy_officer")
    privacy.first_name, privacy.last_name = "Pim", "de Wit"
    privacy.save()
    processor_add(
        school=school,
        name="Schoolhost BV",
        service="Host van Beeldwacht",
        location="Nederland",
        agreement_on=date(2025, 8, 1),
        by=directeur_bas,
    )
    processor_add(
        school=school,
        name="Mailwolk Inc.",
        service="Nieuwsbrief versturen",
        location="Verenigde Staten",
        by=directeur_bas,
    )
    return school


def test_the_register_follows_the_configuration(configured, settings):
    school = configured
    settings.RETENTION_PUPIL_FILE_YEARS = 3
    school.board.evidence_keep_months = 18
    school.board.save()
    text = text_of(processing_register(school, TODAY))
    assert "Verwerkingsregister CBS De Linde" in text and "BRIN 12AB" in text
    assert "Pim de Wit (pim@lindeboom.nl)" in text  # the privacy contact: the register names her
    assert "Leerlingen (1), hun ouders en verzorgers (1)" in text
    website = Channel.objects.get(school=school, key="website")
    assert f"{website.name} | iedereen (openbaar) | de school" in text
    assert "3 jaar nadat de leerling de school verliet" in text
    assert "18 maanden na het laatste dat bij het incident" in text
    assert "Schoolhost BV | Host van Beeldwacht | Nederland | 1 augustus 2025" in text
    assert "Mailwolk Inc. (Verenigde Staten)" in text  # a transfer outside the EU, named
    assert "Sanne" not in text and "Mila" not in text  # counts, never the children or parents


def test_the_dpia_input_points_out_what_is_missing(configured, school):
    text = text_of(dpia_input(school, TODAY))
    assert "Met Mailwolk Inc. is nog geen verwerkersovereenkomst getekend." in text
    assert "Mailwolk Inc. houdt gegevens in Verenigde Staten" in text
    assert "Met Schoolhost BV" not in text
    school.second_factor_required = False
    school.save()
    Channel.objects.filter(school=school, owner=Channel.Owner.EXTERNAL).update(editor_email="")
    text = text_of(dpia_input(school, TODAY))
    assert "zonder tweede factor" in text
    assert "ontbreekt het e-mailadres van de redactie" in text


def test_a_school_without_processors_or_contact_is_told(school):
    text = text_of(dpia_input(school, TODAY))
    assert "Er is geen privacycontactpersoon aangewezen." in text
    assert "Er zijn nog geen verwerkers vastgelegd." in text
    assert "Nog geen verwerkers vastgelegd" in text_of(processing_register(school, TODAY))


def test_html_and_pdf_say_the_same(client, configured, directeur_bas, frozen_today):
    client.force_login(directeur_bas)
    s = {"brin": configured.brin}
    html = client.get(reverse("privacy:register", kwargs=s)).content.decode()
    assert "Schoolhost BV" in html and "Bewaartermijnen" in html
    response = client.get(reverse("privacy:register_pdf", kwargs=s))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="register-12AB-2026-03-10.pdf"' in response["Content-Disposition"]
    drawn = pdf_text(response.content)
    assert "Verwerkingsregister CBS De Linde" in drawn and "Schoolhost BV" in drawn
    dpia = pdf_text(client.get(reverse("privacy:dpia_pdf", kwargs=s)).content)
    assert "Mailwolk Inc." in dpia and "Aandachtspunten uit de instellingen" in dpia


def test_the_pdf_of_one_day_is_the_same_file(configured):
    register = processing_register(configured, TODAY)
    assert as_pdf(register) == as_pdf(register)


def test_adding_a_processor_without_a_name_is_refused(client, school, directeur_bas):
    client.force_login(directeur_bas)
    url = reverse("privacy:processor_add", kwargs={"brin": school.brin})
    response = client.post(url, {"name": " ", "service": "Hosting", "location": "Nederland"})
    assert response.status_code == 400
    assert "Dit veld is verplicht" in response.content.decode()
    assert not Processor.objects.exists()


def test_the_register_page_costs_the_same_for_many_processors(
    client, configured, directeur_bas, django_assert_num_queries
):
    client.force_login(directeur_bas)
    url = reverse("privacy:register", kwargs={"brin": configured.brin})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        Processor.objects.create(school=configured, name=f"Verwerker {n}", service="Iets")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_parents_read_the_privacy_statement(client, configured, moeder_mila):
    client.force_login(moeder_mila.user)
    overview = client.get(reverse("portal:overview")).content.decode()
    url = reverse("privacy_public", kwargs={"brin": configured.brin})
    assert url in overview
    client.logout()
    page = client.get(url).content.decode()  # public, like the protocol
    assert "Gezichten worden gevonden, nooit herkend" in page
    assert "Zij herkent niemand" in page
    assert "pim@lindeboom.nl" in page  # whom to ask
    assert "Schoolhost BV" in page and "Host van Beeldwacht" in page
    assert "24 maanden na het laatste" in page  # the board's choice, as it stands
    assert not re.search(r"\b(je|jij|jouw)\b", page, re.I)  # parents are addressed as u
    assert client.get(reverse("privacy_public", kwargs={"brin": "99ZZ"})).status_code == 404


def test_a_long_description_or_a_name_outside_latin_1_still_makes_a_pdf(configured):
    Channel.objects.filter(school=configured, key="website").update(description="Nieuws. " * 400)
    processor_add(
        school=configured,
        name="Szőke Hosting",
        service="Back-ups",
        location="Nederland (Amsterdam)",
        agreement_on=date(2025, 1, 1),
        by=configured.memberships.get(role="management").user,
    )
    text = pdf_text(as_pdf(processing_register(configured, TODAY)))
    assert "Szoke Hosting" in text  # its plain letter, not a question mark
    assert "Szőke Hosting" in text_of(processing_register(configured, TODAY))  # the page: as is


@pytest.mark.parametrize(
    ("location", "inside"),
    [
        ("Nederland", True),
        ("Nederland (Amsterdam)", True),
        ("EU, Frankfurt", True),
        ("the Netherlands", True),
        ("Duitsland", True),
        ("Verenigde Staten", False),
        ("Verenigd Koninkrijk", False),
    ],
)
def test_where_a_processor_keeps_data(location, inside):
    assert in_eea(location) is inside
