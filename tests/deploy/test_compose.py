"""deploy/docker-compose.yml: Compose's own parser accepts it (Docker's
plugin, or Debian's docker-compose where the plugin is absent), it refuses
to run without the passwords, and it has the cluster's topology."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import Dict, List

import pytest

from tests.deploy.files import COMPOSE, DEPLOY, compose

SECRETS = {
    "TRACKER_PASSWORD": "pw-db",
    "REDIS_PASSWORD": "pw-redis",
    "PORTAL_JWT_SECRET": "s" * 32,
    "ACTION_SECRET": "a" * 32,
    "TRAINER_TOKEN": "t" * 32,
}


def compose_command() -> List[str]:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode == 0:
        return [docker, "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.skip(
        "neither Docker's compose plugin nor docker-compose is installed "
        "(`make deploy-tools` installs Debian's docker-compose when run as root)"
    )


def compose_config(environment: Dict[str, str]) -> subprocess.CompletedProcess:
    # only the variables given here: none of the operator's own leaks in
    env = {k: v for k, v in os.environ.items() if k not in SECRETS and k not in ("CREDENTIALS", "RASA_TOKEN")}
    return subprocess.run(
        [*compose_command(), "-f", str(COMPOSE), "config"],
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=DEPLOY,
        check=False,
    )


def test_docker_compose_accepts_the_file():
    import yaml

    result = compose_config(SECRETS)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    rasa = config["services"]["rasa"]["environment"]
    assert rasa["TRACKER_PASSWORD"] == "pw-db" and rasa["LOCK_STORE"] == "redis"
    # production channels unless told otherwise
    assert rasa["CREDENTIALS"] == "deploy/credentials.yml"
    assert not rasa.get("RASA_TOKEN")  # the HTTP API stays off by default


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_docker_compose_refuses_to_start_without_a_password(missing):
    result = compose_config({k: v for k, v in SECRETS.items() if k != missing})
    assert result.returncode != 0 and f"set {missing}" in result.stderr, result.stderr


def test_the_compose_topology_is_the_clusters():
    services = compose()["services"]
    assert set(services) == {"postgres", "redis", "actions", "rasa", "dashboard", "nginx"}
    rasa = services["rasa"]
    assert rasa["deploy"]["replicas"] == 3
    env = rasa["environment"]
    assert (env["ACTION_HOST"], env["TRACKER_HOST"], env["REDIS_HOST"]) == ("actions", "postgres", "redis")
    assert (env["TRACKER_DIALECT"], env["LOCK_STORE"]) == ("postgresql", "redis")
    assert env["TRACKER_USER"] == services["postgres"]["environment"]["POSTGRES_USER"]
    assert env["TRACKER_DB"] == services["postgres"]["environment"]["POSTGRES_DB"]
    assert {k: v["condition"] for k, v in rasa["depends_on"].items()} == {
        "postgres": "service_healthy",
        "redis": "service_healthy",
        "actions": "service_healthy",
    }
    assert services["nginx"]["depends_on"] == {
        "rasa": {"condition": "service_healthy"},
        "dashboard": {"condition": "service_healthy"},
    }
    # the action server writes the drill records and the dashboard reads them: the tracker's database
    for name in ("actions", "dashboard"):
        tracker = {k: v for k, v in services[name]["environment"].items() if k.startswith("TRACKER_")}
        assert tracker == {k: v for k, v in env.items() if k.startswith("TRACKER_")}, name
    dashboard = services["dashboard"]
    # one process migrates the records' schema (the dashboard, at start); the action server writes after it
    assert services["actions"]["depends_on"]["dashboard"] == {"condition": "service_healthy"}
    assert set(dashboard["depends_on"]) == {"postgres"}
    assert dashboard["image"] == rasa["image"] and dashboard["build"] == rasa["build"]
    assert dashboard["entrypoint"][:3] == ["python", "-m", "dashboard"] and "TRAINER_TOKEN" in dashboard["environment"]
    # postgres and redis check themselves; our images carry a HEALTHCHECK
    assert services["postgres"]["healthcheck"] and services["redis"]["healthcheck"]
    nginx = (DEPLOY / "nginx" / "compose.conf").read_text(encoding="utf-8")
    # `rasa` resolves to every replica: round-robin, a refused connection skipped
    proxying = (DEPLOY / "nginx" / "proxy.conf").read_text(encoding="utf-8")
    assert "server rasa:5005" in nginx and "include /etc/nginx/proxy.conf;" in nginx
    port = dashboard["entrypoint"][dashboard["entrypoint"].index("--port") + 1]
    assert f"proxy_pass http://dashboard:{port};" in nginx and "location /trainer/" in nginx
    assert "proxy_next_upstream error timeout" in proxying
    assert services["nginx"]["volumes"] == [
        "./nginx/compose.conf:/etc/nginx/nginx.conf:ro",
        "./nginx/proxy.conf:/etc/nginx/proxy.conf:ro",
    ]


def test_no_password_is_written_in_the_compose_file():
    text = COMPOSE.read_text(encoding="utf-8")
    for name in SECRETS:  # required from the environment, no default
        uses = re.findall(rf"\$\{{{name}[^}}]*\}}", text)
        assert uses and all(":?" in use for use in uses), name
    for service in compose()["services"].values():
        environment = service.get("environment", {})
        for key, value in environment.items():
            if re.search("PASSWORD|SECRET|TOKEN", key):
                assert str(value).startswith("${"), f"{key} has a literal value"
    example = (DEPLOY / ".env.example").read_text(encoding="utf-8")
    for name in list(SECRETS) + ["RASA_TOKEN"]:
        assert re.search(rf"^{name}=$", example, re.MULTILINE), f"deploy/.env.example gives {name} a value"
