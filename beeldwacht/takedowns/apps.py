from django.apps import AppConfig


class TakedownsConfig(AppConfig):
    name = "beeldwacht.takedowns"
    label = "takedowns"
