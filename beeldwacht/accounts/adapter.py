from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up: the school's roster decides who has an account."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def send_password_reset_mail(self, user, email, context) -> None:
        """Only staff have a password. A parent (or anyone else) asking gets the same answer
        on the page and no mail, so the form tells nobody who has an account."""
        from beeldwacht.schools.access import is_staff_anywhere

        if is_staff_anywhere(user):
            super().send_password_reset_mail(user, email, context)
