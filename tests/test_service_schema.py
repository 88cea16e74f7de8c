"""schemathesis against the running service's OpenAPI document, bounded: no server error, and
no response the document does not allow (status, content type, body schema).

The three job submissions are left out of the fuzzing (a generated job of 2,000 replications
would keep a worker busy long after the test) and tested by their own tests.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from tests.service_server import auth, config, serving

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


def test_the_service_keeps_its_document() -> None:
    with serving(config(store=":memory:", request_seconds=20.0)) as url:
        api = schemathesis.openapi.from_url(f"{url}/openapi.json")
        api = api.exclude(path_regex=r"^/v1/jobs/(waits|simulate|explanations)$")
        operations = [found.ok() for found in api.get_all_operations()]
        assert len(operations) > 15
        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=8,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def keeps(case: schemathesis.Case) -> None:
                case.call_and_validate(headers=auth("place"), checks=CHECKS)

            keeps()
