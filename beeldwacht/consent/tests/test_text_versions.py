"""Each consent points to the version of the text the decider saw or signed (issue #8,
finding 5: a paper form signed in June under v1, entered in September after v2 changed the
purposes, was stored as v2 and counted as granted instead of 'ask again')."""

import io
import json
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from beeldwacht.consent.models import Channel, ConsentRecord, ConsentText, Kind
from beeldwacht.consent.selectors import consent_grid
from beeldwacht.consent.services import Choice, consent_record, consent_text_publish
from beeldwacht.domain.consent import Status

SIGNED = date(2026, 6, 20)
ENTERED = datetime(2026, 9, 10, 10, 0)


@pytest.fixture
def two_versions(school, directeur_bas, time_machine):
    """v1 since January; v2, with changed purposes, since 1 September."""
    ConsentText.objects.filter(school=school, version=1).update(
        published_at=timezone.make_aware(datetime(2026, 1, 10, 9, 0))
    )
    time_machine.move_to(timezone.make_aware(datetime(2026, 9, 1, 9, 0)), tick=False)
    consent_text_publish(
        school=school, body="Nieuwe doelen.", material_change=True, by=directeur_bas
    )
    time_machine.move_to(timezone.make_aware(ENTERED), tick=False)


def image_status(school, pupil, on):
    website = Channel.objects.get(school=school, key="website")
    return consent_grid(school, [pupil], [website], on, [Kind.IMAGE])[
        (pupil.pk, website.pk, Kind.IMAGE)
    ].status


def test_a_june_form_entered_in_september_is_tied_to_the_june_text(
    client, school, two_versions, directeur_bas, sanne, moeder_mila
):
    website = Channel.objects.get(school=school, key="website")
    client.force_login(directeur_bas)
    url = reverse("consent:paper_form", kwargs={"brin": school.brin, "pupil_id": sanne.public_id})
    assert "Versie van de toestemmingstekst" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "decider": str(moeder_mila.public_id),
            "decided_on": SIGNED.isoformat(),
            "text_version": "",
            f"c_{website.pk}_image": "yes",
        },
    )
    assert response.status_code == 302
    assert ConsentRecord.objects.get().consent_text.version == 1
    assert image_status(school, sanne, ENTERED.date()) is Status.REASK


def test_the_form_can_name_the_version_it_was_printed_with(
    client, school, two_versions, directeur_bas, sanne, moeder_mila
):
    website = Channel.objects.get(school=school, key="website")
    client.force_login(directeur_bas)
    client.post(
        reverse("consent:paper_form", kwargs={"brin": school.brin, "pupil_id": sanne.public_id}),
        {
            "decider": str(moeder_mila.public_id),
            "decided_on": "2026-09-05",
            "text_version": "2",
            f"c_{website.pk}_image": "yes",
        },
    )
    assert ConsentRecord.objects.get().consent_text.version == 2
    assert image_status(school, sanne, ENTERED.date()) is Status.GRANTED


def test_the_portal_records_the_text_in_force_today(school, two_versions, sanne, moeder_mila):
    website = Channel.objects.get(school=school, key="website")
    consent_record(
        pupil=sanne,
        choices=[Choice(website, Kind.IMAGE, True)],
        guardian=moeder_mila,
        by=moeder_mila.user,
        method=ConsentRecord.Method.PORTAL,
        on=ENTERED.date(),
    )
    assert ConsentRecord.objects.get().consent_text.version == 2


def run_import(tmp_path, rows):
    path = tmp_path / "toestemming.csv"
    path.write_text(
        "\n".join(["leerlingnummer;kanaal;soort;besluit;datum;door;tekstversie", *rows]) + "\n"
    )
    out = io.StringIO()
    call_command("import-consents", "--school", "12AB", str(path), "--json", stdout=out)
    return out.getvalue()


def test_an_import_takes_the_version_column_or_the_text_in_force(
    school, two_versions, sanne, moeder_mila, tmp_path
):
    out = run_import(
        tmp_path,
        [
            "1001;website;beeld;ja;20-06-2026;mila@example.nl;",
            "1001;newsletter;beeld;ja;20-06-2026;mila@example.nl;2",
        ],
    )
    assert json.loads(out)["added"] == 2
    versions = {
        r.channel.key: r.consent_text.version
        for r in ConsentRecord.objects.select_related("channel", "consent_text")
    }
    assert versions == {"website": 1, "newsletter": 2}


def test_an_unknown_version_is_refused_with_its_line(
    school, two_versions, sanne, moeder_mila, tmp_path
):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run_import(tmp_path, ["1001;website;beeld;ja;20-06-2026;mila@example.nl;7"])
    assert not ConsentRecord.objects.exists()
