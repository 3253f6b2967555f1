"""Start and stop the real servers on loopback, as `make run` does: for the end-to-end tests and `make bench`."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "objection-coach.tar.gz"
# Our server is `rasa` with speed patches (server/); stock is plain `rasa`.
OURS = (str(BIN / "python"), "-m", "server")
STOCK = (str(BIN / "rasa"),)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{what} did not come up within {timeout:.0f}s")


def stop_process(process: Optional[subprocess.Popen]) -> None:
    """SIGTERM the process group started with start_new_session, SIGKILL after 30 s."""
    if process and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Stack:
    """The action server and the Rasa server on free loopback ports, with a
    tracker database of their own."""

    def __init__(
        self,
        workdir: Path,
        cors: str = "*",
        model: Path = MODEL,
        endpoints: str = "endpoints.yml",
        credentials: str = "credentials.yml",
        rasa_args: Tuple[str, ...] = (),
        command: Tuple[str, ...] = OURS,
    ):
        self.workdir = workdir
        self.action_port = free_port()
        self.rasa_port = free_port()
        self.cors = cors
        self.model, self.endpoints, self.credentials = model, endpoints, credentials
        self.rasa_args, self.command = rasa_args, command
        self.env: Dict[str, str] = dict(
            os.environ,
            ACTION_PORT=str(self.action_port),
            # hermetic: a developer's .env (PostgreSQL, Redis) does not apply
            TRACKER_DIALECT="sqlite",
            TRACKER_DB=str(workdir / "tracker.db"),
            LOCK_STORE="in_memory",
            ACTION_SECRET=secrets.token_urlsafe(24),
            BIND_HOST="127.0.0.1",
            TF_CPP_MIN_LOG_LEVEL="2",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            RASA_TELEMETRY_ENABLED="false",
        )
        # drill records in the tracker's database, as under `make run`
        self.env.pop("RECORDS_URL", None)
        self.actions: Optional[subprocess.Popen] = None
        self.rasa: Optional[subprocess.Popen] = None
        self.dashboard: Optional[subprocess.Popen] = None
        self.web_port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhooks/rest/webhook"

    def _spawn(self, args: List[str], log: str) -> subprocess.Popen:
        out = open(self.workdir / log, "ab")
        return subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )

    def start_actions(self) -> None:
        self.actions = self._spawn(
            [
                str(BIN / "python"),
                "-m",
                "server.action_server",
                "--actions",
                "actions",
                "--port",
                str(self.action_port),
            ],
            "actions.log",
        )
        wait_until(
            lambda: requests.get(f"http://127.0.0.1:{self.action_port}/health", timeout=2).ok, 90, "the action server"
        )

    def start_rasa(self) -> None:
        self.rasa = self._spawn(
            [
                *self.command,
                "run",
                "--model",
                str(self.model),
                "--interface",
                "127.0.0.1",
                "--port",
                str(self.rasa_port),
                "--endpoints",
                str(self.endpoints),
                "--credentials",
                str(self.credentials),
                "--cors",
                self.cors,
                *self.rasa_args,
            ],
            "rasa.log",
        )
        wait_until(lambda: requests.get(f"{self.url}/webhooks/rest/", timeout=2).ok, 180, "the Rasa server")

    def start_dashboard(self, web_dir: Optional[Path] = None) -> str:
        """The demo page and trainer dashboard (TRAINER_TOKEN from self.env); its URL."""
        self.web_port = free_port()
        args = [str(BIN / "python"), "-m", "dashboard", "--host", "127.0.0.1", "--port", str(self.web_port)]
        self.dashboard = self._spawn(args + (["--web", str(web_dir)] if web_dir else []), "dashboard.log")
        url = f"http://127.0.0.1:{self.web_port}"
        wait_until(lambda: requests.get(f"{url}/trainer/signin", timeout=2).ok, 60, "the dashboard")
        return url

    def stop_actions(self) -> None:
        stop_process(self.actions)

    def pause_actions(self, paused: bool = True) -> None:
        """SIGSTOP the action server (alive but not answering), or SIGCONT it."""
        import signal

        os.killpg(os.getpgid(self.actions.pid), signal.SIGSTOP if paused else signal.SIGCONT)

    def stop_rasa(self) -> None:
        stop_process(self.rasa)

    def start(self) -> "Stack":
        self.start_actions()
        self.start_rasa()
        return self

    def stop(self) -> None:
        stop_process(self.dashboard)
        self.stop_rasa()
        self.stop_actions()

    def say(self, sender: str, message, **extra) -> requests.Response:
        return requests.post(self.webhook, json={"sender": sender, "message": message, **extra}, timeout=60)

    def texts(self, sender: str, message: str) -> List[str]:
        response = self.say(sender, message)
        assert response.status_code == 200, response.text
        # a response's custom part (the widget's mode switch) arrives as a message of its own, with no text
        return [m.get("text", "") for m in response.json() if "text" in m or "buttons" in m]

    def log(self, name: str = "rasa.log") -> str:
        path = self.workdir / name
        return path.read_text(errors="replace") if path.exists() else ""
