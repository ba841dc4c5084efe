from django.urls import path

from beeldwacht.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("kind/<uuid:pupil_id>/", views.child, name="child"),
    path("kind/<uuid:pupil_id>/bewijs/", views.receipt, name="receipt"),
    path("kind/<uuid:pupil_id>/publicaties/", views.placements, name="placements"),
    path("nieuws/", views.news, name="news"),
    path(
        "nieuws/<uuid:publication_id>/beeld/<uuid:item_id>.jpg", views.news_image, name="news_image"
    ),
]
