"""What the coach handles, in one place: the scenarios of the sales cycle,
their customer moves (the intents `action_rebut` answers) with their options
from coach.yml, and the names of the responses that answer them. Actions,
checks, the drill, scripts and tests ask here instead of spelling a
convention again.

The cold call (`cold_call`, the scenario in force until the rep picks
another) keeps its own names, for an objection `<intent>`:
- `utter_rebuttal_<intent>_<n>`: said the n-th time the customer raises it;
- `utter_retreat_<intent>` (or the shared `utter_retreat`): once they are used up;
- `utter_why_<intent>`: the reasoning, when the prospect asks "为什么这么说？".

Every other scenario `<s>` names its responses after itself:
- `utter_<s>_<intent>_<n>` and `utter_<s>_<intent>_retreat`, as above;
- `utter_<s>_<intent>_allowed`: said instead while the scenario's setting
  named by the move's `allowed_by` is on (a discount the company allows);
- `utter_<s>_<intent>_why`: the reasoning;
- `utter_<s>_start`: the scene, said when the rep picks the scenario;
- `utter_<s>_over_limit`: once the scenario's `max_asks` asks are used up.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Set, Tuple

REBUTTAL = re.compile(r"^utter_rebuttal_(?P<intent>.+)_(?P<n>\d+)$")
RETREAT = re.compile(r"^utter_retreat_(?P<intent>.+)$")
SHARED_RETREAT = "utter_retreat"
REBUT_ACTION = "action_rebut"
PICK_INTENT = "scenario"  # the rep picks a scenario: `/scenario{"name": …}` or "练习成交"
COLD_CALL = "cold_call"


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


@dataclass(frozen=True)
class Move:
    """A customer move of a scenario other than the cold call."""

    intent: str
    # its answer asks for the decision (a closing attempt): counted against
    # the scenario's max_asks
    asks: bool = False
    # a setting of the scenario: while it is on, `utter_<s>_<intent>_allowed` is said instead
    allowed_by: Optional[str] = None
    # drilled (the bot plays the customer); false for the rep's own report ("王总签了")
    drill: bool = True


@dataclass(frozen=True)
class Scenario:
    """One stage of the sales cycle, as coach.yml registers it."""

    name: str
    title: str
    # a line the customer might say, shown when the rep picks the scenario
    example: str = ""
    moves: Dict[str, Move] = field(default_factory=dict)
    # asks for the decision per conversation (seed 001: about three), 0 for no limit
    max_asks: int = 0
    # call-flow intents the scenario answers as one of its moves ({affirm: ready_to_sign})
    treat_as: Dict[str, str] = field(default_factory=dict)
    # values its responses may name ({discount_percent}, {goodwill}, ...)
    settings: Dict[str, Any] = field(default_factory=dict)
    # words that name it when the rep asks for it in words ("练习成交"); the title counts too
    keywords: Tuple[str, ...] = ()

    @property
    def cold_call(self) -> bool:
        return self.name == COLD_CALL

    def drilled(self) -> List[str]:
        return [intent for intent, move in self.moves.items() if move.drill]


def _treat_as(spec: Dict[str, Any]) -> Dict[str, str]:
    found = spec.get("treat_as")
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def _keywords(spec: Dict[str, Any]) -> Tuple[str, ...]:
    found = spec.get("keywords")
    return tuple(str(k) for k in found if str(k).strip()) if isinstance(found, list) else ()


def _cold_call(coach_data: Dict[str, Any], spec: Dict[str, Any]) -> Scenario:
    """The cold call's moves are the objections above it in coach.yml."""
    moves = {name: Move(name) for name in objections_in(coach_data)}
    title, example = str(spec.get("title") or "电话约见"), str(spec.get("example") or "")
    return Scenario(COLD_CALL, title, example, moves, treat_as=_treat_as(spec), keywords=_keywords(spec))


def _scenario(name: str, spec: Dict[str, Any]) -> Scenario:
    moves: Dict[str, Move] = {}
    raw_moves = spec.get("moves")
    for intent, options in raw_moves.items() if isinstance(raw_moves, dict) else ():
        options = options if isinstance(options, dict) else {}
        allowed = options.get("allowed_by")
        moves[str(intent)] = Move(
            str(intent),
            options.get("asks") is True,
            str(allowed) if isinstance(allowed, str) else None,
            options.get("drill", True) is not False,
        )
    settings = spec.get("settings")
    max_asks = spec.get("max_asks", 0)
    return Scenario(
        name,
        str(spec.get("title") or name),
        str(spec.get("example") or ""),
        moves,
        max_asks if isinstance(max_asks, int) and not isinstance(max_asks, bool) else 0,
        _treat_as(spec),
        dict(settings) if isinstance(settings, dict) else {},
        _keywords(spec),
    )


def scenarios_in(coach_data: Any) -> Dict[str, Scenario]:
    """Scenario name -> Scenario, the cold call first, read leniently like
    `objections_in`."""
    data = coach_data if isinstance(coach_data, dict) else {}
    found = data.get("scenarios")
    found = found if isinstance(found, dict) else {}
    cold = found.get(COLD_CALL)
    result = {COLD_CALL: _cold_call(data, cold if isinstance(cold, dict) else {})}
    for name, spec in found.items():
        if str(name) != COLD_CALL:
            result[str(name)] = _scenario(str(name), spec if isinstance(spec, dict) else {})
    return result


def named_in(text: str, scenarios: Dict[str, Scenario]) -> Optional[Scenario]:
    """The scenario a rep's words name ("客户要退单怎么办" names the
    cancellation): the longest keyword or title found in `text` wins, so
    "成交后回访" is the follow-up, not closing."""
    best: Optional[Scenario] = None
    longest = 0
    for scenario in scenarios.values():
        for word in (scenario.title,) + scenario.keywords:
            if word and word in text and len(word) > longest:
                best, longest = scenario, len(word)
    return best


def menu_buttons(scenarios: Dict[str, Scenario]) -> List[Dict[str, str]]:
    """One quick reply per scenario: its title, and the payload that picks it."""
    return [
        {"title": scenario.title, "payload": "/scenario" + json.dumps({"name": name}, ensure_ascii=False)}
        for name, scenario in scenarios.items()
    ]


def all_moves(scenarios: Dict[str, Scenario]) -> Set[str]:
    """Every intent some scenario answers as a move (action_rebut's intents)."""
    return {move for scenario in scenarios.values() for move in scenario.moves}


def owners(intent: str, scenarios: Dict[str, Scenario]) -> List[str]:
    """The scenarios that answer `intent` as one of their moves, in coach.yml's order."""
    return [name for name, scenario in scenarios.items() if intent in scenario.moves]


def move_response(scenario: str, intent: str, n: int = 1) -> str:
    return rebuttal(intent, n) if scenario == COLD_CALL else f"utter_{scenario}_{intent}_{n}"


def move_responses(scenario: str, intent: str, responses: Iterable[str]) -> List[str]:
    """The move's numbered answers among `responses`, in the order they are said."""
    if scenario == COLD_CALL:
        return rebuttals_of(intent, responses)
    numbered = re.compile(rf"^utter_{re.escape(scenario)}_{re.escape(intent)}_(\d+)$")
    found = [(int(m.group(1)), name) for name in responses if (m := numbered.match(name))]
    return [name for _, name in sorted(found)]


def move_retreat(scenario: str, intent: str, responses: Iterable[str]) -> Optional[str]:
    """What is said once the move's answers are used up (None: say the last again)."""
    if scenario == COLD_CALL:
        return retreat_of(intent, responses)
    name = f"utter_{scenario}_{intent}_retreat"
    return name if name in set(responses) else None


def move_allowed(scenario: str, intent: str) -> str:
    return f"utter_{scenario}_{intent}_allowed"


def move_why(scenario: str, intent: str) -> str:
    return why(intent) if scenario == COLD_CALL else f"utter_{scenario}_{intent}_why"


def scenario_of_response(name: str, scenarios: Dict[str, Scenario]) -> Optional[Scenario]:
    """The scenario (not the cold call) a response is named for: `utter_<s>_…`,
    the longest name that fits."""
    fitting = [s for s in scenarios.values() if not s.cold_call and name.startswith(f"utter_{s.name}_")]
    return max(fitting, key=lambda scenario: len(scenario.name)) if fitting else None


def scenario_start(scenario: str) -> str:
    return f"utter_{scenario}_start"


def scenario_over_limit(scenario: str) -> str:
    return f"utter_{scenario}_over_limit"


def scenarios(path: Optional[Path] = None) -> Dict[str, Scenario]:
    """The scenarios of the coach.yml in force (re-read when it changes)."""
    from coach import settings

    return settings.load(path).scenarios


def objections(path: Optional[Path] = None) -> Dict[str, Objection]:
    """The objections of the coach.yml in force (re-read when it changes)."""
    from coach import settings  # settings builds its objections with this module

    return settings.load(path).objections
