import socket
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
import requests

from beeldwacht.common.school_accounts_file import Provider, origins


@pytest.fixture(scope="session")
def provider_url():
    """A real OpenID Connect provider on 127.0.0.1, in a process of its own
    (accounts/tests/oidc_provider.py), for the whole test session."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "beeldwacht.accounts.tests.oidc_provider", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{url}/.well-known/openid-configuration", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("The OpenID Connect provider did not start.")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def school_account(settings, provider_url, school):
    """The board of De Linde signs its staff in with its own account at that provider."""
    provider = Provider(
        id="lindeboom",
        name="Microsoft 365 van Stichting Lindeboom",
        issuer=provider_url,
        client_id="beeldwacht",
        secret="geheim-van-de-app",
        board=school.board.name,
    )
    settings.SCHOOL_ACCOUNTS = (provider,)
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], *origins((provider,))],
    }
    return provider


def person_at_provider(provider_url, sub, **claims):
    """Who the provider knows, with the claims it puts in the ID token."""
    response = requests.put(f"{provider_url}/users/{sub}", json=claims, timeout=5)
    response.raise_for_status()


def sign_in_at_provider(client, provider_url, sub, *, start="/accounts/oidc/lindeboom/login/"):
    """The whole round: Beeldwacht sends the browser to the provider, the person signs in
    there, the provider sends them back with a code, Beeldwacht exchanges it."""
    to_provider = client.post(start)
    assert to_provider.status_code == 302, to_provider
    authorize = to_provider["Location"]
    assert authorize.startswith(f"{provider_url}/oauth2/authorize?")
    back = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert back.status_code == 302, back.text
    callback = urlsplit(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}")
