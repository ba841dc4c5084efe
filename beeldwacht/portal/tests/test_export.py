"""A guardian downloads what the school holds about her child (issue 13, build item 6;
AVG art. 15): all of one child's data, and nothing of another child's, nor the other
parent's choices, nor a flag."""

import io
import json
import zipfile
from datetime import date

from django.urls import reverse

from beeldwacht.audit.models import AuditEvent
from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.services import Choice, consent_record, flag_set
from beeldwacht.incidents import services as incidents
from beeldwacht.media import services as media
from conftest import make_guardian, make_pupil

DAY = date(2026, 3, 9)


def choose(pupil, guardian, decision):
    consent_record(
        pupil=pupil,
        choices=[
            Choice(Channel.objects.get(school=pupil.school, key="website"), Kind.IMAGE, decision)
        ],
        guardian=guardian,
        by=guardian.user,
        method=ConsentRecord.Method.PORTAL,
        on=DAY,
    )


def test_the_zip_holds_her_child_and_nothing_else(
    client, school, groep5, sanne, moeder_mila, vader_victor, directeur_bas, juf_anna, frozen_today
):
    daan = make_pupil(school, groep5, "1002", first="Daan", last="Bakker")
    dirk = make_guardian(school, daan, "Dirk Bakker", "dirk@example.nl")
    choose(sanne, moeder_mila, True)
    choose(sanne, vader_victor, False)  # the other parent's choice: not in Mila's copy
    choose(daan, dirk, True)
    flag_set(pupil=sanne, kind="safeguarding", reason="Geheim", by=directeur_bas, on=DAY)
    media.activity_create(school=school, name="Schoolreis", date=DAY, classes=[groep5], by=juf_anna)
    incident = incidents.incident_report(
        school=school,
        category="bullying",
        happened_on=DAY,
        description="Pesten in de app.",
        by=juf_anna,
    )
    for pupil in (sanne, daan):
        involved = incidents.involved_add(
            incident=incident, role="pupil", pupil=pupil, by=directeur_bas
        )
        incidents.measure_decide(
            involved=involved,
            kind="warning" if pupil == sanne else "suspension",
            decided_on=DAY,
            note="Gesprek met ouders.",
            by=directeur_bas,
        )

    client.force_login(moeder_mila.user)
    response = client.get(reverse("portal:export", kwargs={"pupil_id": sanne.public_id}))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["gegevens.json", "overzicht.html"]
    data = json.loads(archive.read("gegevens.json"))
    summary = archive.read("overzicht.html").decode()
    assert data["child"]["first_name"] == "Sanne" and data["you"]["name"] == "Mila de Vries"
    assert [(c["channel"], c["decision"]) for c in data["your_choices"]] == [
        ("Schoolwebsite", True)
    ]
    assert data["measures"] == [{"measure": "Waarschuwing", "decided_on": "2026-03-09"}]
    everything = json.dumps(data, ensure_ascii=False) + summary
    for secret in ("Daan", "Dirk", "Victor", "Geheim", "safeguarding", "Pesten", "Schorsing"):
        assert secret not in everything, secret
    assert "Wat CBS De Linde over Sanne bewaart" in summary
    assert AuditEvent.objects.filter(type=AuditEvent.Type.PUPIL_EXPORTED).count() == 1


def test_only_her_own_child(client, school, groep5, sanne, moeder_mila):
    daan = make_pupil(school, groep5, "1002", first="Daan")
    make_guardian(school, daan, "Dirk", "dirk@example.nl")
    client.force_login(moeder_mila.user)
    assert (
        client.get(reverse("portal:export", kwargs={"pupil_id": daan.public_id})).status_code == 404
    )
