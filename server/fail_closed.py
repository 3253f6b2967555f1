"""When the tracker store is down, say so instead of starting over.

Rasa wraps every tracker store in `FailSafeTrackerStore`: if loading a
conversation fails it carries on with an empty one, and if saving fails it
saves into memory. With PostgreSQL down, a rep who declined a proposal would
get an answer as if the call had just begun, and those turns would never
reach the database. We make both calls fail instead (after logging why):
the channel then answers with `utter_service_unavailable`, nothing is
processed against a made-up state, and the next message after the database
is back continues the real conversation. Like the speed patches, this checks
that Rasa's code is the one it was written for.
"""

from __future__ import annotations

import logging
from typing import Any, List, Optional, Text

from server.guarded_patch import replace

logger = logging.getLogger(__name__)

RETRIEVE_DIGEST = "35d77318b0cc7977"
SAVE_DIGEST = "8426dc08f58d7110"
_applied: List[str] = []


async def _retrieve(self: Any, sender_id: Text) -> Optional[Any]:
    try:
        return await self._tracker_store.retrieve(sender_id)
    except Exception as error:
        logger.error("The tracker store could not load conversation '%s': %s", sender_id, error)
        raise


async def _save(self: Any, tracker: Any) -> None:
    try:
        await self._tracker_store.save(tracker)
    except Exception as error:
        logger.error("The tracker store could not save conversation '%s': %s", tracker.sender_id, error)
        raise


def apply() -> List[str]:
    """Replace both methods once; returns what is replaced."""
    if not _applied:
        from rasa.core.tracker_store import FailSafeTrackerStore

        replace(FailSafeTrackerStore, "retrieve", RETRIEVE_DIGEST, _retrieve, _applied)
        replace(FailSafeTrackerStore, "save", SAVE_DIGEST, _save, _applied)
    return list(_applied)
