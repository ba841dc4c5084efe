"""The school accounts file (common.school_accounts_file): read once at start, and a mistake
stops the start with a message that says what is wrong."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from beeldwacht.common.school_accounts_file import origins, read

ENTRA = """
[[provider]]
id = "noord-microsoft"
name = "Microsoft 365 van Stichting Noord"
issuer = "https://login.microsoftonline.com/0e2f/v2.0/"
client_id = "c1"
secret_file = "{secret}"
board = "Stichting Noord"
trusted_domains = ["Noord.nl"]
sign_in_origins = ["https://adfs.noord.nl/"]
"""


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret"
    path.write_text("geheim\n", encoding="utf-8")
    return path


def write(tmp_path, text):
    path = tmp_path / "school-accounts.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_board_with_entra_id(tmp_path, secret):
    (provider,) = read(write(tmp_path, ENTRA.format(secret=secret)))
    assert provider.secret == "geheim"  # from its file, without the line end
    assert provider.issuer == "https://login.microsoftonline.com/0e2f/v2.0"
    assert provider.trusted_domains == ("noord.nl",)
    assert origins((provider,)) == ["https://adfs.noord.nl", "https://login.microsoftonline.com"]


def test_no_file_no_school_accounts():
    assert read(None) == ()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (
            lambda t: t.replace('board = "Stichting Noord"', 'schools = ["12AB"]\nboard = "X"'),
            "either",
        ),
        (lambda t: t.replace('board = "Stichting Noord"', ""), "either"),
        (lambda t: t.replace('client_id = "c1"', ""), "lacks ['client_id']"),
        (lambda t: t + 'tenant = "x"\n', "unknown keys ['tenant']"),
        (lambda t: t.replace("https://login", "ftp://login"), "not an https:// address"),
        (lambda t: t.replace("https://login", "http://login"), "not an https:// address"),
        (
            lambda t: t.replace(
                "https://login.microsoftonline.com/0e2f/v2.0/", "https://accounts.google.com"
            ),
            "needs hosted_domains",
        ),
        (lambda t: t.replace('secret_file = "', 'secret_file = "/nergens'), "secret"),
        (lambda t: t + t, "an id of its own"),
        (lambda t: t.replace('"https://adfs.noord.nl/"', '"https:"'), "sign_in_origins"),
        (lambda t: t.replace('"https://adfs.noord.nl/"', '"*"'), "sign_in_origins"),
        (lambda t: t.replace("adfs.noord.nl/", "adfs.noord.nl/login"), "sign_in_origins"),
        (lambda t: t.replace("[[provider]]", "[[provider"), "cannot be read"),
    ],
)
def test_a_mistake_stops_the_start(tmp_path, secret, change, words):
    with pytest.raises(ImproperlyConfigured, match=words.replace("[", r"\[").replace("]", r"\]")):
        read(write(tmp_path, change(ENTRA.format(secret=secret))))


def test_google_with_its_workspace_domain_and_a_test_provider_on_this_machine(tmp_path, secret):
    google = ENTRA.format(secret=secret).replace(
        "https://login.microsoftonline.com/0e2f/v2.0/", "https://accounts.google.com"
    )
    (provider,) = read(write(tmp_path, google + 'hosted_domains = ["noord.nl"]\n'))
    assert provider.hosted_domains == ("noord.nl",)
    local = ENTRA.format(secret=secret).replace(
        "https://login.microsoftonline.com/0e2f/v2.0/", "http://127.0.0.1:9400"
    )
    assert read(write(tmp_path, local))[0].issuer == "http://127.0.0.1:9400"
