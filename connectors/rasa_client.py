"""Thin client for Rasa's HTTP API: REST channel messages and tracker events (pause/resume/tracker).

It borrows the app's one shared ``httpx.AsyncClient``; a client per request added ~60 ms (STACK.md).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

from connectors.errors import RasaUnavailable


class RasaClient:
    def __init__(self, http: httpx.AsyncClient, base_url: str, token: str | None = None,
                 timeout_s: float = 30.0) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._params = {"token": token} if token else {}
        self._timeout = timeout_s

    async def send_message(self, sender_id: str, text: str) -> list[dict[str, Any]]:
        """``POST /webhooks/rest/webhook``: the bot's replies (``text``, ``buttons``, ``custom`` …)."""
        data = await self._request("POST", "/webhooks/rest/webhook", json={"sender": sender_id, "message": text})
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

    async def tracker(self, sender_id: str) -> dict[str, Any]:
        """The conversation tracker: slots (the company profile), events (the transcript), ``paused``."""
        return await self._request("GET", f"{_conversation(sender_id)}/tracker")

    async def status(self) -> dict[str, Any]:
        """``GET /status`` (needs ``--enable-api``): reports the loaded model; used by readiness."""
        return await self._request("GET", "/status", timeout=5.0)

    async def _event(self, sender_id: str, events: dict[str, Any] | list[dict[str, Any]]) -> None:
        await self._request("POST", f"{_conversation(sender_id)}/tracker/events", json=events)

    async def _request(self, method: str, path: str, *, json: Any = None, timeout: float | None = None) -> Any:
        try:
            response = await self._http.request(
                method, self._base + path, json=json, params=self._params, timeout=timeout or self._timeout
            )
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"Rasa at {self._base} unreachable: {exc!r}") from exc
        if response.status_code >= 400:
            raise RasaUnavailable(f"Rasa {method} {path} answered {response.status_code}: {response.text[:200]}")
        try:
            return response.json()
        except ValueError as exc:
            raise RasaUnavailable(f"Rasa {method} {path} returned non-JSON") from exc


def _conversation(sender_id: str) -> str:
    """Rasa's router does not unquote path parameters, so ':' must stay literal ("web:<session>"); an encoded
    %3A would silently address another conversation."""
    return f"/conversations/{quote(sender_id, safe=':@')}"
