"""Thin client for Rasa's HTTP API: REST channel messages and tracker events (pause/resume/tracker).

It borrows the app's one shared ``httpx.AsyncClient``; a client per request added ~60 ms (STACK.md).

Several Rasa servers (``POLICYBOT_RASA_URL=http://a:5005,http://b:5005``) sharing one tracker store and a Redis
lock store can serve any sender; each sender still goes to one of them (sticky, by a stable hash of the sender
id) so its turns stay in order, and to the next one when that server cannot be reached. A request that reached
a server and timed out is not sent elsewhere: that server may still be running the turn.

Each user message carries the gateway's key for it in Rasa's message metadata (``MESSAGE_KEY``), so a turn that is
re-run can first look up what Rasa already made of it (``recorded_turn``).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from connectors.errors import RasaUnavailable

MESSAGE_KEY = "policybot_message"  # the gateway's key of a user message, in the metadata of Rasa's user event
# events after a user message that mean it can no longer be rewound on its own
_NOT_REWINDABLE = frozenset({"user", "rewind", "restart", "session_started"})


@dataclass
class RecordedTurn:
    """What Rasa's tracker holds of a user message sent earlier. ``said``: the bot's utterances in answer to it,
    as REST items (what ``send_message`` would have returned); ``rewindable``: it is still the conversation's
    latest user message, so a ``rewind`` removes it and only it (with what the bot did after it)."""

    said: list[dict[str, Any]]
    rewindable: bool


def rasa_urls(value: str | Sequence[str]) -> list[str]:
    """``"http://a:5005, http://b:5005"`` or a list → base URLs without trailing slashes."""
    items = value.split(",") if isinstance(value, str) else list(value)
    urls = [item.strip().rstrip("/") for item in items if item.strip()]
    if not urls:
        raise ValueError("no Rasa URL configured")
    return urls


class RasaClient:
    def __init__(self, http: httpx.AsyncClient, base_url: str | Sequence[str], token: str | None = None,
                 timeout_s: float = 30.0) -> None:
        self._http = http
        self._bases = rasa_urls(base_url)
        self._params = {"token": token} if token else {}
        self.timeout_s = timeout_s

    async def send_message(self, sender_id: str, text: str, *, key: str | None = None) -> list[dict[str, Any]]:
        """``POST /webhooks/rest/webhook``: the bot's replies (``text``, ``buttons``, ``custom`` …). ``key``
        names the message in the tracker (``recorded_turn``)."""
        body: dict[str, Any] = {"sender": sender_id, "message": text}
        if key:
            body["metadata"] = {MESSAGE_KEY: key}
        data = await self._request("POST", "/webhooks/rest/webhook", json=body, sender=sender_id)
        if not isinstance(data, list):
            raise RasaUnavailable(f"unexpected reply from Rasa: {str(data)[:200]}")
        return data

    async def pause(self, sender_id: str) -> None:
        """Stop the bot answering this conversation (a human took it over)."""
        await self._event(sender_id, {"event": "pause"})

    async def resume(self, sender_id: str) -> None:
        """Give the conversation back to the bot.

        The handoff action paused the conversation, so Rasa never logged the ``action_listen`` that
        ends a bot turn; without it the next user message would continue the handoff turn (and be
        handed off again). Appending ``action_listen`` after ``resume`` closes that turn.
        """
        await self._event(sender_id, [{"event": "resume"}, {"event": "action", "name": "action_listen"}])

    async def recorded_turn(self, sender_id: str, key: str) -> RecordedTurn | None:
        """What the tracker holds of the user message sent with ``key``; None when Rasa never logged it (it was
        down, still loading, or is still running the turn: the tracker is saved when a turn ends)."""
        return recorded_turn((await self.tracker(sender_id)).get("events") or [], key)

    async def rewind(self, sender_id: str) -> None:
        """Revert the latest user message and everything after it (Rasa's ``rewind`` event): the conversation
        state and the policies no longer see it; the event store keeps it, marked reverted.

        A rewind also reverts the ``action_listen`` before the message; it is logged again, so the message
        sent next follows a listening bot as any message does (without it the policies see a user message
        right after the previous turn's last action and may repeat that action)."""
        await self._event(sender_id, [{"event": "rewind"}, {"event": "action", "name": "action_listen"}])

    async def tracker(self, sender_id: str) -> dict[str, Any]:
        """The conversation tracker: slots (the company profile), events (the transcript), ``paused``."""
        return await self._request("GET", f"{_conversation(sender_id)}/tracker", sender=sender_id)

    async def status(self) -> dict[str, Any]:
        """``GET /status`` (needs ``--enable-api``) of the first server with a model loaded; used by
        readiness and before kept turns are re-run."""
        last: dict[str, Any] = {}
        for base in self._bases:
            try:
                last = await self._send(base, "GET", "/status", None, 5.0)
            except RasaUnavailable:
                continue
            if last.get("model_file"):
                return last
        if not last:
            raise RasaUnavailable(f"no Rasa server reachable of {', '.join(self._bases)}")
        return last

    async def _event(self, sender_id: str, events: dict[str, Any] | list[dict[str, Any]]) -> None:
        await self._request("POST", f"{_conversation(sender_id)}/tracker/events", json=events, sender=sender_id)

    def route(self, sender_id: str) -> list[str]:
        """The servers to try for ``sender_id``: its own one first, then the others in ring order."""
        first = zlib.crc32(sender_id.encode("utf-8")) % len(self._bases)
        return self._bases[first:] + self._bases[:first]

    async def _request(self, method: str, path: str, *, json: Any = None, sender: str = "") -> Any:
        error: RasaUnavailable | None = None
        for base in self.route(sender):
            try:
                return await self._send(base, method, path, json, self.timeout_s)
            except _Unreachable as exc:  # never reached that server: the next one may take the turn
                error = exc
        raise error or RasaUnavailable("no Rasa server configured")

    async def _send(self, base: str, method: str, path: str, json: Any, timeout: float) -> Any:
        try:
            response = await self._http.request(method, base + path, json=json, params=self._params, timeout=timeout)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise _Unreachable(f"Rasa at {base} unreachable: {exc!r}") from exc
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"Rasa at {base} failed: {exc!r}") from exc
        if response.status_code in (502, 503, 504):
            raise _Unreachable(f"Rasa at {base} answered {response.status_code}")
        if response.status_code >= 400:
            raise RasaUnavailable(f"Rasa {method} {path} answered {response.status_code}: {response.text[:200]}")
        try:
            return response.json()
        except ValueError as exc:
            raise RasaUnavailable(f"Rasa {method} {path} returned non-JSON") from exc


class _Unreachable(RasaUnavailable):
    """The request never reached a working Rasa server, so another server may safely take it."""


def recorded_turn(events: list[dict[str, Any]], key: str) -> RecordedTurn | None:
    """``RecordedTurn`` of the last user event carrying ``key`` in ``events`` (a tracker's, all of them)."""
    found = [i for i, e in enumerate(events)
             if e.get("event") == "user" and (e.get("metadata") or {}).get(MESSAGE_KEY) == key]
    if not found:
        return None
    tail = events[found[-1] + 1:]
    until_next_user = next((i for i, e in enumerate(tail) if e.get("event") == "user"), len(tail))
    said = [_rest_item(e) for e in tail[:until_next_user] if e.get("event") == "bot"]
    return RecordedTurn(said, rewindable=not any(e.get("event") in _NOT_REWINDABLE for e in tail))


def _rest_item(bot_event: dict[str, Any]) -> dict[str, Any]:
    """A ``bot`` event as the REST channel sends it: ``text`` plus the non-empty parts of ``data``."""
    data = {k: v for k, v in (bot_event.get("data") or {}).items() if v is not None}
    return {"text": bot_event.get("text"), **data}


def _conversation(sender_id: str) -> str:
    """Rasa's router does not unquote path parameters, so ':' must stay literal ("web:<session>"); an encoded
    %3A would silently address another conversation."""
    return f"/conversations/{quote(sender_id, safe=':@')}"
