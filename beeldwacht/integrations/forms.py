from django import forms
from django.utils.translation import gettext_lazy as _

from beeldwacht.integrations.models import Event, Scope


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("Which system"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("What the key may do"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where the other system listens, starting with https://."),
    )
    events = forms.MultipleChoiceField(
        label=_("Tell it when"), choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )
