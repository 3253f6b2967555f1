"""Settings from the environment, .env and .env.example, in that order."""

from pathlib import Path

import pytest
import yaml

from server import environment

ROOT = Path(__file__).resolve().parents[2]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_process_environment_then_dotenv_then_example(tmp_path):
    example = write(tmp_path / ".env.example", "# ports\nRASA_PORT=5005\nLOCK_STORE=in_memory\nTRACKER_HOST=\n")
    local = write(tmp_path / ".env", "LOCK_STORE=redis\nTRACKER_HOST='db.internal'  # the database\n")
    values = environment.resolve({"RASA_PORT": "6000", "UNRELATED": "x"}, example, local)
    assert values == {"RASA_PORT": "6000", "LOCK_STORE": "redis", "TRACKER_HOST": "db.internal"}


def test_a_broken_line_is_reported_with_file_and_line(tmp_path):
    example = write(tmp_path / ".env.example", "RASA_PORT=5005\nthis is not a setting\n")
    with pytest.raises(environment.EnvFileError, match=r"\.env\.example:2: expected KEY=value"):
        environment.resolve({}, example, tmp_path / ".env")


def test_every_variable_endpoints_yml_uses_has_a_default():
    """Rasa refuses to start on an unset ${VAR}; .env.example must name them all."""
    import re

    used = set(re.findall(r"\$\{([A-Z0-9_]+)\}", (ROOT / "endpoints.yml").read_text(encoding="utf-8")))
    defaults = environment.read_env_file(ROOT / ".env.example")
    assert used and used <= set(defaults), used - set(defaults)
    assert defaults["TRACKER_DIALECT"] == "sqlite" and defaults["LOCK_STORE"] == "in_memory"
    assert not any(defaults[name] for name in defaults if environment.is_secret(name)), "a secret has a value"


def test_the_endpoints_select_postgres_and_redis_from_the_environment(monkeypatch):
    from rasa.core.utils import read_endpoints_from_path

    monkeypatch.setattr(
        "os.environ",
        {
            **environment.read_env_file(ROOT / ".env.example"),
            "TRACKER_DIALECT": "postgresql",
            "TRACKER_HOST": "db",
            "TRACKER_PORT": "5432",
            "TRACKER_DB": "coach",
            "TRACKER_USER": "coach",
            "TRACKER_PASSWORD": "pw",
            "LOCK_STORE": "redis",
            "REDIS_HOST": "cache",
            "ACTION_PORT": "5055",
        },
    )
    endpoints = read_endpoints_from_path(str(ROOT / "endpoints.yml"))
    assert endpoints.tracker_store.url == "db"
    assert endpoints.tracker_store.kwargs["dialect"] == "postgresql"
    assert endpoints.tracker_store.kwargs["password"] == "pw"
    assert endpoints.lock_store.kwargs["backend"] == "redis" and endpoints.lock_store.url == "cache"
    assert yaml.safe_load((ROOT / "endpoints.yml").read_text())["lock_store"]["backend"] == "${LOCK_STORE}"
