"""Each scenario's drill (its rubrics, customer lines and penalties), read
from YAML and re-read when a trainer saves a change: the action server
drills from it, the dashboard labels records and assignments with it."""

from __future__ import annotations

from pathlib import Path

from coach import registry
from coach import settings as coach_settings
from coach.drill import rubrics
from coach.reloading import Reloading


def _read_drillbook(rubrics_path: Path, lines: Path, taboo: Path, coach_yml: Path) -> rubrics.Drillbook:
    return rubrics.load(coach_settings.load(coach_yml).objections, rubrics_path, lines, taboo)


def _read_scenario_drill(path: Path, rubrics_path: Path, taboo: Path, coach_yml: Path) -> rubrics.Drillbook:
    scenario = coach_settings.load(coach_yml).scenario(path.stem)
    return rubrics.load_scenario(scenario.drilled(), path, rubrics_path, taboo)


_drillbook: Reloading[rubrics.Drillbook] = Reloading(_read_drillbook)
_scenario_drills: Reloading[rubrics.Drillbook] = Reloading(_read_scenario_drill)


def drillbook(scenario: str = registry.COLD_CALL) -> rubrics.Drillbook:
    """A scenario's drill (the cold call's is drill/rubrics.yml and
    drill/customer_lines.yml, the others' drill/<scenario>.yml)."""
    if scenario == registry.COLD_CALL:
        return _drillbook.get(rubrics.RUBRICS, rubrics.LINES, rubrics.TABOO, coach_settings.DEFAULT_PATH)
    return _scenario_drills.get(
        rubrics.scenario_file(scenario), rubrics.RUBRICS, rubrics.TABOO, coach_settings.DEFAULT_PATH
    )
