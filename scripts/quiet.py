"""Run a Rasa command for a trainer: only what they act on, the verdict last.

Rasa's INFO lines, progress bars and the libraries' deprecation warnings that
are expected in this project say nothing a trainer can act on. The expected
warnings are silenced by name (PYTHONWARNINGS filters on their messages), not
all warnings; Rasa runs with --quiet. The whole output goes to a log file,
and `VERBOSE=1` prints it as it comes, as before.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parents[1]
RASA = Path(sys.executable).with_name("rasa")

# Deprecations inside Rasa 3.6's own dependencies (setuptools' pkg_resources,
# jax through TensorFlow): nothing in this project can act on them.
EXPECTED_WARNINGS = ",".join([
    "ignore:pkg_resources is deprecated:DeprecationWarning",
    "ignore:Deprecated call to `pkg_resources.declare_namespace:DeprecationWarning",
    "ignore:jax.xla_computation is deprecated:DeprecationWarning",
    "ignore:Slot auto-fill has been removed:UserWarning",
    # responses said by the custom actions, not by a rule: make check's own
    # [stray-rebuttal]/[unfilled-placeholder] checks know which action says each
    "ignore:The utterance:UserWarning",
])


def verbose() -> bool:
    return os.environ.get("VERBOSE", "") not in ("", "0")


def environment() -> dict:
    return dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", SQLALCHEMY_SILENCE_UBER_WARNING="1",
                RASA_TELEMETRY_ENABLED="false", PYTHONWARNINGS=EXPECTED_WARNINGS)


def run_rasa(args: List[str], log: Path, cwd: Path = ROOT) -> Tuple[int, str]:
    """`rasa <args>`; returns (exit code, output). Quiet unless VERBOSE=1."""
    command = [str(RASA)] + args + ([] if verbose() else ["--quiet"])
    log.parent.mkdir(parents=True, exist_ok=True)
    if verbose():
        print("+", " ".join(command), flush=True)
        result = subprocess.run(command, cwd=cwd, env=environment())
        return result.returncode, ""
    result = subprocess.run(command, cwd=cwd, env=environment(), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, errors="replace")
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
