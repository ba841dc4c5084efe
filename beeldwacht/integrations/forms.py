from django import forms
from django.utils.translation import gettext_lazy as _

from beeldwacht.integrations.models import Scope


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("Which system"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("What the key may do"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
