"""Run a Rasa command for a trainer: only what they act on, the verdict last.

Rasa's INFO lines, progress bars and the libraries' deprecation warnings that
are expected in this project say nothing a trainer can act on. The expected
warnings are silenced by name (PYTHONWARNINGS filters on their messages), not
all warnings; Rasa runs with --quiet. The whole output goes to a log file,
and `VERBOSE=1` prints it as it comes, as before.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parents[1]
RASA = Path(sys.executable).with_name("rasa")

# Deprecations inside Rasa 3.6's own dependencies (setuptools' pkg_resources,
# jax through TensorFlow): nothing in this project can act on them.
EXPECTED_WARNINGS = ",".join(
    [
        "ignore:pkg_resources is deprecated:DeprecationWarning",
        "ignore:Deprecated call to `pkg_resources.declare_namespace:DeprecationWarning",
        "ignore:jax.xla_computation is deprecated:DeprecationWarning",
        "ignore:Slot auto-fill has been removed:UserWarning",
        # responses said by the custom actions, not by a rule: make check's own
        # [stray-rebuttal]/[unfilled-placeholder] checks know which action says each
        "ignore:The utterance:UserWarning",
    ]
)


def verbose() -> bool:
    return os.environ.get("VERBOSE", "") not in ("", "0")


def environment() -> dict:
    return dict(
        os.environ,
        TF_CPP_MIN_LOG_LEVEL="2",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        RASA_TELEMETRY_ENABLED="false",
        PYTHONWARNINGS=EXPECTED_WARNINGS,
    )


def run_rasa(args: List[str], log: Path, cwd: Path = ROOT) -> Tuple[int, str]:
    """`rasa <args>`; returns (exit code, output). Quiet unless VERBOSE=1."""
    command = [str(RASA)] + args + ([] if verbose() else ["--quiet"])
    log.parent.mkdir(parents=True, exist_ok=True)
    if verbose():
        print("+", " ".join(command), flush=True)
        result = subprocess.run(command, cwd=cwd, env=environment())
        return result.returncode, ""
    result = subprocess.run(
        command,
        cwd=cwd,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    )
    log.write_text(result.stdout, encoding="utf-8")
    return result.returncode, result.stdout


def worth_reading(output: str) -> List[str]:
    """The lines of Rasa's output a trainer can act on: warnings and errors,
    less the ones expected in this project."""
    keep = []
    for line in output.splitlines():
        if "is not used in any story or rule" in line:  # said by the custom actions
            continue
        if any(mark in line for mark in ("WARNING", "ERROR", "Error", "UserWarning", "Exception")):
            keep.append(line.strip())
    return keep


@contextlib.contextmanager
def library_deprecations_ignored():
    """Deprecations raised inside the libraries Rasa 3.6 pins (click,
    pyparsing, pkg_resources, jax), by their source module, never the
    project's own; for a script that imports Rasa itself."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            category=DeprecationWarning,
            module=r"^(?!(actions|coach|components|nlg|channels|server|scripts)\b)",
        )
        warnings.filterwarnings("ignore", message="jax.xla_computation is deprecated")  # raised with jax's stacklevel
        yield


def import_rasa_quietly() -> None:
    """Import Rasa (and what it loads) without the libraries' chatter."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    with library_deprecations_ignored():
        # sanic.app puts a "once" filter for deprecations in front of ours:
        # imported in a block of its own, that filter is gone when it ends
        import sanic.app  # noqa: F401
    with library_deprecations_ignored():
        import rasa.core.agent  # noqa: F401
        import rasa.shared.nlu.training_data.loading  # noqa: F401
        import rasa_sdk.executor  # noqa: F401
    warnings.filterwarnings("ignore", message="Slot auto-fill has been removed", category=UserWarning)
    logging.disable(logging.WARNING)  # Rasa's and TensorFlow's start-up chatter
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # Rasa's structured debug lines


def load_agent(model: Path, **kwargs):
    """Agent.load with the model's components' imports (TensorFlow) quiet."""
    from rasa.core.agent import Agent

    with library_deprecations_ignored():
        return Agent.load(str(model), **kwargs)
