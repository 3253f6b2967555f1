"""How far the grader agrees with a trainer: rep answers labelled strong or
weak by a trainer (drill/labelled/*.yml), graded, compared. `make test`
holds the agreement to a floor; `make report` shows it per drill item with
every disagreement, so a trainer sees where to add an example phrasing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from coach import yamlfile
from coach.chinese_variant import Variant, detect
from coach.drill import grader
from coach.drill.meaning import Detector
from coach.drill.rubrics import Drillbook
from coach.yamlfile import Problem, YamlProblems

LABELLED = Path("drill/labelled")
# answers labelled apart and never used to write an example: how the grader does on new wording
HELD_OUT = Path("tests/data/drill_heldout.yml")
FLOOR = 0.95  # agreement `make test` holds the labelled answers to, in each script; `make report` flags items below
LABELS = ("strong", "weak")
SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["scenario", "move", "label", "answer"],
        "additionalProperties": False,
        "properties": {
            "scenario": {"type": "string"},
            "move": {"type": "string"},
            "label": {"enum": list(LABELS)},
            "answer": {"type": "string", "minLength": 1},
            "note": {"type": "string"},
        },
    },
}


@dataclass(frozen=True)
class Labelled:
    scenario: str
    move: str
    label: str
    answer: str
    where: str  # file:line, for the report

    @property
    def script(self) -> str:
        return "traditional" if detect(self.answer) == Variant.TRADITIONAL else "simplified"


@dataclass(frozen=True)
class Verdict:
    item: Labelled
    grade: grader.Grade

    @property
    def agrees(self) -> bool:
        return self.grade.strong == (self.item.label == "strong")


@dataclass
class Agreement:
    verdicts: List[Verdict] = field(default_factory=list)

    @staticmethod
    def _rate(verdicts: List[Verdict]) -> float:
        return sum(v.agrees for v in verdicts) / len(verdicts) if verdicts else 1.0

    @property
    def rate(self) -> float:
        return self._rate(self.verdicts)

    def by(self, key: Callable[[Verdict], str]) -> Dict[str, Tuple[float, int]]:
        """Agreement and count per group (a drill item, a script, a label)."""
        groups: Dict[str, List[Verdict]] = {}
        for verdict in self.verdicts:
            groups.setdefault(key(verdict), []).append(verdict)
        return {name: (self._rate(group), len(group)) for name, group in sorted(groups.items())}

    @property
    def disagreements(self) -> List[Verdict]:
        return [v for v in self.verdicts if not v.agrees]


def load(paths: Iterable[Path], drilled: Dict[str, List[str]]) -> List[Labelled]:
    """The labelled answers in `paths`, checked against the scenarios and
    their drilled moves (`drilled`); raises YamlProblems with file and line."""
    items: List[Labelled] = []
    problems: List[Problem] = []
    for path in paths:
        try:
            data = yamlfile.load(path)
        except YamlProblems as e:
            problems += e.problems
            continue
        found = yamlfile.schema_problems(data, SCHEMA, str(path))
        if found:
            problems += found
            continue
        for i, entry in enumerate(data or []):
            line = yamlfile.line_of(data, [i])
            if entry["move"] not in drilled.get(entry["scenario"], []):
                problems.append(
                    Problem(
                        str(path),
                        line,
                        f"没有这个练习题 '{entry['scenario']}: {entry['move']}' / no such drill item",
                        "scenario 写 coach.yml 里的场景名，move 写这个场景练习的说法。",
                    )
                )
                continue
            items.append(Labelled(entry["scenario"], entry["move"], entry["label"], entry["answer"], f"{path}:{line}"))
    if problems:
        raise YamlProblems(problems)
    return items


def files(folder: Path = LABELLED) -> List[Path]:
    return sorted(Path(folder).glob("*.yml"))


def evaluate(items: Iterable[Labelled], book: Callable[[str], Drillbook], detector: Optional[Detector]) -> Agreement:
    """Grades every labelled answer as the drill would."""
    agreement = Agreement()
    for item in items:
        drill = book(item.scenario)
        graded = grader.grade(drill.rubrics[item.move], item.answer, drill.penalties, detector)
        agreement.verdicts.append(Verdict(item, graded))
    return agreement


def measure(paths: Sequence[Path]) -> Agreement:
    """The grader as the bot runs it (the current drill files and classifier)
    against the labelled answers in `paths`."""
    from coach.drill import books
    from coach.settings import load as load_settings

    drilled = {name: list(books.drillbook(name).rubrics) for name in load_settings().scenarios}
    return evaluate(load(paths, drilled), books.drillbook, books.detector())
