from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "beeldwacht.accounts"
    label = "accounts"
