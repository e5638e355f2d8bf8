"""Keep secrets and tokens out of every log line, whichever library writes it and at whatever level.

Installed as a ``LogRecord`` factory rather than a ``logging.Filter``: a filter on one logger does not see records
that propagate from its children, and one on each handler misses handlers added later (uvicorn adds its own).
The factory runs once per record that passes its logger's level, so disabled debug logging costs nothing.
Arguments are redacted one by one instead of being formatted into the message, because uvicorn's access
formatter unpacks ``record.args`` itself.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping

MASK = "***"
# Query or form parameters whose values are credentials or let a reader act as the user.
SECRET_PARAMS = ("token", "access_token", "secret", "corpsecret", "appsecret", "signature", "msg_signature",
                 "echostr", "nonce", "session", "password", "api_key", "key", "jwt", "code")
_PARAM = re.compile(r"(?i)([?&;]|\b)(" + "|".join(SECRET_PARAMS) + r")=([^&\s\"'#]+)")
# Callback URLs: the whole query string (openid, timestamps, signatures) stays out of access logs.
_CALLBACK_QUERY = re.compile(r"(/wechat/[^\s?\"']*)\?[^\s\"']*")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+")
_API_KEY = re.compile(r"\bpbk_[A-Za-z0-9_-]{8,}")
_CONSOLE_COOKIE = re.compile(r"(policybot_console=)[^;\s\"']+")

_secrets: set[str] = set()
_installed = False


def redact(text: str) -> str:
    """``text`` with secret values, credential parameters, bearer tokens and callback query strings masked."""
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    text = _CALLBACK_QUERY.sub(r"\1?[redacted]", text)
    text = _PARAM.sub(lambda m: f"{m.group(1)}{m.group(2)}={MASK}", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", text)
    text = _API_KEY.sub("pbk_" + MASK, text)
    return _CONSOLE_COOKIE.sub(r"\1" + MASK, text)


def add_secrets(values: Iterable[str]) -> None:
    """Mask these exact values wherever they appear (configured tokens, app secrets, AES keys)."""
    _secrets.update(v for v in values if v and len(v) >= 6)


def _clean(value: object) -> object:
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    text = str(value)
    cleaned = redact(text)
    if cleaned == text:
        return value  # untouched objects keep their type (%r, %d still format them as before)
    return cleaned


def install(secrets: Iterable[str] = ()) -> None:
    """Wrap the ``LogRecord`` factory once per process; later calls only add secrets."""
    global _installed
    add_secrets(secrets)
    if _installed:
        return
    _installed = True
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, Mapping):
            record.args = {k: _clean(v) for k, v in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_clean(a) for a in record.args)
        return record

    logging.setLogRecordFactory(factory)
