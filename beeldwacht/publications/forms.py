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
        empty_label=_("No activity"),
        widget=forms.Select(attrs={"data-submit-with": "show-photos"}),
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

    def chosen(self) -> tuple:
        """What the form holds now, posted or initial: (activity or None, ids of the media,
        channels), for the photo picker, which shows them before anything is saved."""
        activity_ids = _ids(self["activity"].value())
        activity = (
            self.fields["activity"].queryset.filter(pk__in=activity_ids).first()
            if activity_ids
            else None
        )
        channel_ids = _ids(self["channels"].value())
        channels = [c for c in self.fields["channels"].queryset if c.pk in channel_ids]
        return activity, _ids(self["media"].value()), channels


def _ids(values) -> set[int]:
    """Primary keys from a form value: objects (an initial value) or the strings posted."""
    if not isinstance(values, list | tuple | set):
        values = [values] if values else []
    return {int(v) for v in {getattr(v, "pk", v) for v in values} if str(v).isdigit()}


class ApproveForm(forms.Form):
    acknowledge_warnings = forms.BooleanField(label=_("I have read the warnings"), required=False)


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PlacementForm(forms.Form):
    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=Channel.objects.none(), empty_label=_("Choose a channel")
    )
    where = forms.CharField(label=_("URL or edition"), max_length=500)
    placed_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    printed = forms.BooleanField(
        label=_("In print (a paper or magazine): cannot be taken back"), required=False
    )

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = channels


class TakedownCloseForm(forms.Form):
    note = forms.CharField(
        label=_("What was done?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    whole_placement = forms.BooleanField(
        label=_("The whole placement is gone (this closes every task on it)"), required=False
    )
    not_shown = forms.BooleanField(required=False, widget=forms.HiddenInput)


class QuestionForm(forms.Form):
    recipient = forms.ModelChoiceField(
        label=_("To"), queryset=None, empty_label=None, to_field_name="public_id"
    )
    text = forms.CharField(
        label=_("Your question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients
