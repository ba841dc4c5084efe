"""The `beeldwacht` command: Django's manage.py under the product's name.

`beeldwacht demo` must work on a fresh clone with no configuration at all, so for that one
command we default to development settings and a separate demo database.
"""

import os
import sys
from pathlib import Path


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beeldwacht.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        var = Path.cwd() / "var"
        os.environ.setdefault("DEBUG", "true")
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{var / 'demo.sqlite3'}")
        os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
        var.mkdir(exist_ok=True)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
