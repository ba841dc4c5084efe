from django.urls import path

from beeldwacht.publications import views

app_name = "publications"
urlpatterns = [
    path("", views.publication_list, name="list"),
    path("nieuw/", views.publication_new, name="new"),
    path("<uuid:publication_id>/", views.publication_detail, name="detail"),
    path("<uuid:publication_id>/bewerken/", views.publication_edit, name="edit"),
    path("<uuid:publication_id>/indienen/", views.publication_submit, name="submit"),
    path("<uuid:publication_id>/terughalen/", views.publication_pull_back, name="pull_back"),
    path("<uuid:publication_id>/goedkeuren/", views.publication_approve, name="approve"),
    path("<uuid:publication_id>/terugsturen/", views.publication_send_back, name="send_back"),
    path("<uuid:publication_id>/publiceren/", views.publication_publish, name="publish"),
    path("<uuid:publication_id>/intrekken/", views.publication_withdraw, name="withdraw"),
    path("<uuid:publication_id>/plaatsing/", views.placement_add, name="placement_add"),
    path(
        "<uuid:publication_id>/plaatsing/<uuid:placement_id>/niet-gebruikt/",
        views.placement_not_used,
        name="placement_not_used",
    ),
    path(
        "<uuid:publication_id>/exporteren/<slug:channel_key>/",
        views.publication_export,
        name="export",
    ),
    path("<uuid:publication_id>/vragen/", views.publication_ask, name="ask"),
    path(
        "<uuid:publication_id>/volgorde/<uuid:item_id>/",
        views.publication_move_media,
        name="move_media",
    ),
    path("<uuid:publication_id>/disclaimer/", views.publication_disclaimer, name="disclaimer"),
    path("verwijdertaken/", views.takedown_list, name="takedowns"),
    path("verwijdertaken/<uuid:takedown_id>/", views.takedown_detail, name="takedown"),
    path(
        "verwijdertaken/<uuid:takedown_id>/verzoek-versturen/",
        views.takedown_send_request,
        name="takedown_send_request",
    ),
]
