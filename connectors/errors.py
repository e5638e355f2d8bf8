"""Exceptions of the gateway, rooted at ``ConnectorError`` so callers can catch the whole package at once."""

from __future__ import annotations


class ConnectorError(Exception):
    """Root of every error raised by ``connectors``."""


class ConfigError(ConnectorError):
    """Settings are missing or unsafe for the requested feature (e.g. a placeholder secret in production)."""


class SignatureError(ConnectorError):
    """A callback's signature or msg_signature does not match: the request did not come from WeChat."""


class DecryptError(ConnectorError):
    """A safe-mode payload could not be decrypted, or its trailing AppID/CorpID is not ours."""


class MessageParseError(ConnectorError):
    """A callback body is not well-formed, is too large, or uses forbidden XML constructs."""


class RasaUnavailable(ConnectorError):
    """The Rasa server did not answer, or answered with an error status."""


class WeChatAPIError(ConnectorError):
    """A WeChat/WeCom HTTP API call failed; ``errcode`` carries WeChat's code when there was one."""

    def __init__(self, message: str, errcode: int | None = None) -> None:
        super().__init__(message)
        self.errcode = errcode


class DeliveryError(ConnectorError):
    """A message could not be delivered to its channel (it stays in the message log with its status)."""


class ReplayError(SignatureError):
    """A correctly signed callback was seen before with another body, or its timestamp is outside the window."""


class RateLimited(ConnectorError):
    """A client exceeded a request limit; ``retry_after`` says in how many seconds it may try again."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = max(1, int(retry_after + 0.999))
