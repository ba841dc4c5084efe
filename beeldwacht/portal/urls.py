from django.urls import path

from beeldwacht.portal import questions, views

app_name = "portal"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("kind/<uuid:pupil_id>/", views.child, name="child"),
    path("ik/<uuid:pupil_id>/", views.myself, name="myself"),
    path("ik/<uuid:pupil_id>/publicaties/", views.my_placements, name="my_placements"),
    path("kind/<uuid:pupil_id>/bewijs/", views.receipt, name="receipt"),
    path("kind/<uuid:pupil_id>/inzage.zip", views.export, name="export"),
    path("kind/<uuid:pupil_id>/niet-in-beeld/", views.no_images, name="no_images"),
    path("kind/<uuid:pupil_id>/publicaties/", views.placements, name="placements"),
    path(
        "kind/<uuid:pupil_id>/eenmalig/<uuid:request_id>/",
        questions.one_off,
        name="one_off",
    ),
    path(
        "kind/<uuid:pupil_id>/opname/<uuid:question_id>/",
        questions.recording_question,
        name="recording_question",
    ),
    path("gast/<uuid:participant_id>/", views.guest, name="guest"),
    path("nieuws/", views.news, name="news"),
    path(
        "nieuws/<uuid:publication_id>/beeld/<uuid:item_id>.jpg",
        views.news_media,
        {"kind": "photo"},
        name="news_image",
    ),
    path(
        "nieuws/<uuid:publication_id>/video/<uuid:item_id>.mp4",
        views.news_media,
        {"kind": "video"},
        name="news_video",
    ),
]
