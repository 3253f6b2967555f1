"""A trainer adds "没听说过你们公司" (never_heard_of_us) with YAML edits only; the
check is clean, the bot trains and answers it with a dated visit proposal.
Then the same model is dropped into a running `scripts/run.sh` (what `make
train` does): it is loaded without a restart, and a conversation started
before the reload goes on after it.

Slow: one training (~30 s) and two server start-ups."""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
import requests
from rasa.core.agent import Agent
from rasa.utils.endpoints import EndpointConfig

from coach import checks
from server.stack import free_port, stop_process, wait_until
from tests.trainer.scratch import ROOT, QUIET, Live, add_never_heard_of_us, add_renewal_scenario, copy_project

VENV = ROOT / ".venv" / "bin"
PROPOSAL = re.compile(r"(\d{1,2})月(\d{1,2})日（星期[一二三四五六日]）(上午|下午)\d{1,2}点(半|\d{1,2}分)?")
NEW_1 = "您没听说过我们很正常"
NEW_2 = "理解，对不熟悉的公司谨慎点是应该的"


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    """A copy of the project with never_heard_of_us and the renewal scenario
    added (YAML only, as the guide shows), trained."""
    root = copy_project(tmp_path_factory.mktemp("new-objection") / "project")
    add_never_heard_of_us(root)
    add_renewal_scenario(root)
    problems = checks.run(root)
    assert problems == [], "\n".join(map(str, problems))
    result = subprocess.run(
        [str(VENV / "rasa"), "train", "--domain", "domain", "--fixed-model-name", "objection-coach", "--out", "models"],
        cwd=root,
        env=dict(os.environ, **QUIET),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert (root / "models/objection-coach.tar.gz").exists()
    return root


@pytest.fixture(scope="module")
def action_server(trained):
    """The action server, run from the scratch project (its coach.yml, drill files)."""
    port = free_port()
    log = open(trained / "actions.log", "ab")
    process = subprocess.Popen(
        [str(VENV / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
        cwd=trained,
        env=dict(os.environ, **QUIET),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until(lambda: requests.get(f"http://127.0.0.1:{port}/health", timeout=2).ok, 90, "the action server")
        yield f"http://127.0.0.1:{port}/webhook"
    finally:
        stop_process(process)


def _dated(text: str) -> str:
    match = PROPOSAL.search(text)
    assert match, f"no dated proposal in {text!r}"
    return match.group(0)


async def test_the_new_objection_gets_its_rebuttal_with_a_dated_proposal(trained, action_server):
    agent = Agent.load(
        str(trained / "models/objection-coach.tar.gz"), action_endpoint=EndpointConfig(url=action_server)
    )
    [first] = await agent.handle_text("我从来没听说过你们公司", sender_id="trainer-1")
    assert first["text"].startswith(NEW_1)
    proposal = _dated(first["text"])
    tracker = await agent.tracker_store.retrieve("trainer-1")
    assert tracker.latest_message.intent["name"] == "never_heard_of_us"
    [visit] = tracker.get_slot("proposed_visits")
    moment = datetime.fromisoformat(visit)
    assert moment > datetime.now() and f"{moment.month}月{moment.day}日" in proposal

    [confirmed] = await agent.handle_text("好的", sender_id="trainer-1")
    assert confirmed["text"].startswith("太好了！那我们就约在") and proposal in confirmed["text"]

    # second time the other rebuttal (same slot), third time the polite retreat
    await agent.handle_text("我从来没听说过你们公司", sender_id="trainer-2")
    [second] = await agent.handle_text("你们这公司我真没听说过", sender_id="trainer-2")
    assert second["text"].startswith(NEW_2) and _dated(second["text"])
    [third] = await agent.handle_text("头一次听说你们", sender_id="trainer-2")
    assert "今天就不多打扰您了" in third["text"] and not PROPOSAL.search(third["text"])

    # the objections that were there keep working
    [old] = await agent.handle_text("你们的价格也太贵了吧", sender_id="trainer-3")
    assert old["text"].startswith("您说得对，价格确实很重要") and _dated(old["text"])


async def test_the_seventh_scenario_is_picked_and_answered_by_the_trained_bot(trained, action_server):
    agent = Agent.load(
        str(trained / "models/objection-coach.tar.gz"), action_endpoint=EndpointConfig(url=action_server)
    )
    chosen = await agent.handle_text('/scenario{"name":"renewal"}', sender_id="trainer-renewal")
    assert chosen[0]["text"] == "好，现在练“续约提醒”。"
    [answer] = await agent.handle_text("明年我们就不打算续了", sender_id="trainer-renewal")
    assert answer["text"].startswith("谢谢您这一年的支持")
    assert "小一点的套餐" in answer["text"]


@pytest.fixture
def live(tmp_path):
    root = copy_project(tmp_path / "live")
    (root / "models/objection-coach.tar.gz").write_bytes((ROOT / "models/objection-coach.tar.gz").read_bytes())
    server = Live(root)
    try:
        wait_until(lambda: server.say("warm-up", "你好") != [], 180, "scripts/run.sh with a model")
        yield server
    finally:
        stop_process(server.process)


def test_a_conversation_started_before_a_reload_continues_after_it(trained, live):
    # the rep's call, on the model that was running
    [rebuttal] = live.say("rep", "你们的价格也太贵了吧")
    proposal = _dated(rebuttal)
    assert not live.say("probe-before", "我从来没听说过你们公司")[0].startswith(NEW_1)

    # what `make train` does: the trainer's YAML edits, then the model file is
    # rewritten in place (half of it first, as while training writes it)
    add_never_heard_of_us(live.root)
    served = live.root / "models/objection-coach.tar.gz"
    new_model = (trained / "models/objection-coach.tar.gz").read_bytes()
    replies, stop = [], threading.Event()

    def keep_talking():  # nobody sees downtime: every message gets an answer
        n = 0
        while not stop.is_set():
            n += 1
            replies.append(live.say(f"meanwhile-{n}", "你们的价格也太贵了吧"))
            time.sleep(0.2)

    talker = threading.Thread(target=keep_talking, daemon=True)
    talker.start()
    try:
        with open(served, "wb") as f:
            f.write(new_model[: len(new_model) // 2])
            f.flush()
            time.sleep(3)  # three pulls see a half-written file: the old model stays
            assert not live.say("probe-half", "我从来没听说过你们公司")[0].startswith(NEW_1), live.logs()
            f.write(new_model[len(new_model) // 2 :])

        deadline = time.monotonic() + 60
        n = 0
        while True:
            n += 1
            if live.say(f"probe-{n}", "我从来没听说过你们公司")[0].startswith(NEW_1):
                break
            assert time.monotonic() < deadline, "the new model was not loaded:\n" + live.logs()
            time.sleep(0.5)
    finally:
        stop.set()
        talker.join(timeout=30)
    assert replies and all(r and r[0].startswith("您说得对") for r in replies), replies

    # the call started before the reload: the pending proposal is confirmed
    [confirmed] = live.say("rep", "好的")
    assert confirmed.startswith("太好了！那我们就约在") and proposal in confirmed, confirmed
    assert live.process.poll() is None  # never restarted
