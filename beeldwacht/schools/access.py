"""What one staff member may do at one school, resolved once per request or service call.

Views use `staff_view(capability)`; services call `require(...)` again, because commands and
the API reach services without a view. A school where the user has no membership is a 404,
so nobody can find out which schools exist."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from beeldwacht.common.actors import SYSTEM
from beeldwacht.common.errors import PermissionDenied
from beeldwacht.common.permissions import Capability, capabilities_of, roles_with
from beeldwacht.schools.models import Membership, School
from beeldwacht.schools.school_accounts import is_closed, providers_of


@dataclass(frozen=True)
class StaffAccess:
    school: School
    roles: frozenset[str]
    capabilities: frozenset[Capability]
    class_ids: frozenset[int]  # the groups of teachers and interns

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    @property
    def sees_all_groups(self) -> bool:
        return Capability.VIEW_ALL_GROUPS in self.capabilities

    def sees_class(self, class_id: int | None) -> bool:
        if self.sees_all_groups:
            return True
        return Capability.VIEW_OWN_GROUPS in self.capabilities and class_id in self.class_ids


def staff_access(user, school: School) -> StaffAccess:
    roles: set[str] = set()
    class_ids: set[int] = set()
    if user is not None and user.is_authenticated:
        memberships = Membership.objects.filter(
            user=user, school=school, left_on__isnull=True
        ).prefetch_related("classes")
        for membership in memberships:
            roles.add(membership.role)
            class_ids.update(c.pk for c in membership.classes.all())
    return StaffAccess(school, frozenset(roles), capabilities_of(roles), frozenset(class_ids))


def is_staff_anywhere(user) -> bool:
    """Works at a school now (staff log in with a password; parents and pupils by code)."""
    return Membership.objects.filter(user=user, left_on__isnull=True).exists()


def has_left(user, school: School) -> bool:
    """Worked at this school and no longer does."""
    memberships = Membership.objects.filter(user=user, school=school)
    return memberships.exists() and not memberships.filter(left_on__isnull=True).exists()


def staff_of(school: School, *, roles=None):
    """The school's current staff; with `roles`, those holding one of them. One filter call
    on purpose: the school, 'not left' and the role must hold for the same membership."""
    from beeldwacht.accounts.models import User

    same_membership = {"memberships__school": school, "memberships__left_on__isnull": True}
    if roles is not None:
        same_membership["memberships__role__in"] = roles
    return User.objects.filter(**same_membership).distinct()


def staff_with(school: School, capability: Capability):
    """The school's current staff who hold a capability through one of their roles."""
    return staff_of(school, roles=roles_with(capability))


def require(user, capability: Capability, *, school: School) -> StaffAccess:
    if user is SYSTEM:
        return StaffAccess(school, frozenset(), frozenset(Capability), frozenset())
    access = staff_access(user, school)
    if not access.can(capability):
        raise PermissionDenied(_("You do not have permission to do this at this school."))
    return access


def staff_view(*capabilities: Capability, former: bool = False) -> Callable:
    """Resolve `brin` from the URL to a school the user works at (else 404) and require one of
    `capabilities` (else 403). Sets `request.school` and `request.access`. With `former`,
    someone who worked here and left gets in too, with no roles (`request.former` is True):
    only for their own consent, which they can withdraw after leaving (AVG art. 7(3))."""

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, brin: str, *args, **kwargs) -> HttpResponse:
            school = School.objects.filter(brin=brin.upper()).first()
            if school is None:
                raise Http404
            access = staff_access(request.user, school)
            request.former = False  # type: ignore[attr-defined]
            if not access.roles:
                if not (former and has_left(request.user, school)):
                    raise Http404
                request.former = True  # type: ignore[attr-defined]
            if access.roles and is_closed(request, school):
                return render(
                    request,
                    "schools/school_account_needed.html",
                    {"school": school, "providers": providers_of(school)},
                    status=403,
                )
            if capabilities and not any(access.can(c) for c in capabilities):
                raise Forbidden(_("You do not have permission to see this page."))
            request.school = school  # type: ignore[attr-defined]
            request.access = access  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
