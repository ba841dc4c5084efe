from django.urls import path

from beeldwacht.recordings import views

app_name = "recordings"
urlpatterns = [
    path("", views.recording_list, name="list"),
    path("<uuid:recording_id>/", views.recording_detail, name="detail"),
    path("<uuid:recording_id>/overleg/", views.recording_consulted, name="consulted"),
    path("<uuid:recording_id>/toestemming/", views.recording_ask, name="ask"),
    path("<uuid:recording_id>/upload/", views.recording_upload, name="upload"),
    path("<uuid:recording_id>/besproken/", views.recording_reviewed, name="reviewed"),
    path("<uuid:recording_id>/bekijken/", views.recording_play, name="play"),
    path("<uuid:recording_id>/video", views.recording_stream, name="stream"),
]
