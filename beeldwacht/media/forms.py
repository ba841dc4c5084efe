from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beeldwacht.schools.models import SchoolClass


class ActivityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
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
