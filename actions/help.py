"""What the bot says to a message it cannot place: the help text for an
off-topic question or one it did not understand. A custom action rather than
a rule's response, so that it takes part in the call like the others (after
the role-reversal question, even "嗯……我也不知道" is followed through)."""
from __future__ import annotations

from actions.call import CallAction


class ActionHelp(CallAction):
    def name(self) -> str:
        return "action_help"

    def respond(self, dispatcher, tracker, domain):
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        self.say(dispatcher, "utter_out_of_scope" if intent == "out_of_scope" else "utter_default")
        return []
