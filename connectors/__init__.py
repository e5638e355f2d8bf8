"""policybot gateway: every channel (web widget, WeChat Official Account, WeCom, plain HTTP) enters here and
reaches Rasa over HTTP.

Public face: ``create_app`` (``connectors.app``), ``Settings``/``get_settings``, the error root
``ConnectorError``, and the extension points documented in docs/connectors-core.md (``db``, ``events``,
``conversation.HandoffGate``, ``delivery.DeliveryService``, ``rasa_client.RasaClient``).
"""

from connectors.errors import ConnectorError
from connectors.settings import Settings, get_settings

__all__ = ["ConnectorError", "Settings", "create_app", "get_settings"]


def create_app(settings: Settings | None = None):
    """``connectors.app.create_app``; imported on call so ``import connectors`` stays light for the CLI."""
    from connectors.app import create_app as _create_app

    return _create_app(settings)
