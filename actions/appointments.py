"""The visit proposal and the customer's answers to it."""

from __future__ import annotations

from actions.call import VISIT, CallAction, TimeAwareAction, callback_values
from actions.contacts import NAME
from actions.typed import slot_of
from coach.scheduling import from_iso


class ActionOpenCall(TimeAwareAction):
    """The prospect picks up: introduce ourselves and propose a visit."""

    def name(self) -> str:
        return "action_open_call"

    def respond_without_time(self, dispatcher, tracker, domain):
        response = "utter_greet"
        if (tracker.latest_message.get("intent") or {}).get("name") == "decision_maker":
            # "我是采购部李经理，你说": confirm who they are before the pitch
            response = (
                "utter_greet_decision_maker_named" if slot_of(tracker, NAME, str) else "utter_greet_decision_maker"
            )
        return self.propose(dispatcher, tracker, response, self.next_proposal(tracker))


class ActionAcceptVisit(TimeAwareAction):
    def name(self) -> str:
        return "action_accept_visit"

    def respond_without_time(self, dispatcher, tracker, domain):
        pending = self.pending(tracker)
        if len(pending) == 1:
            return self.confirm(dispatcher, tracker, pending[0])
        if len(pending) > 1:
            # "好" to "上午还是下午？" does not say which: ask again.
            first, second = pending[:2]
            if self.for_callback(tracker):
                self.say(dispatcher, "utter_ask_which_callback", **callback_values(first, second, self.now.date()))
                return []
            self.say(
                dispatcher,
                "utter_ask_which_option",
                **self.moment_values(first, "option1"),
                **self.moment_values(second, "option2"),
            )
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
        return self.decline(dispatcher, tracker)


class ActionCheckCustomerTime(CallAction):
    """The customer names a time themselves."""

    def name(self) -> str:
        return "action_check_customer_time"

    def respond(self, dispatcher, tracker, domain):
        answered = self.respond_to_named_time(dispatcher, tracker)
        if answered is None:
            self.say(dispatcher, "utter_ask_time")
            return []
        return answered
