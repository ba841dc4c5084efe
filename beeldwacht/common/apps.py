from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "beeldwacht.common"
    label = "common"

    def ready(self) -> None:
        from beeldwacht.common import checks  # noqa: F401  (registers the checks)
