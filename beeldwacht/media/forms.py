from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beeldwacht.media.models import Activity, Participant
from beeldwacht.schools.models import SchoolClass


class ActivityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    outside_school = forms.BooleanField(
        label=_("Outside the school (a trip, camp or sports day away)"), required=False
    )
    classes = forms.ModelMultipleChoiceField(
        label=_("Groups"), queryset=SchoolClass.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classes"].queryset = classes
        self.fields["classes"].label_from_instance = lambda c: (
            _("Group %(name)s") % {"name": c.name}
        )
        self.fields["date"].initial = timezone.localdate()


class DrawFaceForm(forms.Form):
    x1 = forms.IntegerField(min_value=0)
    y1 = forms.IntegerField(min_value=0)
    x2 = forms.IntegerField(min_value=0)
    y2 = forms.IntegerField(min_value=0)


class ParticipantForm(forms.Form):
    """Add someone who took part: a pupil or colleague from the list, or a guest by name."""

    person = forms.ChoiceField(label=_("Pupil or colleague"), required=False)
    guest_name = forms.CharField(label=_("Or a guest's name"), max_length=200, required=False)
    guest_role = forms.ChoiceField(
        label=_("The guest is"),
        choices=Participant.GuestRole.choices,
        initial=Participant.GuestRole.COMPANION,
        required=False,
    )
    guest_email = forms.EmailField(
        label=_("Guest's e-mail address (for their invitation)"), required=False
    )

    def __init__(self, *args, pupils, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [
            ("", "—"),
            (
                _("Pupils"),
                [(f"pupil:{p.public_id}", f"{p.full_name} ({p.school_class})") for p in pupils],
            ),
            (_("Staff"), [(f"staff:{u.public_id}", str(u)) for u in staff]),
        ]

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("guest_name", "").strip()):
            raise forms.ValidationError(_("Choose a pupil or a colleague, or give a guest's name."))
        return data
