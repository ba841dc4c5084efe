"""The incident register (issue 13, build items 1 and 2; DOMAIN 7): anyone on staff reports;
only management and the board see it (others, and other schools, get a 404); measures as
the protocol lists them per role; derailing online communication goes to management at
once; evidence stays private and is shown as pixels only."""

import io
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.permissions import Role
from beeldwacht.incidents import services
from beeldwacht.incidents.models import Evidence, Incident, MeasureTaken
from beeldwacht.media.tests.photos import jpeg_bytes, portrait
from conftest import staff

DAY = date(2026, 3, 9)


def screenshot() -> bytes:
    image = portrait()
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "Privégesprek van juf X"  # ImageDescription: must not come back out
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def incident(school, juf_anna, frozen_today):
    return services.incident_report(
        school=school,
        category="defaming",
        happened_on=DAY,
        description="Een privébericht van een leerkracht noemt een leerling bij naam.",
        evidence=[("screenshot.jpg", screenshot())],
        by=juf_anna,
    )


def test_a_teacher_reports_but_does_not_see_the_register(client, school, juf_anna, incident):
    client.force_login(juf_anna)
    s = {"brin": school.brin}
    assert client.get(reverse("incidents:list", kwargs=s)).status_code == 404
    detail = reverse("incidents:detail", kwargs={**s, "incident_id": incident.public_id})
    assert client.get(detail).status_code == 404
    assert client.get(reverse("incidents:report", kwargs=s)).status_code == 200


def test_management_and_the_board_see_it_and_each_look_is_audited(
    client, school, directeur_bas, incident
):
    board = staff(school, "bestuur@lindeboom.nl", Role.BOARD)
    url = reverse(
        "incidents:detail", kwargs={"brin": school.brin, "incident_id": incident.public_id}
    )
    for person in (directeur_bas, board):
        client.force_login(person)
        page = client.get(url).content.decode()
        assert "noemt een leerling bij naam" in page
    assert AuditEvent.objects.filter(type=AuditEvent.Type.INCIDENT_VIEWED).count() == 2
    event = AuditEvent.objects.get(type=AuditEvent.Type.INCIDENT_REPORTED)
    assert "leerling" not in str(event.data)  # no description in the trail


def test_another_school_sees_nothing(client, school, meester_ole, incident):
    client.force_login(meester_ole)
    url = reverse(
        "incidents:detail", kwargs={"brin": school.brin, "incident_id": incident.public_id}
    )
    assert client.get(url).status_code == 404


def test_measures_as_the_protocol_lists_them_per_role(
    school, directeur_bas, juf_anna, sanne, incident
):
    teacher = services.involved_add(
        incident=incident, role="staff", staff_member=juf_anna, by=directeur_bas
    )
    pupil = services.involved_add(incident=incident, role="pupil", pupil=sanne, by=directeur_bas)
    outsider = services.involved_add(
        incident=incident, role="other", name="Oom Kees", by=directeur_bas
    )
    services.measure_decide(
        involved=teacher, kind="reprimand", decided_on=DAY, note="Gesprek gehad.", by=directeur_bas
    )
    with pytest.raises(InvalidInput, match="geen maatregel"):
        services.measure_decide(
            involved=pupil, kind="reprimand", decided_on=DAY, note="", by=directeur_bas
        )
    with pytest.raises(InvalidInput):
        services.measure_decide(
            involved=teacher, kind="expulsion", decided_on=DAY, note="", by=directeur_bas
        )
    with pytest.raises(InvalidInput):
        services.measure_decide(
            involved=outsider, kind="warning", decided_on=DAY, note="", by=directeur_bas
        )
    services.measure_decide(
        involved=pupil, kind="warning", decided_on=DAY, note="", by=directeur_bas
    )
    assert sorted(MeasureTaken.objects.values_list("kind", flat=True)) == ["reprimand", "warning"]
    with pytest.raises(PermissionDenied):  # a teacher decides no measures
        services.measure_decide(
            involved=pupil, kind="warning", decided_on=DAY, note="", by=juf_anna
        )


def test_derailing_online_communication_goes_to_management_at_once(
    school, juf_anna, directeur_bas, frozen_today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.incident_report(
            school=school,
            category="derailing",
            happened_on=DAY,
            description="Een discussie in de ouderapp loopt uit de hand.",
            by=juf_anna,
        )
    [message] = mail.outbox
    assert message.to == [directeur_bas.email]
    assert "uit de hand" not in message.body  # the mail links, it does not retell
    assert "/incidenten/" in message.body


def test_evidence_is_private_and_shown_as_pixels_only(client, school, directeur_bas, incident):
    evidence = Evidence.objects.get()
    with evidence.file.open("rb") as handle:
        assert b"Priv" in handle.read()  # kept as handed in
    client.force_login(directeur_bas)
    url = reverse(
        "incidents:evidence",
        kwargs={
            "brin": school.brin,
            "incident_id": incident.public_id,
            "evidence_id": evidence.public_id,
        },
    )
    response = client.get(url)
    assert response["Content-Type"] == "image/jpeg"
    assert b"Priv" not in response.content  # our own re-encoding: no metadata
    assert response["Cache-Control"] == "private, no-store"


def test_bad_input_stores_nothing(school, juf_anna, frozen_today):
    with pytest.raises(InvalidInput):
        services.incident_report(
            school=school,
            category="defaming",
            happened_on=DAY,
            description="Met een bijlage die geen foto is.",
            evidence=[("notities.jpg", b"%PDF-1.4 geen foto")],
            by=juf_anna,
        )
    with pytest.raises(InvalidInput):
        services.incident_report(
            school=school,
            category="defaming",
            happened_on=date(2027, 1, 1),
            description="x",
            by=juf_anna,
        )
    assert not Incident.objects.exists() and not Evidence.objects.exists()


def test_someone_from_another_school_cannot_report_here(school, meester_ole, frozen_today):
    with pytest.raises(PermissionDenied):
        services.incident_report(
            school=school, category="other", happened_on=DAY, description="x", by=meester_ole
        )


def test_the_director_records_everything_from_the_page(
    client, school, directeur_bas, juf_anna, incident
):
    client.force_login(directeur_bas)
    s = {"brin": school.brin, "incident_id": incident.public_id}
    client.post(
        reverse("incidents:involved", kwargs=s),
        {"role": "staff", "person": f"staff:{juf_anna.public_id}"},
    )
    involved = incident.involved.get()
    client.post(
        reverse("incidents:measure", kwargs=s),
        {"involved": str(involved.public_id), "kind": "reprimand", "decided_on": "2026-03-10"},
    )
    client.post(
        reverse("incidents:evidence_add", kwargs=s),
        {"evidence": _upload("tweede.jpg", jpeg_bytes(portrait()))},
    )
    page = client.get(reverse("incidents:detail", kwargs=s)).content.decode()
    assert "Berisping" in page and "tweede.jpg" in page
    assert incident.evidence.count() == 2


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="image/jpeg")
