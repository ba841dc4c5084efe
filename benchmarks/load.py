r"""Benchmark: `beeldwacht serve` under load, measured from outside with wrk (issue 10,
build 6 and "Done means": p50/p95/p99, requests per second, server CPU per request and
errors, per page x database x concurrency).

Run by hand (not part of the tests); needs Debian's wrk (`apt install wrk`):

    uv run python benchmarks/load.py                        # SQLite in a temp folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench4 \
        uv run python benchmarks/load.py                    # an empty PostgreSQL database
    uv run python benchmarks/load.py --seconds 5 --clients 1 10
    uv run python benchmarks/load.py --only API --clients 20   # the consent API (issue 14)

It makes a fresh installation (the demo school plus a published news item with a photo on
the website and in the parent app), starts `beeldwacht serve` with production settings
(`WEB_WORKERS`, default 2) on 127.0.0.1, signs in a teacher and a parent by making their
sessions, and runs wrk against each page for `--seconds` at each number of `--clients`
(one connection per client, one wrk thread per core). The server's CPU per request is the
CPU time of the gunicorn master and workers (from /proc) over the requests served. wrk and
the server share the machine's cores.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from beeldwacht.tests.installations import BEELDWACHT, ROOT, production_env, serving  # noqa: E402

# Made inside the installation: the demo school, a published photo, two sessions.
SEED = r"""
import io, json
from datetime import date
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw
from beeldwacht.accounts.models import User
from beeldwacht.consent.models import Channel
from beeldwacht.media import services as media
from beeldwacht.people.models import Guardianship
from beeldwacht.publications import services as publications
from beeldwacht.schools import demo
from beeldwacht.schools.models import SchoolClass

today = timezone.localdate()
school = demo.seed(today)
anna = User.objects.get(email="juf.anna@" + demo.STAFF_DOMAIN)
director = User.objects.get(email="directeur@" + demo.STAFF_DOMAIN)
group = SchoolClass.objects.get(school=school, name="5")
trip = media.activity_create(school=school, name="Sportdag", date=today, classes=[group], by=anna)
photo = Image.new("RGB", (1600, 1200), (90, 140, 200))
ImageDraw.Draw(photo).rectangle((200, 700, 1400, 1100), fill=(40, 160, 60))
data = io.BytesIO(); photo.save(data, "JPEG", quality=90)
item = media.media_upload(activity=trip, name="veld.jpg", data=data.getvalue(), by=anna)
media.media_analyse(item_id=item.pk)
item.refresh_from_db()
channels = [Channel.objects.get(school=school, key=k) for k in ("website", "parent_app")]
for channel in channels:
    media.item_review_confirm(item=item, channel=channel, by=anna)
publication = publications.publication_create(
    school=school, title="Sportdag", body="Wat een mooie dag op het veld.",
    channels=channels, media=[item], activity=trip, by=anna,
)
publications.publication_submit(publication=publication, by=anna)
publications.publication_approve(publication=publication, by=director, acknowledge_warnings=True)
publications.publication_publish(publication=publication, by=director)

def session_of(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

ship = Guardianship.objects.filter(pupil__school=school, guardian__user__isnull=False).first()
# The consent API's group question (issue 14): group 5 filled up to 30 pupils, every channel.
from beeldwacht.integrations.services import key_create
from beeldwacht.people.models import Pupil
for n in range(Pupil.objects.filter(school_class=group).count(), 30):
    Pupil.objects.create(school=school, school_class=group, las_number=f"9{n:03}",
                         first_name="Extra", last_name=str(n), date_of_birth=date(2016, 5, 1))
_key, token = key_create(school=school, name="Website", scopes=["consent:read"], by=director)
print(json.dumps({
    "teacher": session_of(anna),
    "parent": session_of(ship.guardian.user),
    "api": token,
    "pages": {
        "news page": ["", reverse("public:news", kwargs={"brin": school.brin})],
        "public image": ["", reverse("public:image", kwargs={
            "brin": school.brin, "publication_id": publication.public_id,
            "item_id": item.public_id})],
        "Atom feed": ["", reverse("public:feed", kwargs={"brin": school.brin})],
        "consent matrix": ["teacher", reverse("consent:group", kwargs={
            "brin": school.brin, "class_id": group.public_id})],
        "activity page": ["teacher", reverse("media:activity", kwargs={
            "brin": school.brin, "activity_id": trip.public_id})],
        "parent's child page": ["parent", reverse("portal:child", kwargs={
            "pupil_id": ship.pupil.public_id})],
        "API: group consent": ["api", "/api/v1/consent/group?name=5"],
    },
}))
"""

# wrk prints what its Lua `done` writes: the count, the percentiles and the errors
# (refused, timed out, or answered with a status of 400 or more).
WRK_SCRIPT = r"""
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), errors))
end
"""


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and all its descendants, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for child in children.read_text().split() if children.exists() else ():
        total += _cpu_seconds(int(child))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, nargs="*", default=[1, 10, 50])
    parser.add_argument("--workers", default=os.environ.get("WEB_WORKERS", "2"))
    parser.add_argument("--only", default="", help="only the pages whose name contains this")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt install wrk).")
    folder = Path(tempfile.mkdtemp(prefix="beeldwacht-load-"))
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'db.sqlite3'}"
    # Plain HTTP from wrk, no proxy in front: no redirect to HTTPS.
    # The API's limit per key is for a school's systems, not for wrk.
    env = production_env(
        folder,
        database,
        SECURE_SSL_REDIRECT="false",
        WEB_WORKERS=str(args.workers),
        API_RATE_LIMIT="1000000/m",
    )
    run = {"env": env, "cwd": ROOT, "check": True, "capture_output": True, "text": True}
    subprocess.run([*BEELDWACHT, "migrate", "-v0"], **run)
    seeded = json.loads(
        subprocess.run([*BEELDWACHT, "shell", "-v0", "-c", SEED], **run).stdout.splitlines()[-1]
    )
    script = folder / "report.lua"
    script.write_text(WRK_SCRIPT)
    try:
        with serving(env) as (base, server_pid):
            _measure(args, database, seeded, base, server_pid, script)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _measure(args, database: str, seeded: dict, base: str, server_pid: int, script) -> None:
    vendor = "postgresql" if database.startswith("postgres") else "sqlite"
    print(
        f"{vendor}, gunicorn with {args.workers} workers, {os.cpu_count()} cores, "
        f"{args.seconds} s per run (wrk on the same machine):"
    )
    print(
        f"  {'page':<20} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'CPU ms/req':>11} {'errors':>7}"
    )
    for page, (who, path) in seeded["pages"].items():
        if args.only not in page:
            continue
        if who == "api":  # 30 pupils x every channel in one call, with the system's key
            cookie = {"Authorization": f"Bearer {seeded['api']}"}
        else:
            cookie = {"Cookie": f"sessionid={seeded[who]}"} if who else {}
        # Warm: the rendition, the caches.
        urllib.request.urlopen(urllib.request.Request(base + path, headers=cookie), timeout=30)
        for clients in args.clients:
            cpu_before = _cpu_seconds(server_pid)
            out = subprocess.run(
                ["wrk", f"-t{min(clients, os.cpu_count() or 1)}", f"-c{clients}",
                 f"-d{args.seconds}s", "--timeout", "10s", "-s", str(script),
                 *[arg for name, value in cookie.items() for arg in ("-H", f"{name}: {value}")],
                 base + path],
                capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
            cpu = _cpu_seconds(server_pid) - cpu_before
            requests, duration, p50, p95, p99, errors = map(
                int, re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out).groups()
            )
            print(
                f"  {page:<20} {clients:>7} {requests / (duration / 1e6):>8.0f} "
                f"{p50 / 1000:>8.1f} {p95 / 1000:>8.1f} {p99 / 1000:>8.1f} "
                f"{1000 * cpu / max(requests, 1):>11.1f} {errors:>7}"
            )


if __name__ == "__main__":
    main()
