from django.urls import path

from beeldwacht.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("kind/<uuid:pupil_id>/", views.child, name="child"),
    path("kind/<uuid:pupil_id>/bewijs/", views.receipt, name="receipt"),
]
