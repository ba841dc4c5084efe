from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "beeldwacht.media"
    label = "media"
