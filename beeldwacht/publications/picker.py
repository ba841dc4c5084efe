"""The photo picker of the publication form: the reviewed photos of the chosen activity (and
whatever is already chosen) as thumbnails, each with what it may do on the publication's
channels. Authors recognise photos, not file names like IMG_4711.JPG (issue #11)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from beeldwacht.consent.models import Channel
from beeldwacht.domain.clearance import Clearance
from beeldwacht.media.models import Activity, MediaItem
from beeldwacht.media.selectors import clearances_across


@dataclass(frozen=True)
class Pick:
    item: MediaItem
    chosen: bool
    states: list[tuple[Channel, Clearance]]  # per channel, in the order given


@dataclass(frozen=True)
class PickerGroup:
    activity: Activity
    picks: list[Pick] = field(default_factory=list)


def photo_picker(
    available: QuerySet[MediaItem],
    *,
    activity: Activity | None,
    chosen_ids: set[int],
    channels: list[Channel],
    on: date,
) -> list[PickerGroup]:
    """`available`: what the author may attach (the form's choices). Shown are the items of
    `activity` and those already chosen, by activity: the chosen activity first, then the
    others from the newest. One clearance computation per activity shown."""
    shown = Q(pk__in=chosen_ids) | (Q(activity=activity) if activity else Q(pk__in=[]))
    items = list(available.filter(shown).select_related("activity", "school"))
    items.sort(key=lambda i: (i.activity != activity, -i.activity.date.toordinal()))
    cleared = clearances_across(items, channels, on)
    groups: dict[int, PickerGroup] = {}
    for item in items:
        group = groups.setdefault(item.activity_id, PickerGroup(item.activity))
        group.picks.append(
            Pick(item, item.pk in chosen_ids, [(c, cleared[(item.pk, c.pk)]) for c in channels])
        )
    return list(groups.values())
