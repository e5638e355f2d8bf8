"""Short-lived tokens that let the widget open its live stream (SSE) without the session id in the URL.

``EventSource`` cannot send headers, so the stream URL has to carry a credential. A Fernet token (AES-CBC +
HMAC with a timestamp, from ``cryptography``) is opaque: a token that lands in an access log neither reveals the
session id (which would let its reader post messages and read the transcript) nor outlives ``ttl_s``.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken


class StreamTokens:
    def __init__(self, secret: str | None, ttl_s: int = 300) -> None:
        material = hashlib.sha256(b"policybot-web-stream:" + secret.encode()).digest() if secret else os.urandom(32)
        self._fernet = Fernet(base64.urlsafe_b64encode(material))
        self.ttl_s = ttl_s

    def issue(self, session: str) -> str:
        return self._fernet.encrypt(session.encode()).decode("ascii")

    def read(self, token: str) -> str | None:
        """The session behind a token that is ours and younger than ``ttl_s``, else None."""
        try:
            return self._fernet.decrypt(token.encode("ascii", "ignore"), ttl=self.ttl_s).decode()
        except (InvalidToken, UnicodeDecodeError):
            return None
