"""Placeholders in responses: which names exist, and who fills them.

Rasa fills a placeholder such as ``{visit_date}`` from the conversation's
slots, or from the values a custom action passes along when it says the
response (``dispatcher.utter_message(response=..., visit_date=...)``).
Anything else reaches the customer as the raw text ``{visit_date}``.
"""

from __future__ import annotations

import re
from typing import Any, Dict, FrozenSet, Iterator, List, Optional, Tuple

# ---------------------------------------------------------------------------
# The values the custom actions pass when they say a response (keyword
# arguments, not slots). This is the ONE list the check uses. It is written out
# rather than read from actions/*.py at check time so that a new coding pattern
# in the actions can never make a trainer's `make check` fail; instead
# tests/trainer/test_placeholders.py reads the actions' code and fails when an
# action passes a value that is missing here (or this lists one no action passes).
# ---------------------------------------------------------------------------
CALL_VALUES: FrozenSet[str] = frozenset(
    {"company", "rep_name", "company_location"}
)  # every call action (CallAction.say)
VISIT_VALUES: FrozenSet[str] = frozenset({"visit_date", "visit_time", "visit_iso"})  # a proposed/confirmed visit
ACTION_VALUES: FrozenSet[str] = frozenset(
    CALL_VALUES
    | VISIT_VALUES
    | {
        "call_date",  # the confirmation call (utter_confirm_visit)
        "callback_date",  # the day we call again after a close
        "callback_time",  # the call-back time a busy prospect chose
        "option1_date",
        "option1_time",
        "option1_iso",  # the two slots offered after a decline
        "option2_date",
        "option2_time",
        "option2_iso",
        "asked_date",
        "asked_time",
        "asked_iso",  # the time the customer named
        "office_start",
        "office_end",  # office hours (coach.yml)
        # drill mode (actions/drill.py)
        "count",
        "line",
        "score",
        "found",
        "missing",
        "tip",
        "scores",
        "average",
        "weakest",
        "practise",
        "practise_key",
        "not_practised",
        "objection",
        "moves",  # a hint during a drill
        "scenario",  # the drill's scenario (its summary's button)
        "objections",  # the objections a trainer assigned
        "due",  # the assignment's due date
        # a rep's own results (actions/my_results.py)
        "drills",
        "answers",
        "weakest_average",
        # the scenarios (actions/scenarios.py)
        "title",  # the scenario's title
        "example",  # a line its customer says
    }
)

# What a scenario's response gets besides its settings (actions/values.py
# scenario_values, passed as one mapping; tests/trainer/test_placeholders.py
# keeps the two in step): the call values, a visit and the call-back choice,
# the day after the visit, and the calls after a sale.
SCENARIO_VALUES: FrozenSet[str] = frozenset(
    CALL_VALUES
    | VISIT_VALUES
    | {f"option{n}_{part}" for n in (1, 2) for part in ("date", "time", "iso")}
    | {"follow_up_date", "signed_date", "title"}
)


def scenario_values(settings: Dict[str, Any]) -> FrozenSet[str]:
    """A scenario's response may name the values above, its settings, and
    one {callN_date} per day of its `follow_up_days` (three by default)."""
    days = settings.get("follow_up_days")
    calls = len(days) if isinstance(days, list) else 3
    return SCENARIO_VALUES | frozenset(str(k) for k in settings) | {f"call{i}_date" for i in range(1, calls + 1)}


# What action_rebut passes to a rebuttal or retreat: the call values, plus the
# visit for objections that propose one (coach.yml `proposes_visit`, default
# true; None when coach.yml has a wrong value there, then both are allowed).
OPTION_VALUES: FrozenSet[str] = frozenset(
    f"option{n}_{part}" for n in (1, 2) for part in ("date", "time", "iso")
)  # two times to choose from


def rebuttal_values(proposes_visit: Optional[bool], offers_callback: bool = False) -> FrozenSet[str]:
    """A busy prospect's rebuttals (coach.yml `offers_callback`) get the two call-back times."""
    if offers_callback:
        return CALL_VALUES | OPTION_VALUES
    return CALL_VALUES if proposes_visit is False else CALL_VALUES | VISIT_VALUES


RETREAT_VALUES: FrozenSet[str] = CALL_VALUES | {"callback_date"}  # a retreat closes the call

# Response keys Rasa fills placeholders in (rasa.core.nlg.response._fill_response).
FILLED_KEYS: Tuple[str, ...] = ("text", "image", "custom", "buttons", "attachment", "quick_replies")

# Rasa's own pattern (rasa.core.nlg.interpolator.interpolate_text).
_TAG = re.compile(r"{([^\n{}]+?)}")


def names_in(text: str) -> List[str]:
    """The placeholder names in a text, as Rasa sees them; ``{{x}}`` is an
    escaped literal, not a placeholder."""
    names = []
    for match in _TAG.finditer(text):
        start, end = match.span()
        if text[start - 1 : start] == "{" and text[end : end + 1] == "}":
            continue
        names.append(match.group(1).strip())
    return names


class _Anything(dict):
    def __missing__(self, key):
        return ""


def braces_ok(text: str) -> bool:
    """False when Rasa would crash filling the text: a { or } without its pair
    (Python's str.format raises ValueError, which Rasa does not catch)."""
    try:
        _TAG.sub(r"{0[\1]}", text).format(_Anything())
    except (ValueError, IndexError, KeyError, AttributeError):
        return False
    return True


def strings_in(variation: Any) -> Iterator[Tuple[list, str]]:
    """(path inside the variation, string) for every string Rasa fills."""

    def walk(node, path):
        if isinstance(node, str):
            yield path, node
        elif isinstance(node, dict):
            for key, value in node.items():
                yield from walk(value, path + [key])
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, path + [i])

    if isinstance(variation, dict):
        for key in FILLED_KEYS:
            if key in variation:
                yield from walk(variation[key], [key])


# Typical values, to measure how long a response is when said (make check's
# [too-long] warning): a weekday date, a time, the settings' names.
SAMPLE_VALUES = {
    "visit_date": "12月3日（星期四）",
    "visit_time": "下午3点",
    "company": "星辰办公",
    "rep_name": "小王",
    "company_location": "上海市浦东新区",
    "option1_date": "今天",
    "option1_time": "下午3点",
    "option2_date": "12月3日（星期四）",
    "option2_time": "上午10点",
    "callback_date": "12月9日（星期三）",
    "callback_time": "上午10点",
    "call_date": "12月2日（星期三）",
    "contact_name": "李经理",
    "contact_phone": "13800000000",
    "asked_date": "12月5日（星期六）",
    "asked_time": "上午10点",
    "office_start": "上午9点",
    "office_end": "下午6点",
    "follow_up_date": "12月4日（星期五）",
    "call1_date": "12月4日（星期五）",
    "call2_date": "12月7日（星期一）",
    "call3_date": "12月14日（星期一）",
    "signed_date": "今天",
}


def spoken_length(text: str) -> int:
    """Characters said aloud once the placeholders are filled: Han
    characters, letters and digits; punctuation is not counted."""
    import unicodedata

    filled = _TAG.sub(lambda m: SAMPLE_VALUES.get(m.group(1).strip(), ""), text)
    return sum(1 for ch in filled if unicodedata.category(ch)[0] in ("L", "N"))
