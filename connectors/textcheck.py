"""Text that can be stored and sent on: no NUL characters (PostgreSQL refuses them) and no lone UTF-16
surrogates (they cannot be encoded as UTF-8). Either used to fail deep in the message log with a 500, after
which the widget resent the message forever; now the request is refused with 400 and a Chinese message."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

INVALID_TEXT = "消息包含无法处理的字符（如空字符或残缺的表情符号），请删除后重试"
ERROR_TYPES = frozenset({"invalid_text", "string_unicode"})  # ours, and pydantic's for undecodable strings
_BAD = re.compile("[\x00\ud800-\udfff]")


def check_text(value: str) -> str:
    if _BAD.search(value):
        raise PydanticCustomError("invalid_text", INVALID_TEXT)
    return value


SafeText = Annotated[str, AfterValidator(check_text)]
