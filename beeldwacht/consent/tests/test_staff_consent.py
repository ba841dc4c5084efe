from datetime import date

import pytest
from django.urls import reverse

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.errors import PermissionDenied
from beeldwacht.consent.models import Channel, ConsentRecord, Kind
from beeldwacht.consent.selectors import staff_consent_grid
from beeldwacht.consent.services import Choice, staff_consent_record
from beeldwacht.domain.consent import Status

TODAY = date(2026, 3, 10)


def test_staff_decide_for_themselves(school, juf_anna):
    website = Channel.objects.get(school=school, key="website")
    grid = staff_consent_grid(school, [juf_anna], [website], TODAY, [Kind.IMAGE])
    assert grid[(juf_anna.pk, website.pk, Kind.IMAGE)].status is Status.NONE
    staff_consent_record(
        school=school,
        user=juf_anna,
        choices=[Choice(website, Kind.IMAGE, True)],
        by=juf_anna,
        on=TODAY,
    )
    grid = staff_consent_grid(school, [juf_anna], [website], TODAY, [Kind.IMAGE])
    assert grid[(juf_anna.pk, website.pk, Kind.IMAGE)].status is Status.GRANTED
    record = ConsentRecord.objects.get()
    assert record.pupil is None and record.decided_by_self and record.staff_member == juf_anna
    assert AuditEvent.objects.filter(
        type=AuditEvent.Type.CONSENT_RECORDED, subject_type="accounts.user"
    ).exists()


def test_nobody_records_for_a_colleague(school, juf_anna, directeur_bas):
    website = Channel.objects.get(school=school, key="website")
    with pytest.raises(PermissionDenied):
        staff_consent_record(
            school=school,
            user=juf_anna,
            choices=[Choice(website, Kind.IMAGE, True)],
            by=directeur_bas,
            on=TODAY,
        )


def test_staff_of_another_school_cannot_record_here(school, meester_ole):
    website = Channel.objects.get(school=school, key="website")
    with pytest.raises(PermissionDenied):
        staff_consent_record(
            school=school,
            user=meester_ole,
            choices=[Choice(website, Kind.IMAGE, True)],
            by=meester_ole,
            on=TODAY,
        )


def test_my_consent_page(client, school, juf_anna):
    client.force_login(juf_anna)
    website = Channel.objects.get(school=school, key="website")
    url = reverse("consent:my_consent", kwargs={"brin": school.brin})
    response = client.post(url, {f"c_{website.pk}_image": "no"}, follow=True)
    assert "Je keuzes zijn opgeslagen" in response.content.decode()
    assert ConsentRecord.objects.get(staff_member=juf_anna).decision is False
