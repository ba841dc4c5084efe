from django import forms
from django.utils.translation import gettext_lazy as _

from beeldwacht.consent.models import Channel
from beeldwacht.media.models import Activity, MediaItem


class PublicationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text (Markdown: **bold**, *italic*, blank line for a new paragraph)"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
    )
    channels = forms.ModelMultipleChoiceField(
        label=_("Channels"), queryset=Channel.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    activity = forms.ModelChoiceField(
        label=_("Activity (its photos and groups)"),
        queryset=Activity.objects.none(),
        required=False,
    )
    media = forms.ModelMultipleChoiceField(
        label=_("Photos and video"),
        queryset=MediaItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    personal_title = forms.BooleanField(
        label=_("I write this on personal title, not on behalf of the school"), required=False
    )

    def __init__(self, *args, channels, activities, media, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].queryset = channels
        self.fields["activity"].queryset = activities
        self.fields["media"].queryset = media
        self.fields["media"].label_from_instance = lambda item: item.original_name


class ApproveForm(forms.Form):
    acknowledge_warnings = forms.BooleanField(label=_("I have read the warnings"), required=False)


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change?"), widget=forms.Textarea(attrs={"rows": 3})
    )
