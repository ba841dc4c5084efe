"""`beeldwacht check --deploy` is clean with the production settings the README and
`.env.example` give (issue #9, done means). Run as a command in its own process, because
the settings are read once, from the environment, when a process starts."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _example_environment() -> dict:
    values = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


def test_the_deploy_check_is_clean_with_the_example_settings(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECURE_SSL_REDIRECT", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(_example_environment())
    # What every installation sets for itself: its own secrets and writable folders.
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        AUDIT_KEY=secrets.token_urlsafe(32),
        AUDIT_KEY_FILE="",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **{k: str(tmp_path / k.lower()) for k in ("MEDIA_ROOT", "PRIVATE_ROOT", "STATIC_ROOT")},
    )
    done = subprocess.run(
        [sys.executable, "-m", "beeldwacht", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
