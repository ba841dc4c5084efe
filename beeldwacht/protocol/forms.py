from django import forms
from django.utils.translation import gettext_lazy as _

from beeldwacht.protocol.models import Grant
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


class GrantForm(forms.Form):
    kind = forms.ChoiceField(label=_("Permission for"), choices=Grant.Kind.choices)
    school_class = forms.ModelChoiceField(
        label=_("Group (social media during lessons)"),
        queryset=None,
        required=False,
        empty_label=_("Choose…"),
    )
    staff_member = forms.ModelChoiceField(
        label=_("Colleague (statements in external media)"),
        queryset=None,
        required=False,
        empty_label=_("Choose…"),
    )
    starts_on = forms.DateField(
        label=_("From"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Until"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    about = forms.CharField(label=_("What for"), max_length=300)

    def __init__(self, *args, classes, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes
        self.fields["school_class"].label_from_instance = lambda c: (
            _("Group %(name)s") % {"name": c.name}
        )
        self.fields["staff_member"].queryset = colleagues
