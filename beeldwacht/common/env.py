"""Read configuration from the environment, strictly: a typo must fail at start, not later."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name)
    if value is None or value == "":
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, *, default: bool) -> bool:
    """Accept only "true" and "false" so that "0", "no" or "False " never mean something else."""
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    if value not in ("true", "false"):
        raise ImproperlyConfigured(f"{name} must be 'true' or 'false', not {value!r}.")
    return value == "true"


def env_int(name: str, *, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_path(name: str, *, default: Path) -> Path:
    return Path(env(name, str(default))).resolve()


def env_secret(name: str, *, fallback: str | None) -> str:
    """Read NAME, or the file named by NAME_FILE (Docker/systemd secrets). `fallback` is only
    given for development, where a fixed key is harmless."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if value:
        return value
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    if fallback is None:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE (required unless DEBUG=true).")
    return fallback


def env_list(name: str, *, default: list[str]) -> list[str]:
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def key_ring(raw: str, *, derive_from: str) -> dict[str, bytes]:
    """Keys by id from "id:base64,id:base64" (the first encrypts new files; the others stay
    to read older ones). Empty: one key derived from `derive_from` (the SECRET_KEY), so an
    installation works without more configuration; set the keys to rotate them on their own."""
    import base64
    import hashlib

    if not raw.strip():
        return {"s": hashlib.sha256(f"beeldwacht-recordings:{derive_from}".encode()).digest()}
    keys = {}
    for item in raw.split(","):
        key_id, _sep, value = item.strip().partition(":")
        try:
            key = base64.b64decode(value, validate=True)
        except ValueError as error:
            raise ImproperlyConfigured(f"Key {key_id!r}: not base64.") from error
        if not key_id or len(key) != 32:
            raise ImproperlyConfigured(f"Key {key_id!r}: give an id and 32 bytes in base64.")
        keys[key_id] = key
    return keys
