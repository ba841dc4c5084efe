from django import forms

from beeldwacht.schools.models import Board


class EvidencePeriodForm(forms.ModelForm):
    class Meta:
        model = Board
        fields = ["evidence_keep_months"]
