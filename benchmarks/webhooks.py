"""Benchmark: one withdrawal told to 10 webhooks (issue 14).

Run by hand (not part of the tests):

    uv run python benchmarks/webhooks.py            # SQLite in a temp file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench uv run python benchmarks/webhooks.py

Ten receivers listen on 127.0.0.1 (each answers after 20 ms, as a small web app would); the
school has a webhook to each. A parent withdraws consent for the website; the benchmark
times the worker's side: reading the audit trail and queueing the ten deliveries
(`fan_out`), and sending them as one worker process does, task after task, until every
receiver has its signed message. Repeated 20 times; prints the median and the slowest.
"""

import os
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.setdefault("DEBUG", "true")  # WEBHOOK_ALLOW_PRIVATE follows it: the receivers are local
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beeldwacht.settings")
os.environ.setdefault("PRIVATE_ROOT", tempfile.mkdtemp())

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

ENDPOINTS, ROUNDS = 10, 20
received = []


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(0.02)
        received.append(time.perf_counter())
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    from django.db import transaction

    from beeldwacht.actions.schools import add_school
    from beeldwacht.common.permissions import Role
    from beeldwacht.consent.models import Channel, ConsentRecord, Kind
    from beeldwacht.consent.services import Choice
    from beeldwacht.integrations.webhooks import fan_out, webhook_add
    from beeldwacht.takedowns.actions import record_consent
    from conftest import make_guardian, make_pupil, run_queued, staff

    call_command("migrate", verbosity=0)
    school = add_school(brin="11WH", name="Webhookschool").school
    director = staff(school, "directie@bench.example", Role.MANAGEMENT)
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler) for _ in range(ENDPOINTS)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        webhook_add(
            school=school,
            url=f"http://127.0.0.1:{server.server_port}/hook",
            events=["consent.changed"],
            by=director,
        )
    website = Channel.objects.get(school=school, key="website")
    fan_out()  # past events
    fanning, total = [], []
    for n in range(ROUNDS):
        pupil = make_pupil(school, None, str(5000 + n))
        mother = make_guardian(school, pupil, "Ouder", f"ouder{n}@bench.example")
        received.clear()
        with transaction.atomic():
            record_consent(
                pupil=pupil,
                choices=[Choice(website, Kind.IMAGE, False)],
                guardian=mother,
                by=mother.user,
                method=ConsentRecord.Method.PORTAL,
                on=timezone.localdate(),
            )
        started = time.perf_counter()
        queued = fan_out()
        fanning.append(time.perf_counter() - started)
        run_queued("webhooks")
        total.append(max(received) - started)
        assert queued == ENDPOINTS and len(received) == ENDPOINTS, (queued, len(received))
    for server in servers:
        server.shutdown()

    def ms(values):
        return (
            f"median {1000 * statistics.median(values):.1f} ms, slowest {1000 * max(values):.1f} ms"
        )

    print(f"{django.db.connection.vendor}: one withdrawal to {ENDPOINTS} webhooks, {ROUNDS} rounds")
    print(f"  fan_out (audit trail read, 10 deliveries queued): {ms(fanning)}")
    print(f"  until the 10th receiver has it (one worker):       {ms(total)}")


if __name__ == "__main__":
    main()
