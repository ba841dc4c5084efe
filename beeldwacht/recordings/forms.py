from django import forms
from django.utils.translation import gettext_lazy as _

from beeldwacht.recordings.models import Recording


class PlanForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=Recording.Purpose.choices, widget=forms.RadioSelect
    )
    school_class = forms.ModelChoiceField(label=_("Group"), queryset=None, empty_label=None)
    lesson_on = forms.DateField(
        label=_("Day of the lesson"), widget=forms.DateInput({"type": "date"})
    )
    about = forms.CharField(
        label=_("What is recorded (for yourself)"), max_length=200, required=False
    )
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor (the only other one who sees it)"), queryset=None
    )

    def __init__(self, *args, classes, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes
        self.fields["supervisor"].queryset = colleagues
        self.fields["supervisor"].empty_label = _("Choose…")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("The recording (MP4, MOV, M4A or MP3)"))
