from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "beeldwacht.common"
    label = "common"
