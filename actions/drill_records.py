"""Every graded drill answer becomes a row in the project's database
(records/), in the turn it is graded, so trainers see it and a reset of
the conversation loses nothing; and the drill a trainer assigned.

The database is a side channel: when it cannot be reached the drill goes
on and the failure is logged, never shown to the rep as an error.
"""

from __future__ import annotations

import logging
import string
from typing import Any, Callable, Dict, Optional, TypeVar

from coach.drill.grader import Grade
from coach.drill.rubrics import Rubric
from records import database, store

from actions.base import Turn

logger = logging.getLogger(__name__)
T = TypeVar("T")


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def response_text(turn: Turn, response: str, **values: Any) -> str:
    """A domain response's first text with its values filled in, as the rep
    read it (the dashboard shows the model answer beside the rep's)."""
    texts = [v.get("text") for v in turn.responses.get(response, []) if isinstance(v, dict) and v.get("text")]
    if not texts:
        return ""
    filled = _Blank(
        company=turn.settings.company,
        rep_name=turn.settings.rep_name,
        company_location=turn.settings.company_location,
        **values,
    )
    try:
        return string.Formatter().vformat(str(texts[0]), (), filled)
    except (ValueError, IndexError):  # a trainer's stray brace: the text as written
        return str(texts[0])


def record(
    turn: Turn, state: Dict[str, Any], scenario: str, rubric: Rubric, grade: Grade, answer: str, model: str
) -> None:
    try:
        store.add(
            database.ready(),
            store.Record(
                rep=turn.tracker.sender_id,
                drill_id=str(state.get("id") or ""),
                scenario=scenario,
                objection=rubric.objection,
                objection_label=rubric.label,
                score=grade.score,
                found=grade.found,
                missing=dict(zip(grade.missing_keys, grade.missing)),
                penalties=grade.penalties,
                answer=answer,
                model_answer=model,
                assignment_id=state.get("assignment"),
            ),
        )
    except Exception:  # noqa: BLE001 - any database failure: the drill goes on
        logger.exception("A drill answer of %s could not be recorded", turn.tracker.sender_id)


def _read(turn: Turn, what: str, read: Callable[[Any, str], T]) -> Optional[T]:
    """`read(database, rep)`, or None when the database cannot be read (logged)."""
    try:
        return read(database.ready(), turn.tracker.sender_id)
    except Exception:  # noqa: BLE001
        logger.exception("The %s of %s could not be read", what, turn.tracker.sender_id)
        return None


def assigned(turn: Turn) -> Optional[store.Assignment]:
    """The rep's open assignment, or None (also when the database is down)."""
    return _read(turn, "assignments", store.next_assignment)


def results(turn: Turn) -> Optional[store.RepResults]:
    """The rep's own results, or None when the database is down."""
    return _read(turn, "results", store.results_of)
