"""The phone call the rep watches: what every call action shares on top of
actions/base.py. The pending proposal and what it is for (a visit or a
call-back), the per-call limit on proposals (seed 001), declines, the
role-reversal story (seed 003), confirming, and closing the call courteously.
"""

from __future__ import annotations

from abc import abstractmethod
from datetime import datetime
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk.events import EventType, SlotSet

from actions import scenarios
from actions.base import CoachAction, Turn
from actions.slots import (
    CALLBACK,
    CLOSED,
    DECLINES,
    DO_NOT_CALL,
    PENDING,
    PROPOSALS,
    PURPOSE,
    REVERSAL,
    VISIT,
)
from actions.typed import entity_texts, slot_of
from actions.values import callback_values
from coach.refusal import read_times
from coach.registry import Scenario
from coach.scheduling import Judgement, Verdict, parse_pending, to_iso
from coach.timeparse import resolve
from coach.wording import say_day, say_time

# Answers to the role-reversal question that already carry the story on
# (a name given, the refusal repeated, the decision maker speaking; or a time
# offered, below): no follow-up question. A goodbye never gets here: a rule
# answers it.
_REVERSAL_DONE_BY = {"give_contact", "not_interested", "decision_maker", "busy", "do_not_call"}


class CallAction(CoachAction):
    """Base class of the call's actions: subclasses implement `name` and `respond`."""

    def act(self, turn: Turn) -> List[EventType]:
        scenario = turn.scenario
        if not scenario.cold_call:
            return self.in_scenario(turn, scenario)
        if slot_of(turn.tracker, DO_NOT_CALL, bool, False) is True:
            # asked not to be called: whatever comes after gets a goodbye, never a pitch
            turn.say("utter_after_do_not_call")
            return []
        reversal = self.role_reversal(turn)
        if reversal and not reversal["followed"]:
            return self.follow_role_reversal(turn, reversal)
        return self.respond(turn)

    # --- the role reversal (seed 003) ---------------------------------------
    @staticmethod
    def role_reversal(turn: Turn) -> Optional[Dict[str, Any]]:
        value = slot_of(turn.tracker, REVERSAL, dict)
        return value if value and isinstance(value.get("retreat"), str) else None

    def follow_role_reversal(self, turn: Turn, reversal: Dict[str, Any]) -> List[EventType]:
        """Whatever the prospect answers to "what would you do in my place?",
        the seed's story goes on once: whom should I talk to?"""
        followed = [SlotSet(REVERSAL, {**reversal, "followed": True})]
        if turn.intent in _REVERSAL_DONE_BY or self.named_times(turn)[0]:
            return self.respond(turn) + followed
        turn.say("utter_role_reversal_follow_up")
        return followed

    @abstractmethod
    def respond(self, turn: Turn) -> List[EventType]:
        """Say what fits in the call and return the events (slots) to apply."""

    def in_scenario(self, turn: Turn, scenario: Scenario) -> List[EventType]:
        """A call-flow message ("好的", a time, "喂") while another scenario is
        on: one of its moves if coach.yml's `treat_as` says so, else a
        reminder of what to send there."""
        move = scenario.treat_as.get(turn.intent)
        if move:
            return scenarios.answer(turn, scenario, move)
        turn.say("utter_scenario_off_script", title=scenario.title, example=scenario.example)
        return []

    # --- proposing ---------------------------------------------------------
    def propose(
        self,
        turn: Turn,
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
        closing = self.no_more_proposals(turn) if counted else None
        if closing:
            return self.close_call(turn, closing)
        turn.say(response, **turn.moment_values(moment), **values)
        if not counted:  # a counter-proposal keeps what the pending time is for
            return [SlotSet(PENDING, [to_iso(moment)])]
        return [SlotSet(PENDING, [to_iso(moment)]), SlotSet(PURPOSE, "visit")] + self.count_proposal(turn)

    def offer_callback(self, turn: Turn, response: str) -> List[EventType]:
        """A busy prospect: two real times to call back, as a closed choice.
        Not a visit proposal, so not counted against the per-call limit."""
        first, second = turn.scheduler.callback_options(turn.now)
        turn.say(response, **callback_values(first, second, turn.now.date()))
        return [SlotSet(PENDING, [to_iso(first), to_iso(second)]), SlotSet(PURPOSE, "callback")]

    def answer_busy(self, turn: Turn, response: str) -> List[EventType]:
        """ "你下午再打来吧" names the call-back time: take it if it suits.
        Otherwise offer two times (`response`, a busy rebuttal)."""
        offered, _ = self.named_times(turn)
        named = resolve(offered, turn.now) if offered else None
        if named is not None:
            today_first = turn.scheduler.callback_options(turn.now)[0]  # "下午" means this afternoon if it can
            judgement = turn.scheduler.judge(named, turn.now, today_first)
            if judgement.verdict in (Verdict.ACCEPTED, Verdict.ASK):
                return self.confirm_callback(turn, judgement.moment)
        return self.offer_callback(turn, response)

    def confirm_callback(self, turn: Turn, moment: datetime) -> List[EventType]:
        """The busy prospect chose when we call back: that ends this call."""
        turn.say(
            "utter_confirm_callback",
            callback_date=say_day(moment.date(), turn.now.date()),
            callback_time=say_time(moment.time()),
        )
        return [
            SlotSet(CALLBACK, to_iso(moment)),
            SlotSet(CLOSED, True),
            SlotSet(PENDING, None),
            SlotSet(PURPOSE, "callback"),
        ]

    @staticmethod
    def for_callback(turn: Turn) -> bool:
        return slot_of(turn.tracker, PURPOSE, str) == "callback"

    def no_more_proposals(self, turn: Turn) -> Optional[str]:
        """The closing response to say instead of a proposal, or None if one may be made."""
        if self.call_closed(turn):
            return "utter_after_close"
        made = int(slot_of(turn.tracker, PROPOSALS, (int, float), 0))
        return "utter_close_call" if made >= turn.settings.appointment.max_proposals_per_call else None

    @staticmethod
    def count_proposal(turn: Turn) -> List[EventType]:
        return [SlotSet(PROPOSALS, int(slot_of(turn.tracker, PROPOSALS, (int, float), 0)) + 1)]

    def close_call(self, turn: Turn, response: str) -> List[EventType]:
        """End the call without a visit, naming the day we call again: the one
        the prospect agreed to, or a working day `callback_after_days` on."""
        agreed = parse_pending([slot_of(turn.tracker, CALLBACK, str)])
        if agreed:  # the time the prospect chose, to the hour
            when = say_day(agreed[0].date(), turn.now.date()) + say_time(agreed[0].time())
        else:
            when = say_day(turn.scheduler.callback_day(turn.now), turn.now.date())
        turn.say(response, callback_date=when)
        return [SlotSet(CLOSED, True), SlotSet(PENDING, None)]

    @staticmethod
    def call_closed(turn: Turn) -> bool:
        return slot_of(turn.tracker, CLOSED, bool, False) is True

    # --- state -----------------------------------------------------------
    def pending(self, turn: Turn) -> List[datetime]:
        return parse_pending(slot_of(turn.tracker, PENDING, list))

    def next_proposal(self, turn: Turn) -> datetime:
        """Keep proposing the slot already on the table; a new one otherwise
        (call-back times on the table are not visit slots)."""
        pending = self.pending(turn)
        return pending[0] if pending and not self.for_callback(turn) else turn.scheduler.first_proposal(turn.now)

    @staticmethod
    def named_times(turn: Turn) -> Tuple[Optional[str], Optional[str]]:
        """(the time the customer offers, the time they refuse) in their message."""
        return read_times(turn.text, entity_texts(turn.tracker, "time"))

    def respond_to_named_time(self, turn: Turn) -> Optional[List[EventType]]:
        """The answer to a message that offers or refuses a time; None if it names none."""
        offered, refused = self.named_times(turn)
        if offered:
            return self.handle_named_time(turn, offered)
        if refused:
            # "周四我有事，不方便": the named time is declined, never booked
            named = resolve(refused, turn.now)
            pending = self.pending(turn)
            moment = turn.scheduler.judge(named, turn.now, pending[0] if pending else None).asked if named else None
            return self.decline(turn, moment)
        return None

    # --- a time the customer names ----------------------------------------
    def handle_named_time(self, turn: Turn, expression: str) -> List[EventType]:
        named = resolve(expression, turn.now)
        pending = self.pending(turn)
        if named is None:
            turn.say("utter_ask_time")
            return []
        judgement: Judgement = turn.scheduler.judge(named, turn.now, pending[0] if pending else None)
        if judgement.verdict is Verdict.ACCEPTED or (judgement.verdict is Verdict.ASK and judgement.moment in pending):
            # "明天上午吧" picks the offered 10:00 of that day: no need to ask again
            return self.confirm(turn, judgement.moment)
        start, end = turn.settings.appointment.office_hours
        asked = dict(
            turn.moment_values(judgement.asked, prefix="asked"), office_start=say_time(start), office_end=say_time(end)
        )
        response = {
            Verdict.ASK: "utter_propose_named_time",
            Verdict.PAST: "utter_counter_past",
            Verdict.NOT_WORKDAY: "utter_counter_not_workday",
            Verdict.OUTSIDE_HOURS: "utter_counter_outside_hours",
        }[judgement.verdict]
        return self.propose(turn, response, judgement.moment, counted=False, **asked)

    def decline(self, turn: Turn, refused: Optional[datetime] = None) -> List[EventType]:
        """The customer turned down the proposal (or the time `refused`):
        two other times once, then a courteous exit, within the per-call limit."""
        pending = self.pending(turn)
        reversal = self.role_reversal(turn)
        if not pending and reversal and reversal["followed"]:
            # refused again after the role-reversal story: leave courteously
            return self.close_call(turn, reversal["retreat"])
        if not pending:
            # nothing was on the table: ask why, or which time suits if they named one
            turn.say("utter_ask_time" if refused else "utter_ask_reason")
            return []
        if self.for_callback(turn):
            # a busy prospect turns down both call-back times: ask for theirs
            # if they refused one by name, else leave them to their work
            if refused:
                turn.say("utter_ask_callback_time")
                return []
            return self.close_call(turn, "utter_exit_keep_door_open")
        declines = int(slot_of(turn.tracker, DECLINES, (int, float), 0)) + 1
        if declines >= 2:
            # Two proposals declined: leave the door open, don't push a third.
            return [SlotSet(DECLINES, declines)] + self.close_call(turn, "utter_exit_keep_door_open")
        closing = self.no_more_proposals(turn)  # two new times are one more ask
        if closing:
            return [SlotSet(DECLINES, declines)] + self.close_call(turn, closing)
        morning, afternoon = turn.scheduler.alternatives(max(pending + ([refused] if refused else [])))
        turn.say(
            "utter_offer_alternatives",
            **turn.moment_values(morning, "option1"),
            **turn.moment_values(afternoon, "option2"),
        )
        return [
            SlotSet(DECLINES, declines),
            SlotSet(PENDING, [to_iso(morning), to_iso(afternoon)]),
        ] + self.count_proposal(turn)

    def confirm(self, turn: Turn, moment: datetime) -> List[EventType]:
        if self.for_callback(turn):
            return self.confirm_callback(turn, moment)
        call_day = turn.scheduler.confirmation_call_day(moment, turn.now)
        turn.say(
            "utter_confirm_visit",
            **turn.moment_values(moment),
            call_date=say_day(call_day, turn.now.date()),
        )
        return [SlotSet(VISIT, to_iso(moment)), SlotSet(PENDING, None), SlotSet(DECLINES, 0)]


class TimeAwareAction(CallAction):
    """A reply that names a time ("好，那就周五两点半吧") is about that time,
    whatever else the sentence says; one that refuses it ("周五我有事") declines."""

    def respond(self, turn: Turn) -> List[EventType]:
        answered = self.respond_to_named_time(turn)
        if answered is not None:
            return answered
        return self.respond_without_time(turn)

    @abstractmethod
    def respond_without_time(self, turn: Turn) -> List[EventType]:
        """The reply when the message names no time."""
