from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "beeldwacht.consent"
    label = "consent"
