"""Issue #11, finding 2: nobody was mailed on submit, send-back or approval. Now the
approvers hear of a submission and the author of each decision, and no subject carries the
title, which may name a child."""

import pytest
from django.core import mail

from beeldwacht.common.permissions import Role
from beeldwacht.publications import services
from beeldwacht.publications.tests.conftest import publish_trip
from conftest import staff


@pytest.fixture
def draft(school, groep5, juf_anna, directeur_bas, monkeypatch):
    trip = publish_trip(school, groep5, juf_anna, directeur_bas, monkeypatch, publish=False)
    return services.publication_create(
        school=school,
        title="Sanne wint de voorleeswedstrijd",
        body="Wat een dag!",
        channels=[trip["website"]],
        media=[trip["item"]],
        activity=trip["activity"],
        by=juf_anna,
    )


def _mails(capture, step):
    mail.outbox.clear()
    with capture(execute=True):
        step()
    return {(m.to[0], m.subject): m.body for m in mail.outbox}


def test_the_approvers_hear_of_a_submission_and_the_author_of_each_decision(
    school, draft, juf_anna, directeur_bas, django_capture_on_commit_callbacks
):
    ingrid = staff(school, "ingrid@delinde.nl", Role.COMMUNICATIONS)
    staff(school, "piet@delinde.nl", Role.TEACHER)  # may not approve: not told
    capture = django_capture_on_commit_callbacks

    sent = _mails(capture, lambda: services.publication_submit(publication=draft, by=juf_anna))
    assert {to for to, _subject in sent} == {directeur_bas.email, ingrid.email}
    subject, body = next((s, b) for (to, s), b in sent.items() if to == ingrid.email)
    assert subject == "Een publicatie wacht op je goedkeuring (CBS De Linde)"
    assert "Sanne wint de voorleeswedstrijd" in body and "/publicaties/" in body

    sent = _mails(
        capture,
        lambda: services.publication_send_back(
            publication=draft, by=directeur_bas, comment="Liever zonder achternamen."
        ),
    )
    [((to, subject), body)] = sent.items()
    assert to == juf_anna.email and subject == "Je publicatie is teruggestuurd"
    assert "Liever zonder achternamen." in body

    services.publication_submit(publication=draft, by=juf_anna)
    sent = _mails(
        capture,
        lambda: services.publication_approve(
            publication=draft, by=directeur_bas, acknowledge_warnings=True
        ),
    )
    assert list(sent) == [(juf_anna.email, "Je publicatie is goedgekeurd")]
    sent = _mails(
        capture, lambda: services.publication_publish(publication=draft, by=directeur_bas)
    )
    assert list(sent) == [(juf_anna.email, "Je publicatie is gepubliceerd")]
    assert not any("Sanne" in subject for _to, subject in sent)


def test_nobody_is_told_what_they_did_themselves(
    school, groep5, directeur_bas, monkeypatch, django_capture_on_commit_callbacks
):
    trip = publish_trip(school, groep5, directeur_bas, directeur_bas, monkeypatch, publish=False)
    own = services.publication_create(
        school=school,
        title="Nieuws",
        body="",
        channels=[trip["website"]],
        media=[],
        activity=None,
        by=directeur_bas,
    )
    sent = _mails(
        django_capture_on_commit_callbacks,
        lambda: services.publication_submit(publication=own, by=directeur_bas),
    )
    assert sent == {}  # the only approver is the author herself


def test_a_question_names_no_title_in_its_subject(
    school, draft, juf_anna, directeur_bas, django_capture_on_commit_callbacks
):
    sent = _mails(
        django_capture_on_commit_callbacks,
        lambda: services.publication_ask(
            publication=draft, recipient=directeur_bas, text="Mag dit?", by=juf_anna
        ),
    )
    [((to, subject), body)] = sent.items()
    assert subject == "Een vraag over een publicatie (CBS De Linde)"
    assert "Sanne wint de voorleeswedstrijd" in body and "Mag dit?" in body
