"""Query counts of the pages a withdrawal touches, pinned (issue #8, done means): a public
image in at most 6 queries, the portal consent POST in 20, a news page in a number of
queries that does not grow with its items. The clearances are cached per consent version of
the school (publications.serving), so a second request reads them without the consent
tables."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beeldwacht.consent.models import Kind
from beeldwacht.publications import services
from beeldwacht.publications.tests.conftest import public_image_url, put_out


def test_a_public_image_costs_a_fixed_number_of_queries(
    client, school, fast_trip, django_assert_max_num_queries
):
    url = public_image_url(fast_trip["publication"], fast_trip["group"])
    assert client.get(url).status_code == 200  # renders the rendition once
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


def _queries(client, url) -> int:
    client.get(url)  # fills the cache
    with CaptureQueriesContext(connection) as counted:
        assert client.get(url).status_code == 200
    return len(counted)


def test_the_news_page_costs_the_same_with_more_items(
    client, school, fast_trip, juf_anna, directeur_bas
):
    url = reverse("public:news", kwargs={"brin": school.brin})
    one = _queries(client, url)
    for title in ("Sportdag", "Kerstviering", "Musical"):
        more = services.publication_create(
            school=school,
            title=title,
            body="Fijne dag.",
            channels=[fast_trip["website"]],
            media=[fast_trip["group"], fast_trip["portrait"]],
            activity=fast_trip["activity"],
            by=juf_anna,
        )
        put_out(more, juf_anna, directeur_bas)
    assert _queries(client, url) == one
    assert client.get(url).content.decode().count("Fijne dag.") == 3


def test_the_portal_consent_post(client, fast_trip):
    mother, lot, website = fast_trip["mother"], fast_trip["lot"], fast_trip["website"]
    client.force_login(mother.user)
    url = reverse("portal:child", kwargs={"pupil_id": lot.public_id})
    with CaptureQueriesContext(connection) as counted:
        response = client.post(url, {f"c_{website.pk}_{Kind.IMAGE}": "no"})
    assert response.status_code == 302
    statements = [q["sql"] for q in counted.captured_queries]
    # The action's transaction is a savepoint here only because the test runs in one; in
    # production it is the request's BEGIN and COMMIT. No other savepoint is made.
    savepoints = [sql for sql in statements if "SAVEPOINT" in sql]
    assert len(savepoints) == 2
    # 20 (was 47): the request (4: session, user, the child, the channels); the registry
    # under the lock (9: lock, the child's consent facts 3, the text in force, the record,
    # its audit event 3); the ledger (7: mentions, possible appearances, placements,
    # entries already there, the new entries, their audit event chained on the first 2).
    # Here 19: the fixture's own audit events ran in the same (test) transaction, so even
    # the first event of the request chains on without reading the head.
    assert len(statements) - len(savepoints) <= 20, "\n".join(statements)
    assert any("INSERT" in sql and "takedown" in sql for sql in statements)
