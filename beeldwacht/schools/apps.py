from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "beeldwacht.schools"
    label = "schools"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from beeldwacht.schools import (
            school_accounts,
            second_factor,  # noqa: F401  (connects its signals)
        )

        user_logged_in.connect(
            school_accounts.remember_closed, dispatch_uid="school_accounts_on_login"
        )
