"""The visit proposal and the customer's answers to it."""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType

from actions.base import Turn
from actions.phone_call import CallAction, TimeAwareAction
from actions.slots import NAME, VISIT
from actions.typed import slot_of
from actions.values import callback_values
from coach.scheduling import from_iso


class ActionOpenCall(TimeAwareAction):
    """The prospect picks up: introduce ourselves and propose a visit."""

    def name(self) -> str:
        return "action_open_call"

    def respond_without_time(self, turn: Turn) -> List[EventType]:
        response = "utter_greet"
        if turn.intent == "decision_maker":
            # "我是采购部李经理，你说": confirm who they are before the pitch
            response = (
                "utter_greet_decision_maker_named" if slot_of(turn.tracker, NAME, str) else "utter_greet_decision_maker"
            )
        return self.propose(turn, response, self.next_proposal(turn))


class ActionAcceptVisit(TimeAwareAction):
    def name(self) -> str:
        return "action_accept_visit"

    def respond_without_time(self, turn: Turn) -> List[EventType]:
        pending = self.pending(turn)
        if len(pending) == 1:
            return self.confirm(turn, pending[0])
        if len(pending) > 1:
            # "好" to "上午还是下午？" does not say which: ask again.
            first, second = pending[:2]
            if self.for_callback(turn):
                turn.say("utter_ask_which_callback", **callback_values(first, second, turn.now.date()))
                return []
            turn.say(
                "utter_ask_which_option",
                **turn.moment_values(first, "option1"),
                **turn.moment_values(second, "option2"),
            )
            return []
        visit = slot_of(turn.tracker, VISIT, str)
        if visit:
            turn.say("utter_visit_already_confirmed", **turn.moment_values(from_iso(visit)))
            return []
        return self.propose(turn, "utter_propose_visit", self.next_proposal(turn))


class ActionDeclineVisit(TimeAwareAction):
    def name(self) -> str:
        return "action_decline_visit"

    def respond_without_time(self, turn: Turn) -> List[EventType]:
        return self.decline(turn)


class ActionCheckCustomerTime(CallAction):
    """The customer names a time themselves."""

    def name(self) -> str:
        return "action_check_customer_time"

    def respond(self, turn: Turn) -> List[EventType]:
        answered = self.respond_to_named_time(turn)
        if answered is None:
            turn.say("utter_ask_time")
            return []
        return answered
