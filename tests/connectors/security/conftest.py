"""The security suite reuses the gateway and console fixtures."""

from tests.connectors.console.conftest import console_gateway  # noqa: F401 - fixture
