"""What the bot says to a message it cannot place: the help text for an
off-topic question or one it did not understand. A custom action rather than
a rule's response, so that it takes part in the call like the others (after
the role-reversal question, even "嗯……我也不知道" is followed through)."""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType

from actions.base import CoachAction, Turn
from actions.phone_call import CallAction
from actions.slots import LAST
from actions.typed import slot_of
from coach import registry


class ActionHelp(CallAction):
    def name(self) -> str:
        return "action_help"

    def respond(self, turn: Turn) -> List[EventType]:
        intent = turn.intent
        turn.say("utter_out_of_scope" if intent == "out_of_scope" else "utter_default")
        return []


class ActionExplain(CoachAction):
    """ "为什么这么说？": the reasoning behind the script just shown
    (`utter_why_<objection>`), kept out of the phone-length reply itself.
    Not a call action: asking why is the rep stepping out of the call."""

    def name(self) -> str:
        return "action_explain"

    def act(self, turn: Turn) -> List[EventType]:
        last = slot_of(turn.tracker, LAST, str)
        response = registry.move_why(turn.scenario.name, last) if last else ""
        turn.say(response if response in turn.responses else "utter_why_nothing")
        return []
