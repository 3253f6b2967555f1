"""Entity and slot values read with their type checked.

Anyone can send `/intent{"entity": <any JSON>}`, and entities fill slots. The
channels refuse payload values that are not plain text, but an action never
trusts that: a value of the wrong type is treated as absent, so the action
answers as it would to a message without it instead of failing the turn.
"""

from __future__ import annotations

from typing import Any, List, Optional, Tuple, Type, Union

from rasa_sdk import Tracker


def entity_texts(tracker: Tracker, entity: str) -> List[str]:
    """The latest message's text values for `entity`, in order."""
    return [v for v in tracker.get_latest_entity_values(entity) if isinstance(v, str) and v.strip()]


def entity_text(tracker: Tracker, entity: str) -> Optional[str]:
    """The latest message's first text value for `entity`, if any."""
    return next(iter(entity_texts(tracker, entity)), None)


def slot_of(tracker: Tracker, slot: str, kind: Union[Type, Tuple[Type, ...]], default: Any = None) -> Any:
    """The slot's value if it is of `kind`, else `default`."""
    value = tracker.get_slot(slot)
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        return default  # bool is an int subclass, but never a count
    return value if isinstance(value, kind) else default
