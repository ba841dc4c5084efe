from django.urls import path

from beeldwacht.integrations import views

app_name = "integrations"
urlpatterns = [
    path("", views.keys, name="keys"),
    path("<uuid:key_id>/intrekken/", views.revoke, name="revoke"),
    path("webhooks/", views.webhook_add, name="webhook_add"),
    path("webhooks/<uuid:webhook_id>/", views.webhook_log, name="webhook_log"),
    path("webhooks/<uuid:webhook_id>/test/", views.webhook_test, name="webhook_test"),
    path("webhooks/<uuid:webhook_id>/verwijderen/", views.webhook_remove, name="webhook_remove"),
]
