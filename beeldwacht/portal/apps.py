from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "beeldwacht.portal"
    label = "portal"
