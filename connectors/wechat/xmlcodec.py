"""Safe parsing of callback XML (defusedxml: no entities, no DTDs) and building of reply XML."""

from __future__ import annotations

from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from connectors.errors import MessageParseError


def parse(body: bytes | str, *, max_bytes: int = 64 * 1024) -> dict[str, str]:
    """Flatten a WeChat ``<xml>`` document to ``{tag: text}``; ``MessageParseError`` when it is not one."""
    raw = body.encode("utf-8") if isinstance(body, str) else body
    if len(raw) > max_bytes:
        raise MessageParseError(f"body of {len(raw)} bytes exceeds {max_bytes}")
    try:
        root = SafeET.fromstring(raw, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise MessageParseError(f"malformed XML: {exc}") from exc
    if root.tag != "xml":
        raise MessageParseError(f"root element is <{root.tag}>, expected <xml>")
    return {child.tag: (child.text or "").strip() if len(child) == 0 else "" for child in root}


def cdata(value: str) -> str:
    """Wrap in CDATA, splitting any ``]]>`` so user text cannot close the section."""
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def build(fields: dict[str, str | int]) -> str:
    """``<xml>`` with string values as CDATA and integers bare, as WeChat's samples do."""
    inner = "".join(
        f"<{tag}>{value}</{tag}>" if isinstance(value, int) else f"<{tag}>{cdata(value)}</{tag}>"
        for tag, value in fields.items()
    )
    return f"<xml>{inner}</xml>"
