from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "beeldwacht.incidents"
    label = "incidents"
