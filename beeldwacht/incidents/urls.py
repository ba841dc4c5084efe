from django.urls import path

from beeldwacht.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("melden/", views.report, name="report"),
    path("<uuid:incident_id>/", views.detail, name="detail"),
    path("<uuid:incident_id>/betrokkene/", views.involved_add, name="involved"),
    path("<uuid:incident_id>/maatregel/", views.measure_add, name="measure"),
    path("<uuid:incident_id>/beoordeling/", views.judge, name="judge"),
    path("<uuid:incident_id>/stap/", views.step, name="step"),
    path("<uuid:incident_id>/bewijs/", views.evidence_add, name="evidence_add"),
    path("<uuid:incident_id>/bewijs/<uuid:evidence_id>.jpg", views.evidence, name="evidence"),
    path("<uuid:incident_id>/brief/<uuid:measure_id>/", views.letter, name="letter"),
    path("dossier/medewerker/<uuid:user_id>/", views.staff_dossier, name="staff_dossier"),
    path("dossier/leerling/<uuid:pupil_id>/", views.pupil_dossier, name="pupil_dossier"),
]
