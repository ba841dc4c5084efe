from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "beeldwacht.schools"
    label = "schools"

    def ready(self):
        from beeldwacht.schools import second_factor  # noqa: F401  (connects its signals)
