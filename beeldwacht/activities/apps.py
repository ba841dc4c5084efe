from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "beeldwacht.activities"
    label = "activities"
