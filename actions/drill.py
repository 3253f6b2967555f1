"""Drill mode: the bot plays the customer, the rep answers, the bot grades.

`drill_form` has one slot, `drill_answer`, filled from the text of whatever
the rep types, so while drilling the rep's messages are graded instead of
classified. The validation grades the answer and moves the drill on; asking
for the slot again is the customer's next line.
"""

from __future__ import annotations

import random
from typing import Any, Dict, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.call import script_values
from actions.typed import entity_text, slot_of
from coach import commands
from coach import settings as coach_settings
from coach.drill import grader, rubrics
from coach.scheduling import Scheduler

STATE, RESULTS, ANSWER = "drill_state", "drill_results", "drill_answer"
_cache: Dict[Tuple, rubrics.Drillbook] = {}


def drillbook() -> rubrics.Drillbook:
    """The drill files, re-read when a trainer saves a change."""
    settings = coach_settings.load()
    key = tuple(
        p.stat().st_mtime if p.exists() else -1
        for p in (rubrics.RUBRICS, rubrics.LINES, rubrics.TABOO, coach_settings.DEFAULT_PATH)
    )
    if key not in _cache:
        _cache.clear()
        _cache[key] = rubrics.load(settings.objections)
    return _cache[key]


def _say(dispatcher: CollectingDispatcher, response: str, **values: Any) -> None:
    dispatcher.utter_message(response=response, **values)


class ActionStartDrill(Action):
    def name(self) -> str:
        return "action_start_drill"

    def run(self, dispatcher, tracker: Tracker, domain):
        book = drillbook()
        chosen = entity_text(tracker, "objection")
        if (
            chosen not in book.rubrics
            and commands.current().command(tracker.latest_message.get("text") or "") == "retry"
        ):
            # "再练一次": the objection the last drill's summary named
            last = slot_of(tracker, STATE, dict, {}) or {}
            chosen = (
                last.get("practise") or grader.summarise(slot_of(tracker, RESULTS, list, []), book.rubrics).practise
            )
        if chosen in book.rubrics:
            queue = [chosen]
        else:
            queue = list(book.rubrics)
            random.shuffle(queue)
        _say(dispatcher, "utter_drill_intro", count=len(queue))
        state = {"queue": queue, "planned": list(queue), "tries": 0, "used": []}
        # drill_answer is left alone: rasa-sdk validates every slot set in
        # this turn, and a reset here would be graded as an empty answer.
        return [SlotSet(STATE, state), SlotSet(RESULTS, [])]


class ActionAskDrillAnswer(Action):
    """The customer's line: the objection, or one more push after a weak answer."""

    def name(self) -> str:
        return "action_ask_drill_answer"

    def run(self, dispatcher, tracker: Tracker, domain):
        state = dict(slot_of(tracker, STATE, dict, {}))
        if not state.get("queue"):
            return []
        book = drillbook()
        current = state["queue"][0]
        if state.pop("repeat", False) and state.get("used"):
            # after a hint the customer says the same line again
            _say(dispatcher, "utter_drill_customer", line=state["used"][-1])
            return [SlotSet(STATE, state)]
        if state.get("tries"):
            pool = book.pushback.get(current) or book.lines[current]
        else:
            pool = [line for line in book.lines[current] if line not in state.get("used", [])] or book.lines[current]
        line = random.choice(pool)
        state["used"] = state.get("used", []) + [line]
        _say(dispatcher, "utter_drill_customer", line=line)
        return [SlotSet(STATE, state)]


class ValidateDrillForm(FormValidationAction):
    def name(self) -> str:
        return "validate_drill_form"

    def validate_drill_answer(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]
    ) -> Dict[str, Any]:
        state = dict(slot_of(tracker, STATE, dict, {}))
        if not state.get("queue"):
            return {ANSWER: "done"}
        if value is None:  # a reset, not something the rep said
            return {ANSWER: None}
        book = drillbook()
        current = state["queue"][0]
        if commands.current().asks_for_hint(str(value or "")):
            # "给点提示": the moves to make, not graded, same customer line again
            rubric = book.rubrics[current]
            moves = "\n".join(f"· {e.label}：{e.tip}" for e in rubric.elements)
            _say(dispatcher, "utter_drill_hint", objection=rubric.label, moves=moves)
            return {ANSWER: None, STATE: {**state, "repeat": True}}
        grade = grader.grade(book.rubrics[current], str(value or ""), book.penalties)
        _say(
            dispatcher,
            "utter_drill_feedback",
            score=grade.score,
            found="、".join(grade.found) or "无",
            missing="、".join(grade.missing) or "无",
            tip=grade.tip or "保持这个水平！",
        )
        self._model_answer(dispatcher, current, domain)
        results = list(slot_of(tracker, RESULTS, list, [])) + [grade.as_record()]

        if not grade.strong and not state.get("tries"):
            state["tries"] = 1  # a second chance on the same objection
            return {ANSWER: None, STATE: state, RESULTS: results}
        if grade.strong:
            _say(dispatcher, "utter_drill_customer_convinced")
        state["queue"] = state["queue"][1:]
        state["tries"] = 0
        if state["queue"]:
            _say(dispatcher, "utter_drill_next")
            return {ANSWER: None, STATE: state, RESULTS: results}
        return {ANSWER: "done", STATE: state, RESULTS: results}

    @staticmethod
    def _model_answer(dispatcher: CollectingDispatcher, objection: str, domain: Dict[str, Any]) -> None:
        response = f"utter_rebuttal_{objection}_1"
        if response not in domain.get("responses", {}):
            return
        settings = coach_settings.load()
        scheduler = Scheduler(settings.appointment)
        now = scheduler.now()
        _say(dispatcher, "utter_drill_model_intro")
        _say(
            dispatcher,
            response,
            company=settings.company,
            rep_name=settings.rep_name,
            company_location=settings.company_location,
            **script_values(scheduler, now),
        )


class ActionDrillSummary(Action):
    def name(self) -> str:
        return "action_drill_summary"

    def run(self, dispatcher, tracker: Tracker, domain):
        records = slot_of(tracker, RESULTS, list, [])
        planned = (slot_of(tracker, STATE, dict, {}) or {}).get("planned") or []
        if not records:
            _say(dispatcher, "utter_drill_stopped_empty")
        else:
            summary = grader.summarise(records, drillbook().rubrics, [p for p in planned if isinstance(p, str)])
            scores = "\n".join(
                f"· {a.label}：{a.best}/100"
                if a.tries == 1
                else f"· {a.label}：第一次 {a.first} → 最好 {a.best}（{a.tries} 次）"
                for a in summary.attempts
            )
            _say(
                dispatcher,
                "utter_drill_summary",
                scores=scores,
                average=summary.average,
                weakest=summary.weakest or "无",
                practise=summary.practise_label or "无",
                practise_key=summary.practise or "",
                not_practised="、".join(summary.not_practised) or "无",
            )
            # no drill runs (no queue); "再练一次" drills what this summary named
            return [SlotSet(STATE, {"practise": summary.practise}), SlotSet(ANSWER, None)]
        return [SlotSet(STATE, None), SlotSet(ANSWER, None)]
