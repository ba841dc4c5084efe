"""Every URL x every role. Another school's objects are a 404, so nobody can confirm they
exist; a page of one's own school that the role does not allow is a 403. A POST that
redirects is told apart by what it did: D (done, the audit trail grew) or R (refused with a
message, nothing changed); each role's request is rolled back, so every role meets the same
school."""

import uuid
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse

from beeldwacht.audit.models import AuditEvent
from beeldwacht.common.permissions import Role
from beeldwacht.consent.models import PupilFlag
from conftest import make_guardian, make_pupil, staff

ROLES = [
    "anonymous",
    "teacher",
    "intern",
    "management",
    "privacy",
    "communications",
    "administration",
    "board",
    "other_school",
    "parent",
    "other_parent",
]


def school_objects(
    school, own_group, other_group, pupil, other_pupil, author, manager, companion_email
):
    """One of everything a URL can name, at this school: groups, pupils, a flag, a channel,
    two activities with a photo and its face and an accompanying parent, a draft with a
    takedown and a pending placement."""
    from datetime import date

    from django.utils import timezone

    from beeldwacht.consent.models import Channel
    from beeldwacht.integrations.services import key_create
    from beeldwacht.integrations.webhooks import webhook_add
    from beeldwacht.media import services as media_services
    from beeldwacht.media.tests.photos import jpeg_bytes, portrait
    from beeldwacht.publications import services as publication_services
    from beeldwacht.schools.models import Processor
    from beeldwacht.takedowns.models import Placement, Takedown

    trip = media_services.activity_create(
        school=school, name="Schoolreis", date=date(2026, 6, 1), classes=[own_group], by=manager
    )
    sports = media_services.activity_create(
        school=school, name="Sportdag", date=date(2026, 6, 2), classes=[other_group], by=manager
    )
    item = media_services.media_upload(
        activity=trip, name="foto.jpg", data=jpeg_bytes(portrait()), by=manager
    )
    media_services.media_analyse(item_id=item.pk)
    item.refresh_from_db()
    channel = Channel.objects.get(school=school, key="website")
    draft = publication_services.publication_create(
        school=school,
        title="Nieuws",
        body="Groep 5 ging op reis.",
        channels=[channel],
        by=author,
    )
    takedown = Takedown.objects.create(
        school=school,
        placement=Placement.objects.create(
            publication=draft, channel=channel, placed_on="2026-06-01"
        ),
        pupil=pupil,
        reason=Takedown.Reason.CONSENT,
        status=Takedown.Status.OPEN,
        due_on="2026-06-03",
        opened_at=timezone.now(),
    )
    return SimpleNamespace(
        own_group=own_group,
        other_group=other_group,
        pupil=pupil,
        other_pupil=other_pupil,
        flag=PupilFlag.objects.create(
            school=school, pupil=pupil, kind="custody_dispute", set_on="2026-01-01"
        ),
        channel=channel,
        trip=trip,
        sports=sports,
        item=item,
        face=item.faces.get(),
        draft=draft,
        takedown=takedown,
        # A downloaded package nobody placed yet (the author may say it was not used).
        pending=Placement.objects.create(
            publication=draft, channel=channel, placed_on="2026-06-01", pending=True
        ),
        recording=(recording := _recording(school, own_group, author, manager)),
        question=_question(recording, author),
        one_off=_one_off(trip, manager),
        protocol=_protocol(school, manager),
        incident=(incident := _incident(school, author)),
        involved=_involved(incident, manager),
        evidence=incident.evidence.get(),
        measure=_measure(incident, author, manager),
        colleague=author,
        processor=Processor.objects.create(school=school, name="Host BV", service="Hosting"),
        api_key=key_create(school=school, name="CMS", scopes=["consent:read"], by=manager)[0],
        webhook=webhook_add(
            school=school, url="https://127.0.0.1/hook", events=["consent.changed"], by=manager
        ),
        companion=media_services.participant_add(
            activity=trip,
            by=manager,
            guest_name="Begeleider",
            guest_email=companion_email,
            guest_role="companion",
        ),
    )


def _incident(school, reporter):
    """A teacher reported an incident with a screenshot."""
    from datetime import date

    from beeldwacht.incidents import services
    from beeldwacht.media.tests.photos import jpeg_bytes, portrait

    return services.incident_report(
        school=school,
        category="defaming",
        happened_on=date(2026, 1, 5),
        description="Een bericht over een leerling.",
        evidence=[("scherm.jpg", jpeg_bytes(portrait()))],
        by=reporter,
    )


def _measure(incident, colleague, manager):
    """A warning for the teacher who reported it (a measure with a letter to write)."""
    from beeldwacht.incidents import services

    involved = services.involved_add(
        incident=incident, role="staff", staff_member=colleague, by=manager
    )
    return services.measure_decide(
        involved=involved, kind="warning", decided_on=incident.happened_on, note="", by=manager
    )


def _involved(incident, manager):
    from beeldwacht.incidents import services

    return services.involved_add(incident=incident, role="other", name="Oom", by=manager)


def _protocol(school, manager):
    """Version 1.0 of the school's media protocol, adopted."""
    from datetime import date

    from beeldwacht.protocol import services

    version = services.version_create(
        school=school,
        number="1.0",
        dated=date(2026, 1, 1),
        authors="MT",
        change_note="",
        text="Tekst.",
        by=manager,
    )
    return services.version_move(version=version, to="adopted", by=manager)


def _one_off(activity, manager):
    """The trip asked its parents once about the local paper."""
    from beeldwacht.consent.models import Channel
    from beeldwacht.media.one_off import one_off_ask

    press = Channel.objects.get(school=activity.school, key="press")
    return one_off_ask(
        activity=activity, channel=press, kinds=["image"], question="De krant?", by=manager
    )


def _question(recording, recorder):
    """The recorder asked every parent of the group about another use."""
    from beeldwacht.recordings.questions import question_ask

    return question_ask(
        recording=recording, purpose="other_use", question="Voor de pabo?", by=recorder
    )


def _recording(school, group, recorder, supervisor):
    """The teacher's classroom recording, uploaded, with the director as her supervisor."""
    from datetime import date, datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from beeldwacht.recordings import services as recordings

    recording = recordings.recording_plan(
        school=school,
        purpose="development",
        school_class=group,
        lesson_on=date(2026, 6, 10),
        about="",
        supervisor=supervisor,
        by=recorder,
    )
    recordings.recording_notify(
        recording=recording, by=recorder, now=timezone.make_aware(datetime(2026, 6, 1, 9))
    )
    recording.refresh_from_db()
    return recordings.recording_upload(
        recording=recording,
        source=SimpleUploadedFile("les.mp4", b"0" * 1000, content_type="video/mp4"),
        content_type="video/mp4",
        size=1000,
        by=recorder,
    )


def urls_for(s: dict, o) -> dict:
    """Every URL of the sweep: (method, url) by name, for school code `s` and objects `o`."""
    p = {**s, "publication_id": o.draft.public_id}
    return {
        "dashboard": ("get", reverse("consent:dashboard", kwargs=s)),
        "group_own": (
            "get",
            reverse("consent:group", kwargs={**s, "class_id": o.own_group.public_id}),
        ),
        "group_other": (
            "get",
            reverse("consent:group", kwargs={**s, "class_id": o.other_group.public_id}),
        ),
        "card_own": (
            "get",
            reverse("consent:card", kwargs={**s, "class_id": o.own_group.public_id}),
        ),
        "pupil_own": ("get", reverse("consent:pupil", kwargs={**s, "pupil_id": o.pupil.public_id})),
        "pupil_other": (
            "get",
            reverse("consent:pupil", kwargs={**s, "pupil_id": o.other_pupil.public_id}),
        ),
        "paper_form": (
            "get",
            reverse("consent:paper_form", kwargs={**s, "pupil_id": o.pupil.public_id}),
        ),
        "flag_set": (
            "post",
            reverse("consent:flag_set", kwargs={**s, "pupil_id": o.pupil.public_id}),
        ),
        "flag_lift": (
            "post",
            reverse(
                "consent:flag_lift",
                kwargs={**s, "pupil_id": o.pupil.public_id, "flag_id": o.flag.public_id},
            ),
        ),
        "campaign": ("get", reverse("consent:campaign", kwargs=s)),
        "settings": ("get", reverse("consent:settings", kwargs=s)),
        "my_consent": ("get", reverse("consent:my_consent", kwargs=s)),
        "search": ("get", reverse("consent:search", kwargs=s) + "?q=niemand"),
        "audit_trail": ("get", reverse("audit:trail", kwargs=s)),
        "audit_pupil": (
            "get",
            reverse("audit:trail", kwargs=s) + f"?leerling={o.pupil.public_id}",
        ),
        "board": ("get", reverse("board")),
        "channel_add": ("post", reverse("consent:channel_add", kwargs=s)),
        "channel_edit": (
            "get",
            reverse(
                "consent:channel_edit",
                kwargs={**s, "channel_id": o.channel.public_id},
            ),
        ),
        "consent_text": ("post", reverse("consent:consent_text", kwargs=s)),
        "school_settings": ("post", reverse("consent:school_settings", kwargs=s)),
        "sign_in_settings": ("post", reverse("consent:sign_in_settings", kwargs=s)),
        **media_urls(s, o.trip, o.sports, o.item, o.face),
        "pub_list": ("get", reverse("publications:list", kwargs=s)),
        "pub_new": ("get", reverse("publications:new", kwargs=s)),
        "pub_detail": ("get", reverse("publications:detail", kwargs=p)),
        "pub_edit": ("get", reverse("publications:edit", kwargs=p)),
        "pub_submit": ("post", reverse("publications:submit", kwargs=p)),
        "pub_pull_back": ("post", reverse("publications:pull_back", kwargs=p)),
        "pub_approve": ("post", reverse("publications:approve", kwargs=p)),
        "pub_send_back": ("post", reverse("publications:send_back", kwargs=p)),
        "pub_publish": ("post", reverse("publications:publish", kwargs=p)),
        "pub_withdraw": ("post", reverse("publications:withdraw", kwargs=p)),
        "pub_placement_add": ("post", reverse("publications:placement_add", kwargs=p)),
        "pub_placement_not_used": (
            "post",
            reverse(
                "publications:placement_not_used",
                kwargs={**p, "placement_id": o.pending.public_id},
            ),
        ),
        "pub_export": (
            "get",
            reverse("publications:export", kwargs={**p, "channel_key": "website"}),
        ),
        "pub_ask": ("post", reverse("publications:ask", kwargs=p)),
        "pub_disclaimer": ("post", reverse("publications:disclaimer", kwargs=p)),
        "pub_move_media": (
            "post",
            reverse("publications:move_media", kwargs={**p, "item_id": o.item.public_id}),
        ),
        "takedowns": ("get", reverse("publications:takedowns", kwargs=s)),
        "takedown": (
            "get",
            reverse("publications:takedown", kwargs={**s, "takedown_id": o.takedown.public_id}),
        ),
        "takedown_send_request": (
            "post",
            reverse(
                "publications:takedown_send_request",
                kwargs={**s, "takedown_id": o.takedown.public_id},
            ),
        ),
        **recording_urls(s, o.recording),
        "portal_recording_question": (
            "get",
            reverse(
                "portal:recording_question",
                kwargs={"pupil_id": o.pupil.public_id, "question_id": o.question.public_id},
            ),
        ),
        **activity_urls(s, o.trip, o.sports, o.companion, o.channel),
        **protocol_urls(s, o.protocol),
        **incident_urls(s, o.incident, o.involved, o.evidence, o.measure, o.colleague, o.pupil),
        **privacy_urls(s, o.processor),
        "api_keys": ("get", reverse("integrations:keys", kwargs=s)),
        "api_key_make": (
            "post",
            reverse("integrations:keys", kwargs=s),
            {"name": "Ouderapp", "scopes": ["consent:read"]},
        ),
        "api_key_revoke": (
            "post",
            reverse("integrations:revoke", kwargs={**s, "key_id": o.api_key.public_id}),
        ),
        "webhook_add": (
            "post",
            reverse("integrations:webhook_add", kwargs=s),
            {"url": "https://127.0.0.1/app", "events": ["takedown.opened"]},
        ),
        "webhook_log": (
            "get",
            reverse("integrations:webhook_log", kwargs={**s, "webhook_id": o.webhook.public_id}),
        ),
        "webhook_test": (
            "post",
            reverse("integrations:webhook_test", kwargs={**s, "webhook_id": o.webhook.public_id}),
        ),
        "webhook_remove": (
            "post",
            reverse("integrations:webhook_remove", kwargs={**s, "webhook_id": o.webhook.public_id}),
        ),
        "portal_one_off": (
            "get",
            reverse(
                "portal:one_off",
                kwargs={"pupil_id": o.pupil.public_id, "request_id": o.one_off.public_id},
            ),
        ),
        "portal_guest": (
            "get",
            reverse("portal:guest", kwargs={"participant_id": o.companion.public_id}),
        ),
        "portal": ("get", reverse("portal:overview")),
        "portal_news": ("get", reverse("portal:news")),
        # Not in anyone's feed: nobody may fetch it, whatever they know of its ids.
        "portal_news_image": (
            "get",
            reverse(
                "portal:news_image",
                kwargs={"publication_id": o.draft.public_id, "item_id": o.item.public_id},
            ),
        ),
        "portal_news_video": (
            "get",
            reverse(
                "portal:news_video",
                kwargs={"publication_id": o.draft.public_id, "item_id": o.item.public_id},
            ),
        ),
        "portal_child": ("get", reverse("portal:child", kwargs={"pupil_id": o.pupil.public_id})),
        # Sanne is 9: nobody has her own page, not even her mother.
        "portal_myself": ("get", reverse("portal:myself", kwargs={"pupil_id": o.pupil.public_id})),
        "portal_my_placements": (
            "get",
            reverse("portal:my_placements", kwargs={"pupil_id": o.pupil.public_id}),
        ),
        "portal_export": (
            "get",
            reverse("portal:export", kwargs={"pupil_id": o.pupil.public_id}),
        ),
        "portal_receipt": (
            "get",
            reverse("portal:receipt", kwargs={"pupil_id": o.pupil.public_id}),
        ),
        "portal_no_images": (
            "post",
            reverse("portal:no_images", kwargs={"pupil_id": o.pupil.public_id}),
            {"wanted": "1"},
        ),
        "portal_placements": (
            "get",
            reverse("portal:placements", kwargs={"pupil_id": o.pupil.public_id}),
        ),
        "home": ("get", reverse("home")),
        # The admin's own login page sends everyone to ours; signed in, only is_staff passes.
        "admin": ("get", "/beheer/login/?next=/beheer/"),
        "public_news": ("get", reverse("public:news", kwargs=s)),
        "public_feed": ("get", reverse("public:feed", kwargs=s)),
        # A draft is on no public page, whoever asks and whatever ids they know.
        "public_item": ("get", reverse("public:item", kwargs=p)),
        "public_image": (
            "get",
            reverse("public:image", kwargs={**p, "item_id": o.item.public_id}),
        ),
        "public_video": (
            "get",
            reverse("public:video", kwargs={**p, "item_id": o.item.public_id}),
        ),
    }


@pytest.fixture
def world(school, other_school, groep5, groep6, sanne, moeder_mila, directeur_bas):
    daan = make_pupil(school, groep6, "1002", first="Daan")
    other_parent = make_guardian(school, daan, "Dirk", "dirk@example.nl")
    users = {
        "anonymous": None,
        "teacher": staff(school, "t@s.nl", Role.TEACHER, [groep5]),
        "intern": staff(school, "i@s.nl", Role.INTERN, [groep5]),
        "management": staff(school, "m@s.nl", Role.MANAGEMENT),
        "privacy": staff(school, "p@s.nl", Role.PRIVACY_OFFICER),
        "communications": staff(school, "c@s.nl", Role.COMMUNICATIONS),
        "administration": staff(school, "a@s.nl", Role.ADMINISTRATION),
        "board": staff(school, "b@s.nl", Role.BOARD),
        "other_school": staff(other_school, "o@s.nl", Role.MANAGEMENT),
        "parent": moeder_mila.user,
        "other_parent": other_parent.user,
    }
    # Dirk, a parent of another group, accompanies the trip.
    objects = school_objects(
        school, groep5, groep6, sanne, daan, users["teacher"], directeur_bas, "dirk@example.nl"
    )
    return users, urls_for({"brin": school.brin}, objects)


def recording_urls(s, recording):
    r = {**s, "recording_id": recording.public_id}
    return {
        "recordings": ("get", reverse("recordings:list", kwargs=s)),
        "recording": ("get", reverse("recordings:detail", kwargs=r)),
        "recording_consulted": ("post", reverse("recordings:consulted", kwargs=r)),
        "recording_upload": ("post", reverse("recordings:upload", kwargs=r)),
        # Asked already (school_objects): refused for the recorder, unseen for the rest.
        "recording_ask": (
            "post",
            reverse("recordings:ask", kwargs=r),
            {"purpose": "other_use", "question": "Nog eens?"},
        ),
        "recording_reviewed": ("post", reverse("recordings:reviewed", kwargs=r)),
        "recording_play": ("get", reverse("recordings:play", kwargs=r)),
        "recording_stream": ("get", reverse("recordings:stream", kwargs=r)),
    }


def incident_urls(s, incident, involved, evidence, measure, colleague, pupil):
    i = {**s, "incident_id": incident.public_id}
    return {
        "incidents": ("get", reverse("incidents:list", kwargs=s)),
        "incident_report": ("get", reverse("incidents:report", kwargs=s)),
        "incident": ("get", reverse("incidents:detail", kwargs=i)),
        "incident_involved": (
            "post",
            reverse("incidents:involved", kwargs=i),
            {"role": "other", "name": "Iemand"},
        ),
        # Someone else gets no measure: refused, for whoever may decide.
        "incident_measure": (
            "post",
            reverse("incidents:measure", kwargs=i),
            {"involved": str(involved.public_id), "kind": "warning", "decided_on": "2026-01-06"},
        ),
        "incident_evidence_add": ("post", reverse("incidents:evidence_add", kwargs=i)),
        "incident_judge": (
            "post",
            reverse("incidents:judge", kwargs=i),
            {"possible_offence": "on"},
        ),
        "incident_step": (
            "post",
            reverse("incidents:step", kwargs=i),
            {"step": "police_report", "done_at": "2026-01-06T09:00", "done_by": "Bestuur"},
        ),
        "incident_letter": (
            "get",
            reverse("incidents:letter", kwargs={**i, "measure_id": measure.public_id}),
        ),
        "staff_dossier": (
            "get",
            reverse("incidents:staff_dossier", kwargs={**s, "user_id": colleague.public_id}),
        ),
        "pupil_dossier": (
            "get",
            reverse("incidents:pupil_dossier", kwargs={**s, "pupil_id": pupil.public_id}),
        ),
        "incident_evidence": (
            "get",
            reverse("incidents:evidence", kwargs={**i, "evidence_id": evidence.public_id}),
        ),
    }


def privacy_urls(s, processor):
    return {
        "privacy": ("get", reverse("privacy:overview", kwargs=s)),
        "privacy_register": ("get", reverse("privacy:register", kwargs=s)),
        "privacy_register_pdf": ("get", reverse("privacy:register_pdf", kwargs=s)),
        "privacy_dpia": ("get", reverse("privacy:dpia", kwargs=s)),
        "privacy_dpia_pdf": ("get", reverse("privacy:dpia_pdf", kwargs=s)),
        "processor_add": (
            "post",
            reverse("privacy:processor_add", kwargs=s),
            {"name": "Nieuwsbrief BV", "service": "Nieuwsbrief", "location": "Nederland"},
        ),
        "processor_remove": (
            "post",
            reverse(
                "privacy:processor_remove",
                kwargs={**s, "processor_id": processor.public_id},
            ),
        ),
    }


def protocol_urls(s, version):
    v = {**s, "version_id": version.public_id}
    return {
        "protocol_overview": ("get", reverse("protocol:overview", kwargs=s)),
        "protocol_create": (
            "post",
            reverse("protocol:create", kwargs=s),
            {"number": "9.9", "dated": "2026-09-01", "authors": "MT", "text": "Nieuw."},
        ),
        "protocol_detail": ("get", reverse("protocol:detail", kwargs=v)),
        "protocol_move": ("post", reverse("protocol:move", kwargs=v), {"to": "concept"}),
        "protocol_acknowledge": ("post", reverse("protocol:acknowledge", kwargs=v)),
        "protocol_public": ("get", reverse("protocol_public", kwargs=s)),
        "privacy_public": ("get", reverse("privacy_public", kwargs=s)),
        "protocol_grant": (
            "post",
            reverse("protocol:grant", kwargs=s),
            {"kind": "statements", "starts_on": "2026-09-01", "ends_on": "2026-09-02"},
        ),
    }


def activity_urls(s, trip, sports, companion, channel):
    a = {**s, "activity_id": trip.public_id}
    return {
        "act_people_own": ("get", reverse("activities:people", kwargs=a)),
        "act_people_other": (
            "get",
            reverse("activities:people", kwargs={**s, "activity_id": sports.public_id}),
        ),
        "act_inform": (
            "post",
            reverse("activities:inform", kwargs=a),
            {"subject": "Schoolreis", "body": "Op [datum]."},
        ),
        "act_invite": ("post", reverse("activities:invite", kwargs=a)),
        "act_one_off": (
            "post",
            reverse("activities:one_off", kwargs=a),
            {"channel": getattr(channel, "pk", 0), "kinds": ["image"], "question": "Krant?"},
        ),
        "act_paper": (
            "post",
            reverse("activities:paper", kwargs={**a, "participant_id": companion.public_id}),
            {"version": "1"},
        ),
        "act_guest_paper": (
            "post",
            reverse("activities:guest_paper", kwargs={**a, "participant_id": companion.public_id}),
            {f"c_{getattr(channel, 'pk', 0)}_image": "yes"},  # no pk: random ids
        ),
        "act_texts": ("get", reverse("activities:texts", kwargs=s)),
        "act_text": ("get", reverse("activities:text", kwargs={**s, "key": "camp"})),
        "act_rules": ("post", reverse("activities:rules", kwargs=s), {"body": "Nieuwe regels."}),
    }


def media_urls(s, trip, sports, item, face):
    i = {**s, "item_id": item.public_id}
    return {
        "media_activities": ("get", reverse("media:activities", kwargs=s)),
        "media_activity_own": (
            "get",
            reverse("media:activity", kwargs={**s, "activity_id": trip.public_id}),
        ),
        "media_activity_other": (
            "get",
            reverse("media:activity", kwargs={**s, "activity_id": sports.public_id}),
        ),
        "media_upload": (
            "post",
            reverse("media:upload", kwargs={**s, "activity_id": trip.public_id}),
        ),
        "media_participants": (
            "post",
            reverse("media:participants", kwargs={**s, "activity_id": trip.public_id}),
        ),
        "media_review": (
            "get",
            reverse(
                "media:review",
                kwargs={**s, "activity_id": trip.public_id, "channel_key": "website"},
            ),
        ),
        "media_face_other": (
            "get",
            reverse("media:face_other", kwargs={**s, "face_id": face.public_id}) + "?q=a",
        ),
        "media_face_mark": (
            "post",
            reverse("media:face_mark", kwargs={**s, "face_id": face.public_id}),
        ),
        "media_face_answer": (
            "post",
            reverse("media:face_answer", kwargs=i),
            {"face": str(face.public_id), "answer": "clear"},
        ),
        "media_face_draw": ("post", reverse("media:face_draw", kwargs=i)),
        "media_confirm": ("post", reverse("media:confirm", kwargs={**i, "channel_key": "website"})),
        "media_thumbnail": ("get", reverse("media:thumbnail", kwargs=i)),
        "media_preview": ("get", reverse("media:preview", kwargs=i)),
        "media_safe": ("get", reverse("media:safe", kwargs={**i, "channel_key": "website"})),
        "media_face_crop": (
            "get",
            reverse("media:face_crop", kwargs={**s, "face_id": face.public_id}),
        ),
        "media_audible": ("post", reverse("media:audible", kwargs=i)),
    }


L = "login"  # a redirect to the login page
D, R = "done", "refused"  # a POST that redirected: it changed something, or nothing
# fmt: off
EXPECTED = {
    #                  anon teach intern mgmt priv comm admin board other parent oparent
    "dashboard":       (L, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404),
    "group_own":       (L, 200, 200, 200, 200, 200, 200, 403, 404, 404, 404),
    "group_other":     (L, 404, 404, 200, 200, 200, 200, 403, 404, 404, 404),
    "card_own":        (L, 200, 200, 200, 200, 200, 200, 403, 404, 404, 404),
    "pupil_own":       (L, 200, 200, 200, 200, 200, 200, 403, 404, 404, 404),
    "pupil_other":     (L, 404, 404, 200, 200, 200, 200, 403, 404, 404, 404),
    "paper_form":      (L, 403, 403, 200, 200, 403, 200, 403, 404, 404, 404),
    "flag_set":        (L, 403, 403,   D,   D, 403, 403, 403, 404, 404, 404),
    "flag_lift":       (L, 403, 403,   D,   D, 403, 403, 403, 404, 404, 404),
    "campaign":        (L, 403, 403, 200, 200, 403, 200, 403, 404, 404, 404),
    "settings":        (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "my_consent":      (L, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404),
    "search":          (L, 200, 200, 200, 200, 200, 200, 403, 404, 404, 404),
    "audit_trail":     (L, 403, 403, 200, 200, 403, 403, 200, 404, 404, 404),
    "audit_pupil":     (L, 403, 403, 200, 200, 403, 403, 200, 404, 404, 404),
    # The board's page is its own: the board member of this school sees it.
    "board":           (L, 404, 404, 404, 404, 404, 404, 200, 404, 404, 404),
    "channel_add":     (L, 403, 403,   R,   R, 403, 403, 403, 404, 404, 404),
    "channel_edit":    (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "consent_text":    (L, 403, 403,   R,   R, 403, 403, 403, 404, 404, 404),
    "school_settings": (L, 403, 403,   R,   R, 403, 403, 403, 404, 404, 404),
    # An unticked box turns the second factor off: that is a change, audited.
    "sign_in_settings": (L, 403, 403,  D,   D, 403, 403, 403, 404, 404, 404),
    "media_activities":     (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_activity_own":   (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_activity_other": (L, 404, 404, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_upload":         (L,   R,   R,   R, 403,   R, 403, 403, 404, 404, 404),
    "media_participants":   (L,   R,   R,   R, 403,   R, 403, 403, 404, 404, 404),
    "media_review":         (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_face_other":     (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_face_mark":      (L,   D,   D,   D, 403,   D, 403, 403, 404, 404, 404),
    "media_face_answer":    (L,   D,   D,   D, 403,   D, 403, 403, 404, 404, 404),
    "media_face_draw":      (L,   R,   R,   R, 403,   R, 403, 403, 404, 404, 404),
    "media_confirm":        (L,   D,   D,   D, 403,   D, 403, 403, 404, 404, 404),
    "media_thumbnail":      (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_preview":        (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_safe":           (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_face_crop":      (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_audible":        (L,   R,   R,   R, 403,   R, 403, 403, 404, 404, 404),
    "act_people_own":       (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "act_people_other":     (L, 404, 404, 200, 403, 200, 403, 403, 404, 404, 404),
    "act_inform":           (L,   D,   D,   D, 403,   D, 403, 403, 404, 404, 404),
    "act_one_off":          (L,   D,   D,   D, 403,   D, 403, 403, 404, 404, 404),
    "act_invite":           (L,   D,   D,   D, 403,   D, 403, 403, 404, 404, 404),
    "act_paper":            (L,   D,   D,   D, 403,   D, 403, 403, 404, 404, 404),
    "act_guest_paper":      (L,   D,   D,   D, 403,   D, 403, 403, 404, 404, 404),
    "act_texts":            (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "act_text":             (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "act_rules":            (L, 403, 403,   D,   D, 403, 403, 403, 404, 404, 404),
    # Management and the board only; everyone else as if it did not exist (DOMAIN 7).
    "incidents":            (L, 404, 404, 200, 404, 404, 404, 200, 404, 404, 404),
    "incident_report":      (L, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404),
    "incident":             (L, 404, 404, 200, 404, 404, 404, 200, 404, 404, 404),
    # The board is the employer: it decides measures too.
    "incident_involved":    (L, 404, 404,   D, 404, 404, 404,   D, 404, 404, 404),
    "incident_measure":     (L, 404, 404,   R, 404, 404, 404,   R, 404, 404, 404),
    "incident_evidence_add": (L, 404, 404,  R, 404, 404, 404,   R, 404, 404, 404),
    # Judging and steps: management and the board; no police report was called for.
    "incident_judge":       (L, 404, 404,   D, 404, 404, 404,   D, 404, 404, 404),
    "incident_step":        (L, 404, 404,   R, 404, 404, 404,   R, 404, 404, 404),
    "incident_letter":      (L, 404, 404, 200, 404, 404, 404, 200, 404, 404, 404),
    "staff_dossier":        (L, 404, 404, 200, 404, 404, 404, 200, 404, 404, 404),
    "pupil_dossier":        (L, 404, 404, 200, 404, 404, 404, 200, 404, 404, 404),
    "incident_evidence":    (L, 404, 404, 200, 404, 404, 404, 200, 404, 404, 404),
    # Management and the privacy contact: the school's register, its DPIA input, processors.
    "privacy":              (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "privacy_register":     (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "privacy_register_pdf": (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "privacy_dpia":         (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "privacy_dpia_pdf":     (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "processor_add":        (L, 403, 403,   D,   D, 403, 403, 403, 404, 404, 404),
    "processor_remove":     (L, 403, 403,   D,   D, 403, 403, 403, 404, 404, 404),
    # The school's connections: management and the privacy contact. A key made is shown in
    # the answer itself (200), never again.
    "api_keys":             (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "api_key_make":         (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "api_key_revoke":       (L, 403, 403,   D,   D, 403, 403, 403, 404, 404, 404),
    # A webhook made shows its secret in the answer (200), never again.
    "webhook_add":          (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "webhook_log":          (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "webhook_test":         (L, 403, 403,   D,   D, 403, 403, 403, 404, 404, 404),
    "webhook_remove":       (L, 403, 403,   D,   D, 403, 403, 403, 404, 404, 404),
    "protocol_overview":    (L, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404),
    # A new version: management only.
    "protocol_create":      (L, 403, 403,   D, 403, 403, 403, 403, 404, 404, 404),
    "protocol_detail":      (L, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404),
    # Adopted: never back to concept, not even for management.
    "protocol_move":        (L, 403, 403,   R, 403, 403, 403, 403, 404, 404, 404),
    "protocol_acknowledge": (L,   D,   D,   D,   D,   D,   D,   D, 404, 404, 404),
    # Without what it is for: refused, for management; the others may not grant at all.
    "protocol_grant":       (L, 403, 403, 200, 403, 403, 403, 403, 404, 404, 404),
    "protocol_public":      (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "privacy_public":       (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "pub_list":             (L, 200, 403, 200, 403, 200, 403, 403, 404, 404, 404),
    "pub_new":              (L, 200, 403, 200, 403, 200, 403, 403, 404, 404, 404),
    "pub_detail":           (L, 200, 404, 200, 404, 200, 404, 404, 404, 404, 404),
    "pub_edit":             (L, 200, 403, 403, 403, 403, 403, 403, 404, 404, 404),
    "pub_submit":           (L,   D, 403,   R, 403,   R, 403, 403, 404, 404, 404),
    # A draft is not pulled back: refused, by the author as by anyone else.
    "pub_pull_back":        (L,   R, 403,   R, 403,   R, 403, 403, 404, 404, 404),
    "pub_approve":          (L, 403, 403,   R, 403,   R, 403, 403, 404, 404, 404),
    "pub_send_back":        (L, 403, 403,   R, 403,   R, 403, 403, 404, 404, 404),
    "pub_publish":          (L, 403, 403,   R, 403,   R, 403, 403, 404, 404, 404),
    "pub_withdraw":         (L, 403, 403,   R, 403,   R, 403, 403, 404, 404, 404),
    "pub_placement_add":    (L,   R, 403,   R, 403,   R, 403, 403, 404, 404, 404),
    "pub_placement_not_used": (L,   D, 403,   D, 403,   D, 403, 403, 404, 404, 404),
    "pub_export":           (L, 302, 403, 302, 403, 302, 403, 403, 404, 404, 404),
    "pub_ask":              (L,   R, 404,   R, 404,   R, 404, 404, 404, 404, 404),
    "pub_disclaimer":       (L,   D, 403,   R, 403,   R, 403, 403, 404, 404, 404),
    "pub_move_media":       (L,   R, 403,   R, 403,   R, 403, 403, 404, 404, 404),
    "takedowns":            (L, 403, 403, 200, 403, 200, 403, 403, 404, 404, 404),
    "takedown":             (L, 403, 403, 200, 403, 200, 403, 403, 404, 404, 404),
    # Nothing drafted for the school's own website: refused, with the reason shown.
    "takedown_send_request": (L, 403, 403, R, 403, R, 403, 403, 404, 404, 404),
    # The teacher recorded it; management and the privacy contact keep the register and see
    # that it exists; its content opens for her (and her supervisor) only, whatever the role.
    "recordings":         (L, 200, 200, 200, 200, 403, 403, 403, 404, 404, 404),
    "recording":          (L, 200, 404, 200, 200, 404, 404, 404, 404, 404, 404),
    "recording_consulted": (L,  R, 404,   R,   R, 404, 404, 404, 404, 404, 404),
    "recording_ask":      (L,   R, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "recording_upload":   (L,   R, 404,   R,   R, 404, 404, 404, 404, 404, 404),
    "recording_reviewed": (L,   R, 404,   R,   R, 404, 404, 404, 404, 404, 404),
    "recording_play":     (L, 200, 403, 403, 403, 403, 403, 403, 404, 404, 404),
    "recording_stream":   (L, 200, 403, 403, 403, 403, 403, 403, 404, 404, 404),
    "portal":          (L, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal_news":     (L, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal_news_image": (L, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "portal_news_video": (L, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "portal_child":    (L, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "portal_myself":   (L, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "portal_my_placements": (L, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    # Her own child's data, to her only; the download is audited.
    "portal_export":   (L, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "portal_receipt":  (L, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    # Only her own child's parent with parental authority: set, and audited.
    "portal_no_images": (L, 404, 404, 404, 404, 404, 404, 404, 404, D, 404),
    # Only the accompanying parent the school invited, by the address she signs in with.
    # Only a parent of a child who took part in the activity.
    "portal_one_off": (L, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "portal_recording_question": (L, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "portal_guest": (L, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "portal_placements": (L, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "home":            (L, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "admin":           (L, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "public_news":     (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "public_feed":     (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "public_item":     (404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "public_image":    (404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "public_video":    (404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
}
# fmt: on


@pytest.mark.parametrize("url_name", EXPECTED)
def test_permission_matrix(client, world, url_name):
    users, urls = world
    method, url, *data = urls[url_name]
    got = {}
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        with transaction.atomic():
            events = AuditEvent.objects.count()
            response = getattr(client, method)(
                url,
                (data[0] if data else {"kind": "safeguarding", "answer": "clear"})
                if method == "post"
                else None,
            )
            got[role] = response.status_code
            if response.status_code == 302 and "/accounts/login/" in response["Location"]:
                got[role] = L
            elif response.status_code == 302 and method == "post":
                got[role] = D if AuditEvent.objects.count() > events else R
            transaction.set_rollback(True)
    assert got == dict(zip(ROLES, EXPECTED[url_name], strict=True))


def test_every_url_is_in_the_matrix(world):
    """A new URL without a row in EXPECTED fails here, so no page escapes the sweep."""
    from django.urls import get_resolver, resolve

    _users, urls = world
    assert set(urls) == set(EXPECTED)
    ours = {
        f"{namespace}:{name}"
        for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items()
        if namespace
        in (
            "consent",
            "portal",
            "media",
            "activities",
            "protocol",
            "incidents",
            "privacy",
            "integrations",
            "publications",
            "public",
            "audit",
            "recordings",
        )
        for name in resolver.reverse_dict
        if isinstance(name, str)
    }
    swept = {resolve(url.split("?")[0]).view_name for _method, url, *_data in urls.values()}
    assert ours == {name for name in swept if ":" in name and not name.startswith("admin:")}


def _random_ids(o) -> SimpleNamespace:
    """The same names as `school_objects` gives, with ids nobody has."""
    return SimpleNamespace(**{name: SimpleNamespace(public_id=uuid.uuid4()) for name in vars(o)})


@pytest.fixture
def theirs(other_school, meester_ole):
    """The other school's objects, made by its own staff."""
    from beeldwacht.schools.models import SchoolClass

    klas5 = SchoolClass.objects.get(school=other_school, name="5")
    klas6 = SchoolClass.objects.create(school=other_school, name="6")
    pupil = make_pupil(other_school, klas5, "9001", first="Noor")
    make_guardian(other_school, pupil, "Noors moeder", "noor.moeder@example.nl")
    other = make_pupil(other_school, klas6, "9002", first="Ties")
    manager = staff(other_school, "directie@hetanker.nl", Role.MANAGEMENT)
    return school_objects(
        other_school, klas5, klas6, pupil, other, meester_ole, manager, "noor.moeder@example.nl"
    )


@pytest.mark.parametrize("role", ["teacher", "management", "privacy", "parent"])
def test_another_schools_ids_under_ones_own_school_code(client, school, world, theirs, role):
    """Our staff and parents, at our school's address, with the other school's ids: the same
    answer as for ids that exist nowhere, and nothing changes (issue #9, done means)."""
    users, ours = world
    s = {"brin": school.brin}
    foreign, unknown = urls_for(s, theirs), urls_for(s, _random_ids(theirs))
    client.force_login(users[role])
    named = [name for name in ours if foreign[name][1] != ours[name][1]]
    assert len(named) > 40  # every URL that names an object
    answers = {}
    for name in named:
        method, url, *data = foreign[name]
        _method, unknown_url, *unknown_data = unknown[name]
        with transaction.atomic():
            events = AuditEvent.objects.count()
            post = {"kind": "safeguarding", "answer": "clear"}
            got = getattr(client, method)(url, (data or [post])[0] if method == "post" else None)
            expected = getattr(client, method)(
                unknown_url, (unknown_data or [post])[0] if method == "post" else None
            )
            got, expected = got.status_code, expected.status_code
            assert AuditEvent.objects.count() == events, name
            transaction.set_rollback(True)
        if got != expected or got not in (403, 404):
            answers[name] = (got, expected)
    assert answers == {}
