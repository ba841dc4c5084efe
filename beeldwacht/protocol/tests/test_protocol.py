"""The protocol itself (issue 13, build item 4; DOMAIN 8): versions from concept to adopted,
an adopted version frozen and public, and every staff member's acknowledgement tied to the
exact text, asked again for a new version."""

from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from beeldwacht.actions.to_do import to_do
from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.domain.letters import fingerprint
from beeldwacht.protocol import selectors, services
from beeldwacht.protocol.models import Acknowledgement, ProtocolVersion
from beeldwacht.schools.access import staff_access

TEXT = "## Toestemming\n\nWe publiceren een kind alleen met toestemming."


def write(school, by, number="2.1", text=TEXT):
    return services.version_create(
        school=school,
        number=number,
        dated=date(2026, 9, 1),
        authors="MT",
        change_note="Nieuwe regels voor sociale media.",
        text=text,
        by=by,
    )


def adopt(version, by):
    return services.version_move(version=version, to="adopted", by=by)


def test_adopting_freezes_the_version(school, directeur_bas):
    version = write(school, directeur_bas)
    services.version_move(version=version, to="concept_mt", by=directeur_bas)
    version = adopt(version, directeur_bas)
    assert version.text_sha256 == fingerprint(TEXT)
    with pytest.raises(InvalidInput, match="nooit"):
        services.version_edit(
            version=version,
            dated=date(2026, 9, 2),
            authors="MT",
            change_note="",
            text="Iets anders.",
            by=directeur_bas,
        )
    with pytest.raises(InvalidInput):
        services.version_move(version=version, to="concept", by=directeur_bas)
    assert ProtocolVersion.objects.get().text == TEXT
    assert AuditEvent.objects.filter(type=AuditEvent.Type.PROTOCOL_CHANGED).count() == 3


def test_only_management_writes_and_adopts(school, juf_anna, privacy_pim, directeur_bas):
    for person in (juf_anna, privacy_pim):
        with pytest.raises(PermissionDenied):
            write(school, person)
    version = write(school, directeur_bas)
    with pytest.raises(PermissionDenied):
        adopt(version, juf_anna)


def test_an_acknowledgement_keeps_the_texts_hash_and_a_new_version_asks_again(
    school, juf_anna, directeur_bas, time_machine
):
    time_machine.move_to(timezone.make_aware(datetime(2026, 9, 1, 9, 0)), tick=False)
    first = adopt(write(school, directeur_bas, "2.0"), directeur_bas)
    assert selectors.to_acknowledge(selectors.in_force(school), juf_anna) == first
    services.acknowledge(version=first, by=juf_anna)
    assert Acknowledgement.objects.get(user=juf_anna).text_sha256 == fingerprint(TEXT)
    assert selectors.to_acknowledge(selectors.in_force(school), juf_anna) is None
    second = adopt(write(school, directeur_bas, "2.1", TEXT + "\n\nNieuw."), directeur_bas)
    assert selectors.to_acknowledge(selectors.in_force(school), juf_anna) == second
    with pytest.raises(InvalidInput):  # the old one is no longer in force
        services.acknowledge(version=first, by=juf_anna)
    waiting = selectors.pending(selectors.in_force(school), date(2026, 9, 10))
    assert {str(p) for p in waiting.people} == {"Anna", "Bas"} and not waiting.overdue
    assert selectors.pending(selectors.in_force(school), date(2026, 9, 16)).overdue
    services.acknowledge(version=second, by=juf_anna)
    assert Acknowledgement.objects.get(version=second).text_sha256 == fingerprint(
        TEXT + "\n\nNieuw."
    )


def test_the_to_do_list_asks_and_management_sees_who_has_not(
    school, juf_anna, directeur_bas, time_machine
):
    time_machine.move_to(timezone.make_aware(datetime(2026, 9, 1, 9, 0)), tick=False)
    version = adopt(write(school, directeur_bas), directeur_bas)
    mine = to_do(staff_access(juf_anna, school), juf_anna, date(2026, 9, 2))
    assert mine.to_acknowledge == version and mine.not_acknowledged is None
    theirs = to_do(staff_access(directeur_bas, school), directeur_bas, date(2026, 9, 20))
    assert theirs.not_acknowledged.overdue and len(theirs.not_acknowledged.people) == 2


def test_the_version_in_force_is_public_and_a_concept_is_not(client, school, directeur_bas):
    url = reverse("protocol_public", kwargs={"brin": school.brin})
    version = write(school, directeur_bas)
    assert client.get(url).status_code == 404
    adopt(version, directeur_bas)
    page = client.get(url).content.decode()
    assert "<h2>Toestemming</h2>" in page and "Versie 2.1" in page


def test_staff_read_only_adopted_versions(client, school, juf_anna, directeur_bas):
    concept = write(school, directeur_bas, "3.0")
    client.force_login(juf_anna)
    url = reverse("protocol:detail", kwargs={"brin": school.brin, "version_id": concept.public_id})
    assert client.get(url).status_code == 404


def test_a_teacher_acknowledges_on_the_protocol_page(client, school, juf_anna, directeur_bas):
    version = adopt(write(school, directeur_bas), directeur_bas)
    client.force_login(juf_anna)
    page = client.get(reverse("protocol:overview", kwargs={"brin": school.brin})).content.decode()
    assert "Lees en bevestig versie 2.1" in page
    client.post(
        reverse(
            "protocol:acknowledge", kwargs={"brin": school.brin, "version_id": version.public_id}
        )
    )
    assert Acknowledgement.objects.filter(user=juf_anna, version=version).exists()


def test_the_import_command(school, directeur_bas, tmp_path):
    file = tmp_path / "protocol.md"
    file.write_text("# Mediaprotocol\n\nTekst van de school.\n", encoding="utf-8")
    call_command(
        "protocol-import",
        str(file),
        school=school.brin,
        number="2.0",
        authors="Directie",
        date="2024-06-01",
        adopted=True,
    )
    version = selectors.in_force(school)
    assert (version.number, version.dated) == ("2.0", date(2024, 6, 1))
    assert version.text_sha256 == fingerprint("# Mediaprotocol\n\nTekst van de school.")
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("protocol-import", str(file), school=school.brin, number="2.0", authors="X")
    with pytest.raises(CommandError, match="JJJJ-MM-DD|YYYY-MM-DD"):
        call_command(
            "protocol-import", str(file), school=school.brin, number="2.2", authors="X", date="1-6"
        )
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command(
            "protocol-import",
            str(tmp_path / "latin1.txt"),
            school=school.brin,
            number="2.3",
            authors="X",
        )
    assert ProtocolVersion.objects.count() == 1  # nothing half-saved


def test_acknowledging_needs_to_work_here(school, other_school, meester_ole, directeur_bas):
    version = adopt(write(school, directeur_bas), directeur_bas)
    with pytest.raises(PermissionDenied):
        services.acknowledge(version=version, by=meester_ole)


def test_permissions_on_record_show_where_they_apply(
    client, school, groep5, juf_anna, directeur_bas, frozen_today
):
    """A.1: social media during lessons, for a group and a period; U6: statements in
    external media by a colleague. Management grants; the group's pages say so."""
    from beeldwacht.protocol.models import Grant

    services.grant(
        school=school,
        kind=Grant.Kind.SOCIAL_MEDIA_IN_LESSONS,
        school_class=groep5,
        starts_on=date(2026, 3, 9),
        ends_on=date(2026, 3, 20),
        about="Vlog over het project Water",
        by=directeur_bas,
    )
    services.grant(
        school=school,
        kind=Grant.Kind.EXTERNAL_STATEMENTS,
        staff_member=juf_anna,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 6, 30),
        about="Interview met de Haarener Courant over de musical",
        by=directeur_bas,
    )
    with pytest.raises(PermissionDenied):
        services.grant(
            school=school,
            kind=Grant.Kind.SOCIAL_MEDIA_IN_LESSONS,
            school_class=groep5,
            starts_on=date(2026, 3, 9),
            ends_on=date(2026, 3, 20),
            about="Zelf toegestaan",
            by=juf_anna,
        )
    with pytest.raises(InvalidInput):
        services.grant(
            school=school,
            kind=Grant.Kind.SOCIAL_MEDIA_IN_LESSONS,
            school_class=groep5,
            starts_on=date(2026, 3, 20),
            ends_on=date(2026, 3, 9),
            about="Achterstevoren",
            by=directeur_bas,
        )
    client.force_login(juf_anna)
    card = client.get(
        reverse("consent:card", kwargs={"brin": school.brin, "class_id": groep5.public_id})
    ).content.decode()
    assert "Sociale media mogen tijdens de les" in card and "20 maart 2026" in card
    page = client.get(reverse("protocol:overview", kwargs={"brin": school.brin})).content.decode()
    assert "Interview met de Haarener Courant" in page
    assert AuditEvent.objects.filter(type=AuditEvent.Type.PERMISSION_GRANTED).count() == 2
