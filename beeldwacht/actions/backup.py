"""Backup and restore of a whole installation: the database and every stored file
(originals, renditions), sealed with the backup key (common.sealed).

A backup is a dated directory with three files:
- `backup.json`: when, which database, the Beeldwacht version, and the SHA-256 of the two
  sealed parts (no personal data: it is the only part in the clear);
- `database.sealed`: SQLite's online backup of the database file, or `pg_dump`'s custom
  format for PostgreSQL;
- `files.sealed`: a tar of the private and the public storage, read through Django's
  storage API (the local disk or S3 alike), ending with `files.json`: every file's name,
  size and SHA-256.

The database is copied first, the files after: a photo uploaded meanwhile is in the backup
without its row (harmless); run backups outside the daily jobs, which delete what expired.
A restore goes into an empty installation only, checks every file against its SHA-256 and
every original against the checksum the database holds for it, and ends with the audit
trail's own check, which needs the same AUDIT_KEY as the installation that made it."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.common import sealed
from beeldwacht.common.errors import InvalidInput

FORMAT = 1
# Which storages are backed up, and their folder in the archive.
STORAGES = {"private": "private", "default": "public"}
# Classroom recordings live 30 days at most and must be gone once destroyed: a backup kept
# for 14 days would keep them beyond that, and a restore would bring them back. Their rows
# (the deletion records) are in the database part.
NOT_BACKED_UP = ("recordings/",)


@dataclass
class RestoreReport:
    files: int = 0
    originals_checked: int = 0
    problems: list[str] = field(default_factory=list)


def make_backup(directory: Path, *, key: bytes, now: datetime) -> Path:
    """Write a new backup under `directory`; returns its folder."""
    target = directory / f"beeldwacht-{timezone.localtime(now):%Y%m%d-%H%M%S}"
    target.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "database"
        _dump_database(dump)
        parts = {
            "database.sealed": _seal_file(dump, target / "database.sealed", key),
        }
        dump.unlink()
        archive = Path(scratch) / "files.tar"
        files = _archive_files(archive)
        parts["files.sealed"] = _seal_file(archive, target / "files.sealed", key)
    manifest = {
        "format": FORMAT,
        "made_at": now.isoformat(),
        "database": connection.vendor,
        "beeldwacht": version("beeldwacht"),
        "files": files,
        "parts": parts,
    }
    (target / "backup.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return target


def _dump_database(path: Path) -> None:
    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        source = sqlite3.connect(database["NAME"])
        copy = sqlite3.connect(path)
        with copy:
            source.backup(copy)  # a consistent copy while others go on writing
        copy.close()
        source.close()
    else:
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"],
            env=_pg_environment(database),
            check=True,
            capture_output=True,
        )


def _pg_environment(database: dict) -> dict:
    environment = {**os.environ, "PGDATABASE": database["NAME"]}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            environment[name] = str(database[key])
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    return environment


def _stored_names(storage, folder: str = "") -> list[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names += _stored_names(storage, f"{folder}{sub}/")
    return sorted(names)


def _archive_files(path: Path) -> int:
    """Tar every stored file, hashing as it goes; the list with the hashes comes last."""
    listed = []
    with tarfile.open(path, "w") as archive:
        for alias, folder in STORAGES.items():
            storage = storages[alias]
            for name in _stored_names(storage):
                if alias == "private" and name.startswith(NOT_BACKED_UP):
                    continue
                digest = hashlib.sha256()
                info = tarfile.TarInfo(f"{folder}/{name}")
                info.size = storage.size(name)
                with storage.open(name, "rb") as stored:
                    archive.addfile(info, _Hashing(stored, digest))
                listed.append(
                    {
                        "storage": alias,
                        "name": name,
                        "size": info.size,
                        "sha256": digest.hexdigest(),
                    }
                )
        data = json.dumps(listed).encode()
        info = tarfile.TarInfo("files.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return len(listed)


class _Hashing:
    """A file that hashes what is read from it."""

    def __init__(self, file, digest):
        self.file, self.digest = file, digest

    def read(self, size=-1):
        data = self.file.read(size)
        self.digest.update(data)
        return data


def _seal_file(plain: Path, target: Path, key: bytes) -> str:
    with plain.open("rb") as source, target.open("wb") as sealed_file:
        sealed.seal(source, sealed_file, key)
    return _sha256(target)


def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return _sha256_of(file)


def _sha256_of(file) -> str:
    """Block by block: any file object with `read`, a local one or an S3 object alike."""
    digest = hashlib.sha256()
    for block in iter(lambda: file.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / "backup.json").read_text())
    except (OSError, ValueError):
        raise InvalidInput(
            _("%(folder)s is not a Beeldwacht backup (backup.json is missing or damaged).")
            % {"folder": folder}
        ) from None
    if manifest.get("format") != FORMAT:
        raise InvalidInput(_("This backup was made by another version of Beeldwacht."))
    for part, expected in manifest["parts"].items():
        if not (folder / part).is_file() or _sha256(folder / part) != expected:
            raise InvalidInput(_("The backup is incomplete or damaged: %(part)s.") % {"part": part})
    return manifest


def installation_is_empty() -> bool:
    """No school in the database and no stored file: a restore overwrites nothing."""
    from beeldwacht.schools.models import School

    if any(_stored_names(storages[alias]) for alias in STORAGES):
        return False
    if "schools_school" not in connection.introspection.table_names():
        return True
    return not School.objects.exists()


def restore_backup(folder: Path, *, key: bytes) -> RestoreReport:
    """Put the backup in `folder` into this (empty) installation and check what came back."""
    manifest = read_manifest(folder)
    if manifest["database"] != connection.vendor:
        raise InvalidInput(
            _("This backup holds a %(made)s database; this installation uses %(here)s.")
            % {"made": manifest["database"], "here": connection.vendor}
        )
    if not installation_is_empty():
        raise InvalidInput(
            _(
                "A restore goes into an empty installation only: this one already has "
                "schools or stored files."
            )
        )
    report = RestoreReport()
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "database"
        _unseal_file(folder / "database.sealed", dump, key)
        archive = Path(scratch) / "files.tar"
        _unseal_file(folder / "files.sealed", archive, key)
        _load_database(dump)
        _restore_files(archive, report)
    _check_originals(report)
    return report


def _unseal_file(source: Path, target: Path, key: bytes) -> None:
    with source.open("rb") as sealed_file, target.open("wb") as plain:
        sealed.unseal(sealed_file, plain, key)


def _load_database(dump: Path) -> None:
    database = settings.DATABASES["default"]
    connection.close()
    if connection.vendor == "sqlite":
        source = sqlite3.connect(dump)
        target = sqlite3.connect(database["NAME"])
        with target:
            source.backup(target)
        target.close()
        source.close()
    else:
        result = subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", "--clean", "--if-exists",
             "--exit-on-error", f"--dbname={database['NAME']}", str(dump)],
            env=_pg_environment(database),
            capture_output=True,
            text=True,
        )  # fmt: skip
        if result.returncode != 0:
            raise InvalidInput(
                _("PostgreSQL refused the database of the backup: %(error)s")
                % {"error": result.stderr.strip()[-500:]}
            )


def _restore_files(archive_path: Path, report: RestoreReport) -> None:
    with tarfile.open(archive_path, "r") as archive:
        listed = json.load(archive.extractfile("files.json"))
        for entry in listed:
            folder = STORAGES[entry["storage"]]
            member = archive.getmember(f"{folder}/{entry['name']}")
            if not member.isfile():
                raise InvalidInput(_("The backup holds something that is not a file."))
            digest = hashlib.sha256()
            content = File(_Hashing(archive.extractfile(member), digest))
            content.size = member.size
            stored = storages[entry["storage"]].save(entry["name"], content)
            if stored != entry["name"] or digest.hexdigest() != entry["sha256"]:
                report.problems.append(
                    _("File %(name)s did not come back unchanged.") % {"name": entry["name"]}
                )
            report.files += 1


def _check_originals(report: RestoreReport) -> None:
    """Every original against the SHA-256 the database recorded at upload."""
    from beeldwacht.media.models import MediaItem

    storage = storages["private"]
    for item in MediaItem.objects.exclude(original="").only("public_id", "original", "sha256"):
        try:
            with storage.open(item.original.name, "rb") as original:
                found = _sha256_of(original)
        except FileNotFoundError:
            report.problems.append(
                _("The original of media item %(id)s is missing.") % {"id": item.public_id}
            )
            continue
        if found != item.sha256:
            report.problems.append(
                _("The original of media item %(id)s differs from its upload.")
                % {"id": item.public_id}
            )
        report.originals_checked += 1
