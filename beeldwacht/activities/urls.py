from django.urls import path

from beeldwacht.activities import views

app_name = "activities"
urlpatterns = [
    path("<uuid:activity_id>/", views.people, name="people"),
    path("<uuid:activity_id>/ouders-informeren/", views.inform_parents, name="inform"),
    path("<uuid:activity_id>/begeleiders-uitnodigen/", views.invite, name="invite"),
    path("<uuid:activity_id>/eenmalige-toestemming/", views.one_off, name="one_off"),
    path(
        "<uuid:activity_id>/begeleiders/<uuid:participant_id>/papier/",
        views.accepted_on_paper,
        name="paper",
    ),
    path(
        "<uuid:activity_id>/gasten/<uuid:participant_id>/toestemming/",
        views.guest_paper,
        name="guest_paper",
    ),
    path("teksten/", views.texts, name="texts"),
    path("teksten/regels/", views.rules, name="rules"),
    path("teksten/<slug:key>/", views.text_edit, name="text"),
]
