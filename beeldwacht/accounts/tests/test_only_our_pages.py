"""Parents and staff use only the pages we built (issue #9, finding 4): a parent could add any
address to her account (and have Beeldwacht mail strangers), make it her login and set a
password; the password-reset form mailed parents too."""

import pytest
from django.core import mail
from django.urls import reverse

from beeldwacht.accounts.models import User
from conftest import send_queued_mail


@pytest.mark.parametrize(
    "url",
    ["/accounts/email/", "/accounts/password/set/", "/accounts/password/change/"],
)
def test_a_parent_reaches_no_account_management(client, moeder_mila, url):
    client.force_login(moeder_mila.user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "vreemde@example.org", "action_add": ""}).status_code == 404
    assert not User.objects.filter(email="vreemde@example.org").exists()
    assert mail.outbox == []


def test_nobody_manages_addresses_or_signs_up(client, directeur_bas):
    client.force_login(directeur_bas)
    assert client.get("/accounts/email/").status_code == 404
    assert client.get("/accounts/confirm-email/abc:def/").status_code == 404
    client.logout()
    assert client.get("/accounts/signup/").status_code == 404


def test_staff_change_their_password(client, directeur_bas):
    client.force_login(directeur_bas)
    assert client.get(reverse("account_change_password")).status_code == 200


def test_a_password_reset_mails_staff_and_nobody_else(client, directeur_bas, moeder_mila):
    url = reverse("account_reset_password")
    parent = client.post(url, {"email": moeder_mila.user.email})
    send_queued_mail()
    assert parent.status_code == 302 and mail.outbox == []
    staff = client.post(url, {"email": directeur_bas.email})
    assert staff.status_code == 302  # the same answer either way
    send_queued_mail()
    [message] = mail.outbox
    assert message.to == [directeur_bas.email]
