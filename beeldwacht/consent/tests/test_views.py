from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from beeldwacht.audit.models import AuditEvent
from beeldwacht.consent.models import Channel, ConsentRecord, Kind, PupilFlag
from beeldwacht.consent.services import Choice, consent_record, flag_set
from conftest import make_pupil


@pytest.fixture
def group(school, groep5, sanne, moeder_mila, vader_victor, directeur_bas):
    """Sanne: granted on the website. Daan: nobody answered. Lotte: safeguarded."""
    website = Channel.objects.get(school=school, key="website")
    consent_record(
        pupil=sanne,
        choices=[Choice(website, Kind.IMAGE, True)],
        guardian=moeder_mila,
        by=moeder_mila.user,
        method=ConsentRecord.Method.PORTAL,
        on=date(2025, 9, 1),
    )
    daan = make_pupil(school, groep5, "1002", first="Daan", last="Bakker")
    lotte = make_pupil(school, groep5, "1003", first="Lotte", last="Smit")
    flag_set(
        pupil=lotte,
        kind=PupilFlag.Kind.SAFEGUARDING,
        reason="geheim adres",
        by=directeur_bas,
        on=date(2025, 9, 1),
    )
    return {"sanne": sanne, "daan": daan, "lotte": lotte, "website": website}


def test_matrix_shows_a_badge_per_pupil_and_channel(client, juf_anna, school, groep5, group):
    client.force_login(juf_anna)
    response = client.get(
        reverse("consent:group", kwargs={"brin": school.brin, "class_id": groep5.public_id})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="badge granted">toegestaan' in html
    assert 'class="badge none">geen antwoord' in html
    assert 'class="badge blocked">niet publiceren' in html
    assert "geheim adres" not in html


def test_matrix_filter_and_htmx_partial(client, juf_anna, school, groep5, group):
    client.force_login(juf_anna)
    url = reverse("consent:group", kwargs={"brin": school.brin, "class_id": groep5.public_id})
    response = client.get(
        url, {"kind": "image", "only": "attention"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="matrix">')
    assert "<html" not in html
    assert "Daan Bakker" in html and "Sanne de Vries" in html  # Sanne lacks the other channels


def test_matrix_queries_do_not_grow_with_pupils(
    client, juf_anna, school, groep5, group, django_assert_max_num_queries
):
    for n in range(40):
        make_pupil(school, groep5, str(5000 + n), first=f"Kind{n}")
    client.force_login(juf_anna)
    with django_assert_max_num_queries(16):
        client.get(
            reverse("consent:group", kwargs={"brin": school.brin, "class_id": groep5.public_id})
        )


def test_photo_card_names_the_safeguarded_child_once_and_lists_who_may_not(
    client, juf_anna, school, groep5, group
):
    client.force_login(juf_anna)
    response = client.get(
        reverse("consent:card", kwargs={"brin": school.brin, "class_id": groep5.public_id})
    )
    html = response.content.decode()
    assert html.count("Lotte Smit") == 1
    website_section = html.split('id="kanaal-website"')[1].split("</section>")[0]
    assert "Daan Bakker" in website_section
    assert "Sanne de Vries" not in website_section
    newsletter_section = html.split('id="kanaal-newsletter"')[1].split("</section>")[0]
    assert "Sanne de Vries" in newsletter_section


def test_management_sees_the_flag_reason_teacher_does_not(
    client, juf_anna, directeur_bas, school, group
):
    url = reverse(
        "consent:pupil", kwargs={"brin": school.brin, "pupil_id": group["lotte"].public_id}
    )
    client.force_login(directeur_bas)
    assert "geheim adres" in client.get(url).content.decode()
    client.force_login(juf_anna)
    html = client.get(url).content.decode()
    assert "geheim adres" not in html and "Veiligheid" in html


def test_a_teacher_sees_the_status_not_which_parent_said_what(
    client, juf_anna, directeur_bas, privacy_pim, school, group, vader_victor
):
    """Issue #11, finding 7: during a custody dispute too, a teacher needs the effective
    status per channel, not who of the parents decided what; management and the privacy
    contact read the history per guardian."""
    sanne, website = group["sanne"], group["website"]
    consent_record(
        pupil=sanne,
        choices=[Choice(website, Kind.IMAGE, False)],
        guardian=vader_victor,
        by=vader_victor.user,
        method=ConsentRecord.Method.PORTAL,
        on=date(2025, 9, 3),
    )
    url = reverse("consent:pupil", kwargs={"brin": school.brin, "pupil_id": sanne.public_id})
    client.force_login(juf_anna)
    html = client.get(url).content.decode()
    assert 'class="badge disputed"' in html
    history = html.split("<h2>Geschiedenis</h2>")
    assert len(history) == 1, "the teacher reads the history of who decided what"
    for reader in (directeur_bas, privacy_pim):
        client.force_login(reader)
        html = client.get(url).content.decode()
        rows = html.split("<h2>Geschiedenis</h2>")[1]
        assert "Mila de Vries" in rows and "Victor de Vries" in rows


def test_paper_form_is_recorded_as_such(client, directeur_bas, school, group, moeder_mila):
    client.force_login(directeur_bas)
    sanne, website = group["sanne"], group["website"]
    url = reverse("consent:paper_form", kwargs={"brin": school.brin, "pupil_id": sanne.public_id})
    response = client.post(
        url,
        {
            "decider": str(moeder_mila.public_id),
            "decided_on": "2026-01-15",
            f"c_{website.pk}_name": "yes",
            f"c_{website.pk}_image": "no",
        },
    )
    assert response.status_code == 302
    records = ConsentRecord.objects.filter(method=ConsentRecord.Method.PAPER)
    assert {(r.kind, r.decision) for r in records} == {("name", True), ("image", False)}
    assert all(
        r.recorded_by == directeur_bas and r.decided_on == date(2026, 1, 15) for r in records
    )
    page = client.get(response["Location"]).content.decode()
    assert "Papieren formulier opgeslagen" in page


def test_paper_form_refuses_a_future_date(client, directeur_bas, school, group, moeder_mila):
    client.force_login(directeur_bas)
    url = reverse(
        "consent:paper_form", kwargs={"brin": school.brin, "pupil_id": group["sanne"].public_id}
    )
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url, {"decider": str(moeder_mila.public_id), "decided_on": tomorrow})
    assert response.status_code == 200
    assert "toekomst" in response.content.decode()


def test_setting_a_flag_through_the_page(client, privacy_pim, school, group):
    client.force_login(privacy_pim)
    daan = group["daan"]
    url = reverse("consent:flag_set", kwargs={"brin": school.brin, "pupil_id": daan.public_id})
    client.post(url, {"kind": "custody_dispute", "reason": ""})
    assert PupilFlag.objects.filter(pupil=daan, kind="custody_dispute", lifted_on=None).exists()
    assert AuditEvent.objects.filter(type=AuditEvent.Type.FLAG_SET).count() == 2


def test_a_child_not_to_photograph_comes_first_on_the_card_and_blocks_internal_use(
    client, juf_anna, school, groep5, group, directeur_bas
):
    """Issue #12, build 6 (U5): 'niet fotograferen of filmen' is about making images, not
    only publishing them: the card says so at the top, and not even internal use clears."""
    from beeldwacht.consent.selectors import consent_grid
    from beeldwacht.domain.consent import Status
    from beeldwacht.takedowns.actions import set_flag

    set_flag(
        pupil=group["sanne"],
        kind=PupilFlag.Kind.NO_IMAGES,
        reason="keuze van de ouders",
        by=directeur_bas,
        on=date(2026, 1, 5),
    )
    client.force_login(juf_anna)
    html = client.get(
        reverse("consent:card", kwargs={"brin": school.brin, "class_id": groep5.public_id})
    ).content.decode()
    top = html.split('id="not-at-all-title"')[1].split("</section>")[0]
    assert "Niet fotograferen of filmen" in top and "Sanne de Vries" in top
    assert "Lotte Smit" not in top  # safeguarded: listed apart, its reason unsaid
    assert html.index("Sanne de Vries") < html.index("Lotte Smit")
    assert html.count("Sanne de Vries") == 1
    internal = Channel.objects.get(school=school, key="internal")
    grid = consent_grid(school, [group["sanne"]], [internal], date(2026, 3, 10), [Kind.IMAGE])
    assert grid[(group["sanne"].pk, internal.pk, Kind.IMAGE)].status is Status.BLOCKED
