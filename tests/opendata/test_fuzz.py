"""schemathesis against /api/schema/ on a live server: no generated request, valid or not, gets a server error.

A small, bounded run (FUZZ_EXAMPLES per operation, default 6) that `make test` always runs; `make fuzz` runs the
same check much longer against the demo data. (schemathesis' own pytest plugin does not run under pytest 9 yet, so
the operations' hypothesis strategies are driven directly.)
"""

import os

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from .conftest import Directory

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))


def test_no_server_errors(live_server, live_directory: Directory) -> None:  # noqa: ANN001
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)  # fmt: skip
        def run(case) -> None:  # noqa: ANN001
            case.call_and_validate(checks=[not_a_server_error], timeout=60)

        run()
        tested.append(operation.path)
    assert {"/api/nearby/", "/export/services.csv", "/ogc/collections/services/items"} <= set(tested)
