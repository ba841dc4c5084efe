from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "beeldwacht.publications"
    label = "publications"
