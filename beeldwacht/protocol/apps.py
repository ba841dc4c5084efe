from django.apps import AppConfig


class ProtocolConfig(AppConfig):
    name = "beeldwacht.protocol"
    label = "protocol"
