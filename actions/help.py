"""What the bot says to a message it cannot place: the help text for an
off-topic question or one it did not understand. A custom action rather than
a rule's response, so that it takes part in the call like the others (after
the role-reversal question, even "嗯……我也不知道" is followed through)."""

from __future__ import annotations

from rasa_sdk import Action

from actions.call import LAST, CallAction
from actions.typed import slot_of


class ActionHelp(CallAction):
    def name(self) -> str:
        return "action_help"

    def respond(self, dispatcher, tracker, domain):
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        self.say(dispatcher, "utter_out_of_scope" if intent == "out_of_scope" else "utter_default")
        return []


class ActionExplain(Action):
    """ "为什么这么说？": the reasoning behind the script just shown
    (`utter_why_<objection>`), kept out of the phone-length reply itself.
    Not a call action: asking why is the rep stepping out of the call."""

    def name(self) -> str:
        return "action_explain"

    def run(self, dispatcher, tracker, domain):
        last = slot_of(tracker, LAST, str)
        response = f"utter_why_{last}" if last else ""
        dispatcher.utter_message(response=response if response in domain.get("responses", {}) else "utter_why_nothing")
        return []
