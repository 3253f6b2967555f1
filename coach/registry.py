"""What the coach handles, in one place: the objections (the customer moves
`action_rebut` answers) with their options from coach.yml, and the names of
the responses that answer them. Actions, checks, the drill, scripts and tests
ask here instead of spelling a convention again; the scenarios of the sales
cycle are registered here too when they come.

Response names, for an objection `<intent>`:
- `utter_rebuttal_<intent>_<n>`: said the n-th time the customer raises it;
- `utter_retreat_<intent>` (or the shared `utter_retreat`): once they are used up;
- `utter_why_<intent>`: the reasoning, when the prospect asks "为什么这么说？".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

REBUTTAL = re.compile(r"^utter_rebuttal_(?P<intent>.+)_(?P<n>\d+)$")
RETREAT = re.compile(r"^utter_retreat_(?P<intent>.+)$")
SHARED_RETREAT = "utter_retreat"
REBUT_ACTION = "action_rebut"


def rebuttal(intent: str, n: int = 1) -> str:
    return f"utter_rebuttal_{intent}_{n}"


def retreat(intent: str) -> str:
    return f"utter_retreat_{intent}"


def why(intent: str) -> str:
    return f"utter_why_{intent}"


def rebuttals_of(intent: str, responses: Iterable[str]) -> List[str]:
    """The objection's rebuttals among `responses`, in the order they are said."""
    numbered = [
        (int(m.group("n")), name) for name in responses if (m := REBUTTAL.match(name)) and m.group("intent") == intent
    ]
    return [name for _, name in sorted(numbered)]


def retreat_of(intent: str, responses: Iterable[str]) -> str:
    """Its own retreat if the domain has one, else the shared one."""
    return retreat(intent) if retreat(intent) in set(responses) else SHARED_RETREAT


@dataclass(frozen=True)
class Objection:
    """An objection and its options in coach.yml."""

    name: str
    # its rebuttals end in a dated visit proposal (None: coach.yml has a
    # value there that is not true/false, read leniently by `make check`)
    proposes_visit: Optional[bool] = True
    # the first rebuttal is the role-reversal question, followed through once
    role_reversal: bool = False
    # a busy prospect: two times to call back instead of a visit
    offers_callback: bool = False
    # "别再打了": apologise and push nothing more in this call
    do_not_call: bool = False

    @classmethod
    def from_options(cls, name: str, options: Any) -> "Objection":
        """From the mapping under `objections:` in coach.yml. Values of the
        wrong type count as absent (the schema reports them)."""
        options = options if isinstance(options, dict) else {}

        def flag(key: str) -> bool:
            return options.get(key) is True

        visit = options.get("proposes_visit", True)
        proposes: Optional[bool] = visit if isinstance(visit, bool) else None
        if flag("offers_callback") or flag("do_not_call"):
            proposes = False  # it offers call-back times, or ends the call, instead
        return cls(str(name), proposes, flag("role_reversal"), flag("offers_callback"), flag("do_not_call"))


def objections_in(coach_data: Any) -> Dict[str, Objection]:
    """Objection name -> options, from coach.yml's data (leniently: a wrong
    shape gives what can be read)."""
    found = coach_data.get("objections") if isinstance(coach_data, dict) else None
    if not isinstance(found, dict):
        return {}
    return {str(name): Objection.from_options(str(name), options) for name, options in found.items()}


def objections(path: Optional[Path] = None) -> Dict[str, Objection]:
    """The objections of the coach.yml in force (re-read when it changes)."""
    from coach import settings  # settings builds its objections with this module

    return settings.load(path).objections
