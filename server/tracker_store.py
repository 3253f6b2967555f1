"""Rasa's SQL tracker store with the current conversations kept in memory.

The stock `SQLTrackerStore` reads every event of the conversation session back
from the database and rebuilds the tracker on each message, then counts the
stored events again to know which ones to insert: 44% of the Rasa server's CPU
in our profile (docs/performance.md). This store keeps the tracker it last
saved or loaded for each recent conversation and asks the database only for
the conversation's highest event id:

- the same id as when we last wrote or read it: nobody else has written since,
  the tracker in memory is current and is returned as it is;
- another id (another replica answered in between, or the row was deleted):
  the tracker is loaded from the database exactly as the stock store does.

So several Rasa processes can share one database (with a shared lock store,
which Rasa needs for that anyway). A tracker that was changed in memory but
not saved (a message that failed half way) is never served from memory: its
event count no longer matches what was stored. Saving inserts only the events
appended since, without the counting query, and writes the same rows as the
stock store. A new conversation session drops the cached tracker, so memory
holds at most the current session, as a freshly loaded tracker would.

Configured in endpoints.yml like the stock store (`dialect`, `db`, `host`...),
plus `cache_size`: how many conversations to keep (least recently used go),
and `retention_days`: conversations idle longer are deleted, at start and
then hourly on a thread of its own, traffic or not (server/retention.py;
empty keeps them).

Two more differences from the stock store, for safety:
- an error in a database call fails that call only. The stock store turns
  any ValueError inside a session into "schema not found" and exits the
  process, so one message with text the database cannot encode stopped the
  whole server;
- a SQLite file is created readable by its owner only (600, in a 700 folder):
  it holds names and phone numbers.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import itertools
import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, Generator, List, Optional, Text, Tuple

import sqlalchemy as sa
import sqlalchemy.orm  # noqa: F401  (sa.orm.session)
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs, ensure_schema_exists
from rasa.shared.core.constants import ACTION_SESSION_START_NAME
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from server import retention
from server.guarded_patch import source_digest

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class _Cached:
    tracker: DialogueStateTracker
    stored: int  # len(tracker.events) when it matched the database
    last_id: Optional[int]  # the conversation's highest event id then
    last_event: Optional[Event]  # tracker.events[-1] then (the deque may be capped)

    def unchanged_since_stored(self) -> bool:
        events = self.tracker.events
        return len(events) == self.stored and (events[-1] if events else None) is self.last_event


def _private_file(path: Path) -> None:
    """Create the SQLite file (and its folder) readable by the owner only;
    SQLite gives its -wal and -shm files the database file's mode."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    os.chmod(path, 0o600)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """SQLite commits: in the default journal mode each commit syncs the file
    twice. Write-ahead logging with synchronous=NORMAL syncs only at
    checkpoints and lets readers run beside the writer; a crash of the server
    loses nothing (only a power cut can lose the last messages). On this
    store's engine only, not on every SQLAlchemy engine in the process."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# What this store mirrors or calls in Rasa 3.6.21, with the digest of its
# source (server/guarded_patch.py). After a Rasa upgrade that changed any of
# them the store warns and behaves as the stock store (no cache, Rasa's own
# save and session), rather than write rows shaped for code it does not know.
RASA_SOURCES: Dict[str, Tuple[Callable[[], Any], str]] = {
    "SQLTrackerStore.__init__": (lambda: SQLTrackerStore.__init__, "64e704d159dfa35b"),
    "SQLTrackerStore.save": (lambda: SQLTrackerStore.save, "57165e46eab3de08"),
    "SQLTrackerStore.retrieve": (lambda: SQLTrackerStore.retrieve, "0d99846daced97d3"),
    "SQLTrackerStore.session_scope": (lambda: SQLTrackerStore.session_scope, "6775e1ede3ec8d2d"),
    "SQLTrackerStore._additional_events": (lambda: SQLTrackerStore._additional_events, "d22f99eb863acb07"),
    "create_engine_kwargs": (lambda: create_engine_kwargs, "dff5f092362096da"),
    "ensure_schema_exists": (lambda: ensure_schema_exists, "deb85efe22aad4a5"),
}


def changed_rasa_sources() -> List[str]:
    """The Rasa functions this store relies on whose code is not the one it was written for."""
    return [name for name, (function, digest) in RASA_SOURCES.items() if source_digest(function()) != digest]


class CachedSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that serves recent conversations from memory when the
    database says nothing has changed (see the module docstring)."""

    def __init__(self, *args: Any, cache_size: Any = 1000, retention_days: Any = None, **kwargs: Any) -> None:
        # endpoints.yml fills every setting from the environment, so a setting
        # a dialect does not use (SQLite's host, port...) arrives as "".
        for key in ("host", "port", "username", "password", "login_db"):
            if kwargs.get(key) == "":
                kwargs[key] = None
        db = str(kwargs.get("db") or "")
        if kwargs.get("dialect", "sqlite") == "sqlite" and db and db != ":memory:" and not db.startswith("file:"):
            _private_file(Path(db))
        super().__init__(*args, **kwargs)
        changed = changed_rasa_sources()
        self.cached = not changed
        if changed:
            logger.warning("Rasa's SQL tracker store changed (%s): serving it as stock, without the cache.", changed)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            # After a database restart every pooled connection is dead; test
            # each before use so the first message on each replica does not fail.
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self.cache_size = max(0, int(cache_size)) if str(cache_size).strip() else 1000
        self._cache: "collections.OrderedDict[Text, _Cached]" = collections.OrderedDict()
        try:
            self.retention_days = retention.retention_days(retention_days)
        except ValueError as error:
            # Rasa would fall back to an in-memory store on an exception here
            logger.error("RETENTION_DAYS ignored, conversations are kept: %s", error)
            self.retention_days = None
        if self.retention_days is not None:
            self._prune()
            threading.Thread(target=self._prune_hourly, name="retention", daemon=True).start()

    @contextlib.contextmanager
    def session_scope(self) -> Generator[Any, None, None]:
        """The stock session scope, but an error ends the call, not the process."""
        if not self.cached:
            with super().session_scope() as session:
                yield session
            return
        session = self.sessionmaker()
        try:
            try:
                ensure_schema_exists(session)
            except ValueError as schema:
                raise RuntimeError(f"PostgreSQL schema '{schema}' was not found in the database.") from None
            yield session
        finally:
            session.close()

    def _prune_hourly(self) -> None:
        while True:
            time.sleep(3600)
            self._prune()

    def _prune(self) -> None:
        """Apply the retention period (off the event loop after the first time)."""
        try:
            removed = retention.prune(self, self.retention_days)
        except Exception as error:  # retry at the next interval; answering reps comes first
            logger.error("Could not delete conversations past the retention period: %s", error)
            return
        # The cache is left alone (this may run on another thread): a cached
        # conversation whose rows are gone no longer matches the database's
        # latest event id, so retrieve() never serves it.
        if removed:
            logger.info("Deleted %d conversation(s) idle for more than %s days.", len(removed), self.retention_days)

    def _last_event_id(self, sender_id: Text) -> Optional[int]:
        with self.session_scope() as session:
            return session.query(sa.func.max(self.SQLEvent.id)).filter(self.SQLEvent.sender_id == sender_id).scalar()

    def _remember(self, tracker: DialogueStateTracker, last_id: Optional[int]) -> None:
        if self.cache_size == 0:
            return
        events = tracker.events
        self._cache[tracker.sender_id] = _Cached(tracker, len(events), last_id, events[-1] if events else None)
        self._cache.move_to_end(tracker.sender_id)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        if not self.cached:
            return await super().retrieve(sender_id)
        last_id = self._last_event_id(sender_id)
        cached = self._cache.get(sender_id)
        if cached is not None and last_id is not None and cached.last_id == last_id and cached.unchanged_since_stored():
            self._cache.move_to_end(sender_id)
            return cached.tracker
        self._cache.pop(sender_id, None)
        tracker = await super().retrieve(sender_id)
        # Rows written between the two queries make last_id too low: the next
        # retrieve then reloads, which is safe.
        if tracker is not None:
            self._remember(tracker, last_id)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        if not self.cached:
            return await super().save(tracker)
        await self.stream_events(tracker)
        cached = self._cache.get(tracker.sender_id)
        with self.session_scope() as session:
            if cached is not None and cached.tracker is tracker and cached.stored <= len(tracker.events):
                new_events: List[Event] = list(itertools.islice(tracker.events, cached.stored, None))
                last_id = cached.last_id
            else:  # a tracker we did not hand out: count what is stored, as the stock store does
                new_events = list(self._additional_events(session, tracker))
                last_id = None
            rows = [self._row(tracker.sender_id, event) for event in new_events]
            session.add_all(rows)
            session.flush()  # assigns the ids
            if rows:
                last_id = rows[-1].id
            session.commit()
        if any(
            isinstance(event, SessionStarted) or getattr(event, "action_name", None) == ACTION_SESSION_START_NAME
            for event in new_events
        ):
            self._cache.pop(tracker.sender_id, None)  # next load holds only the new session
        elif rows or cached is not None:
            self._remember(tracker, last_id if last_id is not None else self._last_event_id(tracker.sender_id))
        logger.debug("Tracker with sender_id '%s' stored to database", tracker.sender_id)

    def _row(self, sender_id: Text, event: Event) -> Any:
        """The same row SQLTrackerStore.save writes for an event."""
        data = event.as_dict()
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )
