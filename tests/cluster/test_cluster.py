"""The three-replica cluster (`make cluster`): one conversation's messages
land on different replicas and stay whole and in order; replicas, the action
server and PostgreSQL fail and come back; everything restarts with the
conversations kept."""

from __future__ import annotations

import asyncio
import json
import subprocess
import threading
import time
import uuid
from typing import Dict, List, Tuple

import aiohttp
import psutil
import requests

from tests.cluster.conftest import REPLICAS

TURNS = [
    "喂，你好",
    "你们的价格太贵了",
    "我们已经有供应商了",
    "那天不行",
    "你們的價格太貴了",
    "我们没有预算",
    "发份资料给我看看吧",
    "那星期三下午三点吧",
    "这事不归我管",
    "好的",
]
# utter_service_unavailable, as said to a Simplified or a Traditional message
UNAVAILABLE = "系统暂时出了点问题"
UNAVAILABLE_TRADITIONAL = "系統暫時出了點問題"


async def converse(
    url: str, users: int, turns: int, tag: str, stop_after: float = 0.0
) -> Dict[str, List[Tuple[str, int]]]:
    """`users` reps each sending `turns` messages back to back; per rep the
    (message, HTTP status or 0 for a broken connection) in order."""
    results: Dict[str, List[Tuple[str, int]]] = {}
    timeout = aiohttp.ClientTimeout(total=60)
    # One connection per request: nginx then balances every message anew.
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(force_close=True)) as session:

        async def rep(n: int) -> None:
            sender = f"{tag}-{n}-{uuid.uuid4().hex[:6]}"
            sent = results.setdefault(sender, [])
            for k in range(turns):
                message = f"{TURNS[(n + k) % len(TURNS)]}（{k}）"
                try:
                    async with session.post(url, json={"sender": sender, "message": message}) as reply:
                        try:
                            body = json.loads(await reply.text())
                        except ValueError:  # nginx's 502 page is HTML
                            body = None
                        said = json.dumps(body, ensure_ascii=False)
                        ok = (
                            reply.status == 200
                            and bool(body)
                            and not any(text in said for text in (UNAVAILABLE, UNAVAILABLE_TRADITIONAL))
                        )
                        sent.append((message, 200 if ok else reply.status if reply.status != 200 else 599))
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    sent.append((message, 0))

        await asyncio.gather(*(rep(n) for n in range(users)))
    return results


def test_the_cluster_is_up_and_the_widget_page_is_served(cluster):
    page = requests.get(cluster.url + "/", timeout=10)
    assert page.ok and "widget.js" in page.text and "config.js" in page.text
    assert requests.get(cluster.url + "/widget.js", timeout=10).ok
    # no address written into the page: config.js leaves it empty, so the
    # widget talks to the origin it was served from, nginx, which passes it on
    config = requests.get(cluster.url + "/config.js", timeout=10)
    assert config.ok and 'serverUrl: ""' in config.text
    [text] = cluster.texts(f"up-{uuid.uuid4()}", "你们的价格太贵了")
    assert "价格确实很重要" in text
    status = cluster.script("status", timeout=30).stdout
    for name in ["actions", "dashboard", "redis", "nginx", *[f"rasa-{i}" for i in range(1, REPLICAS + 1)]]:
        assert f"{name}: running" in status, status


def test_a_drill_through_nginx_is_recorded_in_postgresql_and_shown_on_the_dashboard(cluster):
    rep = f"drill-{uuid.uuid4()}"
    cluster.texts(rep, '/start_drill{"objection":"too_expensive"}')
    feedback = cluster.texts(
        rep, "您说得对，价格确实重要。很多同行都选了我们，总成本更低。下周三下午3点我来拜访您，方便吗？"
    )
    assert feedback[0].startswith("得分：")
    api = cluster.url + "/trainer/api/reps/" + rep
    assert requests.get(api, timeout=10).status_code == 401  # through nginx, still signed-in only
    token = cluster.secrets()["CLUSTER_TRAINER_TOKEN"]
    body = requests.get(api, headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    assert (body["answers"], body["objections"][0]["objection"]) == (1, "too_expensive")
    page = requests.get(cluster.url + f"/trainer/?token={token}", timeout=10)
    assert page.ok and f'data-rep="{rep}"' in page.text  # the sign-in link, its redirect and cookie through nginx


def test_fifty_reps_conversations_stay_whole_across_replicas(cluster):
    before = len(cluster.upstreams())
    results = asyncio.run(converse(cluster.webhook, users=50, turns=20, tag="whole"))
    failed = [(s, m, code) for s, sent in results.items() for m, code in sent if code != 200]
    assert not failed, failed[:5]
    for sender, sent in results.items():
        assert cluster.user_turns(sender) == [m for m, _ in sent], sender
    used = cluster.upstreams()[before:]
    assert len(set(used)) == REPLICAS, set(used)  # every replica took its share
    assert min(used.count(u) for u in set(used)) > len(used) / REPLICAS / 2


def test_a_replica_killed_under_load_loses_only_requests_in_flight(cluster):
    results: Dict = {}
    load = threading.Thread(
        target=lambda: results.update(asyncio.run(converse(cluster.webhook, users=10, turns=30, tag="kill")))
    )
    load.start()
    time.sleep(4)
    cluster.kill("rasa-2")
    load.join(timeout=300)
    for sender, sent in results.items():
        stored = cluster.user_turns(sender)
        answered = [m for m, code in sent if code == 200]
        assert len(stored) == len(set(stored)), "a turn was stored twice"
        # every answered turn is stored, in order; a failed one at most once
        assert [m for m in stored if m in answered] == answered
        assert set(stored) <= {m for m, _ in sent}
        # only the one request in flight at the kill fails, and it fails at
        # once: the next message waits for the dead replica's lock, but not
        # into a timeout (504, or 0 from the client)
        failed = [code for _, code in sent if code != 200]
        assert len(failed) <= 1 and 504 not in failed and 0 not in failed, (sender, sent)
    assert sum(len(s) for s in results.values()) == 300
    restarted = cluster.script("start", timeout=600)  # brings the missing replica back
    assert restarted.returncode == 0, restarted.stderr
    assert requests.get(cluster.replica_url(2) + "/webhooks/rest/", timeout=10).ok


def test_the_request_that_stopped_a_replica_is_refused_under_load(cluster):
    """A lone surrogate in the sender made the SQL store exit the process;
    under load, sent straight at one replica and through nginx, it is a 400
    and every replica goes on answering."""
    crash = json.dumps({"sender": "x\udc80", "message": "hi"})  # "\\udc80": valid JSON
    pids = {i: cluster.pid(f"rasa-{i}") for i in range(1, REPLICAS + 1)}
    results: Dict = {}
    load = threading.Thread(
        target=lambda: results.update(asyncio.run(converse(cluster.webhook, users=10, turns=10, tag="crash")))
    )
    load.start()
    time.sleep(2)
    for url in [cluster.replica_url(1) + "/webhooks/rest/webhook"] * 5 + [cluster.webhook] * 5:
        reply = requests.post(url, data=crash, headers={"Content-Type": "application/json"}, timeout=30)
        assert reply.status_code == 400, reply.text
    load.join(timeout=300)
    failed = [(s, m, code) for s, sent in results.items() for m, code in sent if code != 200]
    assert not failed and sum(len(s) for s in results.values()) == 100, failed[:5]
    for i, pid in pids.items():  # the same processes, none exited (a zombie's state is Z)
        assert psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE, f"rasa-{i}"
    for i in pids:
        reply = requests.post(
            cluster.replica_url(i) + "/webhooks/rest/webhook",
            timeout=30,
            json={"sender": f"after-crash-{i}-{uuid.uuid4().hex[:6]}", "message": "你们的价格太贵了"},
        )
        assert reply.status_code == 200 and "价格确实很重要" in reply.json()[0]["text"], (i, reply.text)


def test_the_action_server_stopped_and_restarted(cluster):
    rep = f"actions-{uuid.uuid4()}"
    cluster.kill("actions")
    time.sleep(1)
    [text] = cluster.texts(rep, "你们的价格太贵了")
    assert UNAVAILABLE in text
    restarted = cluster.script("start", timeout=600)
    assert restarted.returncode == 0, restarted.stderr
    [text] = cluster.texts(rep, "你们的价格太贵了")
    assert "价格确实很重要" in text


def test_postgres_restarted_the_bot_says_so_then_recovers(cluster):
    rep = f"pg-{uuid.uuid4()}"
    cluster.texts(rep, "我们已经有供应商了")
    pg_ctl = (
        subprocess.run(
            "ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1", shell=True, capture_output=True, text=True
        ).stdout.strip()
        + "/pg_ctl"
    )
    subprocess.run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            pg_ctl,
            "-D",
            str(cluster.state.resolve() / "pg"),
            "-m",
            "fast",
            "-w",
            "stop",
        ],
        check=True,
        capture_output=True,
    )
    try:
        [text] = cluster.texts(rep, "那天不行")
        assert UNAVAILABLE in text
    finally:
        restarted = cluster.script("start", timeout=600)
        assert restarted.returncode == 0, restarted.stderr
    # every replica answers at once: dead pooled connections are replaced
    for n in range(REPLICAS * 2):
        texts = cluster.texts(rep, "那天不行")
        assert UNAVAILABLE not in " ".join(texts), n
    # the turn said while the database was down was not kept; the others were
    assert cluster.user_turns(rep) == ["我们已经有供应商了"] + ["那天不行"] * REPLICAS * 2


def test_a_full_restart_keeps_conversations(cluster):
    rep = f"restart-{uuid.uuid4()}"
    [first] = cluster.texts(rep, "我们已经有合作的供应商了")
    assert "供应商" in first or "合作" in first
    assert cluster.script("stop", timeout=180).returncode == 0
    started = cluster.script("start", timeout=900)
    assert started.returncode == 0, started.stderr
    cluster.wait_answering()
    # The pending proposal survived: declining it gets other times offered.
    reply = requests.post(cluster.webhook, json={"sender": rep, "message": "那天不行"}, timeout=60).json()
    assert reply and reply[0].get("buttons"), reply
    assert cluster.user_turns(rep) == ["我们已经有合作的供应商了", "那天不行"]
