from allauth.account import views as account_views
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path

from beeldwacht.common import views as common_views
from beeldwacht.integrations.api import api
from beeldwacht.protocol import views as protocol_views
from beeldwacht.schools import views as school_views

# The login library's pages we do not offer (issue #9, finding 4): addresses come from the
# school's roster, never from the person (no adding, confirming or switching addresses), and
# parents log in by code, so only staff have a password to set or change.
not_offered = [
    path("accounts/email/", common_views.not_offered),
    path("accounts/confirm-email/", common_views.not_offered),
    re_path(r"^accounts/confirm-email/(?P<key>[-:\w]+)/$", common_views.not_offered),
    path("accounts/signup/", common_views.not_offered),
    # A school account is linked by the roster's address when it signs in (accounts.adapter),
    # never connected or disconnected by hand, and nobody signs up through one.
    path("accounts/3rdparty/", common_views.not_offered),
    path("accounts/3rdparty/signup/", common_views.not_offered),
    path("accounts/password/set/", common_views.staff_only(account_views.password_set)),
    path("accounts/password/change/", common_views.staff_only(account_views.password_change)),
]

# The admin signs in through the same login page as everyone (its rate limits, its code
# login), never through a password form of its own that nothing throttles.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", common_views.home, name="home"),
    path("gezond/", common_views.alive, name="alive"),
    path("gereed/", common_views.ready, name="ready"),
    path("bestuur/", school_views.board, name="board"),
    *not_offered,
    path("accounts/", include("allauth.urls")),
    path("ouders/", include("beeldwacht.portal.urls")),
    path("nieuws/", include("beeldwacht.publications.public_urls")),
    path("s/<str:brin>/", include("beeldwacht.consent.urls")),
    path("s/<str:brin>/beeldmateriaal/", include("beeldwacht.media.urls")),
    path("s/<str:brin>/publicaties/", include("beeldwacht.publications.urls")),
    path("s/<str:brin>/audittrail/", include("beeldwacht.audit.urls")),
    path("s/<str:brin>/opnames/", include("beeldwacht.recordings.urls")),
    path("s/<str:brin>/activiteiten/", include("beeldwacht.activities.urls")),
    path("s/<str:brin>/protocol/", include("beeldwacht.protocol.urls")),
    path("s/<str:brin>/incidenten/", include("beeldwacht.incidents.urls")),
    path("s/<str:brin>/privacy/", include("beeldwacht.schools.urls")),
    path("s/<str:brin>/koppelingen/", include("beeldwacht.integrations.urls")),
    path("protocol/<str:brin>/", protocol_views.public, name="protocol_public"),
    path("privacy/<str:brin>/", school_views.privacy_public, name="privacy_public"),
    path("api/v1/", api.urls),
    path("beheer/", admin.site.urls),
]

handler400 = "beeldwacht.common.views.bad_request"
handler500 = "beeldwacht.common.views.server_error"
