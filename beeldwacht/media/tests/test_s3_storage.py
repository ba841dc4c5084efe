"""The whole photo path on S3-compatible storage (moto's in-process S3 stands in)."""

from datetime import date

import boto3
import pytest
from moto import mock_aws

from beeldwacht.media import renditions, services
from beeldwacht.media.models import MediaItem
from beeldwacht.media.tests.photos import group_photo, jpeg_bytes


@pytest.fixture
def s3_storage(monkeypatch):
    from storages.backends.s3 import S3Storage

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        boto3.client("s3", region_name="eu-west-1").create_bucket(
            Bucket="beeldwacht-test", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        storage = S3Storage(
            bucket_name="beeldwacht-test",
            region_name="eu-west-1",
            default_acl=None,
            file_overwrite=False,
            location="beeldwacht",
        )
        monkeypatch.setattr(MediaItem._meta.get_field("original"), "storage", storage)
        yield storage


def test_upload_analysis_and_rendition_on_s3(s3_storage, school, groep5, juf_anna):
    trip = services.activity_create(
        school=school, name="Schoolreis", date=date(2026, 6, 12), classes=[groep5], by=juf_anna
    )
    photo, _boxes = group_photo()
    item = services.media_upload(
        activity=trip, name="groep.jpg", data=jpeg_bytes(photo), by=juf_anna
    )
    keys = [
        o["Key"]
        for o in boto3.client("s3", region_name="eu-west-1").list_objects_v2(
            Bucket="beeldwacht-test"
        )["Contents"]
    ]
    assert keys == [f"beeldwacht/{item.original.name}"]
    services.media_analyse(item_id=item.pk)
    item.refresh_from_db()
    assert item.status == MediaItem.Status.NEEDS_REVIEW and item.faces.count() == 3
    name = renditions.safe_rendition_name(item, "website", list(item.faces.all()))
    assert s3_storage.exists(name)
    assert renditions.safe_rendition_name(item, "website", list(item.faces.all())) == name  # cached
    # What the retention run deletes with the item (actions.retention) is found on S3 too.
    assert name in renditions.cached_names(item)
