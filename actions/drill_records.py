"""Every graded drill answer becomes a row in the project's database
(records/), in the turn it is graded, so trainers see it and a reset of
the conversation loses nothing; and the drill a trainer assigned.

The database is a side channel: when it cannot be reached the drill goes
on and the failure is logged, never shown to the rep as an error.
"""

from __future__ import annotations

import logging
import time
from typing import Any, Callable, Collection, Dict, List, Optional, TypeVar

from coach.drill.books import drillbook
from coach.drill.grader import Grade
from coach.drill.rubrics import Rubric
from records import database, store

from actions.base import Turn

logger = logging.getLogger(__name__)
T = TypeVar("T")


# After a failure the database is left alone for a while: a database that
# is down or hanging costs one rep one slow turn, not every rep every turn.
PAUSE_SECONDS = 30.0
_paused_until = 0.0


def _available() -> bool:
    return time.monotonic() >= _paused_until


def _failed(what: str, rep: str) -> None:
    global _paused_until
    _paused_until = time.monotonic() + PAUSE_SECONDS
    logger.exception("The %s of %s: the drill records database failed; retried in %.0f s", what, rep, PAUSE_SECONDS)


def record(
    turn: Turn, state: Dict[str, Any], scenario: str, rubric: Rubric, grade: Grade, answer: str, model: str
) -> None:
    if not _available():
        logger.warning("A drill answer of %s is not recorded: the database failed moments ago", turn.tracker.sender_id)
        return
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
        _failed("drill answer", turn.tracker.sender_id)


def _read(turn: Turn, what: str, read: Callable[[Any, str], T]) -> Optional[T]:
    """`read(database, rep)`, or None when the database cannot be read (logged)."""
    if not _available():
        return None
    try:
        return read(database.ready(), turn.tracker.sender_id)
    except Exception:  # noqa: BLE001
        _failed(what, turn.tracker.sender_id)
        return None


def _drillable(scenario: str) -> Collection[str]:
    """The objections a scenario drills now (none when it is gone or its file is broken)."""
    try:
        return drillbook(scenario).rubrics.keys()
    except Exception:  # noqa: BLE001 - a trainer's edit must not stop the assignment after it
        logger.warning("Assignments of scenario %r skipped: it has no drill now", scenario)
        return ()


def assigned(turn: Turn) -> Optional[store.Assignment]:
    """The rep's open assignment with something left to drill, or None (also
    when the database is down)."""
    return _read(turn, "assignments", lambda db, rep: store.next_assignment(db, rep, _drillable))


def left_to_drill(turn: Turn, assignment: store.Assignment) -> List[str]:
    """The assignment's objections this rep has not done and its scenario drills now, in its order."""
    drillable = _drillable(assignment.scenario)
    return [o for o in assignment.left_for(turn.tracker.sender_id) if o in drillable]


def results(turn: Turn) -> Optional[store.RepResults]:
    """The rep's own results, or None when the database is down."""
    return _read(turn, "results", store.results_of)
