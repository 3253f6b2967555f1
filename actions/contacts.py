"""Finding the decision maker: whoever picked up is asked to put us through
(a receptionist), and gives the decision maker's name and direct number."""

from __future__ import annotations

from actions.call import CallAction
from actions.typed import slot_of

NAME, PHONE = "contact_name", "contact_phone"


class ActionAskForDecisionMaker(CallAction):
    """Seed 003: find the real decision maker first. A receptionist or the
    switchboard gets no pitch and no slot: only the request to be put through."""

    def name(self) -> str:
        return "action_ask_for_decision_maker"

    def respond(self, dispatcher, tracker, domain):
        self.say(dispatcher, "utter_ask_for_decision_maker")
        return []


class ActionRecordContact(CallAction):
    def name(self) -> str:
        return "action_record_contact"

    def respond(self, dispatcher, tracker, domain):
        # Slot mappings already stored what this message gave.
        name, phone = slot_of(tracker, NAME, str), slot_of(tracker, PHONE, str)
        if name and phone:
            self.say(dispatcher, "utter_contact_recorded")
        elif name:
            self.say(dispatcher, "utter_ask_contact_phone")
        elif phone:
            self.say(dispatcher, "utter_ask_contact_name")
        else:
            self.say(dispatcher, "utter_ask_contact")
        return []
