"""Issue #12, done means: the intern plans and uploads a lesson recording; her supervisor
watches it in the browser, with his name over the picture, and marks the talk held; the
next day's purge destroys it and the file is gone. axe-core on each page; with
BEELDWACHT_SHOTS=dir, screenshots to look at."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from beeldwacht.common.permissions import Role
from beeldwacht.media.tests.photos import video_with_face
from beeldwacht.recordings import services
from beeldwacht.recordings.models import Recording, vault_storage
from beeldwacht.tests.browser import assert_accessible, log_in, shoot
from conftest import TODAY, make_guardian, make_pupil, staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("frozen_today"),
]


def test_an_intern_records_her_supervisor_watches_and_it_is_destroyed(
    live_server, tablet, school, groep6, tmp_path
):
    for n in range(2):
        child = make_pupil(school, groep6, str(6100 + n), first=f"Kind{n}")
        make_guardian(school, child, f"Ouder {n}", f"ouder{n}@example.nl")
    staff(school, "eva@delinde.nl", Role.INTERN, [groep6])
    staff(school, "bas.begeleider@delinde.nl", Role.INTERN_SUPERVISOR, [groep6])
    clip = tmp_path / "les.mp4"
    clip.write_bytes(video_with_face(seconds=2.0, with_audio=False))

    page = tablet
    log_in(page, live_server.url, "eva@delinde.nl")
    page.get_by_role("link", name="Opnames in de klas").click()
    page.get_by_label("Professionele ontwikkeling (begeleiding)").check()
    page.get_by_label("Dag van de les").fill((TODAY + timedelta(days=3)).isoformat())
    page.get_by_label("Wat er wordt opgenomen (voor jezelf)").fill("Rekeninstructie")
    page.get_by_label("Begeleider (de enige andere die het ziet)").select_option(
        label="Bas.Begeleider"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Plannen en de ouders inlichten").click()
    page.get_by_text("2 ouder(s) van de groep zijn per e-mail ingelicht").wait_for()
    assert sorted(m.to[0] for m in mail.outbox) == ["ouder0@example.nl", "ouder1@example.nl"]
    page.get_by_label("De opname (MP4, MOV, M4A of MP3)").set_input_files(str(clip))
    page.get_by_role("button", name="Uploaden", exact=True).click()
    page.get_by_text("Alleen jij en je begeleider kunnen haar bekijken").wait_for()
    assert_accessible(page)
    shoot(page, "opname-1-stagiair")
    recording = Recording.objects.get()
    assert recording.status == Recording.Status.UPLOADED

    page.context.clear_cookies()
    log_in(page, live_server.url, "bas.begeleider@delinde.nl")
    page.get_by_role("link", name="Opnames in de klas").click()
    page.get_by_role("link", name=recording.lesson_on.strftime("%-d")).first.click()
    page.get_by_role("link", name="Bekijken").click()
    video = page.locator(".vault-player video")
    for _ in range(100):  # (wait_for_function evaluates a string: the page's CSP refuses it)
        if video.evaluate("v => v.readyState") >= 1:
            break
        page.wait_for_timeout(100)
    assert video.evaluate("v => v.duration") > 1.5  # the player read it through the stream
    assert "Bas.Begeleider" in page.locator(".watermark").inner_text()
    assert_accessible(page)
    shoot(page, "opname-2-begeleider-kijkt", full_page=False)
    page.get_by_role("link", name="Terug").click()
    page.get_by_role("button", name="Nabespreking gehouden: vernietig de opname").click()
    page.get_by_text("Gemarkeerd als besproken").wait_for()

    name = Recording.objects.get().file
    assert vault_storage().exists(name)
    services.purge_expired(now=timezone.now() + timedelta(hours=25))
    assert not vault_storage().exists(name)
    page.reload()
    assert "Vernietigd" in page.inner_text("main") and "Bekijken" not in page.inner_text("main")
    shoot(page, "opname-3-vernietigd")


def test_the_consultation_for_a_pupils_support_is_logged_on_the_page(
    live_server, phone, school, groep6
):
    child = make_pupil(school, groep6, "6200", first="Mees", last="Kok")
    make_guardian(school, child, "Ina Kok", "ina@example.nl")
    staff(school, "eva@delinde.nl", Role.TEACHER, [groep6])
    staff(school, "ib@delinde.nl", Role.SUPERVISOR)
    page = phone
    log_in(page, live_server.url, "eva@delinde.nl")
    page.goto(live_server.url + f"/s/{school.brin}/opnames/")
    page.get_by_label("Ondersteuning van een of enkele leerlingen").check()
    page.get_by_label("Dag van de les").fill((TODAY + timedelta(days=3)).isoformat())
    page.get_by_label("Begeleider (de enige andere die het ziet)").select_option(label="Ib")
    page.get_by_role("button", name="Plannen en de ouders inlichten").click()
    page.get_by_role("heading", name="Overleg met de ouders").wait_for()
    page.get_by_label("Met", exact=True).select_option(label="Ina Kok (ouder van Mees Kok)")
    page.get_by_label("Op", exact=True).fill(TODAY.isoformat())
    page.get_by_label("Akkoord").check()
    page.get_by_role("button", name="Overleg vastleggen").click()
    page.get_by_text("Het overleg is vastgelegd.").wait_for()
    assert "Ina Kok (Mees Kok) — Akkoord" in page.inner_text("main")
    assert_accessible(page)
    shoot(page, "opname-4-overleg")
