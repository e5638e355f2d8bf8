"""Sender ids: how a channel user is named towards Rasa (docs/CONTRACTS.md).

``web:<session>``, ``wechat:<appid>:<openid>``, ``wecom:<corpid>:<agentid>:<userid>``,
``wecomkf:<open_kfid>:<external_userid>``, ``api:<caller id>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHANNELS = {"web": 1, "wechat": 2, "wecom": 3, "wecomkf": 2, "api": 1}
_PART = re.compile(r"^[A-Za-z0-9_\-@.]{1,128}$")


@dataclass(frozen=True)
class SenderId:
    channel: str
    parts: tuple[str, ...]

    def __str__(self) -> str:
        return ":".join((self.channel, *self.parts))

    @property
    def user(self) -> str:
        """The channel's own user id (openid, userid, external_userid, web session …)."""
        return self.parts[-1]


def make(channel: str, *parts: str) -> str:
    """Build a sender id, refusing parts that would make it ambiguous."""
    if CHANNELS.get(channel) != len(parts):
        raise ValueError(f"channel {channel!r} takes {CHANNELS.get(channel)} id parts, got {len(parts)}")
    for part in parts:
        if not _PART.match(part):
            raise ValueError(f"invalid sender id part {part!r}")
    return ":".join((channel, *parts))


def parse(sender_id: str) -> SenderId:
    """Split a sender id into channel and parts; ``ValueError`` when it follows no known format."""
    channel, _, rest = sender_id.partition(":")
    parts = tuple(rest.split(":")) if rest else ()
    if CHANNELS.get(channel) != len(parts) or not all(_PART.match(p) for p in parts):
        raise ValueError(f"not a policybot sender id: {sender_id!r}")
    return SenderId(channel, parts)
