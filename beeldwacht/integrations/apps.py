from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "beeldwacht.integrations"
    label = "integrations"
