"""Issue #11, finding 5: the login library's words are Beeldwacht's. A parent is welcomed by
her name, never by her address, and reads "inlogcode" throughout; staff find a "forgot your
password" link, and the reset mail names Beeldwacht and the school, never a host and port."""

import re

from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from conftest import send_queued_mail


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_parent_is_welcomed_by_name_and_reads_inlogcode(client, moeder_mila, sanne):
    asked = client.post(reverse("account_request_login_code"), {"email": "mila@example.nl"})
    assert _messages(asked) == ["Er is een inlogcode gestuurd naar mila@example.nl."]
    send_queued_mail()
    code = re.search(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})?)\s*$", mail.outbox[0].body, re.M)
    response = client.post(
        reverse("account_confirm_login_code"), {"code": code.group(1)}, follow=True
    )
    page = response.content.decode()
    assert "Welkom, Mila de Vries." in page
    assert "ingelogd als" not in page and "aanmeldcode" not in page


def test_staff_find_the_password_reset_from_the_login_page(client):
    page = client.get(reverse("account_login")).content.decode()
    assert f'href="{reverse("account_reset_password")}"' in page
    assert "Wachtwoord vergeten?" in page


def test_the_reset_mail_names_beeldwacht_and_the_school_not_a_host(client, directeur_bas):
    client.post(reverse("account_reset_password"), {"email": directeur_bas.email})
    send_queued_mail()
    [message] = mail.outbox
    assert message.subject == "Beeldwacht: Een nieuw wachtwoord instellen"
    text = "\n".join(line for line in message.body.splitlines() if "://" not in line)
    assert "testserver" not in text and "example.com" not in text
    assert "Beeldwacht, voor CBS De Linde" in text
    assert re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body)
