"""`make cluster` started once for the cluster tests, on free ports and with
its own state folder, and stopped (and its state removed) afterwards."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Dict, List

import psycopg2
import pytest
import requests

from server.stack import MODEL, ROOT

REPLICAS = 3


class Cluster:
    def __init__(self, state: Path):
        self.state = state
        # Below Linux's ephemeral range (32768-60999), so that no outgoing
        # connection takes a port between choosing it and a server binding it.
        rng = random.Random()
        while True:
            base = rng.randrange(20000, 32000 - 10, 10)
            if all(_free(base + i) for i in range(10)):
                break
        self.ports = {
            "CLUSTER_HTTP_PORT": base,
            "CLUSTER_ACTION_PORT": base + 5,
            "CLUSTER_PG_PORT": base + 6,
            "CLUSTER_REDIS_PORT": base + 7,
            "CLUSTER_DASHBOARD_PORT": base + 8,
            "CLUSTER_RASA_BASE_PORT": base,
        }  # replicas on base+1..base+3
        self.env: Dict[str, str] = dict(
            os.environ,
            CLUSTER_STATE=str(state),
            CLUSTER_REPLICAS=str(REPLICAS),
            TF_CPP_MIN_LOG_LEVEL="2",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            RASA_TELEMETRY_ENABLED="false",
            **{k: str(v) for k, v in self.ports.items()},
        )

    def script(self, command: str, timeout: float = 900) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["scripts/cluster.sh", command], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.ports['CLUSTER_HTTP_PORT']}"

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhooks/rest/webhook"

    def replica_url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.ports['CLUSTER_RASA_BASE_PORT'] + i}"

    def texts(self, sender: str, message: str) -> List[str]:
        reply = requests.post(self.webhook, json={"sender": sender, "message": message}, timeout=60)
        assert reply.status_code == 200, reply.text
        return [m.get("text", "") for m in reply.json()]

    def pid(self, name: str) -> int:
        return int((self.state / f"{name}.pid").read_text())

    def kill(self, name: str) -> None:
        os.killpg(self.pid(name), signal.SIGKILL)

    def secrets(self) -> Dict[str, str]:
        lines = (self.state / "secrets.env").read_text().split()
        return dict(line.split("=", 1) for line in lines)

    def user_turns(self, sender: str) -> List[str]:
        """The customer's messages as the shared tracker store holds them."""
        with psycopg2.connect(
            host="127.0.0.1",
            port=self.ports["CLUSTER_PG_PORT"],
            dbname="coach",
            user="coach",
            password=self.secrets()["CLUSTER_PG_PASSWORD"],
        ) as db:
            with db.cursor() as cursor:
                cursor.execute(
                    "SELECT data::json->>'text' FROM events WHERE sender_id = %s AND type_name = 'user'" " ORDER BY id",
                    (sender,),
                )
                return [row[0] for row in cursor.fetchall()]

    def upstreams(self) -> List[str]:
        log = self.state / "nginx-access.log"
        return [line.rsplit(" ", 1)[-1] for line in log.read_text().splitlines() if "/webhooks/rest/webhook" in line]

    def wait_answering(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/webhooks/rest/", timeout=5).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise TimeoutError("the cluster did not answer")


def _free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


@pytest.fixture(scope="session")
def cluster():
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: `make test-cluster` trains it first")
    state = ROOT / "runtime" / "cluster-test"
    running = Cluster(state)
    running.script("stop", timeout=120)
    target = state.resolve()
    shutil.rmtree(target, ignore_errors=True)
    if state.is_symlink():
        state.unlink()
    started = running.script("start")
    assert started.returncode == 0, started.stdout + started.stderr
    yield running
    stopped = running.script("stop", timeout=180)
    assert stopped.returncode == 0, stopped.stdout + stopped.stderr
    target = state.resolve()
    shutil.rmtree(target, ignore_errors=True)
    if state.is_symlink():
        state.unlink()
