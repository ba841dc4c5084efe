"""A withdrawal reaches every photo the child may be in (issue #8, findings 1 and 2).

The review is done the fast way: only the children without consent are marked. Lot has
consent and is never marked; when her mother withdraws, Beeldwacht cannot know which unmarked
face is hers, so it treats every unmarked face of an activity she took part in as possibly
hers: its own pages blur them all (the photos stay up), and every other placement gets a task
to check."""

import io
from datetime import date, datetime

import numpy as np
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from beeldwacht.media import services as media_services
from beeldwacht.publications import services
from beeldwacht.publications.tests.conftest import give
from beeldwacht.takedowns.ledger import takedown_close
from beeldwacht.takedowns.models import Takedown

DAY = date(2026, 6, 12)
LATER = date(2026, 6, 20)


@pytest.fixture
def trip(fast_trip):
    return fast_trip


def withdraw(trip, django_capture_on_commit_callbacks):
    trip["clock"].move_to(timezone.make_aware(datetime(2026, 6, 20, 9, 0)), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        give(trip["lot"], trip["mother"], [trip["website"], trip["press"]], False, LATER)


def public_image(client, school, trip, item):
    response = client.get(
        reverse(
            "public:image",
            kwargs={
                "brin": school.brin,
                "publication_id": trip["publication"].public_id,
                "item_id": item.public_id,
            },
        )
    )
    if response.status_code != 200:
        return response.status_code, None
    data = b"".join(response.streaming_content)
    return 200, np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.int16)


def changed(image, original, box):
    x1, y1, x2, y2 = box
    return np.abs(image[y1:y2, x1:x2] - np.asarray(original, dtype=np.int16)[y1:y2, x1:x2]).mean()


def test_the_papers_placement_gets_a_task_to_check_for_the_unmarked_child(
    trip, django_capture_on_commit_callbacks
):
    """Finding 1: no task was opened for the paper, because Lot was never marked."""
    withdraw(trip, django_capture_on_commit_callbacks)
    task = Takedown.objects.get(placement__channel=trip["press"], pupil=trip["lot"])
    assert task.possible and task.status == Takedown.Status.OPEN
    assert "Op schoolreis" in task.removal_request and "Lot" not in task.removal_request
    website = Takedown.objects.get(placement__channel=trip["website"], pupil=trip["lot"])
    assert website.status == Takedown.Status.AUTOMATIC and website.possible


def test_the_news_page_keeps_the_photos_with_every_unmarked_face_blurred(
    client, school, trip, django_capture_on_commit_callbacks
):
    """Finding 2: the photos vanished from the live item. Now the group photo stays up with
    all unmarked faces blurred, and the portrait of Mees alone is untouched."""
    _status, portrait_before = public_image(client, school, trip, trip["portrait"])
    withdraw(trip, django_capture_on_commit_callbacks)
    left, middle, right = trip["boxes"]
    status, image = public_image(client, school, trip, trip["group"])
    assert status == 200
    for box in (left, middle, right):
        assert changed(image, trip["photo"], box) > 20
    status, portrait_after = public_image(client, school, trip, trip["portrait"])
    assert status == 200 and np.abs(portrait_after - portrait_before).max() == 0


def test_the_owner_is_told_once_without_the_childs_name(
    trip, directeur_bas, django_capture_on_commit_callbacks
):
    withdraw(trip, django_capture_on_commit_callbacks)
    [notice] = [m for m in mail.outbox if m.to == [directeur_bas.email]]
    assert "Op schoolreis" in notice.body and "opnieuw" in notice.body
    assert "Lot" not in notice.body and "Lot" not in notice.subject


def test_after_the_re_review_only_her_face_stays_blurred(
    client, school, trip, juf_anna, django_capture_on_commit_callbacks
):
    withdraw(trip, django_capture_on_commit_callbacks)
    lot_face = trip["group_faces"][0]
    media_services.face_mark(face=lot_face, pupil=trip["lot"], by=juf_anna)
    media_services.item_review_confirm(item=trip["group"], channel=trip["website"], by=juf_anna)
    left, middle, right = trip["boxes"]
    _status, image = public_image(client, school, trip, trip["group"])
    assert changed(image, trip["photo"], left) > 20  # Lot
    assert changed(image, trip["photo"], middle) > 20  # Daan, never had consent
    assert changed(image, trip["photo"], right) < 8  # Mees: as taken again


def test_the_guardian_sees_where_her_child_may_be(client, trip, django_capture_on_commit_callbacks):
    client.force_login(trip["mother"].user)
    page = client.get(
        reverse("portal:placements", kwargs={"pupil_id": trip["lot"].public_id})
    ).content.decode()
    assert "Op schoolreis" in page and "niet bij naam aangewezen" in page
    assert "Haarener Courant" in page


def test_not_in_it_closes_the_check_and_records_it(
    trip, directeur_bas, django_capture_on_commit_callbacks
):
    withdraw(trip, django_capture_on_commit_callbacks)
    task = Takedown.objects.get(placement__channel=trip["press"], pupil=trip["lot"])
    takedown_close(takedown=task, by=directeur_bas, note="", not_shown=True)
    task.refresh_from_db()
    assert task.status == Takedown.Status.NOT_SHOWN and task.closed_by == directeur_bas
    assert "niet herkenbaar" in task.note.lower()


def test_someone_the_review_looked_for_is_not_a_possible_appearance(
    trip, juf_anna, django_capture_on_commit_callbacks
):
    """Juf Anna took part without consent: she was on the review's list and confirmed not to
    be among the unmarked faces, so her withdrawal opens nothing for this photo."""
    from beeldwacht.takedowns.ledger import affected_placements

    found = affected_placements(school=trip["activity"].school, staff_ids=[juf_anna.pk], on=LATER)
    assert found == []


def test_no_browser_or_proxy_keeps_a_face_that_is_blurred_now(client, school, trip):
    """Build 9: public images went out with `public, max-age=300`, so for five minutes after
    a withdrawal a proxy or the browser could still show her face."""
    url = reverse(
        "public:image",
        kwargs={
            "brin": school.brin,
            "publication_id": trip["publication"].public_id,
            "item_id": trip["group"].public_id,
        },
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_mail_and_the_publication_lead_to_the_review(
    client, school, trip, directeur_bas, django_capture_on_commit_callbacks
):
    """The owner could not get from the mail or the publication to the review screen."""
    withdraw(trip, django_capture_on_commit_callbacks)
    review = reverse(
        "media:review",
        kwargs={
            "brin": school.brin,
            "activity_id": trip["activity"].public_id,
            "channel_key": "website",
        },
    )
    [notice] = [m for m in mail.outbox if m.to == [directeur_bas.email]]
    assert review in notice.body
    client.force_login(directeur_bas)
    detail = reverse(
        "publications:detail",
        kwargs={"brin": school.brin, "publication_id": trip["publication"].public_id},
    )
    page = client.get(detail).content.decode()
    assert "Opnieuw beoordelen voor Schoolwebsite" in page and review in page
    # Only the group photo waits: Mees's portrait has no face that could be hers.
    screen = client.get(review).content.decode()
    assert "Nog 1 van 2" in screen


def test_a_mail_about_many_placements_stays_short(
    trip, juf_anna, directeur_bas, django_capture_on_commit_callbacks
):
    """On 1 August a whole year of news can reach one owner at once: the mail lists each
    placement once with its number of people, at most 30, and says how many more there are."""
    for week in range(35):
        services.placement_record(
            publication=trip["publication"],
            channel=trip["press"],
            where=f"Haarener Courant, week {week}",
            placed_on=date(2026, 6, 12),
            printed=False,
            by=juf_anna,
        )
    trip["clock"].move_to(timezone.make_aware(datetime(2026, 6, 20, 9, 0)), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        give(trip["lot"], trip["mother"], [trip["website"], trip["press"]], False, LATER)
    [notice] = [m for m in mail.outbox if m.to == [directeur_bas.email]]
    assert notice.body.count("Haarener Courant") == 30
    assert "… en nog 6 plaatsingen." in notice.body
    assert "36 verwijdertaken" in notice.subject


def test_a_guests_no_reaches_the_paper_and_blurs_the_website(
    client, school, trip, juf_anna, django_capture_on_commit_callbacks
):
    """A volunteer who said yes and later no (issue 12, item 5): guests are never marked on a
    face, so any unmarked face of the trip may be hers, as for Lot above."""
    from beeldwacht.consent.models import Kind
    from beeldwacht.consent.services import Choice
    from beeldwacht.media.models import GuestConsent
    from beeldwacht.takedowns.actions import record_guest_consent

    petra = media_services.participant_add(
        activity=trip["activity"],
        by=juf_anna,
        guest_name="Petra Jansen",
        guest_email="petra@example.nl",
        guest_role="volunteer",
    )

    def answer(decision, on):
        record_guest_consent(
            participant=petra,
            choices=[Choice(c, Kind.IMAGE, decision) for c in (trip["website"], trip["press"])],
            by=juf_anna,
            method=GuestConsent.Method.PAPER,
            on=on,
        )

    answer(True, DAY)
    assert not Takedown.objects.filter(guest=petra).exists()
    trip["clock"].move_to(timezone.make_aware(datetime(2026, 6, 20, 9, 0)), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        answer(False, LATER)
    task = Takedown.objects.get(placement__channel=trip["press"], guest=petra)
    assert task.possible and task.status == Takedown.Status.OPEN
    assert "Op schoolreis" in task.removal_request and "Petra" not in task.removal_request
    website = Takedown.objects.get(placement__channel=trip["website"], guest=petra)
    assert website.status == Takedown.Status.AUTOMATIC
    left, _middle, right = trip["boxes"]
    status, image = public_image(client, school, trip, trip["group"])
    assert status == 200
    assert changed(image, trip["photo"], left) > 20 and changed(image, trip["photo"], right) > 20
    answer(False, LATER)  # the same no again opens nothing new
    assert Takedown.objects.filter(guest=petra).count() == 2


def test_a_one_off_no_reaches_the_paper_of_that_activity_only(
    trip, juf_anna, django_capture_on_commit_callbacks
):
    """Lot's mother gave general consent for the press; asked once about the trip's article,
    she now says no (issue 12, item 7): the trip's placement in the paper gets a task."""
    from beeldwacht.consent.models import Kind
    from beeldwacht.media.one_off import one_off_ask
    from beeldwacht.takedowns.actions import record_one_off

    asked = one_off_ask(
        activity=trip["activity"],
        channel=trip["press"],
        kinds=[Kind.IMAGE],
        question="Mag de foto van de schoolreis in de krant?",
        by=juf_anna,
    )
    trip["clock"].move_to(timezone.make_aware(datetime(2026, 6, 20, 9, 0)), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        record_one_off(
            request=asked,
            ship=trip["mother"].guardianships.get(),
            answers={Kind.IMAGE: False},
            by=trip["mother"].user,
            on=LATER,
        )
    task = Takedown.objects.get(pupil=trip["lot"])
    assert task.placement.channel == trip["press"] and task.possible
    assert task.status == Takedown.Status.OPEN
