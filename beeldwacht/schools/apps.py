from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "beeldwacht.schools"
    label = "schools"
