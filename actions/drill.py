"""Drill mode: the bot plays the customer, the rep answers, the bot grades.

`drill_form` has one slot, `drill_answer`, filled from the text of whatever
the rep types, so while drilling the rep's messages are graded instead of
classified. The validation grades the answer and moves the drill on; asking
for the slot again is the customer's next line. Every word shown is in YAML:
whole messages in domain.yml (utter_drill_*), the pieces they are filled with
in drill/wording.yml.
"""

from __future__ import annotations

import random
import uuid
from typing import Any, Dict, List

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import drill_records
from actions.base import CoachAction, Turn
from actions.my_results import say_results
from actions.slots import DRILL_ANSWER, DRILL_RESULTS, DRILL_STATE, SCENARIO
from actions.typed import entity_text, slot_of
from actions.values import scenario_values
from coach import commands, registry
from coach.drill import grader, wording
from coach.drill.books import detector, drillbook
from coach.registry import Scenario
from coach.wording import say_date_with_year


class ActionStartDrill(CoachAction):
    def name(self) -> str:
        return "action_start_drill"

    def act(self, turn: Turn) -> List[EventType]:
        # `/start_drill{"scenario": "closing"}` drills that scenario; "开始练习" the one in force
        scenario = turn.settings.scenario(entity_text(turn.tracker, "scenario") or turn.scenario.name)
        book = drillbook(scenario.name)
        chosen = entity_text(turn.tracker, "objection")
        if chosen not in book.rubrics and commands.current().command(turn.text) == "retry":
            # "再练一次": the objection the last drill's summary named, in its scenario
            last = slot_of(turn.tracker, DRILL_STATE, dict, {}) or {}
            scenario = turn.settings.scenario(last.get("scenario") or scenario.name)
            book = drillbook(scenario.name)
            records = slot_of(turn.tracker, DRILL_RESULTS, list, [])
            chosen = last.get("practise") or grader.summarise(records, book.rubrics).practise
        # a plain "开始练习": what the trainer assigned comes first
        plain = chosen not in book.rubrics and not entity_text(turn.tracker, "scenario")
        assignment = drill_records.assigned(turn) if plain else None
        if chosen in book.rubrics:
            queue = [chosen]
        elif assignment is not None:
            scenario = turn.settings.scenario(assignment.scenario)
            book = drillbook(scenario.name)
            queue = drill_records.left_to_drill(turn, assignment)
            due = assignment.due
            turn.say(
                "utter_drill_assigned_due" if due else "utter_drill_assigned",
                title=scenario.title,
                objections=wording.current().listed(book.rubrics[o].label for o in queue),
                due=say_date_with_year(due, turn.now.date()) if due else "",
            )
        else:
            queue = list(book.rubrics)
            random.shuffle(queue)
        turn.say("utter_drill_intro", count=len(queue), title=scenario.title)
        state = {
            "id": str(uuid.uuid4()),  # the records of one drill share it
            "scenario": scenario.name,
            "queue": queue,
            "planned": list(queue),
            "tries": 0,
            "used": [],
            "assignment": assignment.id if assignment else None,
        }
        # drill_answer is left alone: rasa-sdk validates every slot set in
        # this turn, and a reset here would be graded as an empty answer.
        events = [SlotSet(DRILL_STATE, state), SlotSet(DRILL_RESULTS, [])]
        if scenario.name != turn.scenario.name:
            events.append(SlotSet(SCENARIO, None if scenario.cold_call else scenario.name))
        return events


class ActionAskDrillAnswer(CoachAction):
    """The customer's line: the objection, or one more push after a weak answer."""

    def name(self) -> str:
        return "action_ask_drill_answer"

    def act(self, turn: Turn) -> List[EventType]:
        state = dict(slot_of(turn.tracker, DRILL_STATE, dict, {}))
        if not state.get("queue"):
            return []
        book = drillbook(_scenario_of(state))
        current = state["queue"][0]
        if state.pop("repeat", False) and state.get("used"):
            # after a hint the customer says the same line again
            turn.say("utter_drill_customer", line=state["used"][-1])
            return [SlotSet(DRILL_STATE, state)]
        if state.get("tries"):
            pool = book.pushback.get(current) or book.lines[current]
        else:
            pool = [line for line in book.lines[current] if line not in state.get("used", [])] or book.lines[current]
        line = random.choice(pool)
        state["used"] = state.get("used", []) + [line]
        turn.say("utter_drill_customer", line=line)
        return [SlotSet(DRILL_STATE, state)]


class ValidateDrillForm(FormValidationAction):
    """Not a CoachAction (rasa-sdk's form validation has its own run), but
    the same Turn: settings, clock and saying."""

    def name(self) -> str:
        return "validate_drill_form"

    def validate_drill_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> Dict[str, Any]:
        state = dict(slot_of(tracker, DRILL_STATE, dict, {}))
        if not state.get("queue"):
            return {DRILL_ANSWER: "done"}
        if value is None:  # a reset, not something the rep said
            return {DRILL_ANSWER: None}
        turn = Turn.start(dispatcher, tracker, domain)
        scenario = turn.settings.scenario(_scenario_of(state))
        book, words = drillbook(scenario.name), wording.current()
        current = state["queue"][0]
        rubric = book.rubrics[current]
        said, drill_commands = str(value or ""), commands.current()
        if drill_commands.asks_for_hint(said):
            # "给点提示": the moves to make, not graded, same customer line again
            moves = "\n".join(words.hint_move.format(label=e.label, tip=e.tip) for e in rubric.elements)
            turn.say("utter_drill_hint", objection=rubric.label, moves=moves)
            return {DRILL_ANSWER: None, DRILL_STATE: {**state, "repeat": True}}
        if drill_commands.command(said) == "results":
            # "我的成绩" mid-drill: the rep's results, not graded, same customer line again
            say_results(turn)
            return {DRILL_ANSWER: None, DRILL_STATE: {**state, "repeat": True}}
        grade = grader.grade(rubric, said, book.penalties, detector())
        # what cost points first (the seeds' rules), then the heaviest move missing
        tips = [words.avoid_taboo.format(phrases=words.listed(grade.penalties))] if grade.penalties else []
        tip = "".join(tips + [grade.tip] if grade.tip else tips) or words.keep_it_up
        turn.say(
            "utter_drill_feedback",
            score=grade.score,
            found=words.found(grade.evidence),
            missing=words.listed(grade.missing),
            tip=tip,
        )
        model = self._model_answer(turn, scenario, current)
        drill_records.record(turn, state, scenario.name, rubric, grade, said, model)
        results = list(slot_of(tracker, DRILL_RESULTS, list, [])) + [grade.as_record()]

        if not grade.strong and not state.get("tries"):
            state["tries"] = 1  # a second chance on the same objection
            return {DRILL_ANSWER: None, DRILL_STATE: state, DRILL_RESULTS: results}
        if grade.strong:
            turn.say("utter_drill_customer_convinced")
        state["queue"] = state["queue"][1:]
        state["tries"] = 0
        if state["queue"]:
            turn.say("utter_drill_next")
            return {DRILL_ANSWER: None, DRILL_STATE: state, DRILL_RESULTS: results}
        return {DRILL_ANSWER: "done", DRILL_STATE: state, DRILL_RESULTS: results}

    @staticmethod
    def _model_answer(turn: Turn, scenario: Scenario, move: str) -> str:
        """Says the model answer; its text, for the drill's record."""
        response = registry.move_response(scenario.name, move)
        if response not in turn.responses:
            return ""
        values = scenario_values(turn.scheduler, turn.now, scenario)
        turn.say("utter_drill_model_intro")
        turn.say(response, **values)
        return turn.text_of(response, **values)


class ActionDrillSummary(CoachAction):
    def name(self) -> str:
        return "action_drill_summary"

    def act(self, turn: Turn) -> List[EventType]:
        records = slot_of(turn.tracker, DRILL_RESULTS, list, [])
        state = slot_of(turn.tracker, DRILL_STATE, dict, {}) or {}
        planned = state.get("planned") or []
        scenario = _scenario_of(state)
        if not records:
            turn.say("utter_drill_stopped_empty")
            return [SlotSet(DRILL_STATE, None), SlotSet(DRILL_ANSWER, None)]
        words = wording.current()
        summary = grader.summarise(records, drillbook(scenario).rubrics, [p for p in planned if isinstance(p, str)])
        scores = "\n".join(
            words.score_once.format(label=a.label, best=a.best)
            if a.tries == 1
            else words.score_tries.format(label=a.label, first=a.first, best=a.best, tries=a.tries)
            for a in summary.attempts
        )
        turn.say(
            "utter_drill_summary",
            scores=scores,
            average=summary.average,
            weakest=summary.weakest or words.none,
            practise=summary.practise_label or words.none,
            practise_key=summary.practise or "",
            scenario=scenario,
            not_practised=words.listed(summary.not_practised),
        )
        # no drill runs (no queue); "再练一次" drills what this summary named
        return [SlotSet(DRILL_STATE, {"practise": summary.practise, "scenario": scenario}), SlotSet(DRILL_ANSWER, None)]


def _scenario_of(state: Dict[str, Any]) -> str:
    """The scenario a drill runs in (drills saved before scenarios existed: the cold call)."""
    name = state.get("scenario")
    return name if isinstance(name, str) else registry.COLD_CALL
