from django.apps import AppConfig


class RecordingsConfig(AppConfig):
    name = "beeldwacht.recordings"
    label = "recordings"
