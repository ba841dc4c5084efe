import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.consent.selectors import channels_for
from beeldwacht.domain.text_checks import NameContext, groups_named
from beeldwacht.publications.text import explain, text_findings
from beeldwacht.schools.commands import school_or_error


class Command(BaseCommand):
    help = "Check a text for names without consent and confidential or sensitive information."
    requires_system_checks: list[str] = []  # runs without a configured installation

    def add_arguments(self, parser):
        parser.add_argument("--school", required=True, help="BRIN code of the school")
        parser.add_argument("--channel", required=True, help="channel key, e.g. website")
        parser.add_argument("--json", action="store_true", help="print findings as JSON")
        parser.add_argument("file", type=Path)

    def handle(self, *args, school, channel, json: bool, file: Path, **options):
        found = school_or_error(school)
        target = channels_for(found, include_retired=True).filter(key=channel).first()
        if target is None:
            raise CommandError(_("No channel with key %(key)s.") % {"key": channel})
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise CommandError(_("Cannot read %(file)s as UTF-8 text.") % {"file": file}) from None
        # As for a publication without an activity: "groep 5" in the text gives first names
        # their context.
        groups = groups_named(text, found.classes.values_list("name", flat=True))
        findings = text_findings(
            found, target, text, on=timezone.localdate(), context=NameContext(groups=groups)
        )
        if json:
            self.stdout.write(_dump(findings))
            return
        if not findings:
            self.stdout.write(_("No findings."))
        for f in findings:
            self.stdout.write(
                f"{f.start}-{f.end} [{f.severity}] {f.text!r}: {explain(f)} ({f.article})"
            )


def _dump(findings) -> str:
    return json.dumps(
        [
            {
                "kind": f.kind,
                "text": f.text,
                "start": f.start,
                "end": f.end,
                "severity": f.severity,
                "person": f.person,
                "article": f.article,
            }
            for f in findings
        ],
        ensure_ascii=False,
        indent=1,
    )
