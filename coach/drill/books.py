"""Each scenario's drill (its rubrics, customer lines and penalties), read
from YAML and re-read when a trainer saves a change: the action server
drills from it, the dashboard labels records and assignments with it."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Dict, List, Tuple

from coach import registry
from coach import settings as coach_settings
from coach.drill import meaning, rubrics
from coach.reloading import Reloading
from coach.yamlfile import YamlProblems


def _read_drillbook(
    rubrics_path: Path, lines: Path, taboo: Path, rep_moves: Path, coach_yml: Path
) -> rubrics.Drillbook:
    return rubrics.load(coach_settings.load(coach_yml).objections, rubrics_path, lines, taboo, rep_moves)


def _read_scenario_drill(
    path: Path, rubrics_path: Path, taboo: Path, rep_moves: Path, coach_yml: Path
) -> rubrics.Drillbook:
    scenario = coach_settings.load(coach_yml).scenario(path.stem)
    return rubrics.load_scenario(scenario.drilled(), path, rubrics_path, taboo, rep_moves)


_drillbook: Reloading[rubrics.Drillbook] = Reloading(_read_drillbook)
_rep_moves: Reloading[rubrics.RepMoves] = Reloading(rubrics.load_rep_moves)
_scenario_drills: Reloading[rubrics.Drillbook] = Reloading(_read_scenario_drill)


HERE = Path(".")  # the project: the action server and the scripts run from its root


def drillbook(scenario: str = registry.COLD_CALL, root: Path = HERE) -> rubrics.Drillbook:
    """A scenario's drill (the cold call's is drill/rubrics.yml and
    drill/customer_lines.yml, the others' drill/<scenario>.yml)."""
    shared = (
        root / rubrics.RUBRICS,
        root / rubrics.TABOO,
        root / rubrics.REP_MOVES,
        root / coach_settings.DEFAULT_PATH,
    )
    if scenario == registry.COLD_CALL:
        return _drillbook.get(root / rubrics.RUBRICS, root / rubrics.LINES, *shared[1:])
    return _scenario_drills.get(root / rubrics.scenario_file(scenario), *shared)


GRADER_MODEL = Path("models/drill-grader.pkl")
logger = logging.getLogger(__name__)


def training_set(root: Path = HERE, strict: bool = True) -> Tuple[List[meaning.Meaning], List[str]]:
    """Every move defined by examples (drill/rep_moves.yml, the drills'
    elements, taboo.yml's meanings) and the background they are told apart
    from: neutral rep sentences and every customer line. Not `strict`: a
    scenario whose drill file has a mistake is left out (and logged), so a
    trainer's half-saved file stops only that scenario's drill."""
    shared = _rep_moves.get(root / rubrics.REP_MOVES)
    moves: Dict[str, meaning.Meaning] = dict(shared.moves)
    background = list(shared.background)
    for scenario in coach_settings.load(root / coach_settings.DEFAULT_PATH).scenarios:
        try:
            book = drillbook(scenario, root)
        except YamlProblems as problems:
            if strict:
                raise
            logger.error("drill grader: %s left out (%s)", scenario, str(problems).splitlines()[0])
            continue
        moves.update(book.meanings)
        for penalty in book.penalties.meanings:
            moves[penalty.name] = penalty
        background += [line for lines in list(book.lines.values()) + list(book.pushback.values()) for line in lines]
    return list(moves.values()), list(dict.fromkeys(background))


def train_detector(root: Path = HERE) -> meaning.Detector:
    """`make train`'s step: the grader's classifier, saved where the bot looks."""
    detector = meaning.train(*training_set(root))
    meaning.save(detector, root / GRADER_MODEL)
    return detector


def _build_detector(root: Path) -> meaning.Detector:
    moves, background = training_set(root, strict=False)
    expected = meaning.fingerprint(moves, background)
    found = meaning.load(root / GRADER_MODEL, expected)
    if found is None:
        logger.info("drill grader: %s missing or older than the drill files; training it here", GRADER_MODEL)
        found = meaning.train(moves, background)
    return found


# per project folder (one in the bot; `make check` and the tests may name others)
_detectors: Dict[Path, Reloading[meaning.Detector]] = {}


def detector(root: Path = HERE) -> meaning.Detector:
    """The classifier for what the YAML says now: the one `make train` saved
    when it matches, else trained here (a few seconds) and kept until a
    drill file, taboo.yml or the saved model changes."""
    coach_yml = root / coach_settings.DEFAULT_PATH
    files = [rubrics.REP_MOVES, rubrics.RUBRICS, rubrics.LINES, rubrics.TABOO, GRADER_MODEL]
    files += [rubrics.scenario_file(s) for s in coach_settings.load(coach_yml).scenarios if s != registry.COLD_CALL]
    if root not in _detectors:
        _detectors[root] = Reloading(lambda *_files: _build_detector(root))
    return _detectors[root].get(coach_yml, *(root / f for f in files))
