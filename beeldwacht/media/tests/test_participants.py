"""Participants: who was at an activity is fixed when it is made, and the exception review asks
about them, not about today's groups (issue #8, finding 3 and build item 1)."""

from datetime import date

import pytest
from django.urls import reverse

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.common.permissions import Role
from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.services import Choice, consent_record
from beeldwacht.media import selectors, services
from beeldwacht.media.models import Participant
from conftest import make_pupil, staff

TRIP_DAY = date(2026, 6, 12)
NEXT_YEAR = date(2026, 9, 14)


@pytest.fixture
def website(school):
    return Channel.objects.get(school=school, key="website")


@pytest.fixture
def trip(school, groep5, juf_anna, sanne):
    return services.activity_create(
        school=school, name="Schoolreis", date=TRIP_DAY, classes=[groep5], by=juf_anna
    )


def allow(pupil, guardian, channel, decision, on):
    consent_record(
        pupil=pupil,
        choices=[Choice(channel, Kind.IMAGE, decision)],
        guardian=guardian,
        by=guardian.user,
        method=ConsentRecord.Method.PORTAL,
        on=on,
    )


def exception_keys(activity, channel, on):
    return {p.key for p in selectors.exceptions_for(activity, channel, on)}


def test_an_activity_records_its_groups_pupils_and_staff(trip, sanne, juf_anna, groep6, school):
    make_pupil(school, groep6, "2001", first="Piet")
    keys = {p.person_key for p in trip.participants.all()}
    assert keys == {f"pupil:{sanne.pk}", f"staff:{juf_anna.pk}"}
    event = AuditEvent.objects.filter(type=AuditEvent.Type.ACTIVITY_CREATED).last()
    assert event.data["participants"] == 2


def test_a_child_who_moved_group_is_still_asked_about(trip, sanne, moeder_mila, groep6, website):
    """After the summer Sanne is in groep 6; her mother withdraws: the groep 5 trip's review
    must ask about her (before, the list was built from today's groups)."""
    allow(sanne, moeder_mila, website, True, TRIP_DAY)
    assert f"pupil:{sanne.pk}" not in exception_keys(trip, website, TRIP_DAY)
    sanne.school_class = groep6
    sanne.save()
    allow(sanne, moeder_mila, website, False, NEXT_YEAR)
    assert f"pupil:{sanne.pk}" in exception_keys(trip, website, NEXT_YEAR)


def test_a_child_who_joined_the_group_later_was_not_there(trip, school, groep5, website):
    newcomer = make_pupil(school, groep5, "1009", first="Nova", last="Later")
    assert f"pupil:{newcomer.pk}" not in exception_keys(trip, website, NEXT_YEAR)


def test_a_child_who_left_school_is_still_asked_about(trip, sanne, website):
    sanne.left_on = date(2026, 7, 20)
    sanne.save()
    assert f"pupil:{sanne.pk}" in exception_keys(trip, website, NEXT_YEAR)


def test_someone_added_is_asked_about_and_a_guest_never_has_consent(
    trip, school, groep6, juf_anna, directeur_bas, website
):
    piet = make_pupil(school, groep6, "2001", first="Piet", last="Zes")
    services.participant_add(activity=trip, pupil=piet, by=directeur_bas)
    services.participant_add(activity=trip, staff_member=directeur_bas, by=juf_anna)
    guest = services.participant_add(
        activity=trip, guest_name="Opa Jan", guest_email="jan@example.nl", by=juf_anna
    )
    keys = exception_keys(trip, website, TRIP_DAY)
    assert {f"pupil:{piet.pk}", f"staff:{directeur_bas.pk}", guest.person_key} <= keys
    assert AuditEvent.objects.filter(type=AuditEvent.Type.PARTICIPANTS_CHANGED).count() == 3


def test_adding_twice_or_nobody_is_refused(trip, sanne, juf_anna):
    with pytest.raises(InvalidInput):
        services.participant_add(activity=trip, pupil=sanne, by=juf_anna)
    with pytest.raises(InvalidInput):
        services.participant_add(activity=trip, guest_name="  ", by=juf_anna)


def test_only_added_participants_can_be_taken_back(trip, sanne, juf_anna):
    of_the_group = trip.participants.get(pupil=sanne)
    with pytest.raises(InvalidInput):
        services.participant_remove(participant=of_the_group, by=juf_anna)
    guest = services.participant_add(activity=trip, guest_name="Opa Jan", by=juf_anna)
    services.participant_remove(participant=guest, by=juf_anna)
    assert not Participant.objects.filter(pk=guest.pk).exists()


def test_a_teacher_of_another_group_cannot_change_participants(trip, school, groep6):
    other = staff(school, "kees@delinde.nl", Role.TEACHER, [groep6])
    with pytest.raises(PermissionDenied):
        services.participant_add(activity=trip, guest_name="Opa Jan", by=other)


def test_the_activity_page_lists_and_adds_participants(client, school, trip, sanne, juf_anna):
    client.force_login(juf_anna)
    page_url = reverse(
        "media:activity", kwargs={"brin": school.brin, "activity_id": trip.public_id}
    )
    page = client.get(page_url).content.decode()
    assert "2 deelnemers" in page and sanne.full_name in page
    response = client.post(
        reverse("media:participants", kwargs={"brin": school.brin, "activity_id": trip.public_id}),
        {"guest_name": "Opa Jan", "guest_email": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "Deelnemer toegevoegd" in page and "Opa Jan" in page and "3 deelnemers" in page


@pytest.fixture
def item_with_a_face(trip, juf_anna):
    from beeldwacht.media.models import Face, MediaItem
    from beeldwacht.media.tests.photos import group_photo, jpeg_bytes

    photo, _boxes = group_photo()
    item = services.media_upload(activity=trip, name="a.jpg", data=jpeg_bytes(photo), by=juf_anna)
    Face.objects.create(item=item, x1=1, y1=1, x2=50, y2=50, source=Face.Source.DETECTOR)
    MediaItem.objects.filter(pk=item.pk).update(
        status=MediaItem.Status.NEEDS_REVIEW, width=900, height=400
    )
    return item


def test_the_review_offers_participants_first(
    client, school, trip, sanne, juf_anna, item_with_a_face
):
    client.force_login(juf_anna)
    page = client.get(
        reverse(
            "media:review",
            kwargs={"brin": school.brin, "activity_id": trip.public_id, "channel_key": "website"},
        )
    ).content.decode()
    chooser = page.split('<div class="chooser">')[1].split("</form>")[0]
    assert f'value="pupil:{sanne.public_id}"' in chooser


def test_a_guest_marked_on_a_face_is_blurred(client, school, trip, juf_anna, item_with_a_face):
    guest = services.participant_add(activity=trip, guest_name="Opa Jan", by=juf_anna)
    face = item_with_a_face.faces.get()
    client.force_login(juf_anna)
    client.post(
        reverse("media:face_mark", kwargs={"brin": school.brin, "face_id": face.public_id}),
        {"answer": f"guest:{guest.public_id}", "channel": "website"},
    )
    face.refresh_from_db()
    assert face.outsider


def test_the_director_can_add_a_pupil_of_another_group(client, school, trip, groep6, directeur_bas):
    """Found walking the page: NOT IN with the NULLs of staff rows emptied the pupil list."""
    piet = make_pupil(school, groep6, "2001", first="Piet", last="Zes")
    client.force_login(directeur_bas)
    url = reverse("media:participants", kwargs={"brin": school.brin, "activity_id": trip.public_id})
    page = client.get(
        reverse("media:activity", kwargs={"brin": school.brin, "activity_id": trip.public_id})
    ).content.decode()
    assert f"pupil:{piet.public_id}" in page
    client.post(url, {"person": f"pupil:{piet.public_id}"})
    assert trip.participants.filter(pupil=piet).exists()
