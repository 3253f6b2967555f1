"""Answer a customer move: on the cold call with its scripted rebuttal
(below), in another scenario with that scenario's answer (actions/scenarios.py);
a move that belongs only to another scenario switches to it.

Which objections exist and which rebuttals they have is read from coach.yml
and the domain (coach/registry.py names them): the n-th rebuttal the n-th
time the customer raises it, then the retreat once they are used up, because
a third push burns the bridge. A busy prospect (coach.yml `offers_callback`)
is offered two times to call back instead of a visit; one who asks not to be
called again (`do_not_call`) gets an apology and nothing more in this call.
After the call was closed (a retreat, or the per-call limit of proposals,
actions/phone_call.py) any objection gets a short courteous answer and no new
slot. Adding an objection is YAML only.
"""

from __future__ import annotations

from typing import List

from rasa_sdk.events import EventType, SlotSet

from actions import scenarios
from actions.base import Turn
from actions.phone_call import CallAction
from actions.slots import CLOSED, COUNTS, DO_NOT_CALL, LAST, PENDING, REVERSAL
from actions.typed import slot_of
from coach import registry
from coach.refusal import refers_back
from coach.registry import Scenario


class ActionRebut(CallAction):
    def name(self) -> str:
        return registry.REBUT_ACTION

    def act(self, turn: Turn) -> List[EventType]:
        turn.reading = scenarios.in_context(turn)
        if turn.intent in turn.scenario.moves:
            return super().act(turn)
        # a move of another scenario ("机器坏了三天了" on a cold call): say so and answer it there
        owners = registry.owners(turn.intent, turn.settings.scenarios)
        if not owners:
            return super().act(turn)
        owner = turn.settings.scenarios[owners[0]]
        events = scenarios.switch(turn, owner)
        return events + (self.respond(turn) if owner.cold_call else scenarios.answer(turn, owner, turn.intent))

    def in_scenario(self, turn: Turn, scenario: Scenario) -> List[EventType]:
        return scenarios.answer(turn, scenario, turn.intent)

    def respond(self, turn: Turn) -> List[EventType]:
        intent = turn.intent
        objection = turn.settings.objections.get(intent) or registry.Objection(intent)
        counts = dict(slot_of(turn.tracker, COUNTS, dict, {}))
        counts[intent] = counts.get(intent, 0) + 1
        events: List[EventType] = [SlotSet(COUNTS, counts)]

        rebuttals = registry.rebuttals_of(intent, turn.responses)
        retreat = registry.retreat_of(intent, turn.responses)
        if objection.do_not_call:
            # "别再打了": apologise and stop, even after a close; no role reversal, no call-back date
            turn.say(rebuttals[0] if rebuttals else "utter_after_do_not_call")
            return events + [
                SlotSet(DO_NOT_CALL, True),
                SlotSet(CLOSED, True),
                SlotSet(PENDING, None),
                SlotSet(LAST, intent),
            ]
        if self.call_closed(turn):
            return events + self.close_call(turn, "utter_after_close")
        attempt = counts[intent]
        if attempt > len(rebuttals):
            return events + self.close_call(turn, retreat)

        if objection.offers_callback and self.pending(turn) and not self.for_callback(turn):
            # "那天我要开会" / "周四我整天都在开会" answer the visit on the table:
            # a decline of that time, not "I'm busy now"
            if refers_back(turn.text):
                return self.decline(turn)
            if self.named_times(turn)[1]:
                return self.respond_to_named_time(turn) or []
        response = rebuttals[attempt - 1]
        events.append(SlotSet(LAST, intent))
        if objection.offers_callback:
            return events + self.answer_busy(turn, response)
        if objection.proposes_visit:
            return events + self.propose(turn, response, self.next_proposal(turn))
        turn.say(response)
        if attempt == 1 and objection.role_reversal:
            # the role-reversal question: its answer is followed through (CallAction.act)
            events.append(SlotSet(REVERSAL, {"objection": intent, "retreat": retreat, "followed": False}))
        return events
