"""access_token: fetched once by one owner, refreshed early and when WeChat rejects it."""

import asyncio

import httpx
import pytest

from connectors.errors import WeChatAPIError
from connectors.wechat.api import OfficialAccountAPI
from connectors.wechat.token import AccessTokenCache, TokenSource
from tests.connectors.conftest import OA

pytestmark = pytest.mark.integration


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def client():
    async with httpx.AsyncClient() as http:
        yield http


async def test_concurrent_callers_share_one_fetch(client, wechat_api):
    sim, url = wechat_api
    cache = AccessTokenCache(client, TokenSource(url, OA["appid"], OA["secret"]))
    tokens = await asyncio.gather(*(cache.get() for _ in range(20)))
    assert len(set(tokens)) == 1 and sim.token_requests == 1


async def test_token_is_refreshed_five_minutes_before_expiry(client, wechat_api):
    sim, url = wechat_api
    clock = Clock()
    cache = AccessTokenCache(client, TokenSource(url, OA["appid"], OA["secret"]), clock=clock)
    first = await cache.get()
    clock.now += 7200 - 301
    assert await cache.get() == first
    clock.now += 2
    assert await cache.get() != first and sim.token_requests == 2


async def test_rejected_token_is_replaced_and_the_call_repeated(client, wechat_api):
    sim, url = wechat_api
    api = OfficialAccountAPI(client, url, AccessTokenCache(client, TokenSource(url, OA["appid"], OA["secret"])))
    await api.send_text("o1", "第一条")
    sim.expire_tokens()
    await api.send_text("o1", "第二条")
    assert [c["ok"] for c in sim.calls] == [True, False, True] and sim.token_requests == 2


async def test_wrong_secret_is_an_api_error(client, wechat_api):
    _sim, url = wechat_api
    cache = AccessTokenCache(client, TokenSource(url, OA["appid"], "wrong"))
    with pytest.raises(WeChatAPIError) as info:
        await cache.get()
    assert info.value.errcode == 40125
