"""API keys: made with the scopes a system needs, shown once, kept as a SHA-256, revoked
at any time. Every call with a key is in the audit trail."""

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import as_user
from beeldwacht.common.errors import InvalidInput
from beeldwacht.common.permissions import Capability
from beeldwacht.integrations.models import ApiKey, Scope
from beeldwacht.schools.access import require

TOKEN_START = "bw_"
# What the maker of a key must be allowed herself for each scope: a privacy contact may make
# a key to read consent, not one that pushes the roster (and with it, who is management).
NEEDS = {
    Scope.READ_CONSENT.value: Capability.VIEW_ALL_GROUPS,
    Scope.READ_PUBLICATIONS.value: Capability.VIEW_ALL_GROUPS,
    Scope.WRITE_ROSTER.value: Capability.MANAGE_ROSTER,
}


def _sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def key_create(*, school, name: str, scopes: list[str], by) -> tuple[ApiKey, str]:
    """The key and the token to hand to the other system: the only time it is seen. The
    token is 256 random bits, so a plain SHA-256 keeps it as safe as a slow hash would."""
    require(by, Capability.MANAGE_CHANNELS, school=school)
    for scope in set(scopes) & set(NEEDS):  # a key does no more than its maker may
        require(by, NEEDS[scope], school=school)
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("Say which system the key is for."))
    unknown = set(scopes) - set(Scope.values)
    if unknown or not scopes:
        raise InvalidInput(
            _("Choose what the key may do: %(scopes)s.") % {"scopes": ", ".join(Scope.values)}
        )
    prefix = secrets.token_hex(4)
    token = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(
        school=school,
        name=name[:100],
        prefix=prefix,
        secret_sha256=_sha256(token),
        scopes=sorted(set(scopes)),
        created_by=as_user(by),
        created_at=timezone.now(),
    )
    audit(
        AuditEvent.Type.API_KEY_CHANGED,
        by=by,
        school=school,
        subject=key,
        data={"made": key.prefix, "scopes": key.scopes},
    )
    return key, token


@transaction.atomic
def key_revoke(*, key: ApiKey, by) -> ApiKey:
    require(by, Capability.MANAGE_CHANNELS, school=key.school)
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.revoked_by = as_user(by)
        key.save(update_fields=["revoked_at", "revoked_by"])
        audit(
            AuditEvent.Type.API_KEY_CHANGED,
            by=by,
            school=key.school,
            subject=key,
            data={"revoked": key.prefix},
        )
    return key


def key_for_token(token: str) -> ApiKey | None:
    """The key this token belongs to, if it is one of ours and not revoked."""
    parts = token.removeprefix(TOKEN_START).split("_", 1)
    if not token.startswith(TOKEN_START) or len(parts) != 2:
        return None
    key = ApiKey.objects.select_related("school").filter(prefix=parts[0]).first()
    if key is None or key.revoked_at is not None:
        return None
    if not hmac.compare_digest(key.secret_sha256, _sha256(token)):
        return None
    return key


@transaction.atomic
def key_used(*, key: ApiKey, path: str, status: int, count: int | None = None) -> None:
    """Every call in the audit trail: which key, what it asked, how it was answered and, for
    a question about several pupils, how many; never about whom."""
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    data = {"key": key.prefix, "path": path.split("?", 1)[0][:200], "status": status}
    if count is not None:
        data["pupils"] = count
    audit(AuditEvent.Type.API_CALLED, by=None, school=key.school, subject=key, data=data)
