"""Issue 14, build item 1: staff sign in with the school's own account (Entra ID, Google)
through OpenID Connect, end to end against a real provider in its own process on 127.0.0.1
(conftest.provider_url): discovery, the code flow with PKCE, and the refusals (another
application's token, an expired token, an address the provider did not verify, an account
the school's staff list does not know)."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beeldwacht.accounts.tests.conftest import person_at_provider, sign_in_at_provider
from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.permissions import Role
from beeldwacht.schools.models import Membership, School
from conftest import send_queued_mail, staff

pytestmark = pytest.mark.usefixtures("school_account")

ANNA = "juf.anna@delinde.nl"


@pytest.fixture
def juf_anna(school):
    return staff(school, ANNA, Role.TEACHER)


def signed_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


def test_a_teacher_signs_in_with_her_school_account(client, provider_url, school, juf_anna):
    person_at_provider(
        provider_url,
        "anna-1",
        email="Juf.Anna@delinde.nl",
        email_verified=True,
        name="Anna Visser",
        picture="https://example.org/anna.jpg",
    )
    to_provider = client.post("/accounts/oidc/lindeboom/login/")
    query = parse_qs(urlsplit(to_provider["Location"]).query)
    assert query["code_challenge_method"] == ["S256"]  # PKCE
    assert query["client_id"] == ["beeldwacht"]

    response = sign_in_at_provider(client, provider_url, "anna-1")
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_as(client) == juf_anna
    account = SocialAccount.objects.get(user=juf_anna)
    assert account.uid == "anna-1"
    # Only what says whose account it is: not her name or photo.
    assert set(account.extra_data["id_token"]) == {"iss", "sub", "email", "email_verified"}
    linked = AuditEvent.objects.get(type=AuditEvent.Type.SCHOOL_ACCOUNT_LINKED)
    assert (linked.school_id, linked.data) == (school.pk, {"provider": "lindeboom"})

    client.logout()
    again = sign_in_at_provider(client, provider_url, "anna-1")
    assert again.status_code == 302 and signed_in_as(client) == juf_anna
    assert "name" not in SocialAccount.objects.get(user=juf_anna).extra_data["id_token"]
    assert AuditEvent.objects.filter(type=AuditEvent.Type.SCHOOL_ACCOUNT_LINKED).count() == 1


def test_the_provider_insists_on_pkce(provider_url, client, juf_anna):
    """The provider in these tests refuses a request without PKCE, so the sign-in above
    shows that Beeldwacht sent both the challenge and the matching verifier."""
    authorize = client.post("/accounts/oidc/lindeboom/login/")["Location"]
    parts = urlsplit(authorize)
    query = {k: v for k, v in parse_qs(parts.query).items() if not k.startswith("code_")}
    without = requests.get(f"{provider_url}{parts.path}", params=query, timeout=5)
    assert without.status_code == 400 and "PKCE" in without.text


@pytest.mark.parametrize(
    ("address", "claims", "words"),
    [
        ("onbekend@delinde.nl", {"email_verified": True}, "niet van iemand die werkt"),
        (ANNA, {"email_verified": False}, "geverifieerd"),
        (ANNA, {}, "geverifieerd"),  # Entra ID says nothing, and no domain is trusted
    ],
)
def test_an_account_the_school_cannot_vouch_for_gets_no_access(
    client, provider_url, juf_anna, address, claims, words
):
    sub = f"iemand-{address}-{claims}"
    person_at_provider(provider_url, sub, email=address, **claims)
    response = sign_in_at_provider(client, provider_url, sub)
    assert response.status_code == 403
    assert words in response.content.decode()
    assert signed_in_as(client) is None
    assert not SocialAccount.objects.exists()


def test_a_board_with_its_own_tenant_trusts_its_domain(settings, client, provider_url, juf_anna):
    """Entra ID puts no `email_verified` in its tokens; the board lists the domains its
    tenant owns, and an address there counts as verified."""
    from dataclasses import replace

    settings.SCHOOL_ACCOUNTS = (
        replace(settings.SCHOOL_ACCOUNTS[0], trusted_domains=("delinde.nl",)),
    )
    person_at_provider(provider_url, "anna-entra", email=ANNA)
    assert sign_in_at_provider(client, provider_url, "anna-entra").status_code == 302
    assert signed_in_as(client) == juf_anna


def refusal_cause(caplog) -> str:
    (record,) = [r for r in caplog.records if r.getMessage() == "school account sign-in failed"]
    return record.cause


def test_a_token_meant_for_another_application_is_refused(client, provider_url, juf_anna, caplog):
    person_at_provider(provider_url, "anna-2", email=ANNA, email_verified=True)
    requests.put(f"{provider_url}/test/audience/anna-2", data="het-roosterprogramma", timeout=5)
    response = sign_in_at_provider(client, provider_url, "anna-2")
    assert response.status_code == 401
    assert "Nobody was signed in" not in response.content.decode()  # Dutch, not English
    assert "Er is niemand ingelogd" in response.content.decode()
    assert signed_in_as(client) is None
    assert "InvalidAudienceError" in refusal_cause(caplog)


def test_an_expired_token_is_refused(client, provider_url, juf_anna, time_machine, caplog):
    """The provider's tokens live a minute; this one arrives five minutes later."""
    person_at_provider(provider_url, "anna-3", email=ANNA, email_verified=True)
    authorize = client.post("/accounts/oidc/lindeboom/login/")["Location"]
    back = requests.post(authorize, data={"sub": "anna-3"}, allow_redirects=False, timeout=5)
    callback = urlsplit(back.headers["Location"])
    time_machine.move_to(datetime.now(UTC) + timedelta(minutes=5))
    response = client.get(f"{callback.path}?{callback.query}")
    assert response.status_code == 401
    assert signed_in_as(client) is None
    assert "ExpiredSignatureError" in refusal_cause(caplog)


def test_staff_of_a_school_the_provider_does_not_serve_get_no_access(
    client, provider_url, other_school
):
    staff(other_school, "ole@hetanker.nl", Role.TEACHER)
    person_at_provider(provider_url, "ole", email="ole@hetanker.nl", email_verified=True)
    assert sign_in_at_provider(client, provider_url, "ole").status_code == 403
    assert signed_in_as(client) is None


def test_a_parent_signs_in_by_code_not_with_a_school_account(client, provider_url, moeder_mila):
    person_at_provider(provider_url, "mila", email=moeder_mila.user.email, email_verified=True)
    assert sign_in_at_provider(client, provider_url, "mila").status_code == 403
    assert signed_in_as(client) is None


def test_who_left_the_school_no_longer_gets_in(client, provider_url, juf_anna):
    person_at_provider(provider_url, "anna-4", email=ANNA, email_verified=True)
    assert sign_in_at_provider(client, provider_url, "anna-4").status_code == 302
    client.logout()
    Membership.objects.filter(user=juf_anna).update(left_on="2026-07-31")
    assert sign_in_at_provider(client, provider_url, "anna-4").status_code == 403
    assert signed_in_as(client) is None


def test_a_google_account_must_be_of_the_schools_workspace(
    settings, client, provider_url, juf_anna
):
    """Google vouches for the address of a private Google account made on the school's
    address too: only a token of the school's Workspace domain (`hd`) is the school's."""
    from dataclasses import replace

    settings.SCHOOL_ACCOUNTS = (
        replace(settings.SCHOOL_ACCOUNTS[0], hosted_domains=("delinde.nl",)),
    )
    person_at_provider(provider_url, "anna-privé", email=ANNA, email_verified=True)
    refused = sign_in_at_provider(client, provider_url, "anna-privé")
    assert refused.status_code == 403 and "niet van de school" in refused.content.decode()
    person_at_provider(provider_url, "anna-ws", email=ANNA, email_verified=True, hd="delinde.nl")
    assert sign_in_at_provider(client, provider_url, "anna-ws").status_code == 302
    assert signed_in_as(client) == juf_anna


def test_an_account_is_linked_only_by_signing_in(client, provider_url, juf_anna):
    """The login library's "redirect" process would link the account without signing in
    (and write the link in the trail): refused like connecting."""
    person_at_provider(provider_url, "anna-7", email=ANNA, email_verified=True)
    response = sign_in_at_provider(
        client, provider_url, "anna-7", start="/accounts/oidc/lindeboom/login/?process=redirect"
    )
    assert response.status_code == 403
    assert not SocialAccount.objects.exists()
    assert not AuditEvent.objects.filter(type=AuditEvent.Type.SCHOOL_ACCOUNT_LINKED).exists()


def test_an_account_is_not_connected_by_hand(client, provider_url, juf_anna, directeur_bas):
    """Bas, signed in, cannot connect Anna's school account to his own login."""
    person_at_provider(provider_url, "anna-5", email=ANNA, email_verified=True)
    client.force_login(directeur_bas)
    response = sign_in_at_provider(
        client, provider_url, "anna-5", start="/accounts/oidc/lindeboom/login/?process=connect"
    )
    assert response.status_code == 403
    assert not SocialAccount.objects.exists()
    assert client.get("/accounts/3rdparty/").status_code == 404


def test_the_login_page_offers_the_school_account(client, django_assert_num_queries):
    with django_assert_num_queries(0):  # the providers come from the file, not the database
        page = client.get("/accounts/login/").content.decode()
    assert "Inloggen met Microsoft 365 van Stichting Lindeboom" in page
    assert 'action="/accounts/oidc/lindeboom/login/"' in page


def test_a_password_sign_in_pays_two_queries_for_school_accounts(client, juf_anna):
    """Which schools this sign-in keeps closed: asked once before it goes on and once for
    the session (the rest of a sign-in is the login library's and the cache's, which differ
    per database). The parent-portal question only comes when every school would be closed."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/accounts/login/", {"login": ANNA, "password": "geheim-wachtwoord-1"}
        )
    assert response.status_code == 302
    ours = [q["sql"] for q in queries.captured_queries if "school_account_only" in q["sql"]]
    assert len(ours) == 2
    assert not any("people_guardianship" in q["sql"] for q in queries.captured_queries)


class TestSchoolAccountOnly:
    """The school lets staff in only with the school account."""

    @pytest.fixture(autouse=True)
    def only_school_accounts(self, school):
        School.objects.filter(pk=school.pk).update(school_account_only=True)

    def test_no_password(self, client, juf_anna):
        response = client.post(
            "/accounts/login/", {"login": ANNA, "password": "geheim-wachtwoord-1"}
        )
        assert response.status_code == 403
        assert "alleen inloggen met hun schoolaccount" in response.content.decode()
        assert signed_in_as(client) is None

    def test_no_code_and_the_mail_says_how_to_get_in(self, client, juf_anna):
        client.post("/accounts/login/code/", {"email": ANNA})
        send_queued_mail()
        (message,) = mail.outbox
        assert "schoolaccount" in message.body
        assert not any(ch.isdigit() for ch in message.body.split("Beeldwacht, voor")[0])

    def test_the_school_account_still_works(self, client, provider_url, juf_anna):
        person_at_provider(provider_url, "anna-6", email=ANNA, email_verified=True)
        assert sign_in_at_provider(client, provider_url, "anna-6").status_code == 302
        assert signed_in_as(client) == juf_anna

    def test_parents_keep_their_code(self, client, moeder_mila):
        client.post("/accounts/login/code/", {"email": moeder_mila.user.email})
        send_queued_mail()
        (message,) = mail.outbox
        assert "schoolaccount" not in message.body

    def test_another_boards_account_does_not_open_this_school(
        self, settings, client, provider_url, juf_anna, school, other_school
    ):
        """Anna fills in at Het Anker too, whose board has its own provider, and both schools
        let staff in only with their own account. Het Anker's account opens Het Anker, not De
        Linde (if De Linde closed hers, another board's must not open it); De Linde's opens
        De Linde. A password opens neither, so it is refused."""
        from dataclasses import replace

        lindeboom = settings.SCHOOL_ACCOUNTS[0]
        anker = replace(
            lindeboom, id="anker", name="Google van Het Anker", board=other_school.board.name
        )
        settings.SCHOOL_ACCOUNTS = (lindeboom, anker)
        staff(other_school, ANNA, Role.TEACHER)
        School.objects.filter(pk=other_school.pk).update(school_account_only=True)
        person_at_provider(provider_url, "anna-anker", email=ANNA, email_verified=True)
        via_anker = sign_in_at_provider(
            client, provider_url, "anna-anker", start="/accounts/oidc/anker/login/"
        )
        assert via_anker.status_code == 302 and signed_in_as(client) == juf_anna
        assert client.get(f"/s/{other_school.brin}/").status_code == 200
        closed = client.get(f"/s/{school.brin}/")
        assert closed.status_code == 403
        assert "Microsoft 365 van Stichting Lindeboom" in closed.content.decode()
        client.logout()
        assert sign_in_at_provider(client, provider_url, "anna-anker").status_code == 302
        assert client.get(f"/s/{school.brin}/").status_code == 200
        assert client.get(f"/s/{other_school.brin}/").status_code == 403
        client.logout()
        password = client.post(
            "/accounts/login/", {"login": ANNA, "password": "geheim-wachtwoord-1"}
        )
        assert password.status_code == 403 and signed_in_as(client) is None

    def test_management_gives_the_app_code_after_the_school_account(
        self, client, provider_url, school, directeur_bas
    ):
        """The second factor comes after the school account; the school stays open (the
        sign-in is the school account's, not the app code's)."""
        from conftest import totp_code

        person_at_provider(provider_url, "bas", email=directeur_bas.email, email_verified=True)
        to_code = sign_in_at_provider(client, provider_url, "bas")
        assert to_code.status_code == 302 and "/2fa/authenticate/" in to_code["Location"]
        assert signed_in_as(client) is None
        client.post(to_code["Location"], {"code": totp_code()})
        assert signed_in_as(client) == directeur_bas
        assert client.get(f"/s/{school.brin}/").status_code == 200

    def test_a_teacher_whose_child_is_at_school_keeps_her_code_for_the_portal(
        self, client, school, juf_anna, sanne
    ):
        from conftest import make_guardian

        make_guardian(school, sanne, "Anna Visser", ANNA)
        response = client.post(
            "/accounts/login/", {"login": ANNA, "password": "geheim-wachtwoord-1"}
        )
        assert response.status_code == 302 and signed_in_as(client) == juf_anna
        assert client.get("/ouders/").status_code == 200
        assert client.get(f"/s/{school.brin}/").status_code == 403
        client.logout()
        client.post("/accounts/login/code/", {"email": ANNA})
        send_queued_mail()
        (message,) = mail.outbox
        assert "schoolaccount" not in message.body  # a code, for the portal

    def test_a_school_whose_provider_was_removed_is_not_locked_out(
        self, settings, client, juf_anna
    ):
        settings.SCHOOL_ACCOUNTS = ()
        response = client.post(
            "/accounts/login/", {"login": ANNA, "password": "geheim-wachtwoord-1"}
        )
        assert response.status_code == 302
        assert signed_in_as(client) == juf_anna


def test_management_turns_it_on_only_where_a_provider_serves_the_school(
    settings, client, school, directeur_bas
):
    client.force_login(directeur_bas)
    url = f"/s/{school.brin}/instellingen/inloggen/"
    on = {"second_factor_required": "on", "school_account_only": "on"}
    client.post(url, on)
    school.refresh_from_db()
    assert school.school_account_only
    assert AuditEvent.objects.filter(type=AuditEvent.Type.SETTINGS_CHANGED).exists()

    School.objects.filter(pk=school.pk).update(school_account_only=False)
    settings.SCHOOL_ACCOUNTS = ()
    response = client.post(url, on, follow=True)
    school.refresh_from_db()
    assert not school.school_account_only
    assert "nobody could sign in" not in response.content.decode()
    assert "zou niemand meer kunnen inloggen" in response.content.decode()


def test_a_school_whose_provider_left_sees_the_setting_and_can_turn_it_off(
    settings, client, school, directeur_bas
):
    """Saving the sign-in settings of a school whose provider left the file must not turn
    "school account only" off unseen (the box was hidden, so its absence read as "off")."""
    School.objects.filter(pk=school.pk).update(school_account_only=True)
    settings.SCHOOL_ACCOUNTS = ()
    client.force_login(directeur_bas)
    page = client.get(f"/s/{school.brin}/instellingen/").content.decode()
    assert re.search(r'name="school_account_only"[^>]*checked', page)
    url = f"/s/{school.brin}/instellingen/inloggen/"
    client.post(url, {"second_factor_required": "on", "school_account_only": "on"})
    school.refresh_from_db()
    assert school.school_account_only  # the box is sent as shown
    client.post(url, {"second_factor_required": "on"})
    school.refresh_from_db()
    assert not school.school_account_only  # and turned off when unticked
