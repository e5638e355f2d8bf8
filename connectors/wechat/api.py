"""HTTP clients of WeChat's server APIs: OA customer-service and subscription messages, WeCom app messages
and 微信客服 (kf). Every call carries the cached access_token and is retried once with a fresh token when
WeChat says the token is invalid or expired."""

from __future__ import annotations

from typing import Any

import httpx

from connectors.errors import WeChatAPIError
from connectors.wechat.token import INVALID_TOKEN_CODES, AccessTokenCache

# The request was written and no answer came: WeChat may have acted on it. (Connect errors and timeouts, a
# request cut off while being written, an error page or an errcode all mean it did not.)
SENT_THEN_LOST = (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError)
# 企业微信 message/send duplicate check window: covers the outbox's retries (30+60+120+240 s by default) and
# keeps short the time in which a second, deliberate identical text to one member is dropped
DUPLICATE_CHECK_S = 600


class OutcomeUnknown(WeChatAPIError):
    """A call that may or may not have taken effect (sent, then the connection timed out or broke)."""


class WeChatAPI:
    def __init__(self, http: httpx.AsyncClient, api_base: str, tokens: AccessTokenCache) -> None:
        self._http = http
        self._base = api_base.rstrip("/")
        self.tokens = tokens

    async def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST JSON with the access token; raises ``WeChatAPIError`` on any non-zero errcode."""
        for attempt in (1, 2):
            token = await self.tokens.get()
            try:
                response = await self._http.post(
                    self._base + path, params={"access_token": token}, json=body, timeout=10.0
                )
                data = response.json()
            except SENT_THEN_LOST as exc:
                raise OutcomeUnknown(f"{path}: sent, but WeChat's answer was lost: {exc!r}") from exc
            except (httpx.HTTPError, ValueError) as exc:
                raise WeChatAPIError(f"{path} failed: {exc!r}") from exc
            code = int(data.get("errcode", 0) or 0)
            if code in INVALID_TOKEN_CODES and attempt == 1:
                await self.tokens.invalidate(token)
                continue
            if code != 0:
                raise WeChatAPIError(f"{path} refused: {code} {data.get('errmsg')}", code)
            return data
        raise WeChatAPIError(f"{path}: access token rejected twice")  # pragma: no cover - loop always returns


class OfficialAccountAPI(WeChatAPI):
    async def send_text(self, openid: str, content: str) -> None:
        """客服消息接口: allowed within 48 hours of the user's last message."""
        await self.post("/cgi-bin/message/custom/send",
                        {"touser": openid, "msgtype": "text", "text": {"content": content}})

    async def send_subscribe(self, openid: str, template_id: str, data: dict[str, str]) -> None:
        """订阅通知 (subscription message) for reminders outside the 48-hour window."""
        await self.post("/cgi-bin/message/subscribe/bizsend", {
            "touser": openid, "template_id": template_id,
            "data": {key: {"value": value} for key, value in data.items()},
        })


class WeComAPI(WeChatAPI):
    async def send_text(self, agent_id: str, userid: str, content: str) -> None:
        """应用消息 ``message/send`` to one member, with WeCom's duplicate check: the same JSON to the same member
        within ``DUPLICATE_CHECK_S`` is not delivered again, so a resend whose first try did get through is
        not shown twice — and neither is a second identical text within the window (docs/delivery.md)."""
        await self.post("/cgi-bin/message/send", {
            "touser": userid, "msgtype": "text", "agentid": int(agent_id), "text": {"content": content},
            "enable_duplicate_check": 1, "duplicate_check_interval": DUPLICATE_CHECK_S,
        })

    async def kf_sync_msg(self, token: str, cursor: str, open_kfid: str) -> dict[str, Any]:
        """微信客服 ``kf/sync_msg``: pull the messages announced by a callback, from ``cursor`` on."""
        body = {"token": token, "open_kfid": open_kfid, "limit": 1000}
        if cursor:
            body["cursor"] = cursor
        return await self.post("/cgi-bin/kf/sync_msg", body)

    async def kf_send_text(self, open_kfid: str, external_userid: str, content: str, *, msgid: str = "") -> None:
        """``kf/send_msg``; ``msgid`` (ours, unique) makes WeCom refuse a second send of the same message."""
        body = {"touser": external_userid, "open_kfid": open_kfid, "msgtype": "text", "text": {"content": content}}
        if msgid:
            body["msgid"] = msgid
        await self.post("/cgi-bin/kf/send_msg", body)
