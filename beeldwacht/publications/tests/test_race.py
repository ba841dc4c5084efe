"""A consent withdrawal racing a publication, on two database connections (PostgreSQL)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.services import Choice, lock_consent
from beeldwacht.publications import services
from beeldwacht.publications.models import Publication
from beeldwacht.publications.tests.conftest import TODAY
from beeldwacht.takedowns.actions import record_consent
from beeldwacht.takedowns.models import Placement

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_withdrawal_holding_the_lock_stops_the_publication(
    school, sanne, moeder_mila, directeur_bas
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks between two connections: runs in the PostgreSQL leg")
    website = Channel.objects.get(school=school, key="website")
    record_consent(
        pupil=sanne,
        choices=[Choice(website, Kind.NAME, True)],
        guardian=moeder_mila,
        by=moeder_mila.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    item = services.publication_create(
        school=school,
        title="Voorlezen",
        body="Sanne de Vries las voor.",
        channels=[website],
        by=directeur_bas,
    )
    services.publication_submit(publication=item, by=directeur_bas)
    services.publication_approve(publication=item, by=directeur_bas, acknowledge_warnings=True)

    locked, release = threading.Event(), threading.Event()

    def withdraw():  # a parent withdraws, slowly, on another connection
        try:
            with transaction.atomic():
                lock_consent(school)
                locked.set()
                release.wait(5)
                record_consent(
                    pupil=sanne,
                    choices=[Choice(website, Kind.NAME, False)],
                    guardian=moeder_mila,
                    by=moeder_mila.user,
                    method=ConsentRecord.Method.PORTAL,
                    on=TODAY,
                )
        finally:
            connections.close_all()

    other = threading.Thread(target=withdraw)
    other.start()
    assert locked.wait(5)
    threading.Timer(0.5, release.set).start()
    started = time.monotonic()
    with pytest.raises(services.ChecksFailed):
        services.publication_publish(
            publication=Publication.objects.get(pk=item.pk), by=directeur_bas
        )
    waited = time.monotonic() - started
    other.join(5)
    assert waited >= 0.4  # it waited for the withdrawal to commit, then saw it
    assert not Placement.objects.exists()
    assert Publication.objects.get(pk=item.pk).status == "approved"
