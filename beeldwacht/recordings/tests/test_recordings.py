"""Issue #12: classroom recordings. An intern records a lesson for her coaching; the group's
guardians are told in advance; only she and her supervisor ever watch it; it is destroyed
after the coaching talk, or at the deadline, and a deletion record stays."""

import os
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import InvalidInput
from beeldwacht.recordings import services
from beeldwacht.recordings.models import Recording, vault_storage
from conftest import make_guardian, make_pupil

LESSON = date(2026, 12, 10)
TOLD = timezone.make_aware(datetime(2026, 12, 3, 9, 0))  # a week before
DATA = os.urandom(3 * 1024 * 1024 + 17)  # a small 'video'


def _plan(
    school,
    groep6,
    people,
    *,
    told=TOLD,
    lesson=LESSON,
    purpose=Recording.Purpose.DEVELOPMENT,
    about="Rekenles, instructie",
):
    """Planned by the intern with Bas as supervisor; the guardians told on `told` (None:
    not yet)."""
    recording = services.recording_plan(
        school=school,
        purpose=purpose,
        school_class=groep6,
        lesson_on=lesson,
        about=about,
        supervisor=people["bas"],
        by=people["intern"],
    )
    if told is not None:
        services.recording_notify(recording=recording, by=people["intern"], now=told)
    return Recording.objects.get(pk=recording.pk)


def _upload(recording, people):
    return services.recording_upload(
        recording=recording,
        source=SimpleUploadedFile("les.mp4", DATA, content_type="video/mp4"),
        content_type="video/mp4",
        size=len(DATA),
        by=people["intern"],
    )


def test_the_guardians_are_told_one_by_one_and_it_is_logged(school, groep6, people):
    recording = _plan(school, groep6, people)
    assert sorted(m.to[0] for m in mail.outbox) == [f"ouder{n}@example.nl" for n in range(3)]
    notice = mail.outbox[0]
    assert notice.subject == "Er wordt gefilmd in groep 6 op donderdag 10 december"
    assert "Kind" not in notice.subject + notice.body  # no child is named
    assert "uiterlijk op 9 januari 2027 vernietigd" in notice.body
    assert recording.status == Recording.Status.INFORMED
    assert recording.notices.filter(delivered=True).count() == 3
    event = AuditEvent.objects.get(type=AuditEvent.Type.RECORDING_NOTICE_SENT)
    assert event.data == {"guardians": 3, "delivered": 3}


def test_an_upload_for_guardians_told_too_late_is_refused(school, groep6, people):
    late = _plan(school, groep6, people, told=TOLD + timedelta(days=6))  # the day before
    with pytest.raises(InvalidInput, match="niet ten minste 2 dag"):
        _upload(late, people)
    late.refresh_from_db()
    assert late.status == Recording.Status.INFORMED and late.file == ""


def test_the_vault_keeps_other_bytes_than_the_upload(school, groep6, people):
    recording = _upload(_plan(school, groep6, people), people)
    stored = vault_storage().open(recording.file, "rb").read()
    assert DATA[:1024] not in stored and recording.size_bytes == len(DATA)
    assert recording.status == Recording.Status.UPLOADED


def _urls(school, recording):
    kwargs = {"brin": school.brin, "recording_id": recording.public_id}
    return {name: reverse(f"recordings:{name}", kwargs=kwargs) for name in ("play", "stream")}


def test_only_the_recorder_and_the_supervisor_get_the_content(client, school, groep6, people):
    from beeldwacht.accounts.models import User

    recording = _upload(_plan(school, groep6, people), people)
    admin = User.objects.create_superuser("beheer@beeldwacht.example", password="x")
    urls = _urls(school, recording)
    seen = {}
    for who in ("intern", "bas", "director", "privacy", "teacher", "elsewhere", "admin"):
        client.force_login(admin if who == "admin" else people[who])
        seen[who] = tuple(client.get(url).status_code for url in urls.values())
    assert seen == {
        "intern": (200, 200),
        "bas": (200, 200),
        "director": (403, 403),  # management sees that it exists, never what is on it
        "privacy": (403, 403),
        "teacher": (403, 403),  # her own group, not her recording
        "elsewhere": (404, 404),  # another school: not even that it exists
        "admin": (404, 404),  # a superuser without a place at the school gets nothing
    }
    refused = AuditEvent.objects.filter(type=AuditEvent.Type.RECORDING_REFUSED).count()
    assert refused == 6  # three people, two addresses each
    assert AuditEvent.objects.filter(type=AuditEvent.Type.RECORDING_VIEWED).count() == 2
    client.force_login(people["director"])
    page = client.get(
        reverse(
            "recordings:detail", kwargs={"brin": school.brin, "recording_id": recording.public_id}
        )
    ).content.decode()
    assert "Rekenles" not in page and "bekijken/" not in page  # metadata only


def test_the_player_streams_ranges_and_offers_no_download(client, school, groep6, people):
    recording = _upload(_plan(school, groep6, people), people)
    urls = _urls(school, recording)
    client.force_login(people["bas"])
    page = client.get(urls["play"])
    assert "nodownload" in page.content.decode() and page["Cache-Control"] == "no-store"
    assert "Bas.Begeleider" in page.content.decode() or "bas.begeleider" in page.content.decode()
    part = client.get(urls["stream"], HTTP_RANGE="bytes=1048570-1048589")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 1048570-1048589/{len(DATA)}"
    assert b"".join(part.streaming_content) == DATA[1048570:1048590]
    whole = client.get(urls["stream"])
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == DATA
    assert "attachment" not in whole.get("Content-Disposition", "")
    assert client.get(urls["stream"], HTTP_RANGE=f"bytes={len(DATA)}-").status_code == 416


def test_destroyed_after_the_talk_and_the_bytes_are_gone(
    school, groep6, people, django_capture_on_commit_callbacks
):
    recording = _upload(_plan(school, groep6, people), people)
    name = recording.file
    talk = timezone.make_aware(datetime(2026, 12, 14, 15, 0))
    services.recording_reviewed(recording=recording, by=people["bas"], now=talk)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.purge_expired(now=talk + timedelta(hours=23)) == 0  # grace runs
        assert services.purge_expired(now=talk + timedelta(hours=24)) == 1
    assert not vault_storage().exists(name)
    recording.refresh_from_db()
    assert recording.status == Recording.Status.DESTROYED and recording.file == ""
    assert recording.destroy_reason == "reviewed" and recording.destroyed_by is None
    assert len(recording.sha256) == 64  # what was destroyed, provably
    event = AuditEvent.objects.get(type=AuditEvent.Type.RECORDING_DESTROYED)
    assert event.data == {"reason": "reviewed", "sha256": recording.sha256}


def test_the_deadline_destroys_what_nobody_reviewed(
    school, groep6, people, django_capture_on_commit_callbacks
):
    recording = _upload(_plan(school, groep6, people), people)
    with django_capture_on_commit_callbacks(execute=True):
        services.purge_expired(now=timezone.make_aware(datetime(2027, 1, 9, 23, 0)))
        assert Recording.objects.get().status == Recording.Status.UPLOADED  # its last day
        services.purge_expired(now=timezone.make_aware(datetime(2027, 1, 10, 1, 0)))
    recording.refresh_from_db()
    assert recording.status == Recording.Status.DESTROYED and recording.destroy_reason == "deadline"


def test_only_the_supervisor_marks_it_discussed(school, groep6, people):
    recording = _upload(_plan(school, groep6, people), people)
    from beeldwacht.common.errors import PermissionDenied

    for who in ("intern", "director"):
        with pytest.raises(PermissionDenied):
            services.recording_reviewed(recording=recording, by=people[who])


def test_a_backup_never_holds_a_recording(school, groep6, people, tmp_path):
    """A destroyed recording must be gone: a backup kept for two weeks would keep it."""
    import tarfile

    from beeldwacht.actions.backup import _archive_files

    recording = _upload(_plan(school, groep6, people), people)
    _archive_files(tmp_path / "files.tar")
    with tarfile.open(tmp_path / "files.tar") as archive:
        names = archive.getnames()
    assert not any(recording.file in name for name in names)
    assert any(name.endswith("files.json") for name in names)


def test_a_recording_whose_file_is_missing_is_not_found(client, school, groep6, people):
    """After a restore (recordings are not backed up) the row is there, the file is not."""
    recording = _upload(_plan(school, groep6, people), people)
    vault_storage().delete(recording.file)
    client.force_login(people["intern"])
    url = reverse(
        "recordings:stream", kwargs={"brin": school.brin, "recording_id": recording.public_id}
    )
    assert client.get(url).status_code == 404


def test_the_to_do_list_asks_for_the_upload_and_the_talk(client, school, groep6, people):
    recording = _plan(school, groep6, people)
    home = reverse("consent:dashboard", kwargs={"brin": school.brin})
    client.force_login(people["intern"])
    assert "Upload je opname van groep 6 (10 december)" in client.get(home).content.decode()
    _upload(recording, people)
    client.force_login(people["bas"])
    page = client.get(home).content.decode()
    assert "in groep 6 (10 december) wacht op je nabespreking" in page
    client.force_login(people["director"])
    assert "nabespreking" not in client.get(home).content.decode()  # not hers to discuss


def test_a_recording_for_a_pupils_support_waits_for_the_parents(school, groep6, groep5, people):
    """Filmen 1: 'altijd in overleg met de ouders'. No upload before a consultation is
    logged, and none when a parent does not want it."""
    from beeldwacht.common.errors import PermissionDenied
    from beeldwacht.people.models import Guardianship

    recording = _plan(school, groep6, people, purpose=Recording.Purpose.PUPIL_SUPPORT, about="")
    with pytest.raises(InvalidInput, match="in overleg met de ouders"):
        _upload(recording, people)
    first, second = Guardianship.objects.filter(pupil__school_class=groep6).order_by("pk")[:2]

    def consult(ship, outcome, by=people["intern"]):
        services.recording_consulted(
            recording=recording,
            ship=ship,
            held_on=date(2026, 12, 4),
            outcome=outcome,
            note="",
            by=by,
        )

    with pytest.raises(PermissionDenied):
        consult(first, "agreed", by=people["bas"])  # the one who records logs it
    elsewhere = make_pupil(school, groep5, "5999", first="Elders")
    make_guardian(school, elsewhere, "Ouder elders", "elders@example.nl")
    with pytest.raises(InvalidInput):
        consult(Guardianship.objects.get(pupil=elsewhere), "agreed")  # not this group
    consult(first, "agreed")
    consult(second, "refused")
    with pytest.raises(InvalidInput, match="niet wil"):
        _upload(recording, people)
    recording.consultations.filter(outcome="refused").delete()
    assert _upload(recording, people).status == Recording.Status.UPLOADED
    assert AuditEvent.objects.filter(type=AuditEvent.Type.RECORDING_CONSULTED).count() == 2


def test_no_select_says_select_an_option(client, school, groep6, people):
    """Django's own empty choice ('- Select an option -') has no Dutch (issue #11, finding 2)."""
    recording = _plan(
        school, groep6, people, told=None, purpose=Recording.Purpose.PUPIL_SUPPORT, about=""
    )
    client.force_login(people["intern"])
    for url in (
        reverse("recordings:list", kwargs={"brin": school.brin}),
        reverse(
            "recordings:detail", kwargs={"brin": school.brin, "recording_id": recording.public_id}
        ),
    ):
        assert "Select an option" not in client.get(url).content.decode()
