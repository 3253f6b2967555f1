""" "我的成绩": a rep's own drill results, from the records (records/), never
anyone else's: the conversation's sender is the rep."""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType

from actions import drill_records
from actions.base import CoachAction, Turn
from coach.drill.books import drillbook


class ActionMyResults(CoachAction):
    def name(self) -> str:
        return "action_my_results"

    def act(self, turn: Turn) -> List[EventType]:
        results = drill_records.results(turn)
        if results is None:
            turn.say("utter_my_results_unavailable")
            return []
        weakest = results.weakest
        if weakest is None:
            turn.say("utter_my_results_none")
            return []
        # next: what the trainer assigned and is not done yet, else the weakest
        practise = (weakest.scenario, weakest.objection, weakest.label)
        assignment = drill_records.assigned(turn)
        if assignment is not None:
            first = assignment.left_for(turn.tracker.sender_id)[0]
            rubric = drillbook(assignment.scenario).rubrics.get(first)
            practise = (assignment.scenario, first, rubric.label if rubric else first)
        turn.say(
            "utter_my_results",
            drills=results.drills,
            answers=results.answers,
            average=results.average,
            weakest=weakest.label,
            weakest_average=weakest.average,
            scenario=practise[0],
            practise_key=practise[1],
            practise=practise[2],
        )
        return []
