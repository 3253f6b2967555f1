"""Finding the decision maker: whoever picked up is asked to put us through
(a receptionist), and gives the decision maker's name and direct number."""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType

from actions.base import Turn
from actions.phone_call import CallAction
from actions.slots import NAME, PHONE
from actions.typed import slot_of


class ActionAskForDecisionMaker(CallAction):
    """Seed 003: find the real decision maker first. A receptionist or the
    switchboard gets no pitch and no slot: only the request to be put through."""

    def name(self) -> str:
        return "action_ask_for_decision_maker"

    def respond(self, turn: Turn) -> List[EventType]:
        turn.say("utter_ask_for_decision_maker")
        return []


class ActionRecordContact(CallAction):
    def name(self) -> str:
        return "action_record_contact"

    def respond(self, turn: Turn) -> List[EventType]:
        # Slot mappings already stored what this message gave.
        name, phone = slot_of(turn.tracker, NAME, str), slot_of(turn.tracker, PHONE, str)
        if name and phone:
            turn.say("utter_contact_recorded")
        elif name:
            turn.say("utter_ask_contact_phone")
        elif phone:
            turn.say("utter_ask_contact_name")
        else:
            turn.say("utter_ask_contact")
        return []
