"""A second factor for those who can see and decide the most: management and the privacy
contact sign in with a code from an authenticator app after their password or e-mailed code
(TOTP, through the login library's `allauth.mfa`), when their school requires it (the
default). Issue #9, finding 4: management logged in with an e-mailed code alone.

Who needs one is decided when they sign in and kept in the session, so no page costs a query
for it; until they have set one up, every page (checked again each time) leads them to the
set-up page. Once set up,
the login library asks for the code at every sign-in, by password or by e-mailed code, and
the app cannot be removed while it is required."""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_removed
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from beeldwacht.common.permissions import Role
from beeldwacht.schools.models import Membership

ROLES = (Role.MANAGEMENT, Role.PRIVACY_OFFICER)
SESSION_KEY = "beeldwacht_second_factor_missing"
# Reachable without one: the login library's own pages (setting it up, confirming one's
# password again first, leaving) and static files. Every school page is closed.
OPEN_PATHS = ("/accounts/", "/static/")


def required_for(user) -> bool:
    return Membership.objects.filter(
        user=user, left_on__isnull=True, role__in=ROLES, school__second_factor_required=True
    ).exists()


def missing_for(user) -> bool:
    return (
        required_for(user)
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    )


def _remember(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = missing_for(user)


user_logged_in.connect(_remember, dispatch_uid="second_factor_on_login")
authenticator_removed.connect(_remember, dispatch_uid="second_factor_removed")


class SecondFactorMiddleware:
    """Leads someone who must set up a second factor to its set-up page, from every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(SESSION_KEY)
            and request.user.is_authenticated
            and not request.path.startswith(OPEN_PATHS)
        ):
            if not missing_for(request.user):  # set up meanwhile
                session[SESSION_KEY] = False
                return self.get_response(request)
            messages.info(
                request,
                _(
                    "Your school asks management and the privacy contact to sign in with a "
                    "second factor. Set up an authenticator app first (once)."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and required_for(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)

    def get_totp_issuer(self) -> str:
        return "Beeldwacht"
