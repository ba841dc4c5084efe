"""Backup and restore (issue #10, build 5), with the real commands on an installation of
the suite's database kind: backup, wipe the database and the files, restore, and the audit
trail and every original check out. A damaged backup or the wrong key restores nothing."""

import io
import shutil

import pytest

from beeldwacht.common import sealed
from beeldwacht.common.errors import InvalidInput
from beeldwacht.tests.installations import beeldwacht, fresh_database, production_env

# An installation with a school, its consent, a photo: made through the services, as the
# screens would.
SCHOOL = """
import io
from datetime import date
from PIL import Image
from beeldwacht.media import services
from django.utils import timezone
from beeldwacht.schools import demo
from beeldwacht.schools.models import Membership, SchoolClass
demo.seed(timezone.localdate())
manager = Membership.objects.filter(role="management").select_related("school").first()
group = SchoolClass.objects.filter(school=manager.school).first()
trip = services.activity_create(
    school=manager.school, name="Sportdag", date=date(2026, 11, 20), classes=[group],
    by=manager.user,
)
photo = io.BytesIO()
Image.new("RGB", (640, 480), (120, 160, 200)).save(photo, "JPEG")
services.media_upload(activity=trip, name="klas.jpg", data=photo.getvalue(), by=manager.user)
# The daily jobs last ran the day before: a restore brings it up to date at once.
from datetime import timedelta
from beeldwacht.common.daily import DAILY_JOBS
from beeldwacht.common.models import DailyRun
yesterday = timezone.localdate() - timedelta(days=1)
for job in DAILY_JOBS:
    DailyRun.objects.create(job=job, last_run_on=yesterday, last_success_on=yesterday)
"""

COUNTS = (
    "from beeldwacht.people.models import Pupil; from beeldwacht.media.models import MediaItem;"
    "from beeldwacht.consent.models import ConsentRecord;"
    "print(Pupil.objects.count(), ConsentRecord.objects.count(), MediaItem.objects.count())"
)


def test_backup_wipe_restore(tmp_path):
    with fresh_database(tmp_path) as (database_url, wipe):
        key = tmp_path / "backup.key"
        env = production_env(tmp_path, database_url, BACKUP_KEY_FILE=str(key))
        beeldwacht(env, "migrate", "-v0")
        beeldwacht(env, "shell", "-v0", "-c", SCHOOL, timeout=600)
        before = beeldwacht(env, "shell", "-v0", "-c", COUNTS).stdout
        assert before.split()[2] == "1"
        made = beeldwacht(env, "backup", "--new-key", str(key))
        assert "Bewaar een kopie" in made.stdout
        backup = beeldwacht(env, "backup", str(tmp_path / "backups"))
        folder = next((tmp_path / "backups").iterdir())
        assert str(folder) in backup.stdout
        assert {p.name for p in folder.iterdir()} == {
            "backup.json",
            "database.sealed",
            "files.sealed",
        }

        # The server is lost: an empty database, no files.
        wipe()
        for stored in (tmp_path / "private", tmp_path / "media"):
            shutil.rmtree(stored, ignore_errors=True)

        beeldwacht(env, "migrate", "-v0")  # a new server, installed as the guide says
        restored = beeldwacht(env, "restore", str(folder))
        assert "1 originelen gecontroleerd" in restored.stdout
        assert "Audittrail intact" in restored.stdout
        # What expired between the backup and today goes now, before anyone uses it.
        assert "Dagelijkse taak gedaan: consent-transitions" in restored.stdout
        assert beeldwacht(env, "shell", "-v0", "-c", COUNTS).stdout == before
        assert beeldwacht(env, "audit-verify").returncode == 0

        # Into an installation that is not empty, nothing is restored.
        again = beeldwacht(env, "restore", str(folder), check=False)
        assert again.returncode == 1 and "lege installatie" in again.stderr


def test_a_damaged_backup_or_the_wrong_key_restores_nothing(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with (
        fresh_database(tmp_path) as (database_url, _wipe),
        fresh_database(elsewhere) as (
            other_url,
            _other_wipe,
        ),
    ):
        key = tmp_path / "backup.key"
        env = production_env(tmp_path, database_url, BACKUP_KEY_FILE=str(key))
        beeldwacht(env, "migrate", "-v0")
        beeldwacht(env, "add-school", "12AB", "CBS De Linde")
        beeldwacht(env, "backup", "--new-key", str(key))
        beeldwacht(env, "backup", str(tmp_path / "backups"))
        folder = next((tmp_path / "backups").iterdir())
        other = production_env(elsewhere, other_url, BACKUP_KEY_FILE=str(elsewhere / "other.key"))
        beeldwacht(other, "migrate", "-v0")  # installed, nothing in it yet
        beeldwacht(other, "backup", "--new-key", str(elsewhere / "other.key"))
        wrong_key = beeldwacht(other, "restore", str(folder), check=False)
        assert wrong_key.returncode == 1 and "sleutel" in wrong_key.stderr
        data = bytearray((folder / "files.sealed").read_bytes())
        data[-5] ^= 1
        (folder / "files.sealed").write_bytes(bytes(data))
        other["BACKUP_KEY_FILE"] = str(key)
        damaged = beeldwacht(other, "restore", str(folder), check=False)
        assert damaged.returncode == 1 and "beschadigd" in damaged.stderr
        # Nothing came back: the other installation is as empty as before.
        assert "0" == beeldwacht(
            other, "shell", "-v0", "-c",
            "from beeldwacht.schools.models import School; print(School.objects.count())",
        ).stdout.strip()  # fmt: skip
        assert not (elsewhere / "private").exists()


def test_the_key_is_made_without_the_installation_s_secrets(tmp_path):
    """As root, before the settings hold anything secret (docs/deploy.md, step 7)."""
    env = production_env(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}")
    del env["SECRET_KEY"], env["AUDIT_KEY"]
    made = beeldwacht(env, "backup", "--new-key", str(tmp_path / "backup.key"))
    assert "Sleutel geschreven" in made.stdout
    assert len(sealed.read_key(tmp_path / "backup.key")) == 32


def test_no_key_no_backup(tmp_path):
    with pytest.raises(InvalidInput, match="BACKUP_KEY_FILE"):
        sealed.read_key(None)
    (tmp_path / "short.key").write_text("abc\n")
    with pytest.raises(InvalidInput, match="64"):
        sealed.read_key(tmp_path / "short.key")
    sealed.new_key(tmp_path / "good.key")
    with pytest.raises(FileExistsError):
        sealed.new_key(tmp_path / "good.key")  # never overwritten
    assert oct((tmp_path / "good.key").stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("size", [0, 10, sealed.CHUNK, 3 * sealed.CHUNK + 7])
def test_sealing_round_trips_and_refuses_any_change(size):
    key = bytes(range(32))
    plain = bytes(i % 251 for i in range(size))
    box = io.BytesIO()
    sealed.seal(io.BytesIO(plain), box, key)
    opened = io.BytesIO()
    sealed.unseal(io.BytesIO(box.getvalue()), opened, key)
    assert opened.getvalue() == plain
    assert plain[:64] not in box.getvalue() or size == 0
    changes = {
        "cut short": box.getvalue()[:-1],
        "last chunk dropped": box.getvalue()[: len(sealed.MAGIC) + 7 + 4 + sealed.CHUNK + 16]
        if size > sealed.CHUNK
        else b"",
        "appended": box.getvalue() + b"\0\0\0\1x",
        "one bit": bytes([*box.getvalue()[:40], box.getvalue()[40] ^ 1, *box.getvalue()[41:]]),
    }
    for changed in changes.values():
        with pytest.raises(InvalidInput):
            sealed.unseal(io.BytesIO(changed), io.BytesIO(), key)
    with pytest.raises(InvalidInput):
        sealed.unseal(io.BytesIO(box.getvalue()), io.BytesIO(), bytes(32))
