"""Upload, analysis, lease and reaper. The detector is faked here (it is not the subject)."""

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import InvalidInput, PermissionDenied
from beeldwacht.media import faces as detection
from beeldwacht.media import services
from beeldwacht.media.models import Face, MediaItem
from beeldwacht.media.tests.photos import jpeg_bytes, portrait, video_bytes

NOW = timezone.make_aware(datetime(2026, 6, 12, 10, 0))


@pytest.fixture
def private_storage():
    return Path(storages["private"].location)


class FakeDetector:
    """Returns the faces we say, and counts its calls."""

    def __init__(self):
        self.faces = [
            detection.Face((10, 10, 60, 70), 0.99),
            detection.Face((100, 10, 150, 70), 0.7),
        ]
        self.calls = 0
        self.thorough: list[bool] = []
        self.error: Exception | None = None

    def __call__(self, handle, thorough=False):
        self.calls += 1
        self.thorough.append(thorough)
        if self.error:
            raise self.error
        return (512, 600), list(self.faces)


@pytest.fixture
def detector(monkeypatch):
    fake = FakeDetector()
    monkeypatch.setattr(services.detection, "detect_file", fake)
    return fake


@pytest.fixture
def trip(school, groep5, juf_anna):
    return services.activity_create(
        school=school,
        name="Schoolreis groep 5",
        date=date(2026, 6, 12),
        classes=[groep5],
        by=juf_anna,
    )


def upload(trip, by, data=None, name="IMG_1.jpg"):
    return services.media_upload(
        activity=trip, name=name, data=data or jpeg_bytes(portrait()), by=by
    )


def test_upload_stores_the_original_privately_and_queues_analysis(
    trip, juf_anna, private_storage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = upload(trip, juf_anna)
    assert item.status == MediaItem.Status.UPLOADED
    assert (private_storage / item.original.name).exists()
    assert "IMG_1" not in item.original.name  # ids only in the stored name
    assert (
        DBTaskResult.objects.filter(task_path="beeldwacht.media.tasks.analyse_media").count() == 1
    )
    assert AuditEvent.objects.filter(type=AuditEvent.Type.MEDIA_UPLOADED).exists()


def files_in(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def test_a_bad_file_stores_nothing(trip, juf_anna, private_storage):
    before = files_in(private_storage)
    with pytest.raises(InvalidInput):
        upload(trip, juf_anna, data=b"\xff\xd8\xff broken", name="kapot.jpg")
    assert not MediaItem.objects.exists()
    assert files_in(private_storage) == before


def test_a_failing_save_removes_the_stored_file(trip, juf_anna, private_storage, monkeypatch):
    def broken_audit(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "audit", broken_audit)
    before = files_in(private_storage)
    with pytest.raises(RuntimeError):
        upload(trip, juf_anna)
    assert not MediaItem.objects.exists()
    assert files_in(private_storage) == before


def test_the_same_file_twice_is_refused(trip, juf_anna):
    upload(trip, juf_anna)
    with pytest.raises(InvalidInput, match="al geüpload"):
        upload(trip, juf_anna, name="kopie.jpg")


def test_teacher_uploads_only_for_her_own_groups(school, groep6, juf_anna, directeur_bas):
    other = services.activity_create(
        school=school, name="Sportdag 6", date=date(2026, 6, 1), classes=[groep6], by=directeur_bas
    )
    with pytest.raises(PermissionDenied):
        upload(other, juf_anna)
    with pytest.raises(PermissionDenied):
        services.activity_create(
            school=school, name="x", date=date(2026, 6, 1), classes=[groep6], by=juf_anna
        )


def test_analysis_finds_faces_and_waits_for_review(trip, juf_anna, detector):
    item = upload(trip, juf_anna)
    services.media_analyse(item_id=item.pk, now=NOW)
    item.refresh_from_db()
    assert item.status == MediaItem.Status.NEEDS_REVIEW
    assert item.lease_until is None and item.attempts == 1
    assert [f.box for f in item.faces.all()] == [(10, 10, 60, 70), (100, 10, 150, 70)]


def test_the_faces_are_cropped_from_one_decoding_after_analysis(
    trip, juf_anna, detector, monkeypatch
):
    """The review's tiles asked for each face's crop, and each crop decoded the whole photo
    again: a 52-face class photo kept a phone waiting for seconds."""
    from beeldwacht.media import faces, renditions

    opened = []
    real = faces.open_oriented
    monkeypatch.setattr(faces, "open_oriented", lambda *a, **k: opened.append(1) or real(*a, **k))
    item = upload(trip, juf_anna)
    opened.clear()
    services.media_analyse(item_id=item.pk, now=NOW)
    assert len(opened) == 1  # both crops from one decoding
    monkeypatch.setattr(renditions, "_frame_of", lambda face: pytest.fail("decoded again"))
    for face in item.faces.all():
        assert renditions._storage().exists(renditions.face_crop_name(face))


def test_thorough_detection_is_a_setting(trip, juf_anna, detector, settings):
    settings.MEDIA_THOROUGH_DETECTION = True
    item = upload(trip, juf_anna)
    services.media_analyse(item_id=item.pk, now=NOW)
    assert detector.thorough == [True]


def test_analysing_twice_gives_the_same_result(trip, juf_anna, detector):
    item = upload(trip, juf_anna)
    services.media_analyse(item_id=item.pk, now=NOW)
    services.media_analyse(item_id=item.pk, now=NOW)  # already done: nothing happens
    assert detector.calls == 1
    MediaItem.objects.filter(pk=item.pk).update(status=MediaItem.Status.UPLOADED)
    services.media_analyse(item_id=item.pk, now=NOW)
    assert sorted(f.box for f in Face.objects.filter(item=item)) == [
        (10, 10, 60, 70),
        (100, 10, 150, 70),
    ]


def test_hand_work_survives_reanalysis(trip, juf_anna, sanne, detector):
    item = upload(trip, juf_anna)
    services.media_analyse(item_id=item.pk, now=NOW)
    tagged = item.faces.get(x1=10)
    tagged.pupil = sanne
    tagged.save()
    drawn = Face.objects.create(item=item, x1=300, y1=300, x2=340, y2=350, source=Face.Source.HAND)
    detector.faces = [
        detection.Face((12, 11, 61, 72), 0.98),
        detection.Face((400, 20, 440, 80), 0.9),
    ]
    MediaItem.objects.filter(pk=item.pk).update(status=MediaItem.Status.UPLOADED)
    services.media_analyse(item_id=item.pk, now=NOW)
    boxes = sorted(f.box for f in item.faces.all())
    # the tagged face and the drawn one stay; the re-found tagged face is not added twice;
    # the untagged old detection is replaced by the new one
    assert boxes == [(10, 10, 60, 70), (300, 300, 340, 350), (400, 20, 440, 80)]
    assert item.faces.get(x1=10).pupil == sanne and Face.objects.filter(pk=drawn.pk).exists()


def test_a_second_worker_does_not_claim_a_leased_item(trip, juf_anna):
    item = upload(trip, juf_anna)
    assert services._claim(item.pk, NOW) is True
    assert services._claim(item.pk, NOW) is False


def test_reaper_returns_the_item_of_a_dead_worker(trip, juf_anna, detector, settings):
    item = upload(trip, juf_anna)
    assert services._claim(item.pk, NOW)  # a worker claims it, then dies
    assert services.media_reap_expired(now=NOW + timedelta(seconds=30)) == 0  # lease still valid
    later = NOW + timedelta(seconds=settings.MEDIA_ANALYSIS_LEASE_SECONDS + 1)
    assert services.media_reap_expired(now=later) == 1
    item.refresh_from_db()
    assert item.status == MediaItem.Status.UPLOADED
    services.media_analyse(item_id=item.pk, now=later)
    item.refresh_from_db()
    assert item.status == MediaItem.Status.NEEDS_REVIEW and item.attempts == 2


def test_transient_errors_retry_with_backoff_then_fail(trip, juf_anna, detector):
    item = upload(trip, juf_anna)
    detector.error = OSError("storage hiccup")
    now = NOW
    for attempt in range(1, services.MAX_ATTEMPTS):
        services.media_analyse(item_id=item.pk, now=now)
        item.refresh_from_db()
        assert item.status == MediaItem.Status.UPLOADED and item.attempts == attempt
        services.media_analyse(item_id=item.pk, now=now + timedelta(seconds=1))  # too early
        assert item.attempts == attempt
        now = item.lease_until
    services.media_analyse(item_id=item.pk, now=now)
    item.refresh_from_db()
    assert item.status == MediaItem.Status.FAILED and "meerdere keren" in item.failure_reason
    assert DBTaskResult.objects.exclude(run_after=None).count() == services.MAX_ATTEMPTS - 1


def test_an_unreadable_photo_fails_with_a_reason(trip, juf_anna, detector):
    item = upload(trip, juf_anna)
    detector.error = detection.UnreadableImage("bad")
    services.media_analyse(item_id=item.pk, now=NOW)
    item.refresh_from_db()
    assert item.status == MediaItem.Status.FAILED and item.failure_reason


def test_video_upload_is_accepted(trip, juf_anna):
    item = upload(trip, juf_anna, data=video_bytes("mp4"), name="dans.mp4")
    assert item.kind == MediaItem.Kind.VIDEO and item.duration_seconds > 0
