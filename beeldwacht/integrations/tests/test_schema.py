"""The OpenAPI document holds (issue 14, done means): schemathesis generates calls from it
against a live server, with a key of every scope, and finds no server error and no answer
that breaks the document. Runs on SQLite and PostgreSQL like every test."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from beeldwacht.integrations.services import key_create
from conftest import make_guardian, make_pupil

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def token(school, directeur_bas):
    scopes = ["consent:read", "publications:read", "roster:write"]
    return key_create(school=school, name="Schemathesis", scopes=scopes, by=directeur_bas)[1]


def test_the_api_keeps_to_its_document(live_server, school, groep5, token):
    pupil = make_pupil(school, groep5, "1001")
    make_guardian(school, pupil, "Mila", "mila@example.nl")
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {
        "/api/v1/consent/pupil",
        "/api/v1/consent/group",
        "/api/v1/roster",
    }
    for operation in operations:
        # (Not schemathesis's pytest plugin: it does not run under this pytest.)
        @given(case=operation.as_strategy())
        @settings(
            max_examples=40,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def keeps_to_it(case):
            case.call_and_validate(
                headers={"Authorization": f"Bearer {token}"},
                # A roster with problems is well-formed and still refused (422, with the
                # problems): the document cannot say which columns a school's file has.
                excluded_checks=[positive_data_acceptance],
            )

        keeps_to_it()
