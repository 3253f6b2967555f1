"""What every call action shares: settings, the clock, the pending visit
proposal, the per-call limit on proposals, and a way to say a domain
response with the date values filled in.

The words live in domain.yml; actions only choose the response and fill in
values, so trainers change scripts without touching Python.
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.typed import entity_texts, slot_of
from coach import settings as coach_settings
from coach.refusal import read_times
from coach.scheduling import Judgement, Scheduler, Verdict, parse_pending, to_iso
from coach.timeparse import resolve
from coach.wording import say_date_with_year, say_day, say_time

# Slots (declared in domain.yml)
PENDING = "proposed_visits"  # ISO times offered and not yet answered
VISIT = "visit"  # the confirmed visit, ISO
DECLINES = "declines"  # declines of proposals in this call
COUNTS = "objection_counts"  # objection intent -> times raised
PROPOSALS = "proposals_made"  # visits the bot proposed in this call
CLOSED = "call_closed"  # the bot closed the call courteously: no more proposals
REVERSAL = "role_reversal"  # {"objection", "retreat", "followed"} after the role-reversal question
PURPOSE = "proposal_purpose"  # what the pending times are for: "visit", or "callback" (a busy prospect)
CALLBACK = "callback_at"  # the call-back time the prospect agreed to, ISO
DO_NOT_CALL = "do_not_call"  # the prospect asked not to be called again: nothing more is pushed
LAST = "last_objection"  # the objection last answered ("为什么这么说？" explains it)
# Answers to the role-reversal question that already carry the story on
# (a name given, the refusal repeated, the decision maker speaking; or a time
# offered, below): no follow-up question. A goodbye never gets here: a rule
# answers it.
_REVERSAL_DONE_BY = {"give_contact", "not_interested", "decision_maker", "busy", "do_not_call"}


def moment_values(moment: datetime, today, prefix: str = "visit") -> Dict[str, str]:
    """{prefix}_date, {prefix}_time and {prefix}_iso for a response."""
    return {
        f"{prefix}_date": say_date_with_year(moment.date(), today),
        f"{prefix}_time": say_time(moment.time()),
        f"{prefix}_iso": to_iso(moment),
    }


def callback_values(first: datetime, second: datetime, today) -> Dict[str, str]:
    """The two call-back times as option1/option2; later today is said "今天"."""
    values = {**moment_values(first, today, "option1"), **moment_values(second, today, "option2")}
    values["option1_date"], values["option2_date"] = say_day(first.date(), today), say_day(second.date(), today)
    return values


def script_values(scheduler: Scheduler, now: datetime) -> Dict[str, str]:
    """What a scripted rebuttal may name, shown on its own (the drill's model
    answer): the first visit proposal and the two call-back times."""
    return {
        **moment_values(scheduler.first_proposal(now), now.date()),
        **callback_values(*scheduler.callback_options(now), now.date()),
    }


class CallAction(Action, metaclass=ABCMeta):
    """Base class: subclasses implement `name` and `respond`. Abstract, so
    rasa-sdk does not register the base classes as actions."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        # rasa-sdk shares one instance between concurrent requests; these
        # attributes are safe because respond() is synchronous (no await in between).
        self.settings = coach_settings.load()
        self.scheduler = Scheduler(self.settings.appointment)
        self.now = self.scheduler.now()
        if slot_of(tracker, DO_NOT_CALL, bool, False) is True:
            # asked not to be called: whatever comes after gets a goodbye, never a pitch
            self.say(dispatcher, "utter_after_do_not_call")
            return []
        reversal = self.role_reversal(tracker)
        if reversal and not reversal["followed"]:
            return self.follow_role_reversal(dispatcher, tracker, domain, reversal)
        return self.respond(dispatcher, tracker, domain)

    # --- the role reversal (seed 003) ---------------------------------------
    @staticmethod
    def role_reversal(tracker: Tracker) -> Optional[Dict[str, Any]]:
        value = slot_of(tracker, REVERSAL, dict)
        return value if value and isinstance(value.get("retreat"), str) else None

    def follow_role_reversal(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any], reversal: Dict[str, Any]
    ) -> List[EventType]:
        """Whatever the prospect answers to "what would you do in my place?",
        the seed's story goes on once: whom should I talk to?"""
        followed = [SlotSet(REVERSAL, {**reversal, "followed": True})]
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent in _REVERSAL_DONE_BY or self.named_times(tracker)[0]:
            return self.respond(dispatcher, tracker, domain) + followed
        self.say(dispatcher, "utter_role_reversal_follow_up")
        return followed

    @abstractmethod
    def name(self) -> str:
        """The action's name in domain.yml."""

    @abstractmethod
    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[str, Any]) -> List[EventType]:
        """Say what fits and return the events (slots) to apply."""

    # --- saying things -------------------------------------------------
    def say(self, dispatcher: CollectingDispatcher, response: str, **values: Any) -> None:
        dispatcher.utter_message(
            response=response,
            company=self.settings.company,
            rep_name=self.settings.rep_name,
            company_location=self.settings.company_location,
            **values,
        )

    def moment_values(self, moment: datetime, prefix: str = "visit") -> Dict[str, str]:
        return moment_values(moment, self.now.date(), prefix)

    def propose(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        response: str,
        moment: datetime,
        counted: bool = True,
        **values: Any,
    ) -> List[EventType]:
        """Say a response that proposes `moment` and remember the proposal.

        Seed 001: about three asks in one call (coach.yml
        `max_proposals_per_call`, across all objections). Past that, or once
        the call was closed, nothing is proposed: the call closes courteously
        instead. A counter-proposal to a time the customer named is the
        customer's own move and is not `counted`."""
        closing = self.no_more_proposals(tracker) if counted else None
        if closing:
            return self.close_call(dispatcher, tracker, closing)
        self.say(dispatcher, response, **self.moment_values(moment), **values)
        if not counted:  # a counter-proposal keeps what the pending time is for
            return [SlotSet(PENDING, [to_iso(moment)])]
        return [SlotSet(PENDING, [to_iso(moment)]), SlotSet(PURPOSE, "visit")] + self.count_proposal(tracker)

    def offer_callback(self, dispatcher: CollectingDispatcher, response: str) -> List[EventType]:
        """A busy prospect: two real times to call back, as a closed choice.
        Not a visit proposal, so not counted against the per-call limit."""
        first, second = self.scheduler.callback_options(self.now)
        self.say(dispatcher, response, **callback_values(first, second, self.now.date()))
        return [SlotSet(PENDING, [to_iso(first), to_iso(second)]), SlotSet(PURPOSE, "callback")]

    def answer_busy(self, dispatcher: CollectingDispatcher, tracker: Tracker, response: str) -> List[EventType]:
        """ "你下午再打来吧" names the call-back time: take it if it suits.
        Otherwise offer two times (`response`, a busy rebuttal)."""
        offered, _ = self.named_times(tracker)
        named = resolve(offered, self.now) if offered else None
        if named is not None:
            today_first = self.scheduler.callback_options(self.now)[0]  # "下午" means this afternoon if it can
            judgement = self.scheduler.judge(named, self.now, today_first)
            if judgement.verdict in (Verdict.ACCEPTED, Verdict.ASK):
                return self.confirm_callback(dispatcher, judgement.moment)
        return self.offer_callback(dispatcher, response)

    def confirm_callback(self, dispatcher: CollectingDispatcher, moment: datetime) -> List[EventType]:
        """The busy prospect chose when we call back: that ends this call."""
        self.say(
            dispatcher,
            "utter_confirm_callback",
            callback_date=say_day(moment.date(), self.now.date()),
            callback_time=say_time(moment.time()),
        )
        return [
            SlotSet(CALLBACK, to_iso(moment)),
            SlotSet(CLOSED, True),
            SlotSet(PENDING, None),
            SlotSet(PURPOSE, "callback"),
        ]

    @staticmethod
    def for_callback(tracker: Tracker) -> bool:
        return slot_of(tracker, PURPOSE, str) == "callback"

    def no_more_proposals(self, tracker: Tracker) -> Optional[str]:
        """The closing response to say instead of a proposal, or None if one may be made."""
        if self.call_closed(tracker):
            return "utter_after_close"
        made = int(slot_of(tracker, PROPOSALS, (int, float), 0))
        return "utter_close_call" if made >= self.settings.appointment.max_proposals_per_call else None

    @staticmethod
    def count_proposal(tracker: Tracker) -> List[EventType]:
        return [SlotSet(PROPOSALS, int(slot_of(tracker, PROPOSALS, (int, float), 0)) + 1)]

    def close_call(self, dispatcher: CollectingDispatcher, tracker: Tracker, response: str) -> List[EventType]:
        """End the call without a visit, naming the day we call again: the one
        the prospect agreed to, or a working day `callback_after_days` on."""
        agreed = parse_pending([slot_of(tracker, CALLBACK, str)])
        if agreed:  # the time the prospect chose, to the hour
            when = say_day(agreed[0].date(), self.now.date()) + say_time(agreed[0].time())
        else:
            when = say_day(self.scheduler.callback_day(self.now), self.now.date())
        self.say(dispatcher, response, callback_date=when)
        return [SlotSet(CLOSED, True), SlotSet(PENDING, None)]

    @staticmethod
    def call_closed(tracker: Tracker) -> bool:
        return slot_of(tracker, CLOSED, bool, False) is True

    # --- state -----------------------------------------------------------
    def pending(self, tracker: Tracker) -> List[datetime]:
        return parse_pending(slot_of(tracker, PENDING, list))

    def next_proposal(self, tracker: Tracker) -> datetime:
        """Keep proposing the slot already on the table; a new one otherwise
        (call-back times on the table are not visit slots)."""
        pending = self.pending(tracker)
        return pending[0] if pending and not self.for_callback(tracker) else self.scheduler.first_proposal(self.now)

    @staticmethod
    def named_times(tracker: Tracker) -> Tuple[Optional[str], Optional[str]]:
        """(the time the customer offers, the time they refuse) in their message."""
        return read_times(str(tracker.latest_message.get("text") or ""), entity_texts(tracker, "time"))

    def respond_to_named_time(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
        """The answer to a message that offers or refuses a time; None if it names none."""
        offered, refused = self.named_times(tracker)
        if offered:
            return self.handle_named_time(dispatcher, tracker, offered)
        if refused:
            # "周四我有事，不方便": the named time is declined, never booked
            named = resolve(refused, self.now)
            pending = self.pending(tracker)
            moment = self.scheduler.judge(named, self.now, pending[0] if pending else None).asked if named else None
            return self.decline(dispatcher, tracker, moment)
        return None

    # --- a time the customer names ----------------------------------------
    def handle_named_time(self, dispatcher: CollectingDispatcher, tracker: Tracker, expression: str) -> List[EventType]:
        named = resolve(expression, self.now)
        pending = self.pending(tracker)
        if named is None:
            self.say(dispatcher, "utter_ask_time")
            return []
        judgement: Judgement = self.scheduler.judge(named, self.now, pending[0] if pending else None)
        if judgement.verdict is Verdict.ACCEPTED or (judgement.verdict is Verdict.ASK and judgement.moment in pending):
            # "明天上午吧" picks the offered 10:00 of that day: no need to ask again
            return self.confirm(dispatcher, tracker, judgement.moment)
        start, end = self.settings.appointment.office_hours
        asked = dict(
            self.moment_values(judgement.asked, prefix="asked"), office_start=say_time(start), office_end=say_time(end)
        )
        response = {
            Verdict.ASK: "utter_propose_named_time",
            Verdict.PAST: "utter_counter_past",
            Verdict.NOT_WORKDAY: "utter_counter_not_workday",
            Verdict.OUTSIDE_HOURS: "utter_counter_outside_hours",
        }[judgement.verdict]
        return self.propose(dispatcher, tracker, response, judgement.moment, counted=False, **asked)

    def decline(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, refused: Optional[datetime] = None
    ) -> List[EventType]:
        """The customer turned down the proposal (or the time `refused`):
        two other times once, then a courteous exit, within the per-call limit."""
        pending = self.pending(tracker)
        reversal = self.role_reversal(tracker)
        if not pending and reversal and reversal["followed"]:
            # refused again after the role-reversal story: leave courteously
            return self.close_call(dispatcher, tracker, reversal["retreat"])
        if not pending:
            # nothing was on the table: ask why, or which time suits if they named one
            self.say(dispatcher, "utter_ask_time" if refused else "utter_ask_reason")
            return []
        if self.for_callback(tracker):
            # a busy prospect turns down both call-back times: ask for theirs
            # if they refused one by name, else leave them to their work
            if refused:
                self.say(dispatcher, "utter_ask_callback_time")
                return []
            return self.close_call(dispatcher, tracker, "utter_exit_keep_door_open")
        declines = int(slot_of(tracker, DECLINES, (int, float), 0)) + 1
        if declines >= 2:
            # Two proposals declined: leave the door open, don't push a third.
            return [SlotSet(DECLINES, declines)] + self.close_call(dispatcher, tracker, "utter_exit_keep_door_open")
        closing = self.no_more_proposals(tracker)  # two new times are one more ask
        if closing:
            return [SlotSet(DECLINES, declines)] + self.close_call(dispatcher, tracker, closing)
        morning, afternoon = self.scheduler.alternatives(max(pending + ([refused] if refused else [])))
        self.say(
            dispatcher,
            "utter_offer_alternatives",
            **self.moment_values(morning, "option1"),
            **self.moment_values(afternoon, "option2"),
        )
        return [
            SlotSet(DECLINES, declines),
            SlotSet(PENDING, [to_iso(morning), to_iso(afternoon)]),
        ] + self.count_proposal(tracker)

    def confirm(self, dispatcher: CollectingDispatcher, tracker: Tracker, moment: datetime) -> List[EventType]:
        if self.for_callback(tracker):
            return self.confirm_callback(dispatcher, moment)
        call_day = self.scheduler.confirmation_call_day(moment, self.now)
        self.say(
            dispatcher,
            "utter_confirm_visit",
            **self.moment_values(moment),
            call_date=say_day(call_day, self.now.date()),
        )
        return [SlotSet(VISIT, to_iso(moment)), SlotSet(PENDING, None), SlotSet(DECLINES, 0)]


class TimeAwareAction(CallAction):
    """A reply that names a time ("好，那就周五两点半吧") is about that time,
    whatever else the sentence says; one that refuses it ("周五我有事") declines."""

    def respond(self, dispatcher, tracker, domain):
        answered = self.respond_to_named_time(dispatcher, tracker)
        if answered is not None:
            return answered
        return self.respond_without_time(dispatcher, tracker, domain)

    @abstractmethod
    def respond_without_time(self, dispatcher, tracker, domain) -> List[EventType]:
        """The reply when the message names no time."""
