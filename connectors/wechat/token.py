"""access_token cache: one owner per (API base, AppID/CorpID, secret), refreshed early and on invalid-token
errors. A new token invalidates the old one, so exactly one component may fetch them (this one)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from connectors.errors import WeChatAPIError

INVALID_TOKEN_CODES = frozenset({40001, 40014, 42001})  # invalid, illegal, expired access_token
EARLY_REFRESH_S = 300


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


class AccessTokenCache:
    def __init__(self, http: httpx.AsyncClient, source: TokenSource, clock=time.monotonic) -> None:
        self._http = http
        self._source = source
        self._clock = clock
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
            return await self._fetch()

    async def invalidate(self, token: str) -> None:
        """Forget ``token`` after WeChat rejected it (only if nobody refreshed it meanwhile)."""
        async with self._lock:
            if self._token == token:
                self._token, self._expires_at = None, 0.0

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
        self._token = data["access_token"]
        self._expires_at = self._clock() + float(data.get("expires_in", 7200))
        return self._token
