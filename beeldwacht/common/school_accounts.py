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
    trusted_domains = ["noord.nl"]    # optional, see below

Only staff of those schools can sign in through it, and only with an address the provider
says it verified (`email_verified`). Entra ID's tokens do not say that: for a tenant of its
own, a board lists the domains the tenant owns in `trusted_domains`, and an address in one of
them counts as verified. The login library (allauth's `openid_connect`) does the protocol;
this module only reads the file and turns it into the library's settings."""

import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

KEYS = {"id", "name", "issuer", "client_id", "secret_file", "board", "schools", "trusted_domains"}


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

    @property
    def origin(self) -> str:
        """Where the provider's sign-in page lives (Entra ID and Google keep it on the
        issuer's host): the login form's button may send the browser there."""
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"


def origins(providers: tuple[Provider, ...]) -> list[str]:
    """The sites the login form's buttons may send the browser on to (the Content Security
    Policy's form-action, which Chromium applies to the redirect after a form too)."""
    return sorted({provider.origin for provider in providers})


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
    if urlsplit(entry["issuer"]).scheme not in ("https", "http"):
        raise ImproperlyConfigured(
            f"{where}: provider {entry['id']}'s issuer is not a web address."
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
    )
