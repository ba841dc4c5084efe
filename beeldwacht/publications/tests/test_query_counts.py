"""Query counts of the pages a withdrawal touches, pinned (issue #8, done means). They are the
counts of today, as upper bounds, so that nothing grows unnoticed. The targets (a public image
in at most 6 queries, the portal consent POST in 20, a news page constant in its number of
items) need the per-school consent
version of issue #8, build item 9; lower these bounds as that lands."""

from django.urls import reverse

from beeldwacht.consent.models import Kind


def test_a_public_image_costs_a_fixed_number_of_queries(
    client, school, fast_trip, django_assert_max_num_queries
):
    url = reverse(
        "public:image",
        kwargs={
            "brin": school.brin,
            "publication_id": fast_trip["publication"].public_id,
            "item_id": fast_trip["group"].public_id,
        },
    )
    assert client.get(url).status_code == 200  # renders the rendition once
    with django_assert_max_num_queries(28):  # target: 6
        assert client.get(url).status_code == 200


def test_the_portal_consent_post(client, fast_trip, django_assert_max_num_queries):
    mother, lot, website = fast_trip["mother"], fast_trip["lot"], fast_trip["website"]
    client.force_login(mother.user)
    url = reverse("portal:child", kwargs={"pupil_id": lot.public_id})
    # 47: the action's transaction around the registry's adds a savepoint pair. Target: 20.
    with django_assert_max_num_queries(47) as counted:
        response = client.post(url, {f"c_{website.pk}_{Kind.IMAGE}": "no"})
    assert response.status_code == 302
    assert len(counted) > 5  # it really saved and ran the ledger
