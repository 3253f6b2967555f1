"""Readers for deploy/: the Kubernetes manifests, the compose file and the
Dockerfiles, as the tests in this folder see them."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
from pathlib import Path
from typing import Dict, Iterable, List, Set, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
DOCKER = DEPLOY / "docker"
COMPOSE = DEPLOY / "docker-compose.yml"
MANIFESTS = sorted(p for p in K8S.rglob("*.yaml") if p.name != "kustomization.yaml")
# what the pods of our own images carry (the demo stores are official images)
OURS = ["Deployment/rasa", "Deployment/actions", "Deployment/web"]


def documents(path: Path) -> List[dict]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def resources() -> Dict[str, dict]:
    """Every manifest's resources by kind/name."""
    return {f"{d['kind']}/{d['metadata']['name']}": d for path in MANIFESTS for d in documents(path)}


def pod_spec(resource: dict) -> dict:
    return resource["spec"]["template"]["spec"]


def pod_labels(resource: dict) -> Dict[str, str]:
    return resource["spec"]["template"]["metadata"]["labels"]


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def instructions(name: str) -> List[Tuple[str, str]]:
    """A Dockerfile's (KEYWORD, argument) pairs, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (DOCKER / name).read_text(encoding="utf-8"))
    steps = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            keyword, _, argument = line.strip().partition(" ")
            steps.append((keyword.upper(), argument.strip()))
    return steps


def exec_form(argument: str) -> List[str]:
    """CMD/ENTRYPOINT in exec form (a JSON list), the only form we use."""
    value = json.loads(argument)
    assert isinstance(value, list), argument
    return value


def _absolute(path: str, workdir: str) -> str:
    if path.startswith("/"):
        return path
    return workdir.rstrip("/") + "/" + path.removeprefix("./")


def image_files(name: str) -> Dict[str, str]:
    """Path in the image -> source in the repository, from the Dockerfile's
    WORKDIR and COPY steps (a directory's contents land in the target, as
    Docker copies them)."""
    workdir, files = "/", {}
    for keyword, argument in instructions(name):
        if keyword == "WORKDIR":
            workdir = _absolute(argument, workdir)
        elif keyword == "COPY":
            *sources, target = argument.split()
            target = _absolute(target, workdir)
            for source in sources:
                source = source.rstrip("/")
                if (ROOT / source).is_dir() or not target.endswith("/"):
                    files[target.rstrip("/")] = source
                else:
                    files[target + Path(source).name] = source
    return files


def third_party_imports(paths: Iterable[Path], ours: Set[str]) -> Set[str]:
    """Top-level modules outside `ours` that these files or packages import."""
    found: Set[str] = set()
    for path in paths:
        for file in [path] if path.is_file() else path.rglob("*.py"):
            if "checks" in file.parts:  # the project checks run in the dev venv only
                continue
            for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module]
                else:
                    names = []
                found |= {n.split(".")[0] for n in names} - ours
    return found


def distributions(modules: Iterable[str]) -> Set[str]:
    """The installed distributions (lower case) that provide these modules;
    a package without top_level.txt is missing from Python's map and is
    taken to be named as it is imported."""
    provided = importlib.metadata.packages_distributions()
    return {d.lower() for module in modules for d in provided.get(module, [module])}
