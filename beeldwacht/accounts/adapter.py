from allauth.account.adapter import DefaultAccountAdapter


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

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Rendered now, sent by the worker (accounts.tasks): a queue row, not an SMTP
        conversation, is all the request waits for. The row is stored with the request's own
        writes, so a request that fails sends nothing. The context is the one the library's
        own `send_mail` gives its templates."""
        from allauth.core import context as current
        from django.contrib.sites.shortcuts import get_current_site

        from beeldwacht.accounts.tasks import send_account_mail

        request = current.request
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
