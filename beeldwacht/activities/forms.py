from django import forms
from django.utils.translation import gettext_lazy as _

from beeldwacht.activities.services import MAX_BODY, MAX_SUBJECT


class MessageForm(forms.Form):
    """A message to parents: the activity's, before it goes, or a kind's, in the settings."""

    subject = forms.CharField(label=_("Subject"), max_length=MAX_SUBJECT, required=False)
    body = forms.CharField(
        label=_("Text"), max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 14})
    )


class RulesForm(forms.Form):
    body = forms.CharField(
        label=_("Rules for accompanying parents and volunteers"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 14}),
    )
