"""A pupil turns 16 (UAVG art. 5): from that day she decides about her own image, voice and
name. Her guardians' answers stay in force until she records her own (EDPB Guidelines
05/2020 on consent, 7.1.4), so nothing comes down that day. The daily run tells her and
her guardians, once, and gives her an account to log in by code when the roster has her
e-mail address; her own page is in the portal."""

from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse

from beeldwacht.audit.models import AuditEvent
from beeldwacht.audit.services import record as audit
from beeldwacht.common.actors import SYSTEM
from beeldwacht.common.mail import send_or_log, site_url, templated_mail
from beeldwacht.domain.consent import AGE_OF_CONSENT, sixteenth_birthday
from beeldwacht.domain.schoolyear import years_before
from beeldwacht.people.models import Guardianship, Pupil
from beeldwacht.people.services import pupil_login
from beeldwacht.schools.models import School

# A birthday the daily run missed (a server down for a week) is still announced; one long
# past is not: the school then talks to the pupil itself.
LATE_NOTICE_DAYS = 30


def sixteen_notices(*, school: School, today: date) -> tuple[int, int]:
    """Announce every 16th birthday of the last LATE_NOTICE_DAYS not announced yet.
    Idempotent. A pupil none of whose mails got out (the mail server was down) is announced
    again on the next run; one bad address among good ones is not retried (it would fail
    again, and the others would get the mail twice). Returns (pupils announced, mails that
    failed)."""
    oldest = years_before(today - timedelta(days=LATE_NOTICE_DAYS + 1), AGE_OF_CONSENT)
    candidates = Pupil.objects.filter(
        school=school,
        told_of_sixteen_on__isnull=True,
        date_of_birth__gte=oldest,
        date_of_birth__lte=years_before(today, AGE_OF_CONSENT),
    )
    announced = failed = 0
    for pupil in candidates:
        birthday = sixteenth_birthday(pupil.date_of_birth)
        if not today - timedelta(days=LATE_NOTICE_DAYS) <= birthday <= today:
            continue
        mails = _announce(pupil.pk, today)
        if mails is None:
            continue  # another run got there first
        sent = [send_or_log(message, what) for message, what in mails]
        failed += sent.count(False)
        if mails and not any(sent):
            Pupil.objects.filter(pk=pupil.pk).update(told_of_sixteen_on=None)
            continue
        announced += 1
    return announced, failed


@transaction.atomic
def _announce(pupil_id: int, today: date) -> list | None:
    """Mark the pupil as told and give her an account, in one transaction; the mails are
    built here and sent by the caller after commit."""
    pupil = Pupil.objects.select_for_update().select_related("school").get(pk=pupil_id)
    if pupil.told_of_sixteen_on is not None:
        return None
    if pupil.email and pupil.user_id is None:
        pupil.user = pupil_login(pupil.email)  # None: the address is a parent's or staff's
    pupil.told_of_sixteen_on = today
    pupil.save(update_fields=["told_of_sixteen_on", "user", "updated_at"])
    guardians = [
        ship.guardian
        for ship in Guardianship.objects.on(today)
        .filter(pupil=pupil, parental_authority=True)
        .select_related("guardian__user")
        if ship.guardian.email
    ]
    portal = site_url(reverse("portal:overview"))
    context = {"pupil": pupil, "school": pupil.school, "link": portal, "login": bool(pupil.user)}
    mails = [
        (
            templated_mail(
                to=guardian.email,
                language=guardian.user.language if guardian.user else "nl",
                template="consent/email/sixteen_guardian",
                context={**context, "guardian": guardian},
            ),
            f"sixteen notice to guardian {guardian.public_id}",
        )
        for guardian in guardians
    ]
    if pupil.user is not None:
        mails.append(
            (
                templated_mail(
                    to=pupil.email,
                    language=pupil.user.language,
                    template="consent/email/sixteen_pupil",
                    context=context,
                ),
                f"sixteen notice to pupil {pupil.public_id}",
            )
        )
    audit(
        AuditEvent.Type.SIXTEEN_NOTICE,
        by=SYSTEM,
        school=pupil.school,
        subject=pupil,
        data={"guardians_told": len(guardians), "pupil_told": pupil.user is not None},
    )
    return mails
