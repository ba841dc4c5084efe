from django.urls import path

from beeldwacht.media import review_views, views

app_name = "media"
urlpatterns = [
    path("", views.activity_list, name="activities"),
    path("<uuid:activity_id>/", views.activity_detail, name="activity"),
    path("<uuid:activity_id>/upload/", views.upload, name="upload"),
    path("<uuid:activity_id>/deelnemers/", views.participants, name="participants"),
    path("<uuid:activity_id>/beoordelen/<slug:channel_key>/", review_views.review, name="review"),
    path("gezicht/<uuid:face_id>/", review_views.face_mark, name="face_mark"),
    path("gezicht/<uuid:face_id>/iemand-anders/", review_views.face_other, name="face_other"),
    path("bestand/<uuid:item_id>/gezicht/", review_views.face_answer, name="face_answer"),
    path("bestand/<uuid:item_id>/gezicht-tekenen/", review_views.face_draw, name="face_draw"),
    path(
        "bestand/<uuid:item_id>/bevestigen/<slug:channel_key>/",
        review_views.confirm,
        name="confirm",
    ),
    path("bestand/<uuid:item_id>/klein.jpg", views.thumbnail, name="thumbnail"),
    path("bestand/<uuid:item_id>/voorbeeld.jpg", views.preview, name="preview"),
    path("bestand/<uuid:item_id>/veilig/<slug:channel_key>/", views.safe, name="safe"),
    path("bestand/<uuid:item_id>/te-horen/", review_views.audible, name="audible"),
    path("gezicht/<uuid:face_id>/uitsnede.jpg", review_views.face_crop, name="face_crop"),
]
