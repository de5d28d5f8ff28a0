# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""The API keeps its OpenAPI contract under fuzzing: schemathesis with all of its checks.

Every operation of the served document, anonymous and with a read-write token, with a bounded
number of generated examples and a fixed seed (``derandomize``) so that a run is repeatable and
takes the same time. Any failure (a 500, an undocumented status, a body that does not match its
schema, accepted invalid input, …) fails the suite. Runs in-process over WSGI: no server.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from config.wsgi import application
from stadtnetz.users.services import api_token_create

MAX_EXAMPLES = 10  # per operation and mode: at most 20 per operation, about 2 minutes in all

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.usefixtures("connection_kept_open"),
]


@pytest.fixture
def connection_kept_open():
    """The WSGI handler closes the database connection after every request, which on PostgreSQL
    ends the test's transaction; Django's test client switches that off in the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Schema-valid requests may still break a rule that JSON Schema cannot state (an assessment
# needs an answer to every question, a search query needs a word): the API answers those with
# 400 in its error shape, naming the field, so 400 counts as a proper answer to valid data.
CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {
        "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]}}}
)  # fmt: skip
# Loaded once at collection, over WSGI from the served document (it needs no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)
with_token = schema.include(func=lambda ctx: bool(ctx.operation.definition.raw.get("security")))

FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def bearer(make_user) -> dict[str, str]:
    user = make_user("fuzzer")
    return {"Authorization": f"Bearer {api_token_create(user=user, name='fuzz').secret}"}


@schema.parametrize()
@FUZZ
def test_api_anonymous(case):
    case.call_and_validate()


@with_token.parametrize()
@FUZZ
def test_api_with_a_token(case, bearer):
    case.call_and_validate(headers=bearer)
