"""The settings that differ between a laptop and production, from the
environment: what the process was started with wins, then `.env` (the
operator's file, git-ignored), then the defaults in `.env.example`, which
documents every variable. Rasa expands `${VAR}` in endpoints.yml only if
the variable exists, so every variable there needs a default here.

    eval "$(.venv/bin/python -m server.environment)"   # scripts/run.sh: export them all
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path
from typing import Dict, Mapping, Optional

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / ".env.example"
LOCAL = ROOT / ".env"
SECRETS = ("PASSWORD", "SECRET", "TOKEN")

_LINE = re.compile(r"^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=(.*)$")


class EnvFileError(ValueError):
    pass


def read_env_file(path: Path) -> Dict[str, str]:
    """KEY=value lines; blank lines and # comments skipped; values may be
    quoted as in a shell. A line that is neither is reported with its number."""
    values: Dict[str, str] = {}
    if not path.exists():
        return values
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            raise EnvFileError(f"{path}:{number}: expected KEY=value, found {line.strip()[:60]!r}")
        try:
            words = shlex.split(match[2], comments=True)
        except ValueError as error:
            raise EnvFileError(f"{path}:{number}: {error}") from None
        values[match[1]] = " ".join(words)
    return values


def resolve(
    environ: Optional[Mapping[str, str]] = None, example: Path = EXAMPLE, local: Path = LOCAL
) -> Dict[str, str]:
    """Every variable .env.example names, with the value that applies."""
    environ = os.environ if environ is None else environ
    values = read_env_file(example)
    values.update(read_env_file(local))
    values.update({key: environ[key] for key in values if key in environ})
    return values


def apply(environ=None) -> Dict[str, str]:
    """Sets the variables the process does not have yet."""
    environ = os.environ if environ is None else environ
    values = resolve(environ)
    for key, value in values.items():
        environ.setdefault(key, value)
    return values


def is_secret(name: str) -> bool:
    return any(word in name for word in SECRETS)


def main() -> int:
    try:
        values = resolve()
    except EnvFileError as error:
        print(error, file=sys.stderr)
        return 1
    for key, value in values.items():
        print(f"export {key}={shlex.quote(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
