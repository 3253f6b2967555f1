""" "我的成绩": a rep's own drill results, from the records (records/), never
anyone else's: the conversation's sender is the rep. Said by the action
when the rep asks outside a drill, and by the drill when asked during one."""

from __future__ import annotations

from typing import List, Tuple

from rasa_sdk.events import EventType

from actions import drill_records
from actions.base import CoachAction, Turn
from coach.drill.books import drillbook
from coach.drill.grader import STRONG
from records.store import RepResults


def say_results(turn: Turn) -> None:
    results = drill_records.results(turn)
    if results is None:
        turn.say("utter_my_results_unavailable")
        return
    weakest = results.weakest
    if weakest is None:
        turn.say("utter_my_results_none")
        return
    scenario, objection, label = _next(turn, results)
    turn.say(
        "utter_my_results",
        drills=results.drills,
        answers=results.answers,
        average=results.average,
        weakest=weakest.label,
        weakest_average=weakest.average,
        scenario=scenario,
        practise_key=objection,
        practise=label,
    )


def _next(turn: Turn, results: RepResults) -> Tuple[str, str, str]:
    """What to practise next: what the trainer assigned and is not done yet;
    else the weakest objection while it is below strong; else one of its
    scenario not practised yet (as the drill's own summary does)."""
    assignment = drill_records.assigned(turn)
    if assignment is not None:
        first = drill_records.left_to_drill(turn, assignment)[0]
        return assignment.scenario, first, drillbook(assignment.scenario).rubrics[first].label
    weakest = results.weakest
    assert weakest is not None
    if weakest.average < STRONG:
        return weakest.scenario, weakest.objection, weakest.label
    practised = {o.objection for o in results.objections if o.scenario == weakest.scenario}
    rubrics = drillbook(weakest.scenario).rubrics
    fresh = [key for key in rubrics if key not in practised]
    if fresh:
        return weakest.scenario, fresh[0], rubrics[fresh[0]].label
    return weakest.scenario, weakest.objection, weakest.label


class ActionMyResults(CoachAction):
    def name(self) -> str:
        return "action_my_results"

    def act(self, turn: Turn) -> List[EventType]:
        say_results(turn)
        return []
