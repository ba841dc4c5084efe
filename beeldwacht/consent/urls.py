from django.urls import path

from beeldwacht.consent import views

app_name = "consent"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ronde/", views.campaign, name="campaign"),
    path("mijn-toestemming/", views.my_consent, name="my_consent"),
    path("instellingen/", views.settings_page, name="settings"),
    path("instellingen/kanalen/nieuw/", views.channel_add, name="channel_add"),
    path("instellingen/kanalen/<uuid:channel_id>/", views.channel_edit, name="channel_edit"),
    path("instellingen/toestemmingstekst/", views.consent_text_publish, name="consent_text"),
    path("instellingen/school/", views.school_settings, name="school_settings"),
    path("instellingen/inloggen/", views.sign_in_settings, name="sign_in_settings"),
    path("zoeken/", views.search, name="search"),
    path("groepen/<uuid:class_id>/", views.group_matrix, name="group"),
    path("groepen/<uuid:class_id>/kaart/", views.photo_card, name="card"),
    path("leerlingen/<uuid:pupil_id>/", views.pupil_detail, name="pupil"),
    path("leerlingen/<uuid:pupil_id>/papier/", views.paper_form, name="paper_form"),
    path("leerlingen/<uuid:pupil_id>/markering/", views.flag_set, name="flag_set"),
    path(
        "leerlingen/<uuid:pupil_id>/markering/<uuid:flag_id>/opheffen/",
        views.flag_lift,
        name="flag_lift",
    ),
]
