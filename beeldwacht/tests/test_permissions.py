"""Every URL x every role. Another school's objects are a 404, so nobody can confirm they
exist; a page of one's own school that the role does not allow is a 403."""

import pytest
from django.urls import reverse

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


@pytest.fixture
def media(school, groep5, groep6, directeur_bas):
    from datetime import date

    from beeldwacht.media import services as media_services
    from beeldwacht.media.tests.photos import jpeg_bytes, portrait

    trip = media_services.activity_create(
        school=school, name="Schoolreis", date=date(2026, 6, 1), classes=[groep5], by=directeur_bas
    )
    sports = media_services.activity_create(
        school=school, name="Sportdag", date=date(2026, 6, 2), classes=[groep6], by=directeur_bas
    )
    item = media_services.media_upload(
        activity=trip, name="foto.jpg", data=jpeg_bytes(portrait()), by=directeur_bas
    )
    media_services.media_analyse(item_id=item.pk)
    item.refresh_from_db()
    return trip, sports, item, item.faces.get()


@pytest.fixture
def world(school, other_school, groep5, groep6, sanne, moeder_mila, media):
    daan = make_pupil(school, groep6, "1002", first="Daan")
    other_parent = make_guardian(school, daan, "Dirk", "dirk@example.nl")
    flag = PupilFlag.objects.create(
        school=school, pupil=sanne, kind="custody_dispute", set_on="2026-01-01"
    )
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
    s = {"brin": school.brin}
    from beeldwacht.consent.models import Channel
    from beeldwacht.publications import services as publication_services

    draft = publication_services.publication_create(
        school=school,
        title="Nieuws",
        body="Groep 5 ging op reis.",
        channels=[Channel.objects.get(school=school, key="website")],
        by=users["teacher"],
    )
    p = {**s, "publication_id": draft.public_id}
    from django.utils import timezone

    from beeldwacht.takedowns.models import Placement, Takedown

    takedown = Takedown.objects.create(
        school=school,
        placement=Placement.objects.create(
            publication=draft, channel=draft.channels.get(), placed_on="2026-06-01"
        ),
        pupil=sanne,
        reason=Takedown.Reason.CONSENT,
        status=Takedown.Status.OPEN,
        due_on="2026-06-03",
        opened_at=timezone.now(),
    )
    # A downloaded package nobody placed yet (the author may say it was not used).
    pending = Placement.objects.create(
        publication=draft, channel=draft.channels.get(), placed_on="2026-06-01", pending=True
    )
    urls = {
        "dashboard": ("get", reverse("consent:dashboard", kwargs=s)),
        "group_own": ("get", reverse("consent:group", kwargs={**s, "class_id": groep5.public_id})),
        "group_other": (
            "get",
            reverse("consent:group", kwargs={**s, "class_id": groep6.public_id}),
        ),
        "card_own": ("get", reverse("consent:card", kwargs={**s, "class_id": groep5.public_id})),
        "pupil_own": ("get", reverse("consent:pupil", kwargs={**s, "pupil_id": sanne.public_id})),
        "pupil_other": ("get", reverse("consent:pupil", kwargs={**s, "pupil_id": daan.public_id})),
        "paper_form": (
            "get",
            reverse("consent:paper_form", kwargs={**s, "pupil_id": sanne.public_id}),
        ),
        "flag_set": (
            "post",
            reverse("consent:flag_set", kwargs={**s, "pupil_id": sanne.public_id}),
        ),
        "flag_lift": (
            "post",
            reverse(
                "consent:flag_lift",
                kwargs={**s, "pupil_id": sanne.public_id, "flag_id": flag.public_id},
            ),
        ),
        "campaign": ("get", reverse("consent:campaign", kwargs=s)),
        "settings": ("get", reverse("consent:settings", kwargs=s)),
        "my_consent": ("get", reverse("consent:my_consent", kwargs=s)),
        "channel_add": ("post", reverse("consent:channel_add", kwargs=s)),
        "channel_edit": (
            "get",
            reverse(
                "consent:channel_edit",
                kwargs={**s, "channel_id": school.channels.get(key="website").public_id},
            ),
        ),
        "consent_text": ("post", reverse("consent:consent_text", kwargs=s)),
        "school_settings": ("post", reverse("consent:school_settings", kwargs=s)),
        **media_urls(s, *media),
        "pub_list": ("get", reverse("publications:list", kwargs=s)),
        "pub_new": ("get", reverse("publications:new", kwargs=s)),
        "pub_detail": ("get", reverse("publications:detail", kwargs=p)),
        "pub_edit": ("get", reverse("publications:edit", kwargs=p)),
        "pub_submit": ("post", reverse("publications:submit", kwargs=p)),
        "pub_approve": ("post", reverse("publications:approve", kwargs=p)),
        "pub_send_back": ("post", reverse("publications:send_back", kwargs=p)),
        "pub_publish": ("post", reverse("publications:publish", kwargs=p)),
        "pub_withdraw": ("post", reverse("publications:withdraw", kwargs=p)),
        "pub_placement_add": ("post", reverse("publications:placement_add", kwargs=p)),
        "pub_placement_not_used": (
            "post",
            reverse(
                "publications:placement_not_used",
                kwargs={**p, "placement_id": pending.public_id},
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
            reverse("publications:move_media", kwargs={**p, "item_id": media[2].public_id}),
        ),
        "takedowns": ("get", reverse("publications:takedowns", kwargs=s)),
        "takedown": (
            "get",
            reverse("publications:takedown", kwargs={**s, "takedown_id": takedown.public_id}),
        ),
        "portal": ("get", reverse("portal:overview")),
        "portal_news": ("get", reverse("portal:news")),
        # Not in anyone's feed: nobody may fetch it, whatever they know of its ids.
        "portal_news_image": (
            "get",
            reverse(
                "portal:news_image",
                kwargs={"publication_id": draft.public_id, "item_id": media[2].public_id},
            ),
        ),
        "portal_news_video": (
            "get",
            reverse(
                "portal:news_video",
                kwargs={"publication_id": draft.public_id, "item_id": media[2].public_id},
            ),
        ),
        "portal_child": ("get", reverse("portal:child", kwargs={"pupil_id": sanne.public_id})),
        # Sanne is 9: nobody has her own page, not even her mother.
        "portal_myself": ("get", reverse("portal:myself", kwargs={"pupil_id": sanne.public_id})),
        "portal_receipt": ("get", reverse("portal:receipt", kwargs={"pupil_id": sanne.public_id})),
        "portal_placements": (
            "get",
            reverse("portal:placements", kwargs={"pupil_id": sanne.public_id}),
        ),
    }
    return users, urls


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
        "media_face_mark": (
            "post",
            reverse("media:face_mark", kwargs={**s, "face_id": face.public_id}),
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
    "flag_set":        (L, 403, 403, 302, 302, 403, 403, 403, 404, 404, 404),
    "flag_lift":       (L, 403, 403, 302, 302, 403, 403, 403, 404, 404, 404),
    "campaign":        (L, 403, 403, 200, 200, 403, 200, 403, 404, 404, 404),
    "settings":        (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "my_consent":      (L, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404),
    "channel_add":     (L, 403, 403, 302, 302, 403, 403, 403, 404, 404, 404),
    "channel_edit":    (L, 403, 403, 200, 200, 403, 403, 403, 404, 404, 404),
    "consent_text":    (L, 403, 403, 302, 302, 403, 403, 403, 404, 404, 404),
    "school_settings": (L, 403, 403, 302, 302, 403, 403, 403, 404, 404, 404),
    "media_activities":     (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_activity_own":   (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_activity_other": (L, 404, 404, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_upload":         (L, 302, 302, 302, 403, 302, 403, 403, 404, 404, 404),
    "media_participants":   (L, 302, 302, 302, 403, 302, 403, 403, 404, 404, 404),
    "media_review":         (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_face_mark":      (L, 302, 302, 302, 403, 302, 403, 403, 404, 404, 404),
    "media_face_draw":      (L, 302, 302, 302, 403, 302, 403, 403, 404, 404, 404),
    "media_confirm":        (L, 302, 302, 302, 403, 302, 403, 403, 404, 404, 404),
    "media_thumbnail":      (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_preview":        (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_safe":           (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_face_crop":      (L, 200, 200, 200, 403, 200, 403, 403, 404, 404, 404),
    "media_audible":        (L, 302, 302, 302, 403, 302, 403, 403, 404, 404, 404),
    "pub_list":             (L, 200, 403, 200, 403, 200, 403, 403, 404, 404, 404),
    "pub_new":              (L, 200, 403, 200, 403, 200, 403, 403, 404, 404, 404),
    "pub_detail":           (L, 200, 404, 200, 404, 200, 404, 404, 404, 404, 404),
    "pub_edit":             (L, 200, 403, 403, 403, 403, 403, 403, 404, 404, 404),
    "pub_submit":           (L, 302, 403, 302, 403, 302, 403, 403, 404, 404, 404),
    "pub_approve":          (L, 403, 403, 302, 403, 302, 403, 403, 404, 404, 404),
    "pub_send_back":        (L, 403, 403, 302, 403, 302, 403, 403, 404, 404, 404),
    "pub_publish":          (L, 403, 403, 302, 403, 302, 403, 403, 404, 404, 404),
    "pub_withdraw":         (L, 403, 403, 302, 403, 302, 403, 403, 404, 404, 404),
    "pub_placement_add":    (L, 302, 403, 302, 403, 302, 403, 403, 404, 404, 404),
    "pub_placement_not_used": (L, 302, 403, 302, 403, 302, 403, 403, 404, 404, 404),
    "pub_export":           (L, 302, 403, 302, 403, 302, 403, 403, 404, 404, 404),
    "pub_ask":              (L, 302, 404, 302, 404, 302, 404, 404, 404, 404, 404),
    "pub_disclaimer":       (L, 302, 403, 302, 403, 302, 403, 403, 404, 404, 404),
    "pub_move_media":       (L, 302, 403, 302, 403, 302, 403, 403, 404, 404, 404),
    "takedowns":            (L, 403, 403, 200, 403, 200, 403, 403, 404, 404, 404),
    "takedown":             (L, 403, 403, 200, 403, 200, 403, 403, 404, 404, 404),
    "portal":          (L, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal_news":     (L, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal_news_image": (L, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "portal_news_video": (L, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "portal_child":    (L, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "portal_myself":   (L, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "portal_receipt":  (L, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "portal_placements": (L, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404),
}
# fmt: on


@pytest.mark.parametrize("url_name", EXPECTED)
def test_permission_matrix(client, world, url_name):
    users, urls = world
    method, url = urls[url_name]
    got = {}
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        response = getattr(client, method)(
            url, {"kind": "safeguarding", "answer": "clear"} if method == "post" else None
        )
        got[role] = response.status_code
        if response.status_code == 302 and "/accounts/login/" in response["Location"]:
            got[role] = L
    assert got == dict(zip(ROLES, EXPECTED[url_name], strict=True))


def test_every_url_is_in_the_matrix(world):
    """A new URL without a row in EXPECTED fails here, so no page escapes the sweep."""
    from django.urls import get_resolver, resolve

    _users, urls = world
    assert set(urls) == set(EXPECTED)
    ours = {
        f"{namespace}:{name}"
        for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items()
        if namespace in ("consent", "portal", "media", "publications")
        for name in resolver.reverse_dict
        if isinstance(name, str)
    }
    assert ours == {resolve(url).view_name for _method, url in urls.values()}
