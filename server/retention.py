"""What the tracker store keeps, and for how long.

A conversation holds what a rep typed and what the prospect in the script
gave (names, phone numbers), and the drill grades (the `drill_results`
slot). Two ways to remove it, on Rasa's SQL tracker store (SQLite or
PostgreSQL):

- `forget(store, sender)`: every event of one conversation, at once (a rep's
  right to deletion; `make forget REP=<sender id>`);
- `prune(store, days)`: whole conversations whose last event is older than
  `days` (RETENTION_DAYS; empty keeps everything), so a conversation still
  in use is never cut in the middle.
"""

from __future__ import annotations

import time
from typing import Any, List, Optional

import sqlalchemy as sa

DAY = 24 * 3600


def retention_days(raw: Any) -> Optional[float]:
    """RETENTION_DAYS as a number of days, None for "keep" (empty or 0)."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    days = float(text)
    if days < 0:
        raise ValueError(f"RETENTION_DAYS must be a positive number of days, not {text!r}")
    return days or None


def senders(store: Any) -> List[str]:
    with store.session_scope() as session:
        return [row[0] for row in session.query(store.SQLEvent.sender_id).distinct()]


def forget(store: Any, sender: str) -> int:
    """Delete every event of `sender`'s conversation; how many there were."""
    with store.session_scope() as session:
        deleted = (
            session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender).delete(synchronize_session=False)
        )
        session.commit()
    return int(deleted or 0)


def prune(store: Any, days: float, now: Optional[float] = None) -> List[str]:
    """Delete the conversations whose newest event is older than `days`;
    returns their sender ids."""
    cutoff = (time.time() if now is None else now) - days * DAY
    events = store.SQLEvent
    idle = sa.select(events.sender_id).group_by(events.sender_id).having(sa.func.max(events.timestamp) < cutoff)
    with store.session_scope() as session:
        stale = [row[0] for row in session.execute(idle)]
        # The DELETE checks idleness again itself: a rep who came back since
        # the SELECT keeps the whole conversation.
        session.query(events).filter(events.sender_id.in_(idle.scalar_subquery())).delete(synchronize_session=False)
        session.commit()
    return stale
