"""Drill-mode commands (drill/commands.yml): a drill starts, stops or
repeats only when the rep's whole message is one of these commands, never
because the classifier guessed it from a prospect's line ("别烦我"). A hint
request counts wherever it stands in the answer."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Tuple

from coach import yamlfile
from coach.cleaning import normalize
from coach.reloading import Reloading

PATH = Path(os.environ.get("COACH_COMMANDS", "drill/commands.yml"))
KINDS = ("start", "stop", "retry", "hint", "results")
REQUIRED = ("start", "stop", "retry", "hint")  # `results` came later: without it, the built-in words
# the whole-message commands and the intent each stands for (retry starts a drill too);
# a hint counts anywhere in an answer
INTENTS = {"start": "start_drill", "stop": "stop_drill", "retry": "start_drill", "results": "my_results"}
# the intents only a command may have: a line classified so that is not one is re-read
DRILL_INTENTS = frozenset({"start_drill", "stop_drill"})

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": list(REQUIRED),
    "properties": {
        kind: {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}} for kind in KINDS
    },
}

_NOISE = re.compile(r"[\s\W_]+")
_PARTICLES = re.compile(r"[吧啊呀哦嘛呢]+$")


def plain(text: str) -> str:
    """The words of a command: Simplified, lower case, no spaces, punctuation
    or emoji, no trailing particle ("开始练习吧！" -> "开始练习")."""
    return _PARTICLES.sub("", _NOISE.sub("", normalize(text or "").lower()))


@dataclass(frozen=True)
class Commands:
    phrases: Dict[str, Tuple[str, ...]]

    def command(self, text: str) -> Optional[str]:
        """ "start", "stop", "retry" or "results" when the whole message is that command."""
        said = plain(text)
        return next((kind for kind in INTENTS if said in self.phrases[kind]), None)

    def asks_for_hint(self, text: str) -> bool:
        said = plain(text)
        return any(phrase in said for phrase in self.phrases["hint"])


def load(path: Optional[Path] = None) -> Commands:
    """The commands, re-read when the file changes; raises YamlProblems with
    file and line."""
    return _commands.get(Path(path or PATH))


def _read(path: Path) -> Commands:
    data = yamlfile.load(path)
    problems = yamlfile.schema_problems(data, SCHEMA, str(path))
    if problems:
        raise yamlfile.YamlProblems(problems)
    return Commands(
        {kind: tuple(plain(p) for p in data.get(kind, BUILT_IN.phrases[kind]) if plain(p)) for kind in KINDS}
    )


_commands: Reloading[Commands] = Reloading(_read)


# What a running bot falls back to while drill/commands.yml cannot be read
# (a trainer's typo, saved while `make run` is up): the bot keeps answering.
BUILT_IN = Commands(
    {
        kind: tuple(plain(p) for p in phrases)
        for kind, phrases in {
            "start": ("开始练习", "start drill"),
            "stop": ("结束练习", "stop drill"),
            "retry": ("再练一次",),
            "hint": ("提示", "hint"),
            "results": ("我的成绩",),
        }.items()
    }
)
_last_good: Dict[Path, Commands] = {}
logger = logging.getLogger(__name__)


def current(path: Optional[Path] = None) -> Commands:
    """For the running bot: the commands, or the last good ones (else the
    built-in few) when the file has a mistake; `make check` reports it."""
    path = Path(path or PATH)
    try:
        _last_good[path] = load(path)
    except (OSError, yamlfile.YamlProblems) as e:
        logger.error("drill commands not reloaded (%s); using the last good ones", str(e).splitlines()[0])
    return _last_good.get(path, BUILT_IN)
