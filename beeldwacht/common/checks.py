"""Start-up checks for settings that cannot have a safe default in production."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def audit_key_is_set(app_configs, **kwargs):
    if settings.DEBUG or settings.AUDIT_KEY:
        return []
    return [
        Error(
            "AUDIT_KEY is not set: the audit trail cannot be written.",
            hint="Set AUDIT_KEY or AUDIT_KEY_FILE (a long random secret, kept outside the "
            "database and backed up with the other secrets).",
            id="beeldwacht.E001",
        )
    ]
