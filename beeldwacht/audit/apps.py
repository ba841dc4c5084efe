from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "beeldwacht.audit"
    label = "audit"
