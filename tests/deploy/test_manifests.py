"""deploy/k8s: every manifest passes kubernetes-validate (strict: unknown
fields refused) and says what an operator relies on: probes, limits,
non-root pods, secrets only from the Secret, Services that find their pods,
ports that line up, an HPA on the Rasa Deployment. Nothing is applied to a
cluster here (there is none)."""

from __future__ import annotations

import importlib
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.deploy.files import (
    DEPLOY,
    K8S,
    MANIFESTS,
    OURS,
    ROOT,
    documents,
    pod_labels,
    pod_spec,
    resources,
)

VALIDATE = ROOT / ".venv-deploy" / "bin" / "kubernetes-validate"
# the oldest and the newest schemas kubernetes-validate 1.37 ships
KUBERNETES = ["1.25.0", "1.37.0"]


def validate(*paths: Path, version: str = KUBERNETES[-1]) -> subprocess.CompletedProcess:
    if not VALIDATE.exists():
        pytest.fail(f"{VALIDATE} is missing: `make deploy-tools` installs it (`make test` does)")
    return subprocess.run(
        [str(VALIDATE), "--strict", "-k", version, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("version", KUBERNETES)
def test_every_manifest_is_valid_kubernetes(version):
    result = validate(*MANIFESTS, version=version)
    assert result.returncode == 0, result.stdout + result.stderr
    # one "passed" line per resource: none was skipped for want of a schema
    assert result.stdout.count("passed") == len(resources()), result.stdout + result.stderr


@pytest.mark.parametrize("mistake", ["an unknown field", "a wrong type", "a missing field"])
def test_the_validator_rejects_a_broken_manifest(tmp_path, mistake):
    [deployment, _service] = documents(K8S / "rasa.yaml")
    container = pod_spec(deployment)["containers"][0]
    if mistake == "an unknown field":
        container["livenessProbes"] = container.pop("livenessProbe")
    elif mistake == "a wrong type":
        container["ports"][0]["containerPort"] = "five thousand"
    else:
        del deployment["spec"]["selector"]
    broken = tmp_path / "rasa.yaml"
    broken.write_text(yaml.safe_dump(deployment), encoding="utf-8")
    result = validate(broken)
    assert result.returncode != 0, result.stdout


def test_kustomize_lists_every_manifest_but_the_secret():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    assert set(kustomization["resources"]) == {p.name for p in K8S.glob("*.yaml")} - {
        "kustomization.yaml",
        "secret.yaml",
    }
    for generator in kustomization["configMapGenerator"]:
        assert all((K8S / f).exists() for f in generator["files"])
    volumes = [v["configMap"]["name"] for v in pod_spec(resources()["Deployment/web"])["volumes"]]
    assert volumes == [g["name"] for g in kustomization["configMapGenerator"]]
    images = {c["image"].split(":")[0] for name in OURS for c in pod_spec(resources()[name])["containers"]}
    assert images == {i["name"] for i in kustomization["images"]}
    stores = yaml.safe_load((K8S / "demo-stores" / "kustomization.yaml").read_text(encoding="utf-8"))
    assert {f for f in stores["resources"]} == {p.name for p in (K8S / "demo-stores").glob("*.yaml")} - {
        "kustomization.yaml"
    }


WORKLOADS = OURS + ["Deployment/redis", "StatefulSet/postgres"]


@pytest.mark.parametrize("name", WORKLOADS)
def test_every_container_has_probes_requests_and_limits(name):
    for container in pod_spec(resources()[name])["containers"]:
        assert container.get("readinessProbe") and container.get("livenessProbe"), name
        limits, requests = container["resources"]["limits"], container["resources"]["requests"]
        assert {"cpu", "memory"} <= set(limits) and {"cpu", "memory"} <= set(requests), name


@pytest.mark.parametrize("name", OURS)
def test_our_pods_meet_the_restricted_pod_security_standard(name):
    spec = pod_spec(resources()[name])
    assert spec["securityContext"]["runAsNonRoot"] is True and spec["securityContext"]["runAsUser"] != 0
    assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    for container in spec["containers"]:
        assert container["securityContext"]["allowPrivilegeEscalation"] is False
        assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]


def test_a_rasa_replica_gets_what_the_benchmark_measured():
    # docs/deploy.md: one core answers ~30 messages/s; ~720 MB resident
    [rasa] = pod_spec(resources()["Deployment/rasa"])["containers"]
    assert rasa["resources"]["requests"] == {"cpu": "1", "memory": "1Gi"}
    assert rasa["resources"]["limits"]["memory"] == "1536Mi"
    # loading TensorFlow, spaCy and the model: minutes are allowed before liveness counts
    assert rasa["startupProbe"]["periodSeconds"] * rasa["startupProbe"]["failureThreshold"] >= 120


def test_a_rasa_replica_is_ready_when_the_exposed_channel_is_mounted():
    """Its readiness page is the channel deploy/credentials.yml lists: a
    replica without it would answer every portal message with 404."""
    [rasa] = pod_spec(resources()["Deployment/rasa"])["containers"]
    channels = yaml.safe_load((DEPLOY / "credentials.yml").read_text(encoding="utf-8"))
    assert list(channels) == ["channels.portal.PortalInput"]  # the REST channel trusts any sender id
    module, _, cls = next(iter(channels)).rpartition(".")
    name = getattr(importlib.import_module(module), cls).name()
    assert rasa["readinessProbe"]["httpGet"]["path"] == f"/webhooks/{name}/"


def test_the_hpa_owns_the_rasa_deployments_replicas():
    everything = resources()
    hpa = everything["HorizontalPodAutoscaler/rasa"]["spec"]
    assert hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "rasa"}
    assert hpa["minReplicas"] >= 3 and hpa["maxReplicas"] > hpa["minReplicas"]
    assert [m["resource"]["name"] for m in hpa["metrics"]] == ["cpu"]
    # a `replicas:` in the Deployment would reset the HPA's count on every apply
    assert "replicas" not in everything["Deployment/rasa"]["spec"]


@pytest.mark.parametrize("name", ["rasa", "actions", "web"])
def test_disruption_budgets_and_spreading_select_their_pods(name):
    everything = resources()
    labels = pod_labels(everything[f"Deployment/{name}"])
    budget = everything[f"PodDisruptionBudget/{name}"]["spec"]
    assert budget["selector"]["matchLabels"].items() <= labels.items()
    for spread in pod_spec(everything[f"Deployment/{name}"]).get("topologySpreadConstraints", []):
        assert spread["labelSelector"]["matchLabels"].items() <= labels.items()


def test_secrets_come_from_the_secret_and_it_holds_no_values():
    everything = resources()
    secret = everything["Secret/coach-secrets"]
    assert {"TRACKER_PASSWORD", "RASA_TOKEN", "PORTAL_JWT_SECRET", "REDIS_PASSWORD", "ACTION_SECRET"} <= set(
        secret["stringData"]
    )
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
    rasa_env = {v["name"]: v for v in pod_spec(everything["Deployment/rasa"])["containers"][0]["env"]}
    assert {"TRACKER_PASSWORD", "REDIS_PASSWORD", "PORTAL_JWT_SECRET", "RASA_TOKEN", "ACTION_SECRET"} <= set(rasa_env)
    # the action server checks the same secret Rasa sends
    actions_env = {v["name"]: v for v in pod_spec(everything["Deployment/actions"])["containers"][0]["env"]}
    assert actions_env["ACTION_SECRET"]["valueFrom"] == rasa_env["ACTION_SECRET"]["valueFrom"]


def test_only_rasa_pods_reach_the_action_server():
    everything = resources()
    policy = everything["NetworkPolicy/actions-from-rasa-only"]["spec"]
    actions = pod_spec(everything["Deployment/actions"])
    assert policy["podSelector"]["matchLabels"] == everything["Deployment/actions"]["spec"]["selector"]["matchLabels"]
    assert policy["policyTypes"] == ["Ingress"]
    [rule] = policy["ingress"]
    [source] = rule["from"]
    assert source["podSelector"]["matchLabels"] == everything["Deployment/rasa"]["spec"]["selector"]["matchLabels"]
    assert [p["port"] for p in rule["ports"]] == [p["containerPort"] for p in actions["containers"][0]["ports"]]


def test_the_settings_cover_what_endpoints_yml_needs():
    from server.environment import read_env_file

    needed = set(re.findall(r"\$\{([A-Z0-9_]+)\}", (ROOT / "endpoints.yml").read_text(encoding="utf-8")))
    settings = resources()["ConfigMap/coach-settings"]["data"]
    secrets = resources()["Secret/coach-secrets"]["stringData"]
    defaults = read_env_file(ROOT / ".env.example")  # `python -m server` fills in the rest
    assert needed <= set(settings) | set(secrets) | set(defaults)
    assert set(settings) <= set(defaults) | {"CREDENTIALS"}, "a setting .env.example does not document"
    assert settings["LOCK_STORE"] == "redis" and settings["TRACKER_DIALECT"] == "postgresql"
    assert settings["CREDENTIALS"] == "deploy/credentials.yml"


def test_services_select_their_pods_and_ports_line_up():
    everything = resources()
    settings = everything["ConfigMap/coach-settings"]["data"]
    for name in ["rasa", "actions", "web", "postgres", "redis"]:
        service = everything[f"Service/{name}"]["spec"]
        workload = everything.get(f"Deployment/{name}") or everything[f"StatefulSet/{name}"]
        labels = pod_labels(workload)
        assert service["selector"].items() <= labels.items(), name
        assert workload["spec"]["selector"]["matchLabels"].items() <= labels.items(), name
        ports = {p["name"] for c in pod_spec(workload)["containers"] for p in c["ports"]}
        assert all(p["targetPort"] in ports for p in service["ports"]), name
        for container in pod_spec(workload)["containers"]:
            for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
                port = container.get(probe, {}).get("httpGet", {}).get("port")
                assert port is None or port in ports, f"{name} {probe}"
    port = {n: everything[f"Service/{n}"]["spec"]["ports"][0]["port"] for n in ["rasa", "actions", "postgres", "redis"]}
    assert (settings["ACTION_HOST"], int(settings["ACTION_PORT"])) == ("actions", port["actions"])
    assert (settings["TRACKER_HOST"], int(settings["TRACKER_PORT"])) == ("postgres", port["postgres"])
    assert (settings["REDIS_HOST"], int(settings["REDIS_PORT"])) == ("redis", port["redis"])
    nginx = (K8S / "nginx.conf").read_text(encoding="utf-8")
    assert f"proxy_pass http://rasa:{port['rasa']};" in nginx
    ingress = everything["Ingress/web"]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert ingress["name"] == "web" and ingress["port"]["name"] in {
        p["name"] for p in everything["Service/web"]["spec"]["ports"]
    }


def test_nginx_in_kubernetes_exposes_only_the_portal_channel_and_the_widget():
    nginx = (K8S / "nginx.conf").read_text(encoding="utf-8")
    locations = re.findall(r"location\s+(=\s*)?(\S+)\s*\{", nginx)
    assert {path for _, path in locations} == {"/webhooks/portal/", "/widget.js", "/widget.css", "/healthz", "/"}
    assert re.search(r"location / \{ return 404; \}", nginx)
    assert all((ROOT / "web" / f).exists() for f in ["widget.js", "widget.css"])
    [web] = pod_spec(resources()["Deployment/web"])["containers"]
    assert web["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert "listen 8080;" in nginx and web["ports"][0]["containerPort"] == 8080
