"""The school's connections to its other systems (Instellingen > Koppelingen): API keys made,
shown once and revoked by management and the privacy contact."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beeldwacht.common.errors import DomainError
from beeldwacht.common.permissions import Capability as C
from beeldwacht.integrations.forms import ApiKeyForm
from beeldwacht.integrations.models import ApiKey
from beeldwacht.integrations.services import key_create, key_revoke
from beeldwacht.schools.access import staff_view


def _page(request: HttpRequest, form: ApiKeyForm, *, token: str = "", status: int = 200):
    return render(
        request,
        "integrations/keys.html",
        {
            "keys": ApiKey.objects.filter(school=request.school).select_related("created_by"),
            "form": form,
            "token": token,
        },
        status=status,
    )


@staff_view(C.MANAGE_CHANNELS)
def keys(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, ApiKeyForm())
    form = ApiKeyForm(request.POST)
    if form.is_valid():
        try:
            _key, token = key_create(school=request.school, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            # Shown in this answer only, never again: no redirect that would need to keep it,
            # and no cache that would.
            response = _page(request, ApiKeyForm(), token=token)
            response["Cache-Control"] = "no-store"
            return response
    return _page(request, form, status=400)


@staff_view(C.MANAGE_CHANNELS)
@require_POST
def revoke(request: HttpRequest, key_id) -> HttpResponse:
    key = get_object_or_404(ApiKey, school=request.school, public_id=key_id)
    key_revoke(key=key, by=request.user)
    messages.success(request, _("The key no longer works."))
    return redirect("integrations:keys", brin=request.school.brin)
