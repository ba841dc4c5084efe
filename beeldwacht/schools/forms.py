from django import forms

from beeldwacht.schools.models import Board, Processor


class EvidencePeriodForm(forms.ModelForm):
    class Meta:
        model = Board
        fields = ["evidence_keep_months"]


class ProcessorForm(forms.ModelForm):
    class Meta:
        model = Processor
        fields = ["name", "service", "location", "agreement_on"]
        widgets = {"agreement_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
