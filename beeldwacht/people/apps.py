from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "beeldwacht.people"
    label = "people"
