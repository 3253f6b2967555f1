"""The scenarios and their drillable objections, as the scripts' YAML names
them: the labels of the dashboard's filters and of the assignment form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Tuple
from zoneinfo import ZoneInfo

from coach import settings as coach_settings
from coach.drill.books import drillbook


@dataclass(frozen=True)
class Catalogue:
    titles: Dict[str, str]  # scenario -> title, in coach.yml's order
    objections: Dict[str, List[Tuple[str, str]]]  # scenario -> (objection, label), drill order
    tz: ZoneInfo

    def title(self, scenario: str) -> str:
        return self.titles.get(scenario, scenario)

    def label(self, scenario: str, objection: str) -> str:
        return dict(self.objections.get(scenario, [])).get(objection, objection)


def current() -> Catalogue:
    settings = coach_settings.load()
    titles = {name: s.title for name, s in settings.scenarios.items()}
    objections = {
        name: [(key, rubric.label) for key, rubric in drillbook(name).rubrics.items()] for name in settings.scenarios
    }
    return Catalogue(titles, objections, settings.appointment.tz)
