"""`beeldwacht serve [ADDR:PORT]`: Beeldwacht in production, behind the school's or board's
reverse proxy. gunicorn (sync workers: every request is short, uploads arrive through a proxy
that buffers them) with the settings from the environment; the static files are collected
first and served compressed by WhiteNoise. Refuses to start with settings that are only for a
laptop, and says in Dutch what to set. Background work stays `beeldwacht worker`."""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from beeldwacht.common.env import env, env_int

# Keys that ship with Beeldwacht's examples and development defaults: never in production.
KNOWN_KEYS = {"change-me", "development-only-not-secret", "tests-only-not-secret"}


def problems() -> list[str]:
    """What keeps these settings from serving a school, in Dutch."""
    found = []
    if settings.DEBUG:
        found.append(_("DEBUG is on: set DEBUG=false."))
    if settings.SECRET_KEY in KNOWN_KEYS or len(settings.SECRET_KEY) < 50:
        found.append(
            _("SECRET_KEY is an example or too short: set a random key of at least 50 characters.")
        )
    if not settings.ALLOWED_HOSTS:
        found.append(_("ALLOWED_HOSTS is empty: set the host name(s) the school uses."))
    return found


class Command(BaseCommand):
    help = "Serve Beeldwacht in production (gunicorn), after collecting the static files."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default=env("BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=env_int("WEB_WORKERS", default=2 * (os.cpu_count() or 1)),
            help="web worker processes (default: WEB_WORKERS, or two per core)",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=env_int("WEB_TIMEOUT", default=120),
            help="seconds a request may take before its worker is restarted",
        )

    def handle(self, *args, addrport: str, workers: int, timeout: int, **options):
        if found := problems():
            raise CommandError("\n".join([_("Beeldwacht does not start:"), *found]))
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            _("Beeldwacht serves on http://%(addr)s with %(n)d worker(s).")
            % {"addr": addrport, "n": workers}
        )
        self.stdout.flush()
        # gunicorn takes over this process: signals from systemd reach it directly.
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "beeldwacht.wsgi:application",
                "--bind",
                addrport,
                "--workers",
                str(max(1, workers)),
                "--timeout",
                str(timeout),
                "--graceful-timeout",
                "30",
                # No access log: its URLs would name pupils' pages. Each request is logged
                # by common.request_log instead, by its route; everything goes to stderr.
                "--error-logfile",
                "-",
                "--logger-class",
                "beeldwacht.common.gunicorn_logs.GunicornLogger",
            ],
        )
