"""`beeldwacht worker`: runs the background jobs (face analysis, ...) of this installation,
and once a day the daily jobs (common.daily: consent transitions, the audit anchor).

It starts N worker processes of the database queue (two single-threaded processes beat one
with two threads for face detection) and, in this parent process, the reaper that gives back
items whose worker died mid-analysis. More machines can each run `beeldwacht worker`
against the same PostgreSQL database; the queue hands out each task once (SKIP LOCKED)."""

import logging
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.common.daily import run_daily_jobs
from beeldwacht.integrations.webhooks import fan_out
from beeldwacht.media.services import media_reap_expired

logger = logging.getLogger(__name__)

# An item whose worker died waits at most its lease and one more look: a minute, or the
# lease itself where an installation chose a shorter one.
REAP_EVERY_SECONDS = 60
# A consent change reaches the school's other systems within seconds (integrations.webhooks).
FAN_OUT_EVERY_SECONDS = 5


class Command(BaseCommand):
    help = "Run background jobs: worker processes plus the reaper of expired analyses."

    def add_arguments(self, parser):
        parser.add_argument(
            "--processes",
            type=int,
            default=os.cpu_count() or 1,
            help="worker processes (default: one per core)",
        )
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")

    def handle(self, *args, processes: int, interval: float, **options):
        command = [
            sys.executable,
            "-m",
            "beeldwacht",
            "db_worker",
            "--queue-name",
            ",".join(settings.TASKS["default"]["QUEUES"]),
            "--interval",
            str(interval),
            "--no-startup-delay",
            "--no-reload",  # a code reloader per worker would double the memory
        ]
        children = [subprocess.Popen(command) for _ in range(max(1, processes))]
        self.stdout.write(_("Worker started with %(n)d process(es).") % {"n": len(children)})
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        next_reap = next_fan_out = 0.0
        try:
            while not stopping:
                if time.monotonic() >= next_fan_out:
                    close_old_connections()
                    try:
                        fan_out()
                    except Exception:  # the webhooks must never stop the worker's other jobs
                        logger.exception("Webhook fan-out failed; tried again in a moment")
                    next_fan_out = time.monotonic() + FAN_OUT_EVERY_SECONDS
                if time.monotonic() >= next_reap:
                    close_old_connections()
                    returned = media_reap_expired()
                    if returned:
                        self.stdout.write(
                            _("Returned %(n)d interrupted analysis(es) to the queue.")
                            % {"n": returned}
                        )
                    for job in run_daily_jobs(timezone.localdate()):
                        self.stdout.write(_("Daily job done: %(job)s.") % {"job": job})
                    next_reap = time.monotonic() + min(
                        REAP_EVERY_SECONDS, settings.MEDIA_ANALYSIS_LEASE_SECONDS
                    )
                for n, child in enumerate(children):
                    if (
                        child.poll() is not None
                    ):  # a worker died (killed, out of memory): replace it
                        children[n] = subprocess.Popen(command)
                time.sleep(1)
        finally:
            for child in children:
                child.terminate()
            for child in children:
                try:
                    child.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    child.kill()
