from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beeldwacht.incidents.models import ExternalStep, Incident, Involved, MeasureTaken


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=_("What happened"), choices=Incident.Category.choices)
    happened_on = forms.DateField(
        label=_("When"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    description = forms.CharField(
        label=_("Description"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    evidence = forms.FileField(
        label=_("Screenshot (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.heic"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = timezone.localdate()


class InvolvedForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Involved.Role.choices)
    person = forms.ChoiceField(label=_("Who"), required=False)
    name = forms.CharField(label=_("Or a name (someone else)"), max_length=200, required=False)

    def __init__(self, *args, staff, pupils, guardians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            ("", _("Choose…")),
            (_("Staff"), [(f"staff:{u.public_id}", str(u)) for u in staff]),
            (_("Pupils"), [(f"pupil:{p.public_id}", p.full_name) for p in pupils]),
            (_("Parents and guardians"), [(f"guardian:{g.public_id}", g.name) for g in guardians]),
        ]


class MeasureForm(forms.Form):
    involved = forms.ChoiceField(label=_("For"))
    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureTaken.Kind.choices)
    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, involved, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["involved"].choices = [
            (str(i.public_id), f"{i} ({i.get_role_display().lower()})") for i in involved
        ]
        self.fields["decided_on"].initial = timezone.localdate()


class StepForm(forms.Form):
    step = forms.ChoiceField(choices=ExternalStep.Step.choices, widget=forms.HiddenInput)
    done_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M"],
    )
    done_by = forms.CharField(label=_("By whom"), max_length=200)
    reference = forms.CharField(label=_("Reference (optional)"), max_length=100, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
