"""Which school accounts staff may sign in with (issue 14): the board's Microsoft 365 (Entra
ID) or Google Workspace, through OpenID Connect. Read once at start from the file named by
SCHOOL_ACCOUNTS_FILE (TOML), so a mistake stops the start with a clear message:

    [[provider]]
    id = "noord-microsoft"            # in the address the provider sends staff back to
    name = "Microsoft 365 van Stichting Noord"    # on the login page's button
    issuer = "https://login.microsoftonline.com/<tenant id>/v2.0"
    client_id = "..."
    secret_file = "/etc/beeldwacht/noord-microsoft-secret"
    board = "Stichting Noord"         # every school of the board; or:
    schools = ["12AB", "34CD"]        # these schools (BRIN codes)
    trusted_domains = ["noord.nl"]    # Entra ID, see below
    hosted_domains = ["noord.nl"]     # Google Workspace, see below
    sign_in_origins = ["https://adfs.noord.nl"]   # optional, see below

Only staff of those schools can sign in through it, and only with an address the provider
says it verified (`email_verified`). Entra ID's tokens do not say that: for a tenant of its
own, a board lists the domains the tenant owns in `trusted_domains`, and an address in one of
them counts as verified. Google vouches for the address of any Google account, also a private
one: `hosted_domains` (required for Google) lists the school's Workspace domains, and only a
token of one of them (`hd`) is accepted. A provider that sends the browser on to a sign-in
page elsewhere (a tenant federated to its own ADFS) lists that site in `sign_in_origins`,
so the login page's Content Security Policy lets the browser go there.

The login library (allauth's `openid_connect`) does the protocol; this module only reads the
file (accounts.adapter hands the providers to the library)."""

import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

KEYS = {
    "id",
    "name",
    "issuer",
    "client_id",
    "secret_file",
    "board",
    "schools",
    "trusted_domains",
    "hosted_domains",
    "sign_in_origins",
}
GOOGLE = "https://accounts.google.com"
# Plain HTTP only on this machine (a test provider): elsewhere the ID token's signature is
# not checked (the login library trusts the TLS connection it fetched it over).
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    issuer: str
    client_id: str
    secret: str
    board: str = ""
    schools: tuple[str, ...] = ()
    trusted_domains: tuple[str, ...] = ()
    hosted_domains: tuple[str, ...] = ()
    sign_in_origins: tuple[str, ...] = ()


def origins(providers: tuple[Provider, ...]) -> list[str]:
    """The sites the login form's buttons may send the browser on to (the Content Security
    Policy's form-action, which Chromium applies to the redirects after a form too): the
    issuer's host (Entra ID and Google keep their sign-in page there) and what the file adds."""
    found = set()
    for provider in providers:
        parts = urlsplit(provider.issuer)
        found.add(f"{parts.scheme}://{parts.netloc}")
        found.update(provider.sign_in_origins)
    return sorted(found)


def read(path: Path | None) -> tuple[Provider, ...]:
    if path is None:
        return ()
    where = f"SCHOOL_ACCOUNTS_FILE ({path})"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ImproperlyConfigured(f"{where} cannot be read: {error}") from None
    providers = tuple(_provider(entry, where) for entry in data.get("provider", []))
    ids = [provider.id for provider in providers]
    if len(set(ids)) != len(ids):
        raise ImproperlyConfigured(f"{where}: every provider needs an id of its own.")
    return providers


def _provider(entry: dict, where: str) -> Provider:
    unknown = set(entry) - KEYS
    if unknown:
        raise ImproperlyConfigured(f"{where}: unknown keys {sorted(unknown)}.")
    missing = [
        key for key in ("id", "name", "issuer", "client_id", "secret_file") if not entry.get(key)
    ]
    if missing:
        raise ImproperlyConfigured(f"{where}: provider {entry.get('id', '?')} lacks {missing}.")
    if bool(entry.get("board")) == bool(entry.get("schools")):
        raise ImproperlyConfigured(
            f"{where}: provider {entry['id']} names either a board or its schools (one of the two)."
        )
    issuer = urlsplit(entry["issuer"])
    if issuer.scheme != "https" and not (
        issuer.scheme == "http" and issuer.hostname in LOCAL_HOSTS
    ):
        raise ImproperlyConfigured(
            f"{where}: provider {entry['id']}'s issuer is not an https:// address."
        )
    if entry["issuer"].rstrip("/") == GOOGLE and not entry.get("hosted_domains"):
        raise ImproperlyConfigured(
            f"{where}: provider {entry['id']} (Google) needs hosted_domains, or any Google "
            "account with a staff member's address would do."
        )
    for origin in entry.get("sign_in_origins", []):
        parts = urlsplit(origin.rstrip("/"))
        if parts.scheme != "https" or not parts.hostname or parts.path or parts.query:
            raise ImproperlyConfigured(
                f"{where}: provider {entry['id']}'s sign_in_origins are sites such as "
                f"https://adfs.school.nl, not {origin!r}."
            )
    try:
        secret = Path(entry["secret_file"]).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ImproperlyConfigured(f"{where}: provider {entry['id']}'s secret: {error}") from None
    return Provider(
        id=entry["id"],
        name=entry["name"],
        issuer=entry["issuer"].rstrip("/"),
        client_id=entry["client_id"],
        secret=secret,
        board=entry.get("board", ""),
        schools=tuple(code.upper() for code in entry.get("schools", [])),
        trusted_domains=tuple(domain.lower() for domain in entry.get("trusted_domains", [])),
        hosted_domains=tuple(domain.lower() for domain in entry.get("hosted_domains", [])),
        sign_in_origins=tuple(origin.rstrip("/") for origin in entry.get("sign_in_origins", [])),
    )
