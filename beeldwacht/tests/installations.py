"""A separate Beeldwacht installation for tests that run the real commands in a subprocess
(`serve`, `backup`, `restore`): its own database of the kind the suite runs on (a SQLite
file, or a fresh PostgreSQL database on the suite's server, dropped afterwards), its own
folders, production settings."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BEELDWACHT = [sys.executable, "-m", "beeldwacht"]


@contextmanager
def fresh_database(tmp_path: Path):
    """Yields (DATABASE_URL, wipe): `wipe()` empties it again, as a lost server would be."""
    if connection.vendor == "sqlite":
        path = tmp_path / "db.sqlite3"

        def wipe():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

        yield f"sqlite:///{path}", wipe
        return
    import psycopg

    server = settings.DATABASES["default"]
    name = f"beeldwacht_{uuid.uuid4().hex[:12]}"
    admin = {
        "host": server.get("HOST") or None,
        "port": server.get("PORT") or None,
        "user": server.get("USER") or None,
        "password": server.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }

    def run(sql: str) -> None:
        with psycopg.connect(**admin) as admin_connection:
            admin_connection.execute(sql)

    def wipe():
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        run(f'CREATE DATABASE "{name}"')

    run(f'CREATE DATABASE "{name}"')
    user = f"{server['USER']}@" if server.get("USER") else ""
    port = f":{server['PORT']}" if server.get("PORT") else ""
    try:
        yield f"postgres://{user}{server.get('HOST') or '127.0.0.1'}{port}/{name}", wipe
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(tmp_path: Path, database_url: str, **extra) -> dict:
    """The environment of that installation: DEBUG off, keys of its own."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        AUDIT_KEY=secrets.token_urlsafe(32),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(tmp_path / "static"),
        PRIVATE_ROOT=str(tmp_path / "private"),
        MEDIA_ROOT=str(tmp_path / "media"),
        AUDIT_ANCHOR_DIR=str(tmp_path / "anchors"),
        CACHE_DIR=str(tmp_path / "cache"),
    )
    env.update(extra)
    return env


def beeldwacht(env: dict, *args: str, check: bool = True, timeout: int = 300):
    return subprocess.run(
        [*BEELDWACHT, *args],
        env=env,
        cwd=ROOT,
        check=check,
        timeout=timeout,
        capture_output=True,
        text=True,
    )


@contextmanager
def serving(env: dict, log: Path | None = None):
    """`beeldwacht serve` of that installation on a free port of 127.0.0.1, once it answers
    `/gezond/`; yields (base URL, the server's process id) and stops it afterwards. Its log
    (stderr) goes to the file `log`, if given."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [*BEELDWACHT, "serve", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w") if log else subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(150):
            try:
                urllib.request.urlopen(base + "/gezond/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("beeldwacht serve did not answer")
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)
