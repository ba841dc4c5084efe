from django import forms
from django.utils.translation import gettext_lazy as _

from beeldwacht.protocol.services import MAX_TEXT


class VersionForm(forms.Form):
    number = forms.CharField(label=_("Version"), max_length=20)
    dated = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    authors = forms.CharField(label=_("Authors"), max_length=300)
    change_note = forms.CharField(
        label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    text = forms.CharField(
        label=_("Text (Markdown)"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 20})
    )
