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


def test_a_teacher_who_left_can_still_withdraw_and_nothing_else(
    client, school, juf_anna, time_machine
):
    """Issue #8, finding 7: after leaving, a teacher could no longer reach her own consent,
    while her photos and name could stay published."""
    from beeldwacht.common.errors import InvalidInput
    from beeldwacht.schools.models import Membership

    time_machine.move_to(date(2026, 3, 10), tick=False)
    website = Channel.objects.get(school=school, key="website")
    press = Channel.objects.get(school=school, key="press")
    staff_consent_record(
        school=school,
        user=juf_anna,
        choices=[Choice(website, Kind.IMAGE, True), Choice(website, Kind.NAME, True)],
        by=juf_anna,
        on=TODAY,
    )
    Membership.objects.filter(user=juf_anna).update(left_on=date(2026, 7, 17))
    time_machine.move_to(date(2026, 9, 14), tick=False)
    client.force_login(juf_anna)
    url = reverse("consent:my_consent", kwargs={"brin": school.brin})
    page = client.get(url)
    assert page.status_code == 200
    assert "Je werkt niet meer op" in page.content.decode()
    # Her other pages are gone, and the start page leads her to this one.
    dashboard = reverse("consent:dashboard", kwargs={"brin": school.brin})
    assert client.get(dashboard).status_code == 404
    assert url in client.get("/", follow=True).content.decode()
    # She withdraws her name and keeps her image (a standing 'yes' is not renewed).
    response = client.post(
        url,
        {f"c_{website.pk}_image": "yes", f"c_{website.pk}_name": "no"},
        follow=True,
    )
    assert "Je keuzes zijn opgeslagen" in response.content.decode()
    latest = ConsentRecord.objects.filter(staff_member=juf_anna).order_by("-id")
    assert [(r.kind, r.decision) for r in latest[:1]] == [(Kind.NAME, False)]
    assert latest.count() == 3
    # New consent is not hers to give any more.
    with pytest.raises(InvalidInput):
        staff_consent_record(
            school=school,
            user=juf_anna,
            choices=[Choice(press, Kind.IMAGE, True)],
            by=juf_anna,
            on=date(2026, 9, 14),
        )


def test_someone_who_left_without_ever_answering_has_no_page_here(client, school, juf_anna):
    from beeldwacht.schools.models import Membership

    Membership.objects.filter(user=juf_anna).update(left_on=date(2026, 7, 17))
    client.force_login(juf_anna)
    url = reverse("consent:my_consent", kwargs={"brin": school.brin})
    assert client.get(url).status_code == 404
