"""Every login form is throttled, and the count is shared by every process (issue #9, finding
4): the limits lived in each process's memory, so they multiplied with the workers and reset
on a restart, and the admin's own login form was not throttled at all."""

from pathlib import Path

from django.conf import settings
from django.db import connection
from django.urls import reverse

PASSWORD = "beeldwacht-demo"


def _try(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _stored_limits() -> int:
    """Entries of the shared cache outside this process: rows, or files on SQLite."""
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM beeldwacht_cache")
            return cursor.fetchone()[0]
    return len(list(Path(settings.CACHES["default"]["LOCATION"]).glob("*.djcache")))


def test_failed_logins_are_counted_where_every_process_sees_them(client, directeur_bas):
    directeur_bas.set_password(PASSWORD)
    directeur_bas.save()
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend.endswith("FileBasedCache" if connection.vendor == "sqlite" else "DatabaseCache")
    for _ in range(5):
        assert _try(client, directeur_bas.email, "geraden").status_code == 200
    assert _stored_limits() > 0
    refused = _try(client, directeur_bas.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert refused.status_code in (200, 429)


def test_the_admin_signs_in_through_the_throttled_login_page(client, directeur_bas):
    directeur_bas.set_password(PASSWORD)
    directeur_bas.is_staff = directeur_bas.is_superuser = True
    directeur_bas.save()
    page = client.get("/beheer/login/")
    assert page.status_code == 302 and page["Location"].startswith(reverse("account_login"))
    client.post("/beheer/login/", {"username": directeur_bas.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session  # its own password form is gone
