from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up: the school's roster decides who has an account."""

    def is_open_for_signup(self, request) -> bool:
        return False
