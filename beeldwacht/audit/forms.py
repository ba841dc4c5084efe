from django import forms
from django.utils.translation import gettext_lazy as _

from beeldwacht.audit.models import AuditEvent

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class TrailFilterForm(forms.Form):
    """What the audit trail screen shows; every field may stay empty. People are named by
    their public id in the address, never by an internal number."""

    door = forms.ModelChoiceField(
        label=_("Who"),
        queryset=None,
        to_field_name="public_id",
        required=False,
        empty_label=_("Everyone"),
    )
    soort = forms.ChoiceField(
        label=_("What"), choices=[("", _("Every kind"))] + AuditEvent.Type.choices, required=False
    )
    van = forms.DateField(label=_("From"), widget=DATE, required=False)
    tot = forms.DateField(label=_("Until"), widget=DATE, required=False)
    leerling = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, data, *, actors):
        super().__init__(data)
        self.fields["door"].queryset = actors

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("van"), cleaned.get("tot")
        if since and until and since > until:
            raise forms.ValidationError(_("The first date must not be after the second."))
        return cleaned
