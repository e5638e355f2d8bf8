"""schemathesis against the gateway's OpenAPI schema: no generated request gets a 500. Bounded to a few
examples per operation so the run stays under a minute.

schemathesis' own pytest plugin does not run under pytest 9 here, so the operations are driven through
hypothesis directly (``operation.as_strategy()``), which is the same generation without the plugin."""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from connectors.app import create_app
from connectors.settings import Settings
from tests.connectors.conftest import RasaPeer
from tests.connectors.servers import serve

pytestmark = pytest.mark.integration
EXAMPLES_PER_OPERATION = 10


def test_no_generated_request_gets_a_server_error(tmp_path: Path):
    peer = RasaPeer()
    with serve(peer.app) as rasa_url:
        app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'gateway.db'}", rasa_url=rasa_url,
                                  reminder_poll_s=3600, wechat_oa_token="schema-token-77a1",
                                  wechat_oa_appid="wxschema"))
        with serve(app) as url:
            schema = schemathesis.openapi.from_url(url + "/openapi.json")
            server_errors: list[str] = []
            operations = [result.ok() for result in schema.get_all_operations()]

            for operation in operations:
                exercise(operation, url, server_errors)
    assert len(operations) > 20  # the schema lists the chat, widget, WeChat and console operations
    assert server_errors == []


def exercise(operation, url: str, server_errors: list[str]) -> None:
    """Send ``EXAMPLES_PER_OPERATION`` generated requests to one operation, recording any 5xx."""

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def call(case) -> None:
        response = case.call(base_url=url, timeout=10)
        if response.status_code >= 500:
            server_errors.append(f"{operation.method.upper()} {operation.path}: {response.status_code} "
                                 f"for {case.path_parameters} {case.query} {case.body!r:.200}")

    call()
