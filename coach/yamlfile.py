"""Load trainer-edited YAML with file:line problems instead of stack traces.

ruamel.yaml (already a Rasa dependency) keeps the line of every node, so a
schema error found by jsonschema can be reported where the trainer typed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, List, Optional, Sequence, Union

import jsonschema
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from coach import yaml_errors


@dataclass(frozen=True)
class Problem:
    file: str
    line: Optional[int]
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        return f"{text}\n    提示 hint: {self.hint}" if self.hint else text


class YamlProblems(Exception):
    """One or more problems in trainer-edited files; str() lists them all."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def load(path: Union[str, Path]) -> Any:
    """Round-trip load (keeps line numbers); syntax errors become YamlProblems."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise YamlProblems([Problem(str(path), None, f"cannot read the file: {e.strerror}")]) from None
    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as e:
        line, message, hint = yaml_errors.explain(
            text,
            str(e.problem or ""),
            str(e.context or ""),
            e.problem_mark.line + 1 if e.problem_mark else None,
            e.context_mark.line + 1 if e.context_mark else None,
        )
        raise YamlProblems([Problem(str(path), line, f"YAML syntax error: {message}", hint)]) from None


def line_of(data: Any, path: Iterable[Union[str, int]]) -> Optional[int]:
    """1-based line of the node at `path` in round-trip data (nearest parent if
    the exact key is missing)."""
    line = None
    node = data
    for key in path:
        lc = getattr(node, "lc", None)
        if lc is None:
            break
        try:
            if isinstance(node, dict) and key in node:
                line = lc.key(key)[0] + 1
            elif isinstance(node, list) and isinstance(key, int) and key < len(node):
                line = lc.item(key)[0] + 1
            else:
                break
        except (KeyError, IndexError, TypeError):
            break
        node = node[key]
    if line is None and getattr(data, "lc", None) is not None:
        line = data.lc.line + 1
    return line


def schema_problems(data: Any, schema: dict, file: str) -> List[Problem]:
    """Every jsonschema violation, with the line where it happens."""
    validator = jsonschema.Draft7Validator(schema)
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        where = ".".join(str(p) for p in error.path) or "(top level)"
        problems.append(
            Problem(file, line_of(data, error.path), f"{where}: {error.message}", error.schema.get("description", ""))
        )
    return problems
