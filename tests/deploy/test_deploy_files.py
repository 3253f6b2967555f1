"""deploy/: the Kubernetes manifests pass kubernetes-validate (strict) and say
what an operator relies on; the compose file passes `docker compose config`
and has the cluster's topology; the Dockerfiles build on the official images
from files that exist. No image is built here (no Docker daemon)."""
from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
VALIDATE = ROOT / ".venv-deploy" / "bin" / "kubernetes-validate"
KUBERNETES = "1.31.0"
MANIFESTS = sorted(p for p in K8S.rglob("*.yaml") if p.name != "kustomization.yaml")


def documents(path: Path) -> List[dict]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def resources() -> Dict[str, dict]:
    return {f"{d['kind']}/{d['metadata']['name']}": d for path in MANIFESTS for d in documents(path)}


def validate(*paths: Path) -> subprocess.CompletedProcess:
    if not VALIDATE.exists():
        pytest.fail(f"{VALIDATE} is missing: `make test` installs it (make deploy-tools)")
    return subprocess.run([str(VALIDATE), "--strict", "-k", KUBERNETES, *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


def test_every_manifest_is_valid_kubernetes():
    result = validate(*MANIFESTS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("passed") == len(resources())


@pytest.mark.parametrize("mistake", ["an unknown field", "a wrong type"])
def test_the_validator_rejects_a_broken_manifest(tmp_path, mistake):
    [deployment, _service] = documents(K8S / "rasa.yaml")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    if mistake == "an unknown field":
        container["livenessProbes"] = container.pop("livenessProbe")
    else:
        container["ports"][0]["containerPort"] = "five thousand"
    broken = tmp_path / "rasa.yaml"
    broken.write_text(yaml.safe_dump(deployment), encoding="utf-8")
    assert validate(broken).returncode != 0


def test_kustomize_lists_every_manifest_but_the_secret():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    listed = set(kustomization["resources"])
    assert listed == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml", "secret.yaml"}
    for generator in kustomization["configMapGenerator"]:
        assert all((K8S / f).exists() for f in generator["files"])
    stores = yaml.safe_load((K8S / "demo-stores" / "kustomization.yaml").read_text(encoding="utf-8"))
    assert all((K8S / "demo-stores" / f).exists() for f in stores["resources"])


DEPLOYMENTS = ["Deployment/rasa", "Deployment/actions", "Deployment/web", "Deployment/redis", "StatefulSet/postgres"]


@pytest.mark.parametrize("name", DEPLOYMENTS)
def test_every_container_has_probes_and_limits(name):
    for container in resources()[name]["spec"]["template"]["spec"]["containers"]:
        assert container.get("readinessProbe") and container.get("livenessProbe"), name
        limits, requests = container["resources"]["limits"], container["resources"]["requests"]
        assert {"cpu", "memory"} <= set(limits) and {"cpu", "memory"} <= set(requests), name


@pytest.mark.parametrize("name", ["Deployment/rasa", "Deployment/actions", "Deployment/web"])
def test_our_containers_run_as_non_root(name):
    spec = resources()[name]["spec"]["template"]["spec"]
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert all(c["securityContext"]["allowPrivilegeEscalation"] is False for c in spec["containers"])


def test_a_rasa_replica_gets_what_the_benchmark_measured():
    # docs/deploy.md: ~720 MB resident, one core per replica
    [rasa] = resources()["Deployment/rasa"]["spec"]["template"]["spec"]["containers"]
    assert rasa["resources"]["requests"] == {"cpu": "1", "memory": "1Gi"}
    assert rasa["startupProbe"]["periodSeconds"] * rasa["startupProbe"]["failureThreshold"] >= 120


def test_the_hpa_scales_the_rasa_deployment_from_three():
    hpa = resources()["HorizontalPodAutoscaler/rasa"]["spec"]
    assert hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "rasa"}
    assert hpa["minReplicas"] >= 3 and hpa["maxReplicas"] > hpa["minReplicas"]
    assert hpa["metrics"][0]["resource"]["name"] == "cpu"


def test_secrets_come_from_the_secret_and_it_holds_no_values():
    everything = resources()
    secret = everything["Secret/coach-secrets"]
    assert {"TRACKER_PASSWORD", "RASA_TOKEN", "PORTAL_JWT_SECRET", "REDIS_PASSWORD"} <= set(secret["stringData"])
    assert not any(secret["stringData"].values()), "a secret value is committed"
    settings = everything["ConfigMap/coach-settings"]["data"]
    assert not any(re.search("PASSWORD|SECRET|TOKEN", key) for key in settings)
    referenced = set()
    for resource in everything.values():
        for container in resource.get("spec", {}).get("template", {}).get("spec", {}).get("containers", []):
            for variable in container.get("env", []):
                ref = variable.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["name"] == "coach-secrets"
                    referenced.add(ref["key"])
                else:
                    assert not re.search("PASSWORD|SECRET|TOKEN", variable["name"]), variable
    assert referenced == set(secret["stringData"])


def test_the_settings_cover_what_endpoints_yml_needs():
    from server.environment import read_env_file

    needed = set(re.findall(r"\$\{([A-Z0-9_]+)\}", (ROOT / "endpoints.yml").read_text(encoding="utf-8")))
    settings = resources()["ConfigMap/coach-settings"]["data"]
    secrets = resources()["Secret/coach-secrets"]["stringData"]
    defaults = read_env_file(ROOT / ".env.example")  # `python -m server` fills in the rest
    assert needed <= set(settings) | set(secrets) | set(defaults)
    assert settings["LOCK_STORE"] == "redis" and settings["TRACKER_DIALECT"] == "postgresql"
    # production exposes only the portal channel
    assert settings["CREDENTIALS"] == "deploy/credentials.yml"
    assert list(yaml.safe_load((DEPLOY / "credentials.yml").read_text(encoding="utf-8"))) == \
        ["channels.portal.PortalInput"]


def test_services_select_their_pods_and_ports_line_up():
    everything = resources()
    settings = everything["ConfigMap/coach-settings"]["data"]
    for name in ["rasa", "actions", "web", "postgres", "redis"]:
        service = everything[f"Service/{name}"]["spec"]
        workload = everything.get(f"Deployment/{name}") or everything[f"StatefulSet/{name}"]
        labels = workload["spec"]["template"]["metadata"]["labels"]
        assert service["selector"].items() <= labels.items(), name
        assert workload["spec"]["selector"]["matchLabels"].items() <= labels.items(), name
        ports = {p["name"]: p["containerPort"] for c in workload["spec"]["template"]["spec"]["containers"]
                 for p in c["ports"]}
        assert all(p["targetPort"] in ports for p in service["ports"]), name
    service_port = {n: everything[f"Service/{n}"]["spec"]["ports"][0]["port"] for n in ["actions", "postgres", "redis"]}
    assert (settings["ACTION_HOST"], int(settings["ACTION_PORT"])) == ("actions", service_port["actions"])
    assert (settings["TRACKER_HOST"], int(settings["TRACKER_PORT"])) == ("postgres", service_port["postgres"])
    assert (settings["REDIS_HOST"], int(settings["REDIS_PORT"])) == ("redis", service_port["redis"])
    nginx = (K8S / "nginx.conf").read_text(encoding="utf-8")
    assert "proxy_pass http://rasa.objection-coach.svc.cluster.local:5005;" in nginx
    assert "/webhooks/rest" not in nginx  # the REST channel trusts any sender id


# --- docker compose ----------------------------------------------------------

COMPOSE = DEPLOY / "docker-compose.yml"
SECRETS = {"TRACKER_PASSWORD": "pw-db", "REDIS_PASSWORD": "pw-redis", "PORTAL_JWT_SECRET": "s" * 32}


def compose_command() -> List[str]:
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0 \
            if shutil.which("docker") else False:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.skip("neither Docker's compose plugin nor docker-compose is installed (make deploy-tools installs it as root)")


def compose_config(environment: Dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    return subprocess.run([*compose_command(), "-f", str(COMPOSE), "config"], env={**env, **environment},
                          capture_output=True, text=True, timeout=60, cwd=DEPLOY)


def test_docker_compose_accepts_the_file():
    result = compose_config(SECRETS)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    rasa = config["services"]["rasa"]["environment"]
    assert rasa["TRACKER_PASSWORD"] == "pw-db" and rasa["LOCK_STORE"] == "redis"


def test_docker_compose_refuses_to_start_without_the_passwords():
    result = compose_config({k: v for k, v in SECRETS.items() if k != "TRACKER_PASSWORD"})
    assert result.returncode != 0 and "set TRACKER_PASSWORD" in result.stderr


def test_the_compose_topology_is_the_clusters():
    services = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"]
    assert set(services) == {"postgres", "redis", "actions", "rasa", "nginx"}
    rasa = services["rasa"]
    assert rasa["deploy"]["replicas"] == 3
    assert rasa["environment"]["ACTION_HOST"] == "actions" and rasa["environment"]["REDIS_HOST"] == "redis"
    assert rasa["environment"]["TRACKER_HOST"] == "postgres"
    assert {k: v["condition"] for k, v in rasa["depends_on"].items()} == \
        {"postgres": "service_healthy", "redis": "service_healthy", "actions": "service_healthy"}
    text = COMPOSE.read_text(encoding="utf-8")
    for name in SECRETS:  # every secret is required from the environment, none has a default
        assert re.findall(rf"\$\{{{name}[^}}]*\}}", text) and all(
            ":?" in use for use in re.findall(rf"\$\{{{name}[^}}]*\}}", text)), name
    nginx = (DEPLOY / "nginx" / "compose.conf").read_text(encoding="utf-8")
    assert "server rasa:5005" in nginx and "proxy_next_upstream error timeout" in nginx


# --- Dockerfiles ---------------------------------------------------------------

def instructions(name: str) -> List[List[str]]:
    lines = re.sub(r"\\\n", " ", (DEPLOY / "docker" / name).read_text(encoding="utf-8")).splitlines()
    return [line.split(None, 1) for line in lines if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.parametrize("name, image", [("rasa.Dockerfile", "rasa/rasa:3.6.21"),
                                         ("actions.Dockerfile", "rasa/rasa-sdk:3.6.2"),
                                         ("web.Dockerfile", "nginxinc/nginx-unprivileged:1.27-alpine")])
def test_each_image_builds_on_its_pinned_official_image_from_files_that_exist(name, image):
    steps = instructions(name)
    assert steps[0] == ["FROM", image]
    for keyword, argument in steps:
        if keyword == "COPY":
            *sources, _target = argument.split()
            for source in sources:
                assert (ROOT / source).exists(), f"{name}: COPY {source}: no such file"
    users = [argument for keyword, argument in steps if keyword == "USER"]
    assert not users or users[-1] != "root", f"{name} runs as root"


def test_the_rasa_image_matches_the_pins_and_trains_its_model():
    steps = " ".join(argument for _, argument in instructions("rasa.Dockerfile"))
    assert "pip install --no-cache-dir -r requirements.lock" in steps
    assert "scripts/build_spacy_zh.py build/spacy_zh_jieba" in steps and "rasa train" in steps
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert "rasa==3.6.21" in lock and "rasa-sdk==3.6.2" in lock
    start = (DEPLOY / "docker" / "start-rasa.sh").read_text(encoding="utf-8")
    assert "exec python -m server" in start and "--enable-api" in start


def _third_party_imports(package_dirs: List[Path]) -> set:
    """Top-level modules outside our packages that these packages import."""
    ours = {p.name for p in package_dirs} | {"coach", "actions"}
    found = set()
    for directory in package_dirs:
        for file in directory.rglob("*.py"):
            if "checks" in file.parts:  # project checks run in the Rasa venv, not the action server
                continue
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
                found |= {n.split(".")[0] for n in names} - ours
    return found


def test_the_action_image_installs_every_package_the_actions_import():
    wanted = {re.split("==", line)[0].lower() for line in
              (DEPLOY / "docker" / "actions-requirements.txt").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")}
    distributions = importlib.metadata.packages_distributions()
    stdlib = set(__import__("sys").stdlib_module_names)
    for module in _third_party_imports([ROOT / "actions", ROOT / "coach"]) - stdlib:
        # (packages without top_level.txt are missing from the map: named as imported)
        names = {d.lower() for d in distributions.get(module, [module])}
        assert names & (wanted | {"rasa-sdk", "rasa_sdk"}), f"actions import {module}: add it to actions-requirements.txt"
    lock = {line.split("==")[0].lower(): line for line in (ROOT / "requirements.lock").read_text().splitlines()}
    for line in (DEPLOY / "docker" / "actions-requirements.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            assert lock[line.split("==")[0].lower()] == line, f"{line} differs from requirements.lock"
