"""`make run` as a user starts it (scripts/run.sh in a scratch copy): private
services on loopback only, the action server behind a secret it made up,
the API token off the command line, private files, and the request that
used to stop all four services answered with 400."""

from __future__ import annotations

import json
import shutil
import stat

import psutil
import pytest
import requests

from server.stack import stop_process, wait_until
from tests.trainer.scratch import ROOT, Live, copy_project

TOKEN = "make-run-api-token-0123456789"


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("make-run") / "project")
    (root / "models/objection-coach.tar.gz").write_bytes((ROOT / "models/objection-coach.tar.gz").read_bytes())
    shutil.copytree(ROOT / "web", root / "web")  # the demo page's server
    (root / "runtime").chmod(0o755)  # as an older checkout left it
    server = Live(root, RASA_TOKEN=TOKEN)
    try:
        wait_until(lambda: server.say("warm-up", "你好") != [], 180, "scripts/run.sh")
        yield server
    finally:
        stop_process(server.process)


def services(live: Live) -> list:
    """The processes run.sh started (its process group)."""
    group = psutil.Process(live.process.pid)
    return [group, *group.children(recursive=True)]


def test_every_service_listens_on_loopback_only(running):
    listening = {
        conn.laddr.port: conn.laddr.ip
        for p in services(running)
        for conn in p.net_connections(kind="inet")
        if conn.status == psutil.CONN_LISTEN
    }
    assert {running.rasa_port, running.action_port, running.web_port} <= set(listening), listening
    assert set(listening.values()) == {"127.0.0.1"}, listening


def test_the_action_server_refuses_a_caller_without_the_secret(running):
    reply = requests.post(
        f"http://127.0.0.1:{running.action_port}/webhook",
        timeout=30,
        json={"next_action": "action_rebut", "tracker": {}},
    )
    assert reply.status_code == 401
    assert running.say("secret-check", "你们太贵了")[0].startswith("您说得对")  # Rasa has the secret


def test_the_api_token_is_read_from_the_environment_not_the_command_line(running):
    for process in services(running):
        assert TOKEN not in " ".join(process.cmdline())
    url = f"http://127.0.0.1:{running.rasa_port}/status"
    assert requests.get(url, params={"token": TOKEN}, timeout=30).status_code == 200
    assert requests.get(url, timeout=30).status_code == 401


def test_runtime_and_the_database_are_private(running):
    running.say("private", "你好")
    assert stat.S_IMODE((running.root / "runtime").stat().st_mode) == 0o700
    for path in (running.root / "runtime").glob("tracker.db*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_the_request_that_stopped_everything_is_refused_and_all_keep_running(running):
    url = f"http://127.0.0.1:{running.rasa_port}/webhooks/rest/webhook"
    reply = requests.post(
        url,
        data=json.dumps({"sender": "x\udc80", "message": "hi"}),
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert reply.status_code == 400
    assert all(process.is_running() for process in services(running))
    assert running.process.poll() is None
    assert running.say("after-crash-request", "你们的价格太贵了")[0].startswith("您说得对")


def test_the_dashboard_has_a_generated_private_token_and_its_sign_in_link_is_printed(running):
    token_file = running.root / "runtime" / "trainer_token"
    token = token_file.read_text().strip()
    assert len(token) >= 24 and stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert f"/trainer/?token={token}" in running.log.read_text(errors="replace")
    api = f"http://127.0.0.1:{running.web_port}/trainer/api/reps"
    assert requests.get(api, timeout=30).status_code == 401
    assert requests.get(api, headers={"Authorization": f"Bearer {token}"}, timeout=30).json() == {
        "reps": [],
        "objections": [],
    }
    demo = requests.get(f"http://127.0.0.1:{running.web_port}/", timeout=30)
    assert demo.ok and "widget.js" in demo.text  # the demo page beside it
