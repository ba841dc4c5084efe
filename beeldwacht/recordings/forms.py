from django import forms
from django.utils.translation import gettext_lazy as _

from beeldwacht.recordings.models import ConsentQuestion, Consultation, Recording


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


class ConsultationForm(forms.Form):
    ship = forms.ModelChoiceField(label=_("With"), queryset=None, empty_label=_("Choose…"))
    held_on = forms.DateField(label=_("On"), widget=forms.DateInput({"type": "date"}))
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Consultation.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def __init__(self, *args, ships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ship"].queryset = ships
        self.fields["ship"].label_from_instance = lambda ship: (
            _("%(guardian)s (parent of %(pupil)s)")
            % {"guardian": ship.guardian.name, "pupil": ship.pupil.full_name}
        )


class QuestionForm(forms.Form):
    """Ask the parents for consent: to make a recording for a pupil's support (about the
    pupils chosen), or to use it for something else (about every pupil in it)."""

    purpose = forms.ChoiceField(choices=ConsentQuestion.Purpose.choices, widget=forms.HiddenInput)
    pupils = forms.ModelMultipleChoiceField(
        label=_("The pupils it concerns"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    question = forms.CharField(
        label=_("What you ask the parents, and why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, pupils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupils"].queryset = pupils
