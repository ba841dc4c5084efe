"""Beeldwacht's own pages cache clearances per consent version of the school
(publications.serving). Every change that can alter what they may show takes the consent
lock, which gives the school a new version; these tests pin that, and that a cached image
never outlives a withdrawal."""

import pytest

from beeldwacht.consent import services as registry
from beeldwacht.consent.models import PupilFlag
from beeldwacht.media import services as media_services
from beeldwacht.people.services import roster_import
from beeldwacht.publications.tests.conftest import TRIP_DAY, give, public_image_url
from beeldwacht.schools.models import School
from beeldwacht.takedowns.actions import set_flag


def _version(school) -> str:
    return School.objects.get(pk=school.pk).consent_version


def _withdraw(t, by):
    give(t["lot"], t["mother"], [t["website"]], False, TRIP_DAY)


def _flag(t, by):
    set_flag(pupil=t["lot"], by=by, kind=PupilFlag.Kind.SAFEGUARDING, reason="", on=TRIP_DAY)


def _lift(t, by):
    flag = registry.flag_set(
        pupil=t["lot"], by=by, kind=PupilFlag.Kind.CUSTODY_DISPUTE, reason="", on=TRIP_DAY
    )
    t["before"] = _version(t["lot"].school)
    registry.flag_lift(flag=flag, by=by, on=TRIP_DAY)


def _new_text(t, by):
    registry.consent_text_publish(
        school=t["lot"].school, body="Nieuwe doelen.", material_change=True, by=by
    )


def _lapse_yearly(t, by):
    registry.school_settings_update(school=t["lot"].school, consent_lapses_yearly=True, by=by)


def _mark_face(t, by):
    media_services.face_mark(face=t["group_faces"][0], pupil=t["lot"], by=by)


def _review(t, by):
    media_services.item_review_confirm(item=t["group"], channel=t["website"], by=by)


def _add_participant(t, by):
    media_services.participant_add(activity=t["activity"], by=by, guest_name="Opa Kok")


def _roster(t, by):
    roster_import(
        school=t["lot"].school, pupils=None, staff=None, problems=[], dry_run=False, by=by
    )


@pytest.mark.parametrize(
    "change",
    [
        _withdraw,
        _flag,
        _lift,
        _new_text,
        _lapse_yearly,
        _mark_face,
        _review,
        _add_participant,
        _roster,
    ],
)
def test_every_change_of_what_may_be_shown_gives_a_new_consent_version(
    school, fast_trip, directeur_bas, change
):
    fast_trip["before"] = _version(school)
    change(fast_trip, directeur_bas)
    assert _version(school) != fast_trip["before"]


def test_saving_a_school_read_earlier_keeps_the_newer_version(school, fast_trip):
    stale = School.objects.get(pk=school.pk)
    _withdraw(fast_trip, None)
    newer = _version(school)
    stale.name = "CBS De Wilgenhoek"
    stale.save()
    assert _version(school) == newer


def test_a_material_change_is_asked_again_without_a_query_for_the_rule(
    school, fast_trip, directeur_bas
):
    _new_text(fast_trip, directeur_bas)
    assert School.objects.get(pk=school.pk).reask_below_version == 2


def test_a_withdrawal_reaches_an_image_served_from_the_cache(client, school, fast_trip):
    url = public_image_url(fast_trip["publication"], fast_trip["group"])
    before = b"".join(client.get(url).streaming_content)
    assert b"".join(client.get(url).streaming_content) == before  # now from the cache
    _withdraw(fast_trip, None)
    after = b"".join(client.get(url).streaming_content)
    assert after != before  # every unidentified face blurred until someone reviews again
