from django.urls import path

from beeldwacht.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.overview, name="overview"),
]
