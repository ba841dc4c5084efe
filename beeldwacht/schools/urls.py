from django.urls import path

from beeldwacht.schools import views

app_name = "privacy"
urlpatterns = [
    path("", views.privacy, name="overview"),
    path("verwerkers/", views.processor_add, name="processor_add"),
    path(
        "verwerkers/<uuid:processor_id>/verwijderen/",
        views.processor_remove,
        name="processor_remove",
    ),
    path("verwerkingsregister/", views.document, {"kind": "register"}, name="register"),
    path(
        "verwerkingsregister.pdf",
        views.document,
        {"kind": "register", "as_pdf": True},
        name="register_pdf",
    ),
    path("dpia/", views.document, {"kind": "dpia"}, name="dpia"),
    path("dpia.pdf", views.document, {"kind": "dpia", "as_pdf": True}, name="dpia_pdf"),
]
