"""Answer an objection with its scripted rebuttal.

Which objections exist and which rebuttals they have is read from the domain:
`utter_rebuttal_<intent>_<n>` for the n-th time the customer raises it, and
`utter_retreat_<intent>` (or `utter_retreat`) once the rebuttals are used up,
because a third push burns the bridge. A busy prospect (coach.yml
`offers_callback`) is offered two times to call back instead of a visit; one
who asks not to be called again (`do_not_call`) gets an apology and nothing
more in this call. After the call was closed (a retreat,
or the per-call limit of proposals, actions/call.py) any objection gets a
short courteous answer and no new slot. Adding an objection is YAML only.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from rasa_sdk.events import SlotSet

from actions.call import CLOSED, COUNTS, DO_NOT_CALL, LAST, PENDING, REVERSAL, CallAction
from actions.typed import slot_of
from coach.refusal import refers_back


def rebuttals_for(intent: str, domain: Dict[str, Any]) -> List[str]:
    pattern = re.compile(rf"^utter_rebuttal_{re.escape(intent)}_(\d+)$")
    numbered = []
    for name in domain.get("responses", {}):
        match = pattern.match(name)
        if match:
            numbered.append((int(match.group(1)), name))
    return [name for _, name in sorted(numbered)]


def retreat_for(intent: str, domain: Dict[str, Any]) -> str:
    specific = f"utter_retreat_{intent}"
    return specific if specific in domain.get("responses", {}) else "utter_retreat"


class ActionRebut(CallAction):
    def name(self) -> str:
        return "action_rebut"

    def respond(self, dispatcher, tracker, domain):
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        counts = dict(slot_of(tracker, COUNTS, dict, {}))
        counts[intent] = counts.get(intent, 0) + 1
        events = [SlotSet(COUNTS, counts)]

        rebuttals = rebuttals_for(intent, domain)
        if intent in self.settings.do_not_call:
            # "别再打了": apologise and stop, even after a close; no role reversal, no call-back date
            self.say(dispatcher, rebuttals[0] if rebuttals else "utter_after_do_not_call")
            return events + [
                SlotSet(DO_NOT_CALL, True),
                SlotSet(CLOSED, True),
                SlotSet(PENDING, None),
                SlotSet(LAST, intent),
            ]
        if self.call_closed(tracker):
            return events + self.close_call(dispatcher, tracker, "utter_after_close")
        attempt = counts[intent]
        if attempt > len(rebuttals):
            return events + self.close_call(dispatcher, tracker, retreat_for(intent, domain))

        if (
            intent in self.settings.callbacks
            and self.pending(tracker)
            and not self.for_callback(tracker)
            and refers_back(str(tracker.latest_message.get("text") or ""))
        ):
            # "那天我要开会" answers the proposal on the table: a decline, not "I'm busy now"
            return self.decline(dispatcher, tracker)
        response = rebuttals[attempt - 1]
        events.append(SlotSet(LAST, intent))
        if intent in self.settings.callbacks:
            return events + self.answer_busy(dispatcher, tracker, response)
        if self.settings.objections.get(intent, True):
            return events + self.propose(dispatcher, tracker, response, self.next_proposal(tracker))
        self.say(dispatcher, response)
        if attempt == 1 and intent in self.settings.role_reversal:
            # the role-reversal question: its answer is followed through (CallAction.run)
            events.append(
                SlotSet(REVERSAL, {"objection": intent, "retreat": retreat_for(intent, domain), "followed": False})
            )
        return events
