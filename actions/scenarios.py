"""The scenarios of the sales cycle: picking one, the menu, and answering a
customer move in a scenario other than the cold call (the cold call's own
answers, with their visit proposals, are actions/rebuttals.py).

Which scenarios exist, their moves and their options are coach.yml's
(coach/registry.py); the words are domain/<scenario>.yml's. An answer is the
move's n-th response the n-th time, then its retreat; a move that asks for
the decision counts against the scenario's `max_asks`, after which the bot
asks what stands in the way instead of pushing again (seed 001).
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk.events import EventType, SlotSet

from actions.base import CoachAction, Turn
from actions.slots import ASKS, CALL_SLOTS, COUNTS, LAST, SCENARIO
from actions.typed import entity_text, slot_of
from actions.values import scenario_values
from coach import registry
from coach.chinese_variant import to_simplified
from coach.context import read_in_context
from coach.registry import Scenario
from coach.timeparse import day_in_past


def in_context(turn: Turn) -> str:
    """The move the message is, read in the scenario in force (coach/context.py)."""
    ranking = [
        (str(r.get("name")), float(r.get("confidence") or 0.0))
        for r in turn.tracker.latest_message.get("intent_ranking") or []
    ] or [(turn.intent, 1.0)]
    movable = registry.all_moves(turn.settings.scenarios)
    picked = isinstance(turn.tracker.get_slot(SCENARIO), str)
    scenario = turn.scenario
    return read_in_context(ranking, scenario.moves, movable, scenario.treat_as, picked) or turn.intent


def fresh_start(turn: Turn, name: str | None) -> List[EventType]:
    """The events that start a new conversation in scenario `name` (None: the
    cold call): the call's slots back to their initial values in the domain."""
    slots = turn.domain.get("slots") or {}
    initial = [SlotSet(slot, (slots.get(slot) or {}).get("initial_value")) for slot in CALL_SLOTS]
    return initial + [SlotSet(SCENARIO, name)]


def values(turn: Turn, scenario: Scenario) -> Dict[str, Any]:
    return scenario_values(turn.scheduler, turn.now, scenario, day_in_past(turn.text, turn.now.date()))


def switch(turn: Turn, scenario: Scenario) -> List[EventType]:
    """A message that belongs to another scenario ("机器坏了三天了" on a cold
    call): say so in one line and carry on there, from a fresh start."""
    turn.say("utter_scenario_switched", title=scenario.title)
    events = fresh_start(turn, None if scenario.cold_call else scenario.name)
    # the answer that follows in this turn reads the fresh start, not the old scenario's counts
    turn.tracker.slots.update({event["name"]: event["value"] for event in events})
    return events


def answer(turn: Turn, scenario: Scenario, intent: str) -> List[EventType]:
    """The scripted answer to `intent` in `scenario` (not the cold call)."""
    move = scenario.moves.get(intent) or registry.Move(intent)
    counts = dict(slot_of(turn.tracker, COUNTS, dict, {}) or {})
    counts[intent] = counts.get(intent, 0) + 1
    events: List[EventType] = [SlotSet(COUNTS, counts), SlotSet(LAST, intent)]
    filled = values(turn, scenario)

    allowed = registry.move_allowed(scenario.name, intent)
    if move.allowed_by and scenario.settings.get(move.allowed_by) and allowed in turn.responses:
        turn.say(allowed, **filled)
        return events
    if move.asks and scenario.max_asks:
        asks = int(slot_of(turn.tracker, ASKS, (int, float), 0) or 0) + 1
        over = registry.scenario_over_limit(scenario.name)
        if asks > scenario.max_asks and over in turn.responses:
            # seed 001: about three attempts, then ask what stands in the way
            turn.say(over, **filled)
            return events
        events.append(SlotSet(ASKS, float(asks)))

    answers = registry.move_responses(scenario.name, intent, turn.responses)
    if not answers:
        turn.say("utter_default")  # make check reports the missing response
        return events
    attempt = counts[intent]
    if attempt <= len(answers):
        response = answers[attempt - 1]
    else:
        response = registry.move_retreat(scenario.name, intent, turn.responses) or answers[-1]
    turn.say(response, **filled)
    return events


def say_menu(turn: Turn) -> List[EventType]:
    """The scenarios as quick replies; the conversation leaves the one in force."""
    turn.say("utter_menu", buttons=registry.menu_buttons(turn.settings.scenarios))
    return fresh_start(turn, None)


class ActionMenu(CoachAction):
    """ "菜单" / "選單": the scenarios to pick from."""

    def name(self) -> str:
        return "action_menu"

    def act(self, turn: Turn) -> List[EventType]:
        return say_menu(turn)


class ActionChooseScenario(CoachAction):
    """`/scenario{"name": "closing"}`, or "练习成交" / "客户要退单怎么办"."""

    def name(self) -> str:
        return "action_choose_scenario"

    def act(self, turn: Turn) -> List[EventType]:
        name = entity_text(turn.tracker, "name") or entity_text(turn.tracker, "scenario")
        scenario = turn.settings.scenarios.get(name or "") or registry.named_in(
            to_simplified(turn.text), turn.settings.scenarios
        )
        if scenario is None:
            return say_menu(turn)
        filled = values(turn, scenario)
        turn.say("utter_scenario_chosen", **filled)
        start = registry.scenario_start(scenario.name)
        if start in turn.responses:
            turn.say(start, **filled)
        return fresh_start(turn, None if scenario.cold_call else scenario.name)
