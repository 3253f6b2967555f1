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
from pathlib import Path
from typing import Any, Dict, List

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import CoachAction, Turn
from actions.slots import DRILL_ANSWER, DRILL_RESULTS, DRILL_STATE
from actions.typed import entity_text, slot_of
from actions.values import script_values
from coach import commands, registry
from coach import settings as coach_settings
from coach.drill import grader, rubrics, wording
from coach.reloading import Reloading


def _read_drillbook(rubrics_path: Path, lines: Path, taboo: Path, coach_yml: Path) -> rubrics.Drillbook:
    return rubrics.load(coach_settings.load(coach_yml).objections, rubrics_path, lines, taboo)


_drillbook: Reloading[rubrics.Drillbook] = Reloading(_read_drillbook)


def drillbook() -> rubrics.Drillbook:
    """The drill files, re-read when a trainer saves a change."""
    return _drillbook.get(rubrics.RUBRICS, rubrics.LINES, rubrics.TABOO, coach_settings.DEFAULT_PATH)


class ActionStartDrill(CoachAction):
    def name(self) -> str:
        return "action_start_drill"

    def act(self, turn: Turn) -> List[EventType]:
        book = drillbook()
        chosen = entity_text(turn.tracker, "objection")
        if chosen not in book.rubrics and commands.current().command(turn.text) == "retry":
            # "再练一次": the objection the last drill's summary named
            last = slot_of(turn.tracker, DRILL_STATE, dict, {}) or {}
            records = slot_of(turn.tracker, DRILL_RESULTS, list, [])
            chosen = last.get("practise") or grader.summarise(records, book.rubrics).practise
        if chosen in book.rubrics:
            queue = [chosen]
        else:
            queue = list(book.rubrics)
            random.shuffle(queue)
        turn.say("utter_drill_intro", count=len(queue))
        state = {"queue": queue, "planned": list(queue), "tries": 0, "used": []}
        # drill_answer is left alone: rasa-sdk validates every slot set in
        # this turn, and a reset here would be graded as an empty answer.
        return [SlotSet(DRILL_STATE, state), SlotSet(DRILL_RESULTS, [])]


class ActionAskDrillAnswer(CoachAction):
    """The customer's line: the objection, or one more push after a weak answer."""

    def name(self) -> str:
        return "action_ask_drill_answer"

    def act(self, turn: Turn) -> List[EventType]:
        state = dict(slot_of(turn.tracker, DRILL_STATE, dict, {}))
        if not state.get("queue"):
            return []
        book = drillbook()
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
        book, words = drillbook(), wording.current()
        current = state["queue"][0]
        rubric = book.rubrics[current]
        if commands.current().asks_for_hint(str(value or "")):
            # "给点提示": the moves to make, not graded, same customer line again
            moves = "\n".join(words.hint_move.format(label=e.label, tip=e.tip) for e in rubric.elements)
            turn.say("utter_drill_hint", objection=rubric.label, moves=moves)
            return {DRILL_ANSWER: None, DRILL_STATE: {**state, "repeat": True}}
        grade = grader.grade(rubric, str(value or ""), book.penalties)
        tip = grade.tip
        if not tip:
            tip = (
                words.avoid_taboo.format(phrases=words.listed(grade.penalties)) if grade.penalties else words.keep_it_up
            )
        turn.say(
            "utter_drill_feedback",
            score=grade.score,
            found=words.listed(grade.found),
            missing=words.listed(grade.missing),
            tip=tip,
        )
        self._model_answer(turn, current)
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
    def _model_answer(turn: Turn, objection: str) -> None:
        response = registry.rebuttal(objection)
        if response not in turn.responses:
            return
        turn.say("utter_drill_model_intro")
        turn.say(response, **script_values(turn.scheduler, turn.now))


class ActionDrillSummary(CoachAction):
    def name(self) -> str:
        return "action_drill_summary"

    def act(self, turn: Turn) -> List[EventType]:
        records = slot_of(turn.tracker, DRILL_RESULTS, list, [])
        planned = (slot_of(turn.tracker, DRILL_STATE, dict, {}) or {}).get("planned") or []
        if not records:
            turn.say("utter_drill_stopped_empty")
            return [SlotSet(DRILL_STATE, None), SlotSet(DRILL_ANSWER, None)]
        words = wording.current()
        summary = grader.summarise(records, drillbook().rubrics, [p for p in planned if isinstance(p, str)])
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
            not_practised=words.listed(summary.not_practised),
        )
        # no drill runs (no queue); "再练一次" drills what this summary named
        return [SlotSet(DRILL_STATE, {"practise": summary.practise}), SlotSet(DRILL_ANSWER, None)]
