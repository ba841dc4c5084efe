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
def world(school, other_school, groep5, groep6, sanne, moeder_mila):
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
        "portal": ("get", reverse("portal:overview")),
        "portal_child": ("get", reverse("portal:child", kwargs={"pupil_id": sanne.public_id})),
        "portal_receipt": ("get", reverse("portal:receipt", kwargs={"pupil_id": sanne.public_id})),
    }
    return users, urls


L = "login"  # a redirect to the login page
EXPECTED = {
    #                anon teach intern mgmt priv comm admin board other parent oparent
    "dashboard": (L, 200, 200, 200, 200, 200, 200, 200, 404, 404, 404),
    "group_own": (L, 200, 200, 200, 200, 200, 200, 403, 404, 404, 404),
    "group_other": (L, 404, 404, 200, 200, 200, 200, 403, 404, 404, 404),
    "card_own": (L, 200, 200, 200, 200, 200, 200, 403, 404, 404, 404),
    "pupil_own": (L, 200, 200, 200, 200, 200, 200, 403, 404, 404, 404),
    "pupil_other": (L, 404, 404, 200, 200, 200, 200, 403, 404, 404, 404),
    "paper_form": (L, 403, 403, 200, 200, 403, 200, 403, 404, 404, 404),
    "flag_set": (L, 403, 403, 302, 302, 403, 403, 403, 404, 404, 404),
    "flag_lift": (L, 403, 403, 302, 302, 403, 403, 403, 404, 404, 404),
    "campaign": (L, 403, 403, 200, 200, 403, 200, 403, 404, 404, 404),
    "portal": (L, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal_child": (L, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404),
    "portal_receipt": (L, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404),
}


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
            url, {"kind": "safeguarding"} if method == "post" else None
        )
        got[role] = response.status_code
        if response.status_code == 302 and "/accounts/login/" in response["Location"]:
            got[role] = L
    assert got == dict(zip(ROLES, EXPECTED[url_name], strict=True))


def test_every_url_is_in_the_matrix(world):
    _users, urls = world
    assert set(urls) == set(EXPECTED)
    from django.urls import get_resolver

    ours = {
        f"{ns}:{name}"
        for ns, (_prefix, resolver) in get_resolver().namespace_dict.items()
        if ns in ("consent", "portal")
        for name in resolver.reverse_dict
        if isinstance(name, str)
    }
    covered = {
        "consent:" + n
        for n in (
            "dashboard",
            "group",
            "card",
            "pupil",
            "paper_form",
            "flag_set",
            "flag_lift",
            "campaign",
        )
    }
    covered |= {"portal:" + n for n in ("overview", "child", "receipt")}
    assert ours == covered
