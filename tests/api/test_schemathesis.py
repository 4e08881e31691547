"""Property-based fuzzing of the API from its own OpenAPI schema, with all of schemathesis's
checks: no input makes it fail (5xx), every answer has a declared status and matches its
declared schema, invalid input is refused, valid input is accepted, and so on.

Schemathesis reads ``/api/v1/openapi.json`` from the Django WSGI application in-process and
sends generated requests, valid and invalid, with a superuser's bearer token (so every unit
is reachable). Six examples an operation, to keep the run short on SQLite and PostgreSQL;
``bench/bench_api_contract.py`` runs the same over thousands of cases.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from guongsang.wsgi import application
from tests.api.contract import ADDITIONAL_CHECKS, EXCLUDED_CHECKS
from tests.conftest import obtain_token

# Loaded at collection from the app itself (no server); the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def wsgi_keeps_test_connection(org_tree):
    # Requests go through the real WSGI handler, which closes the database connection when a
    # request starts and finishes; under a test's transaction that would drop the test's data.
    # Django's own test client disconnects this handler the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(superuser) -> dict[str, str]:
    response = obtain_token(superuser.username)
    assert response.status_code == 200
    return {"Authorization": f"Bearer {response.json()['token']}"}


@schema.parametrize()
# Derandomised: the same examples on every run, so a landing is never blocked by a draw no earlier
# run made. The wider random search is bench/bench_api_contract.py (5,500 cases). A PostgreSQL run
# once drew a multipart part whose name held a raw carriage return: Django's parser then lost the
# file part silently and the API answered 422 "file missing" to a request the schema allows — a
# known gap, listed in the issue note, to be answered 400 (malformed multipart) instead.
@settings(
    max_examples=6,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_any_input_keeps_the_contract(case, bearer, wsgi_keeps_test_connection):
    # No ``checks=``: schemathesis's whole default set, one check adjusted (see tests/api/contract.py).
    case.call_and_validate(
        headers=bearer, excluded_checks=EXCLUDED_CHECKS, additional_checks=ADDITIONAL_CHECKS
    )
