"""The visit proposal and the customer's answers to it."""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.call import DECLINES, PENDING, VISIT, CallAction, TimeAwareAction
from actions.typed import slot_of
from coach.scheduling import from_iso, to_iso


class ActionOpenCall(TimeAwareAction):
    """The prospect picks up: introduce ourselves and propose a visit."""

    def name(self) -> str:
        return "action_open_call"

    def respond_without_time(self, dispatcher, tracker, domain):
        return self.propose(dispatcher, tracker, "utter_greet", self.next_proposal(tracker))


class ActionAcceptVisit(TimeAwareAction):
    def name(self) -> str:
        return "action_accept_visit"

    def respond_without_time(self, dispatcher, tracker, domain):
        pending = self.pending(tracker)
        if len(pending) == 1:
            return self.confirm(dispatcher, pending[0])
        if len(pending) > 1:
            # "好" to "上午还是下午？" does not say which: ask again.
            morning, afternoon = pending[:2]
            self.say(dispatcher, "utter_ask_which_option",
                     **self.moment_values(morning, "option1"),
                     **self.moment_values(afternoon, "option2"))
            return []
        visit = slot_of(tracker, VISIT, str)
        if visit:
            self.say(dispatcher, "utter_visit_already_confirmed", **self.moment_values(from_iso(visit)))
            return []
        return self.propose(dispatcher, tracker, "utter_propose_visit", self.next_proposal(tracker))


class ActionDeclineVisit(TimeAwareAction):
    def name(self) -> str:
        return "action_decline_visit"

    def respond_without_time(self, dispatcher, tracker, domain):
        pending = self.pending(tracker)
        if not pending:
            self.say(dispatcher, "utter_ask_reason")
            return []
        declines = int(slot_of(tracker, DECLINES, (int, float), 0)) + 1
        if declines >= 2:
            # Two proposals declined: leave the door open, don't push a third.
            return [SlotSet(DECLINES, declines)] + self.close_call(dispatcher, "utter_exit_keep_door_open")
        closing = self.no_more_proposals(tracker)  # two new times are one more ask
        if closing:
            return [SlotSet(DECLINES, declines)] + self.close_call(dispatcher, closing)
        morning, afternoon = self.scheduler.alternatives(max(pending))
        self.say(dispatcher, "utter_offer_alternatives",
                 **self.moment_values(morning, "option1"),
                 **self.moment_values(afternoon, "option2"))
        return [SlotSet(DECLINES, declines),
                SlotSet(PENDING, [to_iso(morning), to_iso(afternoon)])] + self.count_proposal(tracker)


class ActionCheckCustomerTime(CallAction):
    """The customer names a time themselves."""

    def name(self) -> str:
        return "action_check_customer_time"

    def respond(self, dispatcher, tracker, domain):
        expression = self.named_time(tracker)
        if not expression:
            self.say(dispatcher, "utter_ask_time")
            return []
        return self.handle_named_time(dispatcher, tracker, expression)
