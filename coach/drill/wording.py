"""The pieces of drill feedback the bot assembles (drill/wording.yml): list
separators, "none", the one-line tips and the summary's score lines. Whole
messages are domain responses; these fill their placeholders, so every word
the rep reads is in YAML."""

from __future__ import annotations

import logging
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List

from coach import yamlfile
from coach.reloading import Reloading

logger = logging.getLogger(__name__)

PATH = Path("drill/wording.yml")
KEYS = ("separator", "none", "keep_it_up", "avoid_taboo", "hint_move", "found_move", "score_once", "score_tries")
# the placeholders each piece is given (one it does not know would show raw)
FIELDS = {
    "avoid_taboo": {"phrases"},
    "hint_move": {"label", "tip"},
    "found_move": {"label", "quote"},
    "score_once": {"label", "best"},
    "score_tries": {"label", "first", "best", "tries"},
}
SCHEMA = {
    "type": "object",
    "required": list(KEYS),
    "additionalProperties": False,
    "properties": {key: {"type": "string", "minLength": 1} for key in KEYS},
}


@dataclass(frozen=True)
class Wording:
    separator: str
    none: str
    keep_it_up: str
    avoid_taboo: str
    hint_move: str
    found_move: str
    score_once: str
    score_tries: str

    def listed(self, items: Iterable[str]) -> str:
        """ "转折、约见", or "无" for nothing."""
        return self.separator.join(items) or self.none

    def found(self, evidence: Dict[str, str]) -> str:
        """The moves found, each with the words of the answer that showed it."""
        return self.listed(self.found_move.format(label=label, quote=quote) for label, quote in evidence.items())


def _fields(text: str) -> List[str]:
    """The {names} a piece asks to be filled; a malformed brace is itself a name."""
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        return [text]


def _read(path: Path) -> Wording:
    data = yamlfile.load(path)
    problems = yamlfile.schema_problems(data, SCHEMA, str(path))
    for key, allowed in FIELDS.items():
        text = data.get(key) if isinstance(data, dict) else None
        if not isinstance(text, str):
            continue
        unknown = set(_fields(text)) - allowed
        if unknown:
            problems.append(
                yamlfile.Problem(
                    str(path),
                    yamlfile.line_of(data, [key]),
                    f"{key} 里的 {{{'}、{'.join(sorted(unknown))}}} 不会被填 / nothing fills it here",
                    f"这里只能用：{'、'.join('{' + f + '}' for f in sorted(allowed))}。 Use only these.",
                )
            )
    if problems:
        raise yamlfile.YamlProblems(problems)
    return Wording(**{key: str(data[key]) for key in KEYS})


_wording: Reloading[Wording] = Reloading(_read)


def load(path: Path = PATH) -> Wording:
    """The wording, re-read when the file changes; raises YamlProblems."""
    return _wording.get(Path(path))


_last_good: Dict[Path, Wording] = {}


def current(path: Path = PATH) -> Wording:
    """For the running bot: the wording, or the last good one while a trainer's
    save has a mistake (`make check` reports it), so grading goes on."""
    path = Path(path)
    try:
        _last_good[path] = load(path)
    except (OSError, yamlfile.YamlProblems) as error:
        if path not in _last_good:
            raise
        logger.error("drill wording not reloaded (%s); using the last good one", str(error).splitlines()[0])
    return _last_good[path]
