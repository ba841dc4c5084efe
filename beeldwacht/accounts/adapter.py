import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render

log = logging.getLogger(__name__)

# The login library's mails that would let someone in without the school account.
MAILS_THAT_SIGN_IN = ("account/email/login_code", "account/email/password_reset_key")
# What Beeldwacht keeps of a school account's ID token (SocialAccount.extra_data).
KEPT_CLAIMS = ("iss", "sub", "email", "email_verified", "hd")


def display_name(user) -> str:
    """How Beeldwacht names someone on screen: the name on their account, or the school's
    roster's name for a parent or a pupil; never their e-mail address (ACCOUNT_USER_DISPLAY)."""
    from beeldwacht.people.models import Guardian, Pupil

    if name := user.get_full_name():
        return name
    if guardian := Guardian.objects.filter(user=user).order_by("pk").first():
        return guardian.name
    if pupil := Pupil.objects.filter(user=user).order_by("pk").first():
        return pupil.full_name
    return ""


def schools_of(email: str) -> str:
    """The schools an address belongs to, for the signature of the login library's mails."""
    from beeldwacht.people.models import Guardian
    from beeldwacht.schools.models import School

    schools = School.objects.filter(
        memberships__user__email__iexact=email, memberships__left_on__isnull=True
    ).union(
        School.objects.filter(pk__in=Guardian.objects.filter(email__iexact=email).values("school"))
    )
    return ", ".join(sorted(school.name for school in schools))


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up: the school's roster decides who has an account."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def pre_login(self, request, user, **kwargs):
        """A sign-in that opens none of the person's schools (each lets staff in only with
        its own account, and this is a password, a code or another board's account) goes no
        further, unless the person uses the parent pages (schools.school_accounts)."""
        from allauth.account.internal.stagekit import clear_login

        from beeldwacht.schools import school_accounts

        provider = school_accounts.signed_in_with(request, user)
        if not school_accounts.may_sign_in(user, provider, uses_portal=lambda: _uses_portal(user)):
            clear_login(request)
            return render(request, "account/school_account_only.html", status=403)
        return super().pre_login(request, user, **kwargs)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Rendered now, sent by the worker (accounts.tasks): a queue row, not an SMTP
        conversation, is all the request waits for. The row is stored with the request's own
        writes, so a request that fails sends nothing. The context is the one the library's
        own `send_mail` gives its templates."""
        from allauth.core import context as current
        from django.contrib.sites.shortcuts import get_current_site

        from beeldwacht.accounts.tasks import send_account_mail

        request = current.request
        if template_prefix in MAILS_THAT_SIGN_IN and not _may_sign_in_otherwise(email):
            # A code or reset link would not let them in: say how they do get in instead.
            template_prefix = "account/email/school_account_only"
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "schools": schools_of(email),
        }
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        send_account_mail.enqueue(
            subject=message.subject,
            body=message.body,
            from_email=message.from_email,
            to=list(message.to),
            alternatives=[list(a) for a in getattr(message, "alternatives", [])],
        )

    def send_password_reset_mail(self, user, email, context) -> None:
        """Only staff have a password. A parent (or anyone else) asking gets the same answer
        on the page and no mail, so the form tells nobody who has an account."""
        from beeldwacht.schools.access import is_staff_anywhere

        if is_staff_anywhere(user):
            super().send_password_reset_mail(user, email, context)


def _uses_portal(user) -> bool:
    from django.utils import timezone

    from beeldwacht.actions.portal_users import uses_portal

    return uses_portal(user, on=timezone.localdate())


def _may_sign_in_otherwise(email: str) -> bool:
    from beeldwacht.accounts.models import User
    from beeldwacht.schools.school_accounts import may_sign_in

    user = User.objects.filter(email=email.strip().lower()).first()
    return user is None or may_sign_in(user, None, uses_portal=lambda: _uses_portal(user))


class SchoolAccountAdapter(DefaultSocialAccountAdapter):
    """Staff sign in with the school's own account (issue 14; common.school_accounts_file). The
    login library does the protocol (discovery, code flow with PKCE, the ID token's issuer,
    audience and expiry); here the school's roster decides who that is (domain.sign_in)."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def list_apps(self, request, provider=None, client_id=None):
        """The providers of SCHOOL_ACCOUNTS, and nothing added in the database: the file
        is the one place they are set (and the login page costs no query for them)."""
        from allauth.socialaccount.models import SocialApp

        from beeldwacht.schools.school_accounts import providers

        apps = [
            SocialApp(
                provider="openid_connect",
                provider_id=p.id,
                name=p.name,
                client_id=p.client_id,
                secret=p.secret,
                settings={
                    "server_url": p.issuer,
                    "oauth_pkce_enabled": True,
                    # The signed ID token, straight from the provider, says who it is.
                    "fetch_userinfo": False,
                },
            )
            for p in providers()
        ]
        return [
            app
            for app in apps
            if provider in (None, app.provider, app.provider_id)
            and client_id in (None, app.client_id)
        ]

    def pre_social_login(self, request, sociallogin) -> None:
        from beeldwacht.domain.sign_in import refusal, verified_address
        from beeldwacht.schools import school_accounts

        provider = school_accounts.provider_by_id(sociallogin.account.provider)
        # The claims of the ID token (the user-info call is off, `list_apps`).
        claims = (sociallogin.account.extra_data or {}).get("id_token") or {}
        # Keep of the token only what says whose account it is (the library stores all of
        # it: name, photo, tenant ...); the library saved it already for a known account.
        sociallogin.account.extra_data = {
            "id_token": {key: claims[key] for key in KEPT_CLAIMS if key in claims}
        }
        if sociallogin.is_existing:
            sociallogin.account.save(update_fields=["extra_data"])
        trusted = provider.trusted_domains if provider else ()
        address = verified_address(claims, trusted)
        staff = school_accounts.staff_member(provider, address) if provider and address else None
        why = refusal(
            claims=claims,
            trusted_domains=trusted,
            hosted_domains=provider.hosted_domains if provider else (),
            staff_user_id=staff.pk if staff else None,
            linked_user_id=sociallogin.user.pk if sociallogin.is_existing else None,
            # Only signing in: "connect" and "redirect" would link without signing in.
            signing_in=sociallogin.state.get("process", "login") == "login",
        )
        if why is not None:
            # Which provider and why; never the address or the name (personal data).
            log.warning(
                "school account sign-in refused",
                extra={"provider": sociallogin.account.provider, "reason": str(why)},
            )
            raise ImmediateHttpResponse(
                render(
                    request,
                    "socialaccount/refused.html",
                    {"reason": str(why), "provider": provider},
                    status=403,
                )
            )
        if not sociallogin.is_existing:
            sociallogin.connect(request, staff)
            school_accounts.record_link(user=staff, provider=provider)

    def on_authentication_error(self, request, provider, error=None, exception=None, **kwargs):
        # The page (socialaccount/authentication_error.html) says it in Dutch; the log keeps
        # what went wrong for the administrator: an expired token, another audience, ...
        log.warning(
            "school account sign-in failed",
            extra={
                "provider": getattr(getattr(provider, "app", None), "provider_id", ""),
                "error": str(error),
                "exception": repr(exception)[:300] if exception else "",
                # The login library wraps the token check's own error ("Signature has
                # expired", "Audience doesn't match"): that is what the administrator needs.
                "cause": repr(getattr(exception, "__cause__", None) or "")[:300],
            },
        )
