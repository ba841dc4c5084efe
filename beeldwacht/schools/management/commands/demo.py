import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.schools import demo


class Command(BaseCommand):
    help = "Run Beeldwacht with a fictional demo school on http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="set up, do not serve")

    def handle(self, *args, addrport, no_serve, **options):
        if not settings.DEBUG:
            raise CommandError(_("The demo runs only with DEBUG=true: it uses a known password."))
        call_command("migrate", verbosity=0, interactive=False)
        started = time.monotonic()
        school = demo.seed(timezone.localdate())
        seconds = time.monotonic() - started
        host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
        self.stdout.write("")
        self.stdout.write(
            _("Demo school %(name)s ready (%(seconds).1f s).")
            % {"name": school.name, "seconds": seconds}
        )
        self.stdout.write(_("Open http://%(host)s/ and log in as:") % {"host": host})
        for persona in demo.personas():
            self.stdout.write(f"  {persona.email:<34} {persona.role:<22} {_(persona.note)}")
        self.stdout.write(_("  Staff password: %(password)s") % {"password": demo.PASSWORD})
        self.stdout.write(
            _(
                "  Parent: %(email)s, log in with a code; "
                "the e-mail with the code appears in this terminal."
            )
            % {"email": demo.a_parent_email(school)}
        )
        self.stdout.write("")
        if no_serve:
            return
        # One worker process analyses uploads in the background while the demo runs.
        worker = subprocess.Popen(
            [sys.executable, "-m", "beeldwacht", "worker", "--processes", "1"]
        )
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
