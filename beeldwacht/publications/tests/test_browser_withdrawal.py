"""On a phone, the product's central promise (issue #8): the mother of Lot, who had consent
and so was never marked in the fast review, withdraws it. The news page keeps the trip photo
with every face nobody marked blurred, the paper's placement gets a task with its drafted
removal request, and *Waar staat Lot?* shows both. The owner follows the link in her mail to
the re-review, marks Lot, and then only Lot's face (and Daan's, who never had consent) stays
blurred. axe-core on every new or changed page; with BEELDWACHT_SHOTS=dir, screenshots to
look at (phone size) are saved there."""

import io
import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from beeldwacht.consent.models import ConsentRecord, Kind
from beeldwacht.publications.tests.test_browser import face_detail
from beeldwacht.takedowns.models import Takedown
from beeldwacht.tests.browser import (
    PHONE,
    assert_accessible,
    log_in,
    log_in_by_code,
    shoot,
    watch_csp,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def new_phone(chromium):
    """A phone of its own (the `phone` fixture is the mother's)."""
    context = chromium.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True, has_touch=True)
    page = context.new_page()
    watch_csp(page)
    return context, page


def served(page, base, src) -> Image.Image:
    """The public image as the server sends it now."""
    response = page.request.get(base + src)
    assert response.status == 200, src
    return Image.open(io.BytesIO(response.body())).convert("RGB")


def faces_blurred(image, trip) -> list[bool]:
    """Per face box, left to right (Lot, Daan, Mees): is it blurred in this image?"""
    scale = image.width / trip["photo"].width
    result = []
    for box in trip["boxes"]:
        original = face_detail(trip["photo"], box, 1.0)
        detail = face_detail(image, box, scale)
        assert detail < 0.5 * original or detail > 0.8 * original, "neither sharp nor blurred"
        result.append(detail < 0.5 * original)
    return result


def group_photo_on_the_news_page(page, base, trip):
    page.goto(base + reverse("public:news", kwargs={"brin": trip["activity"].school.brin}))
    page.get_by_role("heading", name="Op schoolreis").wait_for()
    # The photos finish loading first: SQLite in memory serves one request at a time.
    page.wait_for_load_state("networkidle")
    group_src = reverse(
        "public:image",
        kwargs={
            "brin": trip["activity"].school.brin,
            "publication_id": trip["publication"].public_id,
            "item_id": trip["group"].public_id,
        },
    )
    return page.locator(f'img.news-photo[src="{group_src}"]'), group_src


def test_a_withdrawal_for_an_unmarked_child_on_a_phone(
    live_server, chromium, phone, school, fast_trip, directeur_bas
):
    trip, base = fast_trip, live_server.url
    lot = trip["lot"]
    page = phone
    # Fast review: Daan (no consent) marked and blurred; Lot and Mees (consent) not marked.
    _img, group_src = group_photo_on_the_news_page(page, base, trip)
    assert faces_blurred(served(page, base, group_src), trip) == [False, True, False]

    # 1. A week later Lot's mother withdraws image consent for the website and the press.
    trip["clock"].move_to(timezone.make_aware(datetime(2026, 6, 20, 9, 0)), tick=False)
    log_in_by_code(page, base, "ina@example.nl")
    page.get_by_role("heading", name="Foto's, video en namen van uw kinderen").wait_for()
    page.get_by_role("link", name="Uw keuzes bekijken of wijzigen").click()
    for channel in ("Schoolwebsite", "Lokale pers"):
        image = page.get_by_role("group", name=channel).get_by_role(
            "group", name="Beeld (foto en video)"
        )
        assert image.get_by_label("Ja").is_checked()
        image.get_by_label("Nee").check()
    page.get_by_role("button", name="Mijn keuzes opslaan").click()
    page.get_by_text("Uw keuzes zijn opgeslagen").wait_for()
    assert_accessible(page)
    shoot(page, "01-portal-keuzes")
    withdrawn = ConsentRecord.objects.filter(pupil=lot, kind=Kind.IMAGE, decision=False)
    assert {r.channel.key for r in withdrawn} == {"website", "press"}

    # 2. The news page still shows the trip photo, now with every unmarked face blurred.
    img, _src = group_photo_on_the_news_page(page, base, trip)
    img.wait_for()
    assert page.locator("img.news-photo").count() == 2  # the group photo and Mees's portrait
    assert faces_blurred(served(page, base, group_src), trip) == [True, True, True]

    # 3. The owner (Bas approved it) gets one mail without the child's name, and a task for
    #    the paper: check whether she is recognisable, with the drafted removal request.
    [notice] = [m for m in mail.outbox if m.to == [directeur_bas.email]]
    assert "Op schoolreis" in notice.body
    assert "Lot" not in notice.subject and "Lot" not in notice.body
    task = Takedown.objects.get(placement__channel=trip["press"], pupil=lot)
    assert task.status == Takedown.Status.OPEN and task.possible and task.owner == directeur_bas

    owner_context, owner = new_phone(chromium)
    log_in(owner, base, directeur_bas.email)
    owner.get_by_role("link", name="Verwijdertaken").click()
    owner.get_by_text("1 open taak").wait_for()
    open_tasks = owner.get_by_role("region", name="Open taken")
    assert "Lokale pers" in open_tasks.inner_text()
    assert_accessible(owner)
    shoot(owner, "03-verwijdertaken")
    open_tasks.get_by_role("link", name="Op schoolreis").click()
    owner.get_by_role(
        "heading", name="Eerst controleren: is deze persoon erop herkenbaar?"
    ).wait_for()
    request = owner.get_by_label(re.compile("Verwijderverzoek aan de redactie")).input_value()
    assert "Geachte redactie" in request and "Op schoolreis" in request and "Lot" not in request
    assert "- mogelijk " in request  # which photo she may be on, though nobody marked her
    assert "Haarener Courant" in owner.locator("main").inner_text()
    assert_accessible(owner)
    shoot(owner, "04-verwijdertaak")

    # 4. Waar staat Lot? The website: corrected by Beeldwacht, no link; the paper: task open.
    page.goto(base + reverse("portal:overview"))
    page.get_by_role("link", name="Waar staat Lot?").click()
    section = page.get_by_role("region", name="Op schoolreis")
    section.wait_for()
    website = section.get_by_role("listitem").filter(has_text="Schoolwebsite")
    press = section.get_by_role("listitem").filter(has_text="Lokale pers")
    assert "Aangepast door Beeldwacht" in website.inner_text()
    assert website.get_by_role("link").count() == 0
    assert "Wordt verwijderd" in press.inner_text()
    assert "Haarener Courant" in press.inner_text()
    for row in (website, press):
        assert "Deed mee; staat mogelijk op een foto" in row.inner_text()
    assert section.get_by_role("button", name="Vraag om verwijdering").count() == 0
    assert_accessible(page)
    shoot(page, "02-waar-staat-lot")

    # 5. The mail's link for the website leads straight to the re-review of the trip; Bas
    #    marks Lot and confirms.
    links = [urlsplit(u).path for u in re.findall(r"https?://\S+", notice.body)]
    [to_review] = [p for p in links if str(trip["activity"].public_id) in p]
    owner.goto(base + to_review)
    owner.get_by_role("heading", name="Beoordelen voor Schoolwebsite").wait_for()
    exceptions = owner.get_by_role("complementary", name="Mogen niet herkenbaar op Schoolwebsite")
    assert [n.strip() for n in exceptions.locator("li > kbd + span").all_inner_texts()] == [
        "Daan Bakker",
        "Lot Kok",
        "Anna",  # juf Anna took part without consent: the first review looked for her too
    ]
    assert_accessible(owner)
    shoot(owner, "05-herbeoordelen")
    lot_face = trip["group_faces"][0]
    owner.locator(f"label[for=tile-{lot_face.public_id}]").click()
    with owner.expect_navigation():
        owner.get_by_role("button", name="Lot Kok").click()
    lot_face.refresh_from_db()
    assert lot_face.pupil_id == lot.pk
    with owner.expect_navigation():
        owner.get_by_role("button", name=re.compile("Verder niemand van de lijst")).click()

    # Of the faces nobody had marked only Lot's stays blurred; Daan's stays blurred too.
    assert faces_blurred(served(page, base, group_src), trip) == [True, True, False]

    # Nothing else waits: Mees's portrait has no face nobody identified.
    todo = owner.locator("#photo > p.muted").first.inner_text()
    assert todo == "Nog 0 van 2 foto's te beoordelen."
    owner.get_by_text("Alle foto's van deze activiteit zijn voor dit kanaal beoordeeld.").wait_for()
    assert_accessible(owner)
    shoot(owner, "06-herbeoordeeld")
    owner_context.close()
