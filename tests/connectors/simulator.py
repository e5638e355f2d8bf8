"""A WeChat simulator for tests: a real protocol peer on loopback.

- ``WeChatAPISimulator`` plays WeChat's server APIs: ``/cgi-bin/token`` (公众号), ``/cgi-bin/gettoken`` (WeCom),
  ``/cgi-bin/message/custom/send``, ``/cgi-bin/message/subscribe/bizsend``, ``/cgi-bin/message/send``,
  ``/cgi-bin/kf/sync_msg`` and ``/cgi-bin/kf/send_msg``. It issues access tokens that expire on demand
  (``expire_tokens``), answers invalid ones with 40001/42001 as WeChat does, and records every call. Faults on
  demand: errcodes (``fail_with``, ``fail_first_try`` = -1 on each message's first try), HTTP 5xx
  (``http_errors``), slow answers (``delays``, ``token_hang_s``).
- ``OfficialAccountPusher`` / ``WeComPusher`` play WeChat pushing callbacks to the gateway: they sign and, in
  safe mode, encrypt exactly as WeChat does — with wechatpy's implementation, independent of the gateway's —
  wait 5 s for the reply and try 3 times in all, recording each attempt.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse
from wechatpy.crypto import WeChatCrypto as OACrypto
from wechatpy.enterprise.crypto import WeChatCrypto as WorkCrypto
from wechatpy.utils import WeChatSigner

from connectors.wechat import xmlcodec


def sha1_signature(*parts: str) -> str:
    """WeChat's callback signature, computed by wechatpy (not by the gateway's code under test)."""
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


class WeChatAPISimulator:
    def __init__(self, *, appid: str, secret: str, corp_id: str = "", corp_secret: str = "") -> None:
        self.credentials = {(appid, secret), (corp_id, corp_secret)}
        self.tokens: set[str] = set()
        self.expired: set[str] = set()
        self.token_requests = 0
        self.calls: list[dict[str, Any]] = []
        self.fail_with: list[int] = []  # errcodes returned by the next send calls, one per call
        self.http_errors: list[int] = []  # HTTP statuses (5xx) answered by the next send calls, one per call
        self.delays: list[float] = []  # the next send calls wait this long first, one per call (timeouts)
        self.token_hang_s = 0.0  # token requests wait this long (a send stuck before it reaches WeChat)
        self.fail_first_try = False  # answer -1 "system busy" to the first try of every distinct message
        self._tried: set[str] = set()
        self.kf_pages: list[dict[str, Any]] = []
        self.kf_cursors: list[str] = []
        self.app = self._build()

    def sent(self, path: str) -> list[dict[str, Any]]:
        return [call["json"] for call in self.calls if call["path"] == path]

    def shown(self, path: str = "/cgi-bin/message/custom/send") -> list[str]:
        """Texts WeChat accepted (and so showed the user), in order."""
        return [call["json"]["text"]["content"] for call in self.calls if call["path"] == path and call["ok"]]

    def expire_tokens(self) -> None:
        self.expired |= self.tokens
        self.tokens.clear()

    def _issue(self, ident: str, secret: str) -> dict[str, Any]:
        self.token_requests += 1
        if (ident, secret) not in self.credentials:
            return {"errcode": 40125, "errmsg": "invalid appsecret"}
        token = secrets.token_hex(16)
        self.tokens.add(token)
        return {"access_token": token, "expires_in": 7200}

    def _check(self, request: Request) -> dict[str, Any] | None:
        token = request.query_params.get("access_token", "")
        if token in self.expired:
            return {"errcode": 42001, "errmsg": "access_token expired"}
        if token not in self.tokens:
            return {"errcode": 40001, "errmsg": "invalid credential"}
        return None

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.get("/cgi-bin/token")
        async def token(grant_type: str, appid: str, secret: str):
            await asyncio.sleep(self.token_hang_s)
            return self._issue(appid, secret)

        @app.get("/cgi-bin/gettoken")
        async def gettoken(corpid: str, corpsecret: str):
            await asyncio.sleep(self.token_hang_s)
            return self._issue(corpid, corpsecret)

        async def record(request: Request) -> Any:
            body = await request.json()
            if self.delays:
                await asyncio.sleep(self.delays.pop(0))
                if await request.is_disconnected():  # the caller gave up before WeChat processed it
                    return PlainTextResponse("", status_code=499)
            if self.http_errors:  # a gateway error page in front of WeChat: nothing was processed
                return PlainTextResponse("bad gateway", status_code=self.http_errors.pop(0))
            error = self._check(request)
            self.calls.append({"path": request.url.path, "json": body, "ok": error is None, "at": time.time()})
            if error is not None:
                return error
            fingerprint = json.dumps(body, sort_keys=True, ensure_ascii=False)
            if self.fail_first_try and fingerprint not in self._tried:
                self._tried.add(fingerprint)
                self.calls[-1]["ok"] = False
                return {"errcode": -1, "errmsg": "system busy"}
            if self.fail_with:
                code = self.fail_with.pop(0)
                self.calls[-1]["ok"] = False
                return {"errcode": code, "errmsg": "simulated failure"}
            return {"errcode": 0, "errmsg": "ok"}

        for path in ("/cgi-bin/message/custom/send", "/cgi-bin/message/subscribe/bizsend",
                     "/cgi-bin/message/send", "/cgi-bin/kf/send_msg"):
            app.post(path)(record)

        @app.post("/cgi-bin/kf/sync_msg")
        async def sync_msg(request: Request):
            body = await request.json()
            error = self._check(request)
            if error is not None:
                return error
            self.kf_cursors.append(body.get("cursor", ""))
            index = int(body.get("cursor") or 0)
            if index >= len(self.kf_pages):
                return {"errcode": 0, "next_cursor": str(index), "has_more": 0, "msg_list": []}
            return {"errcode": 0, "next_cursor": str(index + 1), "has_more": int(index + 1 < len(self.kf_pages)),
                    **self.kf_pages[index]}

        return app


@dataclass
class Attempt:
    status: int | None
    body: str
    elapsed: float
    error: str | None = None


@dataclass
class Push:
    attempts: list[Attempt] = field(default_factory=list)
    reply_xml: str | None = None  # decrypted passive reply, when there was one

    @property
    def reply(self) -> dict[str, str] | None:
        return xmlcodec.parse(self.reply_xml) if self.reply_xml else None


class OfficialAccountPusher:
    """WeChat's side of the 公众号 callback."""

    def __init__(self, url: str, *, token: str, appid: str, aes_key: str | None = None,
                 timeout_s: float = 5.0, tries: int = 3, account: str = "gh_test") -> None:
        self.url = url
        self.token = token
        self.appid = appid
        self.crypto = OACrypto(token, aes_key, appid) if aes_key else None
        self.timeout_s = timeout_s
        self.tries = tries
        self.account = account

    def verify(self, echostr: str, *, tamper: bool = False) -> httpx.Response:
        timestamp, nonce = str(int(time.time())), secrets.token_hex(4)
        signature = sha1_signature(self.token, timestamp, nonce)
        if tamper:
            signature = signature[:-1] + ("0" if signature[-1] != "0" else "1")
        return httpx.get(self.url, params={"signature": signature, "timestamp": timestamp, "nonce": nonce,
                                           "echostr": echostr})

    def text(self, openid: str, content: str, msg_id: int | None = None) -> str:
        return self._xml(openid, MsgType="text", Content=content, MsgId=str(msg_id or secrets.randbelow(10**15)))

    def event(self, openid: str, event: str, create_time: int | None = None) -> str:
        return self._xml(openid, MsgType="event", Event=event, create_time=create_time)

    def media(self, openid: str, kind: str) -> str:
        return self._xml(openid, MsgType=kind, MediaId="media-1", MsgId=str(secrets.randbelow(10**15)))

    def _xml(self, openid: str, create_time: int | None = None, **fields: str) -> str:
        return xmlcodec.build({"ToUserName": self.account, "FromUserName": openid,
                               "CreateTime": create_time or int(time.time()), **fields})

    def push(self, xml: str | bytes, *, tamper: bool = False) -> Push:
        """POST a callback like WeChat: sign (and encrypt in safe mode), wait up to 5 s, try 3 times."""
        timestamp, nonce = str(int(time.time())), secrets.token_hex(4)
        params = {"signature": sha1_signature(self.token, timestamp, nonce), "timestamp": timestamp,
                  "nonce": nonce, "openid": "o"}
        body = xml
        if self.crypto is not None:
            envelope = self.crypto.encrypt_message(xml if isinstance(xml, str) else xml.decode(), nonce, timestamp)
            fields = xmlcodec.parse(envelope)
            params.update(encrypt_type="aes", msg_signature=fields["MsgSignature"])
            body = xmlcodec.build({"ToUserName": self.account, "Encrypt": fields["Encrypt"]})
        if tamper:
            params["signature"] = "0" * 40
        result = Push()
        for _ in range(self.tries):
            started = time.monotonic()
            try:
                response = httpx.post(self.url, params=params, content=body, timeout=self.timeout_s)
            except httpx.TimeoutException as exc:
                result.attempts.append(Attempt(None, "", time.monotonic() - started, repr(exc)))
                continue
            result.attempts.append(Attempt(response.status_code, response.text, time.monotonic() - started))
            if response.status_code == 200 and response.text not in ("", "success"):
                result.reply_xml = self._open(response.text, params)
            return result
        return result

    def _open(self, text: str, params: dict[str, str]) -> str:
        if self.crypto is None:
            return text
        fields = xmlcodec.parse(text)
        return self.crypto.decrypt_message(text, fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"])


class WeComPusher:
    """WeCom's side of a self-built app / 微信客服 callback (always encrypted)."""

    def __init__(self, url: str, *, token: str, aes_key: str, corp_id: str, agent_id: str) -> None:
        self.url = url
        self.corp_id = corp_id
        self.agent_id = agent_id
        self.token = token
        self.crypto = WorkCrypto(token, aes_key, corp_id)

    def verify(self, echostr_plain: str) -> httpx.Response:
        timestamp, nonce = str(int(time.time())), secrets.token_hex(4)
        envelope = xmlcodec.parse(self.crypto.encrypt_message(echostr_plain, nonce, timestamp))
        return httpx.get(self.url, params={"msg_signature": envelope["MsgSignature"], "timestamp": timestamp,
                                           "nonce": nonce, "echostr": envelope["Encrypt"]}, timeout=1.0)

    def text(self, userid: str, content: str, msg_id: int) -> str:
        return xmlcodec.build({"ToUserName": self.corp_id, "FromUserName": userid, "CreateTime": int(time.time()),
                               "MsgType": "text", "Content": content, "MsgId": str(msg_id),
                               "AgentID": self.agent_id})

    def kf_event(self, open_kfid: str, token: str) -> str:
        return xmlcodec.build({"ToUserName": self.corp_id, "CreateTime": int(time.time()), "MsgType": "event",
                               "Event": "kf_msg_or_event", "Token": token, "OpenKfId": open_kfid})

    def push(self, xml: str, path: str = "") -> httpx.Response:
        timestamp, nonce = str(int(time.time())), secrets.token_hex(4)
        envelope = xmlcodec.parse(self.crypto.encrypt_message(xml, nonce, timestamp))
        body = xmlcodec.build({"ToUserName": self.corp_id, "AgentID": self.agent_id, "Encrypt": envelope["Encrypt"]})
        return httpx.post(self.url + path, params={"msg_signature": envelope["MsgSignature"],
                                                   "timestamp": timestamp, "nonce": nonce},
                          content=body, timeout=5.0)
