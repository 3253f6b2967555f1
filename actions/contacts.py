"""The decision maker's name and direct number, given by whoever picked up."""
from __future__ import annotations

from actions.call import CallAction
from actions.typed import slot_of

NAME, PHONE = "contact_name", "contact_phone"


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
