"""deploy/docker: no image is built here (no Docker daemon), so the
Dockerfiles are read instead: the pinned official base images, files that
exist and are not ignored, what each image runs, the packages the actions
need, and ports that agree with the compose file and the manifests."""

from __future__ import annotations

import fnmatch
import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name as canonical

from tests.deploy.files import (
    DEPLOY,
    DOCKER,
    K8S,
    ROOT,
    compose,
    distributions,
    exec_form,
    image_files,
    instructions,
    pod_spec,
    resources,
    third_party_imports,
)

IMAGES = {
    "rasa.Dockerfile": "rasa/rasa:3.6.21",
    "actions.Dockerfile": "rasa/rasa-sdk:3.6.2",
    "web.Dockerfile": "nginxinc/nginx-unprivileged:1.27-alpine",
}


def ignored(path: str) -> bool:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parts = Path(path).parts
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    return any(
        fnmatch.fnmatch(prefix, pattern.lstrip("/")) or fnmatch.fnmatch(prefix, pattern.replace("**/", ""))
        for pattern in patterns
        for prefix in prefixes
    )


@pytest.mark.parametrize("name, image", IMAGES.items())
def test_each_image_builds_on_its_pinned_official_image_from_files_that_exist(name, image):
    steps = instructions(name)
    assert steps[0] == ("FROM", image)
    assert [k for k, _ in steps].count("FROM") == 1
    for source in image_files(name).values():
        assert (ROOT / source).exists(), f"{name}: COPY {source}: no such file"
        assert not ignored(source), f"{name}: COPY {source}, which .dockerignore leaves out of the context"
    users = [argument for keyword, argument in steps if keyword == "USER"]
    assert not users or users[-1] not in ("root", "0"), f"{name} runs as root"


def test_the_build_context_leaves_out_environments_models_and_secrets():
    for path in [
        ".venv/bin/python",
        ".venv-deploy/bin/python",
        ".git/HEAD",
        ".rasa/cache",
        "models/objection-coach.tar.gz",
        "runtime/tracker.db",
        "build/spacy_zh_jieba/meta.json",
        ".env",
        "deploy/.env",
        "server/__pycache__/x.pyc",
    ]:
        assert ignored(path), path
    assert not ignored("models/.gitkeep") and not ignored("web/widget.js")


def test_the_rasa_image_runs_the_server_with_our_endpoints_and_credentials():
    steps = instructions("rasa.Dockerfile")
    files = image_files("rasa.Dockerfile")
    [entrypoint] = [exec_form(a) for k, a in steps if k == "ENTRYPOINT"]
    assert entrypoint[0] == "sh" and files[entrypoint[1]] == "deploy/docker/start-rasa.sh"
    assert not [a for k, a in steps if k == "CMD"]  # (a new ENTRYPOINT drops the base image's CMD)
    start = (DOCKER / "start-rasa.sh").read_text(encoding="utf-8")
    for path in re.findall(r"--(?:endpoints|model) (\S+)", start):
        assert path == "models/objection-coach.tar.gz" or "/app/" + path in files, path
    assert "/app/deploy/credentials.yml" in files and "/app/credentials.yml" in files
    run = " ".join(a for k, a in steps if k == "RUN")
    assert "scripts/build_spacy_zh.py build/spacy_zh_jieba" in run  # what config.yml loads
    assert "rasa train --fixed-model-name objection-coach --out models" in run
    assert "build/spacy_zh_jieba" in (ROOT / "config.yml").read_text(encoding="utf-8")


def run_start_script(tmp_path: Path, **environment: str) -> list:
    """start-rasa.sh with a `python` that prints, one a line, the command line
    `python -m server serve` builds (server/rasa_command.py) in the
    environment the script gives it."""
    fake = (
        f"#!/bin/sh\nexec {sys.executable} - \"$@\" <<'PY'\n"
        "import os, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from server.rasa_command import serve_arguments\n"
        "args = sys.argv[1:]\n"
        "assert args[:3] == ['-m', 'server', 'serve'], args\n"
        "print('\\n'.join(args[:2] + serve_arguments(os.environ, args[3:])))\n"
        "PY\n"
    )
    (tmp_path / "python").write_text(fake, encoding="utf-8")
    (tmp_path / "python").chmod(0o755)
    env = {"PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}", **environment}
    result = subprocess.run(
        ["sh", str(DOCKER / "start-rasa.sh")], env=env, capture_output=True, text=True, timeout=30, check=True
    )
    return result.stdout.splitlines()


def test_a_replica_starts_as_cluster_replicas_do(tmp_path):
    args = run_start_script(tmp_path)
    assert args == [
        "-m",
        "server",
        "run",
        "--model",
        "models/objection-coach.tar.gz",
        "--endpoints",
        "endpoints.yml",
        "--credentials",
        "deploy/credentials.yml",
        "--interface",
        "0.0.0.0",
        "--port",
        "5005",
    ]
    assert "--enable-api" not in args  # python -m server turns the API on when RASA_TOKEN is set
    args = run_start_script(
        tmp_path,
        RASA_TOKEN="t0ken",
        CORS_ORIGINS="https://a.example https://b.example",
        RASA_PORT="6000",
        CREDENTIALS="credentials.yml",
    )
    # one argument per origin; the token stays in the environment, off the command line
    assert args[-3:] == ["--cors", "https://a.example", "https://b.example"]
    assert "t0ken" not in args and "--auth-token" not in args
    assert args[args.index("--port") + 1] == "6000" and args[args.index("--credentials") + 1] == "credentials.yml"


def test_the_rasa_image_installs_the_lock_without_test_tools():
    """The image has requirements.lock minus what only tests and the
    benchmark use, and nothing the server imports is left out."""
    [pattern] = re.findall(r"grep -viE '\^\(([^)]*)\)=='", " ".join(a for k, a in instructions("rasa.Dockerfile")))
    excluded = {canonical(name) for name in pattern.split("|")}
    lock = {
        canonical(line.split("==")[0]) for line in (ROOT / "requirements.lock").read_text().splitlines() if "==" in line
    }
    assert excluded <= lock, excluded - lock
    ours = ["server", "channels", "components", "nlg", "actions", "coach", "records", "dashboard"]
    runtime = [ROOT / p for p in [*ours, "scripts/build_spacy_zh.py"]]
    imported = third_party_imports(runtime, set(ours))
    needed = distributions(imported)
    assert not needed & excluded, needed & excluded
    # nor does any package that stays require one (extras aside)
    for name in lock - excluded:
        for requirement in importlib.metadata.distribution(name).requires or []:
            required = Requirement(requirement)
            if "extra" not in str(required.marker or ""):
                assert canonical(required.name) not in excluded, f"{name} needs {required.name}"


def test_the_action_image_installs_every_package_the_actions_import():
    wanted = {
        line.split("==")[0].lower()
        for line in (DOCKER / "actions-requirements.txt").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    entry = [ROOT / "server" / "action_server.py", ROOT / "server" / "log_redaction.py"]
    imported = third_party_imports(
        [ROOT / "actions", ROOT / "coach", ROOT / "records", *entry], {"actions", "coach", "records", "server"}
    )
    # the base image has rasa-sdk and what it requires (Sanic for the entry point)
    base = {"rasa-sdk", "rasa_sdk"} | {
        canonical(Requirement(r).name)
        for r in importlib.metadata.requires("rasa-sdk")
        if "extra" not in str(Requirement(r).marker or "")
    }
    for module in imported - set(sys.stdlib_module_names):
        assert {canonical(d) for d in distributions([module])} & (
            {canonical(w) for w in wanted} | base
        ), f"actions import {module}: add it to actions-requirements.txt"
    lock = {line.split("==")[0].lower(): line for line in (ROOT / "requirements.lock").read_text().splitlines()}
    for line in (DOCKER / "actions-requirements.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            assert lock[line.split("==")[0].lower()] == line, f"{line} differs from requirements.lock"
    # the files the actions read at run time are in the image, where they look
    files = image_files("actions.Dockerfile")
    assert {"/app/actions", "/app/coach", "/app/records", "/app/drill", "/app/coach.yml", "/app/taboo.yml"} <= set(
        files
    )
    # the entry point with the secret check, and every server module it imports
    assert [a for k, a in instructions("actions.Dockerfile") if k == "ENTRYPOINT"] == [
        '["python", "-m", "server.action_server"]'
    ]
    imports = re.findall(r"^from server import (.+)$", (ROOT / "server/action_server.py").read_text(), re.M)
    needed = {f"/app/server/{name.strip()}.py" for line in imports for name in line.split(",")}
    assert needed | {"/app/server/action_server.py", "/app/server/__init__.py"} <= set(files)
    # appointments use coach.yml's time zone; the Ubuntu base has no tz database
    if "zoneinfo" in imported:
        assert re.search(r"apt-get install .*\btzdata\b", " ".join(a for k, a in instructions("actions.Dockerfile")))


def test_ports_agree_across_images_compose_and_manifests():
    everything = resources()
    services = compose()["services"]
    settings = everything["ConfigMap/coach-settings"]["data"]

    def exposed(name):
        return [int(a) for k, a in instructions(name) if k == "EXPOSE"]

    def container_port(name):
        return [p["containerPort"] for c in pod_spec(everything[name])["containers"] for p in c["ports"]]

    # Rasa: the image's port, the pod's, what nginx proxies to in both set-ups
    rasa_env = dict(a.split("=", 1) for k, arg in instructions("rasa.Dockerfile") if k == "ENV" for a in arg.split())
    assert exposed("rasa.Dockerfile") == [int(rasa_env["RASA_PORT"])] == container_port("Deployment/rasa") == [5005]
    assert "server rasa:5005 " in (DEPLOY / "nginx" / "compose.conf").read_text(encoding="utf-8")
    assert "proxy_pass http://rasa:5005;" in (K8S / "nginx.conf").read_text(encoding="utf-8")
    # actions: the image's port and command, the pod's, where Rasa looks for it
    cmd = next(exec_form(a) for k, a in instructions("actions.Dockerfile") if k == "CMD")
    assert exposed("actions.Dockerfile") == [int(cmd[cmd.index("--port") + 1])] == container_port("Deployment/actions")
    assert int(settings["ACTION_PORT"]) == int(services["rasa"]["environment"]["ACTION_PORT"]) == 5055
    assert "localhost:5055/health" in " ".join(a for k, a in instructions("actions.Dockerfile") if k == "HEALTHCHECK")
    # web: nginx listens where the image, the pod and the published port say
    assert exposed("web.Dockerfile") == container_port("Deployment/web") == [8080]
    assert services["nginx"]["ports"] == ["${HTTP_PORT:-8080}:8080"]
    for conf in [DEPLOY / "nginx" / "compose.conf", K8S / "nginx.conf"]:
        assert "listen 8080;" in conf.read_text(encoding="utf-8"), conf
