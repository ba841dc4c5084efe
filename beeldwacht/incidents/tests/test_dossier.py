"""Correspondence in the personnel file and the pupil file (issue 13, build item 2): the
letter for a measure from the school's Dutch template, filed as written in the file of the
person it is about; replies filed beside it; a file exported per person."""

import io
import json
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.incidents import dossier, services
from beeldwacht.incidents.models import DossierEntry

DAY = date(2026, 3, 9)


@pytest.fixture
def incident(school, juf_anna, frozen_today):
    return services.incident_report(
        school=school,
        category="confidential",
        happened_on=DAY,
        description="Gegevens van een leerling gedeeld.",
        by=juf_anna,
    )


def test_a_reprimand_letter_goes_into_the_personnel_file(
    client, school, incident, juf_anna, directeur_bas
):
    involved = services.involved_add(
        incident=incident, role="staff", staff_member=juf_anna, by=directeur_bas
    )
    measure = services.measure_decide(
        involved=involved, kind="reprimand", decided_on=DAY, note="", by=directeur_bas
    )
    title, draft = dossier.letter_draft(measure, directeur_bas)
    assert "een berisping krijgt" in draft and "9 maart 2026" in draft
    assert "vertrouwelijke informatie delen" in draft and "[" not in draft
    dossier.letter_file(measure=measure, text=draft + "\nPS.", by=directeur_bas)
    [entry] = DossierEntry.objects.all()
    assert entry.staff_member == juf_anna and entry.text.endswith("PS.")
    with pytest.raises(PermissionDenied):
        dossier.letter_file(measure=measure, text="x", by=juf_anna)
    client.force_login(directeur_bas)
    url = reverse(
        "incidents:staff_dossier", kwargs={"brin": school.brin, "user_id": juf_anna.public_id}
    )
    assert "een berisping krijgt" in client.get(url).content.decode()
    archive = zipfile.ZipFile(io.BytesIO(client.get(url + "?export=1").content))
    rows = json.loads(archive.read("dossier.json"))
    assert [r["title"] for r in rows] == [title]
    assert AuditEvent.objects.filter(type=AuditEvent.Type.DOSSIER_OPENED).count() == 2
    client.force_login(juf_anna)  # her own file is not hers to read here
    assert client.get(url).status_code == 404


def test_summary_dismissal_says_it_may_be_dereliction_of_duty(incident, juf_anna, directeur_bas):
    involved = services.involved_add(
        incident=incident, role="staff", staff_member=juf_anna, by=directeur_bas
    )
    measure = services.measure_decide(
        involved=involved, kind="summary_dismissal", decided_on=DAY, note="", by=directeur_bas
    )
    _title, draft = dossier.letter_draft(measure, directeur_bas)
    assert "plichtsverzuim" in draft


def test_a_guardians_measure_is_filed_with_her_child_and_in_her_copy(
    client, school, incident, sanne, moeder_mila, vader_victor, directeur_bas
):
    involved = services.involved_add(
        incident=incident, role="guardian", guardian=vader_victor, by=directeur_bas
    )
    measure = services.measure_decide(
        involved=involved, kind="warning", decided_on=DAY, note="", by=directeur_bas
    )
    _title, draft = dossier.letter_draft(measure, directeur_bas)
    assert draft.startswith("Geachte Victor de Vries,")
    dossier.letter_file(measure=measure, text=draft, by=directeur_bas)
    assert DossierEntry.objects.get().pupil == sanne
    # Victor's copy of Sanne's data holds it; Mila's does not (it is about Victor).
    for guardian, has_it in ((vader_victor, True), (moeder_mila, False)):
        client.force_login(guardian.user)
        data = zipfile.ZipFile(
            io.BytesIO(
                client.get(reverse("portal:export", kwargs={"pupil_id": sanne.public_id})).content
            )
        ).read("gegevens.json")
        assert ("Geachte Victor" in data.decode()) is has_it


def test_a_reply_is_filed_and_bad_input_refused(school, sanne, directeur_bas):
    dossier.reply_file(
        school=school,
        pupil=sanne,
        title="Reactie van de ouders",
        text="Wij zijn het eens.",
        by=directeur_bas,
    )
    with pytest.raises(InvalidInput):
        dossier.reply_file(school=school, pupil=sanne, title="", text="x", by=directeur_bas)
    assert DossierEntry.objects.count() == 1


def test_a_letter_for_a_parent_without_a_child_here_is_refused(school, incident, directeur_bas):
    from beeldwacht.people.models import Guardian

    stranger = Guardian.objects.create(school=school, name="Oud-ouder")
    involved = services.involved_add(
        incident=incident, role="guardian", guardian=stranger, by=directeur_bas
    )
    measure = services.measure_decide(
        involved=involved, kind="warning", decided_on=DAY, note="", by=directeur_bas
    )
    with pytest.raises(InvalidInput, match="geen dossier"):
        dossier.letter_file(measure=measure, text="Brief.", by=directeur_bas)
    assert not DossierEntry.objects.exists()
