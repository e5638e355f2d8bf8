"""access_token cache: one owner per (API base, AppID/CorpID, secret), refreshed early and on invalid-token
errors. A new token invalidates the old one, so exactly one component may fetch them (this one).

With several gateway processes the token is shared through the database (``SharedTokens``): a process reads
the stored token; only the holder of the lease ``token:<app>`` fetches a new one and stores it, the others
wait for it. Two replicas therefore fetch once between them and never invalidate each other's token.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from dataclasses import dataclass

import httpx

from connectors import state
from connectors.db import Database
from connectors.errors import WeChatAPIError

INVALID_TOKEN_CODES = frozenset({40001, 40014, 42001})  # invalid, illegal, expired access_token
EARLY_REFRESH_S = 300
TOKEN_LEASE_S = 15.0  # longer than one token request (10 s timeout)


@dataclass(frozen=True)
class TokenSource:
    """Where a token comes from: OA ``/cgi-bin/token`` or WeCom ``/cgi-bin/gettoken``."""

    api_base: str
    app_id: str
    secret: str
    wecom: bool = False

    def request(self) -> tuple[str, dict[str, str]]:
        base = self.api_base.rstrip("/")
        if self.wecom:
            return f"{base}/cgi-bin/gettoken", {"corpid": self.app_id, "corpsecret": self.secret}
        return f"{base}/cgi-bin/token", {"grant_type": "client_credential", "appid": self.app_id,
                                          "secret": self.secret}

    @property
    def key(self) -> str:
        """Names the token in shared state without revealing the secret (two secrets → two tokens)."""
        digest = hashlib.sha256(self.secret.encode("utf-8")).hexdigest()[:12]
        return f"access_token:{'wecom' if self.wecom else 'oa'}:{self.app_id}:{digest}"


class SharedTokens:
    """The token store replicas share: ``gateway_state`` holds ``{"token", "expires_at"}`` (wall-clock epoch
    seconds), the named lease ``token:<key>`` says who may fetch."""

    def __init__(self, db: Database, leases: state.Leases, *, wait_s: float = 15.0) -> None:
        self.db = db
        self.leases = leases
        self.wait_s = wait_s

    async def load(self, key: str) -> tuple[str, float] | None:
        raw = await state.get(self.db, key)
        if not raw:
            return None
        data = json.loads(raw)
        return (data["token"], float(data["expires_at"])) if data.get("token") else None

    async def save(self, key: str, token: str, expires_at: float) -> None:
        await state.put(self.db, key, json.dumps({"token": token, "expires_at": expires_at}))

    async def drop(self, key: str, token: str) -> None:
        """Forget ``token`` unless another process already stored a newer one."""
        raw = await state.get(self.db, key)
        if raw and json.loads(raw).get("token") == token:
            await state.replace_if(self.db, key, raw, json.dumps({"token": "", "expires_at": 0}))


class AccessTokenCache:
    def __init__(self, http: httpx.AsyncClient, source: TokenSource, clock=time.monotonic,
                 shared: SharedTokens | None = None) -> None:
        self._http = http
        self._source = source
        self._clock = clock
        self._shared = shared
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()
        self.fetches = 0

    async def get(self) -> str:
        """A valid token, fetching one when none is cached or it expires within five minutes."""
        if self._token and self._clock() < self._expires_at - EARLY_REFRESH_S:
            return self._token
        async with self._lock:  # single flight: concurrent callers wait for one fetch
            if self._token and self._clock() < self._expires_at - EARLY_REFRESH_S:
                return self._token
            if self._shared is not None:
                return await self._from_shared()
            return await self._fetch()

    async def invalidate(self, token: str) -> None:
        """Forget ``token`` after WeChat rejected it (only if nobody refreshed it meanwhile)."""
        async with self._lock:
            if self._token == token:
                self._token, self._expires_at = None, 0.0
            if self._shared is not None:
                await self._shared.drop(self._source.key, token)

    async def _from_shared(self) -> str:
        """The stored token when it is fresh; else fetch it if this process wins the lease, else wait for
        the process that did."""
        key, shared = self._source.key, self._shared
        deadline = time.monotonic() + shared.wait_s
        while True:
            stored = await shared.load(key)
            if stored and stored[1] - time.time() > EARLY_REFRESH_S:
                return self._keep(stored[0], stored[1] - time.time())
            if await shared.leases.acquire(f"token:{key}", ttl_s=TOKEN_LEASE_S):
                try:
                    token = await self._fetch()
                    await shared.save(key, token, time.time() + (self._expires_at - self._clock()))
                    return token
                finally:
                    await shared.leases.release(f"token:{key}")
            if time.monotonic() > deadline:
                raise WeChatAPIError("timed out waiting for another gateway process to refresh the access_token")
            await asyncio.sleep(0.2)

    def _keep(self, token: str, lifetime_s: float) -> str:
        self._token, self._expires_at = token, self._clock() + lifetime_s
        return token

    async def _fetch(self) -> str:
        url, params = self._source.request()
        try:
            response = await self._http.get(url, params=params, timeout=10.0)
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise WeChatAPIError(f"access_token request failed: {exc!r}") from exc
        if not data.get("access_token"):
            raise WeChatAPIError(f"access_token refused: {data.get('errmsg')}", data.get("errcode"))
        self.fetches += 1
        return self._keep(data["access_token"], float(data.get("expires_in", 7200)))
