from django.contrib import admin
from django.urls import include, path

from beeldwacht.common import views as common_views

urlpatterns = [
    path("", common_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("ouders/", include("beeldwacht.portal.urls")),
    path("nieuws/", include("beeldwacht.publications.public_urls")),
    path("s/<str:brin>/", include("beeldwacht.consent.urls")),
    path("s/<str:brin>/beeldmateriaal/", include("beeldwacht.media.urls")),
    path("s/<str:brin>/publicaties/", include("beeldwacht.publications.urls")),
    path("beheer/", admin.site.urls),
]

handler400 = "beeldwacht.common.views.bad_request"
