from django import forms
from django.utils.translation import gettext_lazy as _

from beeldwacht.activities.services import MAX_BODY, MAX_SUBJECT
from beeldwacht.consent.models import Channel, Kind
from beeldwacht.media.one_off import MAX_QUESTION, ONE_OFF_KINDS


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


class OneOffForm(forms.Form):
    """Ask the guardians once, for this activity only (DOMAIN 2)."""

    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=Channel.objects.none(), empty_label=_("Choose a channel")
    )
    kinds = forms.MultipleChoiceField(
        label=_("About"),
        choices=[(k, label) for k, label in Kind.choices if k in ONE_OFF_KINDS],
        widget=forms.CheckboxSelectMultiple,
    )
    question = forms.CharField(
        label=_("What the school asks, and why"),
        max_length=MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = channels
