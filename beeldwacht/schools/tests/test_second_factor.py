"""Management and the privacy contact sign in with a second factor (issue #9, finding 4:
management logged in with an e-mailed code alone)."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from beeldwacht.common.permissions import Role
from beeldwacht.schools.models import School
from conftest import TOTP_SECRET, send_queued_mail, staff, totp_code

PASSWORD = "geheim-wachtwoord-1"


def _password_login(client, email):
    return client.post(
        reverse("account_login"), {"login": email, "password": PASSWORD}, follow=True
    )


def _code_login(client, email):
    client.post(reverse("account_request_login_code"), {"email": email})
    send_queued_mail()
    body = [m for m in mail.outbox if m.to == [email]][-1].body
    code = re.search(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})?)\s*$", body, re.M).group(1)
    return client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("login", [_password_login, _code_login])
def test_management_is_asked_for_the_authenticator_code(client, school, directeur_bas, login):
    page = login(client, directeur_bas.email)
    assert not _signed_in(client)  # a password or a mailed code alone is not enough
    assert page.redirect_chain[-1][0] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert not _signed_in(client)
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert _signed_in(client)
    assert client.get(reverse("consent:dashboard", kwargs={"brin": school.brin})).status_code == 200


@pytest.mark.parametrize("address_on_record", [False, True])
def test_without_an_app_every_page_leads_to_setting_one_up(
    client, school, directeur_bas, address_on_record
):
    Authenticator.objects.filter(user=directeur_bas).delete()
    if address_on_record:
        # The login library records the address, unverified, at a first sign-in (found
        # following docs/deploy.md): the school's roster vouches for it, so it may not stop
        # her from setting up her app.
        EmailAddress.objects.create(
            user=directeur_bas, email=directeur_bas.email, verified=False, primary=True
        )
    _password_login(client, directeur_bas.email)
    assert _signed_in(client)
    dashboard = reverse("consent:dashboard", kwargs={"brin": school.brin})
    response = client.get(dashboard)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    first = client.get(reverse("mfa_activate_totp"))  # the password again, first
    assert first["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200 and "data:image/svg+xml" in setup.content.decode()  # QR
    secret = setup.context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert Authenticator.objects.filter(user=directeur_bas, type="totp").exists()
    assert client.get(dashboard).status_code == 200


def test_a_required_app_cannot_be_removed(client, school, directeur_bas):
    client.force_login(directeur_bas)
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=directeur_bas, type="totp").exists()


def test_a_teacher_signs_in_with_the_password_alone(client, school, juf_anna):
    _password_login(client, juf_anna.email)
    assert _signed_in(client)
    assert client.get(reverse("consent:dashboard", kwargs={"brin": school.brin})).status_code == 200


def test_a_school_can_turn_it_off_for_the_next_sign_in(client, school, directeur_bas):
    client.force_login(directeur_bas)
    client.post(
        reverse("consent:sign_in_settings", kwargs={"brin": school.brin}),
        {},  # the box unticked
    )
    assert not School.objects.get(pk=school.pk).second_factor_required
    newcomer = staff(school, "nieuw@delinde.nl", Role.PRIVACY_OFFICER)
    Authenticator.objects.filter(user=newcomer).delete()
    client.logout()
    _password_login(client, newcomer.email)
    assert client.get(reverse("consent:dashboard", kwargs={"brin": school.brin})).status_code == 200


def test_the_tests_app_secret_is_a_real_one():
    assert len(TOTP_SECRET) >= 16 and totp_code().isdigit()
