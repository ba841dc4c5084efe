"""The `beeldwacht` command: Django's manage.py under the product's name.

`beeldwacht demo` must work on a fresh clone with no configuration at all, so for that one
command we default to development settings and a separate demo database. The tool commands
that sign nothing (`warm-up`, `faces`, `check-text`, `backup --new-key`) run without a
SECRET_KEY.
"""

import os
import secrets
import sys
from pathlib import Path

# Commands that neither sign nor check anything a secret protects: a throwaway key will do.
NEEDS_NO_SECRET = {"warm-up", "faces", "check-text"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beeldwacht.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        var = Path.cwd() / "var"
        os.environ.setdefault("DEBUG", "true")
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{var / 'demo.sqlite3'}")
        os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
        var.mkdir(exist_ok=True)
    elif len(sys.argv) > 1 and (
        sys.argv[1] in NEEDS_NO_SECRET or sys.argv[1:3] == ["backup", "--new-key"]
    ):
        if not (os.environ.get("SECRET_KEY") or os.environ.get("SECRET_KEY_FILE")):
            os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
