"""The real bot failing under a real two-replica deployment (``bot.services.start_replicas``, as
``policybot run --replicas 2`` starts it): 2 action servers, 2 Rasa servers (SQL tracker store on PostgreSQL,
Redis lock store), 2 gateways (PostgreSQL + Redis), WeChat played by the simulator.

Each test breaks one process the way production breaks it and asserts what the user sees: a polite text at
once, then exactly one real answer once the process is back — or, with two Rasa servers, no gap at all.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot import services
from connectors.conversation import BOT_PENDING
from connectors.rasa_client import RasaClient
from tests.connectors.conftest import OA, WORK, wait_for
from tests.connectors.faults.conftest import REDIS, gateway_env, own_redis_prefix, throwaway_database
from tests.connectors.servers import serve
from tests.connectors.simulator import OfficialAccountPusher, WeChatAPISimulator
from tests.rasa_fixtures import TODAY

pytestmark = [pytest.mark.faults, pytest.mark.integration, pytest.mark.slow]
QUESTION = "专精特新中小企业申报什么时候截止"


@dataclass
class Cluster:
    running: list[services.Service]
    actions_ports: list[int]
    rasa_urls: list[str]
    gateway_urls: list[str]
    sim: WeChatAPISimulator
    env: dict[str, str]
    kb_dir: Path
    log_dir: Path

    def rasa_for(self, sender_id: str) -> int:
        """Index of the Rasa server the gateways route this sender to first."""
        return self.rasa_urls.index(RasaClient(None, self.rasa_urls).route(sender_id)[0])

    def process(self, name: str, index: int) -> services.Service:
        return [s for s in self.running if s.name == name][index]

    def pusher(self, gateway: int = 0) -> OfficialAccountPusher:
        return OfficialAccountPusher(self.gateway_urls[gateway] + "/wechat/oa", token=OA["token"], appid=OA["appid"])

    def user_texts(self, sender_id: str, rasa: int) -> list[str]:
        """The user messages in Rasa's conversation state (reverted ones left out)."""
        tracker = httpx.get(f"{self.rasa_urls[rasa]}/conversations/{sender_id}/tracker",
                            params={"include_events": "APPLIED"}, timeout=30).json()
        return [e.get("text") for e in tracker["events"] if e.get("event") == "user"]

    def answers_to(self, openid: str) -> list[str]:
        return [c["json"]["text"]["content"] for c in self.sim.calls
                if c["ok"] and c["json"].get("touser") == openid]


def _free_pair() -> int:
    """A port p with p and p + 1 free (the replicas take consecutive ports)."""
    for _ in range(50):
        port = services.free_port()
        if services.port_free(port + 1):
            return port
    raise RuntimeError("no two consecutive free ports")


@pytest.fixture(scope="module")
def cluster(rasa_model: Path, bot_kb_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    work = tmp_path_factory.mktemp("replicas")
    sim = WeChatAPISimulator(appid=OA["appid"], secret=OA["secret"], corp_id=WORK["corp_id"],
                             corp_secret=WORK["secret"])
    with serve(sim.app) as sim_url, throwaway_database() as database_url:
        prefix = own_redis_prefix()
        env = {**gateway_env(work, database_url, prefix, sim_url), **services.shared_env(database_url, REDIS),
               "POLICYBOT_LOCK_STORE_PREFIX": prefix, "POLICYBOT_TODAY": TODAY, "POLICYBOT_RASA_TIMEOUT_S": "8"}
        ports = {name: _free_pair() for name in ("gateway", "rasa", "actions")}
        running = services.start_replicas(2, rasa_model, kb_dir=bot_kb_dir, env=env, gateway_port=ports["gateway"],
                                          rasa_port=ports["rasa"], actions_port=ports["actions"], log_dir=work)
        try:
            services.wait_ready(running, timeout=600)
            yield Cluster(running, [ports["actions"] + i for i in range(2)],
                          [f"http://127.0.0.1:{ports['rasa'] + i}" for i in range(2)],
                          [f"http://127.0.0.1:{ports['gateway'] + i}" for i in range(2)], sim, env, bot_kb_dir, work)
        finally:
            for service in running:  # a test may have left one stopped
                _signal(service, signal.SIGCONT)
            services.stop_all(running)


def _signal(service: services.Service, sig: int) -> None:
    try:
        os.killpg(service.process.pid, sig)
    except ProcessLookupError:
        pass


def test_a_staff_reply_on_gateway_2_reaches_a_wechat_user_of_gateway_1_once(cluster):
    """Done-when, on ``policybot run --replicas 2``: WeChat's API refuses the first try of every message."""
    from connectors.db import Database
    from tests.connectors.console.conftest import add_staff, log_in
    from tests.connectors.faults.test_gateway_faults import staff_reply

    cluster.sim.fail_first_try = True
    openid = "oDoneWhen"
    push = cluster.pusher(0).push(cluster.pusher(0).text(openid, QUESTION, msg_id=8000))
    assert push.reply is not None
    db = Database(cluster.env["POLICYBOT_DATABASE_URL"])
    add_staff(db, "zhao")
    db.dispose()
    agent = log_in(cluster.gateway_urls[1], "zhao")
    assert staff_reply(agent, openid, "您好，这里是区企业服务中心").status_code == 201
    wait_for(lambda: "您好，这里是区企业服务中心" in cluster.answers_to(openid), timeout_s=30)
    time.sleep(2.0)
    assert cluster.answers_to(openid).count("您好，这里是区企业服务中心") == 1
    assert cluster.sim.token_requests == 1  # one access token between the two gateways
    agent.client.close()


def test_the_action_server_killed_mid_turn_gives_a_fallback_then_one_answer(cluster):
    openid = "oActionCrash"
    index = cluster.rasa_for(f"wechat:{OA['appid']}:{openid}")
    actions = cluster.process("actions", index)
    _signal(actions, signal.SIGSTOP)  # the action call hangs inside Rasa …
    started = time.monotonic()
    push = cluster.pusher(0).push(cluster.pusher(0).text(openid, QUESTION, msg_id=8001))
    assert push.reply["Content"] == BOT_PENDING and time.monotonic() - started < 6.0
    _signal(actions, signal.SIGKILL)  # … and the action server dies in the middle of it
    actions.process.wait(timeout=10)
    actions.stopped = True
    # rasa-sdk serves from Sanic worker processes: they die with the group, a moment after the main process
    wait_for(lambda: services.port_free(cluster.actions_ports[index]), timeout_s=30)
    assert cluster.answers_to(openid) == []
    restarted = services.start_actions(cluster.actions_ports[index], kb_dir=cluster.kb_dir, env=cluster.env,
                                       log_dir=cluster.log_dir / f"actions-{index}-restarted")
    cluster.running.append(restarted)
    services.wait_ready([restarted], timeout=120)
    wait_for(lambda: cluster.answers_to(openid), timeout_s=120)
    time.sleep(3.0)
    [answer] = cluster.answers_to(openid)  # exactly one real answer, through the customer-service API
    assert answer.strip() and answer != BOT_PENDING
    # the re-run did not make the bot's conversation hold the question twice (the failed turn was rewound)
    assert cluster.user_texts(f"wechat:{OA['appid']}:{openid}", index) == [QUESTION]


def test_rasa_hanging_for_30_s_gives_a_fallback_in_time_then_one_answer(cluster):
    openid = "oRasaHang"
    rasa = cluster.process("rasa", cluster.rasa_for(f"wechat:{OA['appid']}:{openid}"))
    _signal(rasa, signal.SIGSTOP)
    stopped_at = time.monotonic()
    try:
        push = cluster.pusher(1).push(cluster.pusher(1).text(openid, QUESTION, msg_id=8002))
        assert push.reply["Content"] == BOT_PENDING and time.monotonic() - stopped_at < 6.0
        time.sleep(max(0.0, 30.0 - (time.monotonic() - stopped_at)))
        assert cluster.answers_to(openid) == []
    finally:
        _signal(rasa, signal.SIGCONT)
    wait_for(lambda: cluster.answers_to(openid), timeout_s=120)
    time.sleep(3.0)
    [answer] = cluster.answers_to(openid)
    assert answer.strip() and answer != BOT_PENDING


def test_two_gateways_two_rasa_one_rasa_killed_mid_conversation(cluster):
    """Last in this module: it leaves one Rasa server dead."""
    session = "replica-failover-01"
    sender = f"web:{session}"
    index = cluster.rasa_for(sender)
    first = httpx.post(f"{cluster.gateway_urls[0]}/web/messages",
                       json={"session": session, "text": "你好", "client_id": "m1"}, timeout=60).json()
    assert first["messages"] and not first["duplicate"]
    victim = cluster.process("rasa", index)
    _signal(victim, signal.SIGKILL)
    victim.process.wait(timeout=10)
    victim.stopped = True
    second = httpx.post(f"{cluster.gateway_urls[1]}/web/messages",
                        json={"session": session, "text": QUESTION, "client_id": "m2"}, timeout=60).json()
    texts = [m["text"] for m in second["messages"]]
    assert texts and BOT_PENDING not in texts  # answered by the other Rasa: no gap, no fallback
    survivor = cluster.rasa_urls[1 - index]
    tracker = httpx.get(f"{survivor}/conversations/{sender}/tracker", timeout=30).json()
    said = [e.get("text") for e in tracker["events"] if e.get("event") == "user"]
    assert said == ["你好", QUESTION]  # the surviving Rasa continued the same conversation, once each
