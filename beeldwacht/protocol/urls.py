from django.urls import path

from beeldwacht.protocol import views

app_name = "protocol"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("nieuw/", views.create, name="create"),
    path("toestemming/", views.grant, name="grant"),
    path("<uuid:version_id>/", views.detail, name="detail"),
    path("<uuid:version_id>/status/", views.move, name="move"),
    path("<uuid:version_id>/gelezen/", views.acknowledged, name="acknowledge"),
]
