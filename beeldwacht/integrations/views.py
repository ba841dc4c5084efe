"""The school's connections to its other systems (Instellingen > Koppelingen): API keys made,
shown once and revoked, and webhooks with their secret (shown once), a test message and a
delivery log; for management and the privacy contact."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beeldwacht.common.errors import DomainError
from beeldwacht.common.permissions import Capability as C
from beeldwacht.integrations import webhooks
from beeldwacht.integrations.forms import ApiKeyForm, WebhookForm
from beeldwacht.integrations.models import ApiKey, Webhook
from beeldwacht.integrations.services import key_create, key_revoke
from beeldwacht.schools.access import staff_view


def _page(
    request: HttpRequest,
    form: ApiKeyForm | None = None,
    *,
    hook_form: WebhookForm | None = None,
    token: str = "",
    secret: str = "",
    status: int = 200,
):
    response = render(
        request,
        "integrations/keys.html",
        {
            "keys": ApiKey.objects.filter(school=request.school),
            "webhooks": Webhook.objects.filter(school=request.school, removed_at__isnull=True),
            "form": form or ApiKeyForm(),
            "hook_form": hook_form or WebhookForm(),
            "token": token,
            "secret": secret,
        },
        status=status,
    )
    if token or secret:  # shown in this answer only: no cache may keep it
        response["Cache-Control"] = "no-store"
    return response


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
            # Shown in this answer only, never again: no redirect that would need to keep it.
            return _page(request, token=token)
    return _page(request, form, status=400)


@staff_view(C.MANAGE_CHANNELS)
@require_POST
def revoke(request: HttpRequest, key_id) -> HttpResponse:
    key = get_object_or_404(ApiKey, school=request.school, public_id=key_id)
    key_revoke(key=key, by=request.user)
    messages.success(request, _("The key no longer works."))
    return redirect("integrations:keys", brin=request.school.brin)


@staff_view(C.MANAGE_CHANNELS)
@require_POST
def webhook_add(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            webhook = webhooks.webhook_add(
                school=request.school, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _page(request, secret=webhook.secret)
    return _page(request, hook_form=form, status=400)


@staff_view(C.MANAGE_CHANNELS)
@require_POST
def webhook_remove(request: HttpRequest, webhook_id) -> HttpResponse:
    webhook = get_object_or_404(Webhook, school=request.school, public_id=webhook_id)
    webhooks.webhook_remove(webhook=webhook, by=request.user)
    messages.success(request, _("The webhook is removed: it is told nothing more."))
    return redirect("integrations:keys", brin=request.school.brin)


@staff_view(C.MANAGE_CHANNELS)
@require_POST
def webhook_test(request: HttpRequest, webhook_id) -> HttpResponse:
    webhook = get_object_or_404(
        Webhook, school=request.school, public_id=webhook_id, removed_at__isnull=True
    )
    webhooks.send_test(webhook=webhook, by=request.user)
    messages.success(request, _("A test message is on its way; the log shows how it went."))
    return redirect(
        "integrations:webhook_log", brin=request.school.brin, webhook_id=webhook.public_id
    )


@staff_view(C.MANAGE_CHANNELS)
def webhook_log(request: HttpRequest, webhook_id) -> HttpResponse:
    webhook = get_object_or_404(Webhook, school=request.school, public_id=webhook_id)
    return render(
        request,
        "integrations/webhook_log.html",
        {"webhook": webhook, "deliveries": webhook.deliveries.all()[:100]},
    )
