from django.urls import path

from beeldwacht.integrations import views

app_name = "integrations"
urlpatterns = [
    path("", views.keys, name="keys"),
    path("<uuid:key_id>/intrekken/", views.revoke, name="revoke"),
]
