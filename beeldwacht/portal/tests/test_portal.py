import re

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from beeldwacht.consent.models import Channel, ConsentRecord
from conftest import make_guardian, send_queued_mail


def field(school, key, kind):
    return f"c_{Channel.objects.get(school=school, key=key).pk}_{kind}"


def test_guardian_logs_in_with_a_code_from_the_mail(client, sanne, moeder_mila):
    client.post(reverse("account_request_login_code"), {"email": "mila@example.nl"})
    # The request only queued the mail (issue #9, finding 4: known and unknown addresses
    # answered in different times, because the mail was sent inside the request).
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(queue_name="mail").count() == 1
    send_queued_mail()
    [message] = mail.outbox
    assert message.to == ["mila@example.nl"]
    code = re.search(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})?)\s*$", message.body, re.M).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:overview")
    assert "Sanne" in response.content.decode()


def test_unknown_address_gets_no_mail_and_no_hint(client, school):
    response = client.post(reverse("account_request_login_code"), {"email": "nobody@example.nl"})
    assert response.status_code == 302
    send_queued_mail()
    assert mail.outbox == []


def test_guardian_gives_and_withdraws_consent(client, school, sanne, moeder_mila):
    client.force_login(moeder_mila.user)
    url = reverse("portal:child", kwargs={"pupil_id": sanne.public_id})
    page = client.get(url).content.decode()
    assert "Uw keuzes voor Sanne" in page
    assert "nooit herkend" in page  # the consent text tells that faces are only detected
    client.post(
        url, {field(school, "website", "image"): "yes", field(school, "newsletter", "name"): "yes"}
    )
    assert ConsentRecord.objects.filter(pupil=sanne, decision=True, method="portal").count() == 2
    response = client.post(
        url,
        {field(school, "website", "image"): "no", field(school, "newsletter", "name"): "yes"},
        follow=True,
    )
    assert "Uw keuzes zijn opgeslagen" in response.content.decode()
    latest = ConsentRecord.objects.filter(pupil=sanne).order_by("-id").first()
    assert (latest.channel.key, latest.kind, latest.decision) == ("website", "image", False)
    assert ConsentRecord.objects.filter(pupil=sanne).count() == 3


def test_page_shows_the_guardians_own_answers_checked(client, school, sanne, moeder_mila):
    client.force_login(moeder_mila.user)
    url = reverse("portal:child", kwargs={"pupil_id": sanne.public_id})
    client.post(url, {field(school, "website", "image"): "no"})
    html = client.get(url).content.decode()
    name = field(school, "website", "image")
    assert re.search(rf'name="{name}" value="no" checked', html)


def test_guardian_without_authority_can_look_but_not_decide(client, school, sanne):
    stepfather = make_guardian(school, sanne, "Stef", "stef@example.nl", authority=False)
    client.force_login(stepfather.user)
    url = reverse("portal:child", kwargs={"pupil_id": sanne.public_id})
    assert "geen ouderlijk gezag" in client.get(url).content.decode()
    assert client.post(url, {field(school, "website", "image"): "yes"}).status_code == 404
    assert not ConsentRecord.objects.exists()


def test_receipt_lists_the_choices_and_their_references(client, school, sanne, moeder_mila):
    client.force_login(moeder_mila.user)
    client.post(
        reverse("portal:child", kwargs={"pupil_id": sanne.public_id}),
        {field(school, "website", "image"): "yes"},
    )
    html = client.get(
        reverse("portal:receipt", kwargs={"pupil_id": sanne.public_id})
    ).content.decode()
    record = ConsentRecord.objects.get()
    assert str(record.public_id) in html
    assert "geen antwoord (geen toestemming)" in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_guardian_never_reaches_another_child(client, school, groep5, sanne, moeder_mila, method):
    from conftest import make_pupil

    other = make_pupil(school, groep5, "1009", first="Bram")
    client.force_login(moeder_mila.user)
    url = reverse("portal:child", kwargs={"pupil_id": other.public_id})
    assert getattr(client, method)(url).status_code == 404


def test_the_guardian_of_a_former_pupil_can_still_log_in_and_withdraw(
    client, school, sanne, moeder_mila
):
    """Issue #8, finding 7: once a child left school her guardians could not reach her page
    any more to withdraw or ask for removal (AVG art. 7(3) keeps that possible)."""
    from datetime import date

    sanne.left_on = date(2026, 7, 17)
    sanne.save()
    client.post(reverse("account_request_login_code"), {"email": "mila@example.nl"})
    send_queued_mail()
    [message] = mail.outbox
    code = re.search(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})?)\s*$", message.body, re.M).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)
    page = response.content.decode()
    assert "Sanne" in page and "van school" in page.lower()
    url = reverse("portal:child", kwargs={"pupil_id": sanne.public_id})
    assert client.get(url).status_code == 200
    client.post(url, {field(school, "website", "image"): "no"})
    assert ConsentRecord.objects.filter(pupil=sanne, decision=False).exists()
    placements = reverse("portal:placements", kwargs={"pupil_id": sanne.public_id})
    assert client.get(placements).status_code == 200


def test_the_same_answers_as_for_a_sibling_fill_the_page_and_save_nothing(
    client, school, other_school, groep5, sanne, moeder_mila
):
    """Issue #11, build 8: a parent of two children answered everything twice."""
    from beeldwacht.consent.models import Kind
    from beeldwacht.consent.services import Choice
    from beeldwacht.takedowns.actions import record_consent
    from conftest import TODAY, make_pupil

    daan = make_pupil(school, groep5, "1002", first="Daan")
    make_guardian(school, daan, "Mila de Vries", "mila@example.nl")
    elsewhere = make_pupil(other_school, None, "9001", first="Bram")
    make_guardian(other_school, elsewhere, "Mila de Vries", "mila@example.nl")
    stranger = make_pupil(school, groep5, "1003", first="Lot")
    press = Channel.objects.get(school=school, key="press")
    record_consent(
        pupil=sanne,
        choices=[Choice(press, Kind.NAME, False)],
        guardian=moeder_mila,
        by=moeder_mila.user,
        method=ConsentRecord.Method.PORTAL,
        on=TODAY,
    )
    client.force_login(moeder_mila.user)
    url = reverse("portal:child", kwargs={"pupil_id": daan.public_id})
    page = client.get(url).content.decode()
    assert "Dezelfde antwoorden als voor Sanne" in page
    assert "Bram" not in page  # another school has other channels
    page = client.get(url, {"zoals": sanne.public_id}).content.decode()
    assert "Ingevuld met uw antwoorden voor Sanne" in page
    assert re.findall(r'name="(\w+)" value="no" checked', page) == [field(school, "press", "name")]
    assert ConsentRecord.objects.filter(pupil=daan).count() == 0  # nothing saved yet
    page = client.get(url, {"zoals": stranger.public_id}).content.decode()
    assert "Ingevuld" not in page and 'value="no" checked' not in page


def test_a_parent_asks_that_her_child_is_not_photographed_at_all(
    client, school, sanne, moeder_mila, directeur_bas
):
    """Issue #12, build 6 (U5): a guardian's 'niet fotograferen of filmen'."""
    from beeldwacht.consent.models import PupilFlag
    from beeldwacht.takedowns.actions import set_flag
    from conftest import TODAY

    client.force_login(moeder_mila.user)
    child = reverse("portal:child", kwargs={"pupil_id": sanne.public_id})
    url = reverse("portal:no_images", kwargs={"pupil_id": sanne.public_id})
    assert "Sanne niet fotograferen of filmen" in client.get(child).content.decode()
    page = client.post(url, {"wanted": "1"}, follow=True).content.decode()
    assert "Opgeslagen: de school fotografeert of filmt Sanne niet" in page
    flag = PupilFlag.objects.get(pupil=sanne, kind=PupilFlag.Kind.NO_IMAGES)
    assert flag.set_by == moeder_mila.user and flag.lifted_on is None
    client.post(url, {"wanted": "0"})
    flag.refresh_from_db()
    assert flag.lifted_on is not None  # her own request, hers to take back

    set_flag(
        pupil=sanne, kind=PupilFlag.Kind.NO_IMAGES, reason="maatregel", by=directeur_bas, on=TODAY
    )
    page = client.post(url, {"wanted": "0"}, follow=True).content.decode()
    assert "vraag de school" in page.lower()  # the school's measure stays the school's
    assert PupilFlag.objects.filter(pupil=sanne, kind="no_images", lifted_on=None).count() == 1
