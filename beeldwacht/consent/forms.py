from datetime import date

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from beeldwacht.consent.models import Channel, Kind, PupilFlag
from beeldwacht.consent.selectors import KINDS
from beeldwacht.domain.consent import Status

UNCHANGED, YES, NO = "", "yes", "no"


class MatrixFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Kind.choices, initial=Kind.IMAGE, required=False
    )
    only = forms.ChoiceField(
        label=_("Show"),
        choices=[("", _("All pupils")), ("attention", _("Only pupils without consent somewhere"))],
        required=False,
    )


class PaperFormForm(forms.Form):
    """A paper consent form, entered by staff: who decided, when, and an answer per channel
    and kind (left empty where the form says nothing)."""

    decider = forms.ChoiceField(label=_("Decided by"))
    decided_on = forms.DateField(
        label=_("Date on the form"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    text_version = forms.TypedChoiceField(
        label=_("Version of the consent text on the form"),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(
        self,
        *args,
        deciders: list[tuple[str, str]],
        channels: list[Channel],
        texts=(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["decider"].choices = deciders
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["text_version"].choices = [
            ("", _("the version in force on the date of the form"))
        ] + [
            (
                t.version,
                _("version %(version)d, from %(date)s")
                % {"version": t.version, "date": date_format(t.published_at, "j F Y")},
            )
            for t in texts
        ]
        self.channels = channels
        for channel in channels:
            for kind in KINDS:
                self.fields[self.key(channel, kind)] = forms.ChoiceField(
                    label=f"{channel.name}: {kind.label}",
                    choices=[(UNCHANGED, _("not on the form")), (YES, _("yes")), (NO, _("no"))],
                    required=False,
                )

    @staticmethod
    def key(channel: Channel, kind: str) -> str:
        return f"c_{channel.pk}_{kind}"

    def clean_decided_on(self) -> date:
        value = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value

    def rows(self):
        """(channel, [bound field per kind]) for the template."""
        return [(c, [self[self.key(c, k)] for k in KINDS]) for c in self.channels]

    def answers(self) -> list[tuple[Channel, str, bool]]:
        return [
            (channel, kind, self.cleaned_data[self.key(channel, kind)] == YES)
            for channel in self.channels
            for kind in KINDS
            if self.cleaned_data[self.key(channel, kind)] != UNCHANGED
        ]


class FlagForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PupilFlag.Kind.choices)
    reason = forms.CharField(
        label=_("Reason (visible to management and the privacy officer only)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


STATUS_LABELS = {
    Status.GRANTED: _("granted"),
    Status.REFUSED: _("refused"),
    Status.NONE: _("no answer"),
    Status.DISPUTED: _("disputed"),
    Status.BLOCKED: _("do not publish"),
    Status.REASK: _("ask again"),
}


class ChannelForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["key", "name", "description", "audience", "owner", "editor_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "key": _("Lowercase letters, digits and _; cannot be changed later."),
            "editor_email": _(
                "For a medium the school does not run: Beeldwacht sends its removal requests here."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Both are required; a blank first option would only invite a mistake.
        self.fields["audience"].choices = Channel.Audience.choices
        self.fields["owner"].choices = Channel.Owner.choices
        if self.instance.pk:
            del self.fields["key"]  # permanent: exports and other systems refer to it

    def clean_key(self) -> str:
        return self.cleaned_data["key"].lower().replace("-", "_")


class ConsentTextForm(forms.Form):
    body = forms.CharField(label=_("Consent text"), widget=forms.Textarea(attrs={"rows": 12}))
    material_change = forms.BooleanField(
        label=_("The purposes changed: ask every guardian again"),
        help_text=_("Leave this off for a typo or a clearer wording; grants then stay valid."),
        required=False,
    )


class SchoolSettingsForm(forms.Form):
    consent_lapses_yearly = forms.BooleanField(
        label=_("Answers lapse at the end of each school year"),
        help_text=_("When on, guardians must answer again every school year (from 1 August)."),
        required=False,
    )
    closed_channel_notice = forms.CharField(
        label=_("Notice under the parent app and in the newsletter"),
        help_text=_(
            "Protocol B.4: what parents copy from closed channels and share further is not "
            "the school's responsibility. In your own words."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SignInSettingsForm(forms.Form):
    second_factor_required = forms.BooleanField(
        label=_("Management and the privacy contact sign in with a second factor"),
        help_text=_(
            "A code from an authenticator app on their phone after the password or the "
            "e-mailed code. Strongly advised: they can see every child's choices and flags."
        ),
        required=False,
    )
    school_account_only = forms.BooleanField(
        label=_("Staff sign in only with the school account"),
        help_text=_(
            "No password or e-mailed code for staff: whoever leaves loses access the day the "
            "school closes their account. Parents keep signing in with a code (a parent who "
            "also works here too, for the parent pages only)."
        ),
        required=False,
    )


def _field_name(channel: Channel, kind: str) -> str:
    return f"c_{channel.pk}_{kind}"


# A column's head in the consent grid; the full label (Kind.label) is in the legend and below.
SHORT_KIND_LABELS = {Kind.IMAGE: _("Image"), Kind.SOUND: _("Sound"), Kind.NAME: _("Name")}


def choice_rows(channels: list[Channel], mine: dict) -> list:
    """Rows for components/consent_choices.html: the decider's own current answers."""
    rows = []
    for channel in channels:
        cells = []
        for kind in KINDS:
            record = mine.get((channel.pk, kind))
            answer = None if record is None else (YES if record.decision else NO)
            cells.append(
                {
                    "name": _field_name(channel, kind),
                    "kind": Kind(kind),
                    "short": SHORT_KIND_LABELS[kind],
                    "answer": answer,
                }
            )
        rows.append((channel, cells))
    return rows


def choices_from_post(data, channels: list[Channel]) -> list:
    """(channel, kind, decision) for every answered radio; an open one records nothing."""
    found = []
    for channel in channels:
        for kind in KINDS:
            value = data.get(_field_name(channel, kind))
            if value in (YES, NO):
                found.append((channel, kind, value == YES))
    return found
