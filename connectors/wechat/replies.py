"""Rendering bot replies for WeChat: plain text with numbered quick replies, split to WeChat's length limit,
wrapped as passive-reply XML (encrypted in safe mode)."""

from __future__ import annotations

import time
from urllib.parse import quote

from connectors.replies import Reply
from connectors.wechat import xmlcodec
from connectors.wechat.crypto import WeChatCrypto

# Text messages (passive reply and 客服消息) are limited to 2048 bytes of UTF-8; keep a margin.
TEXT_LIMIT_BYTES = 2000
_BREAKS = ("\n\n", "\n", "。", "；", "！", "？", "，", " ")


def render_text(reply: Reply, *, menu_links: bool) -> str:
    """Text of one reply; buttons become numbered options the user can answer by number or title.
    ``menu_links`` makes them tappable with WeChat's ``weixin://bizmsgmenu`` links (公众号 only)."""
    lines = [reply.text] if reply.text else []
    if reply.image:
        lines.append(reply.image)
    if reply.buttons:
        lines.append("请回复序号选择：")
        for index, button in enumerate(reply.buttons, start=1):
            title = button["title"]
            if menu_links:
                link = f"weixin://bizmsgmenu?msgmenucontent={quote(title)}&msgmenuid={index}"
                title = f'<a href="{link}">{title}</a>'
            lines.append(f"{index}. {title}")
    return "\n".join(lines)


def split_text(text: str, limit: int = TEXT_LIMIT_BYTES) -> list[str]:
    """Split ``text`` into parts of at most ``limit`` UTF-8 bytes, preferring paragraph/sentence breaks."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest.encode("utf-8")) > limit:
        head = rest.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
        cut = max((head.rfind(mark) + len(mark) for mark in _BREAKS if head.rfind(mark) > len(head) // 2),
                  default=len(head))
        parts.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        parts.append(rest)
    return parts


def text_messages(replies: list[Reply], *, menu_links: bool) -> list[str]:
    """All replies as WeChat-sized text messages, in order."""
    out: list[str] = []
    for reply in replies:
        out.extend(split_text(render_text(reply, menu_links=menu_links)))
    return out


def passive_text(to_user: str, from_user: str, content: str) -> str:
    """被动回复用户消息 — text type."""
    return xmlcodec.build({
        "ToUserName": to_user, "FromUserName": from_user, "CreateTime": int(time.time()),
        "MsgType": "text", "Content": content,
    })


def encrypted_envelope(crypto: WeChatCrypto, reply_xml: str, nonce: str | None = None) -> str:
    """Safe-mode wrapping of a passive reply: ``<Encrypt><MsgSignature><TimeStamp><Nonce>``."""
    encrypted, msg_signature, timestamp, nonce = crypto.encrypt(reply_xml, nonce=nonce)
    return xmlcodec.build({
        "Encrypt": encrypted, "MsgSignature": msg_signature, "TimeStamp": int(timestamp), "Nonce": nonce,
    })
