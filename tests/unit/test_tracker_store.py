"""The cached SQL tracker store gives the same conversations as Rasa's own
SQL store, also when two servers share the database."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

from server.tracker_store import CachedSQLTrackerStore


def turn(text: str, intent: str = "too_expensive") -> List:
    return [
        UserUttered(text, {"name": intent, "confidence": 1.0}),
        ActionExecuted("action_rebut"),
        BotUttered(f"reply to {text}"),
        ActionExecuted("action_listen"),
    ]


def texts(tracker) -> List[str]:
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "tracker.db")


def store(rasa_domain, db: str, cls=CachedSQLTrackerStore, **kwargs):
    return cls(domain=rasa_domain, dialect="sqlite", db=db, **kwargs)


async def converse(store_, sender: str, text: str) -> None:
    tracker = await store_.get_or_create_tracker(sender)
    for event in turn(text):
        tracker.update(event)
    await store_.save(tracker)


async def test_writes_the_same_rows_as_rasas_sql_store(rasa_domain, tmp_path):
    ours, stock = (
        store(rasa_domain, str(tmp_path / "a.db")),
        store(rasa_domain, str(tmp_path / "b.db"), SQLTrackerStore),
    )
    for s in (ours, stock):
        for text in ("太贵了", "我们已经有供应商了", "好的"):
            await converse(s, "rep-1", text)

    def rows(s):
        with s.session_scope() as session:
            return [
                (r.sender_id, r.type_name, r.intent_name, r.action_name)
                for r in session.query(s.SQLEvent).order_by(s.SQLEvent.id)
            ]

    assert rows(ours) == rows(stock)
    assert (
        texts(await ours.retrieve("rep-1"))
        == texts(await stock.retrieve("rep-1"))
        == ["太贵了", "我们已经有供应商了", "好的"]
    )


async def test_a_saved_conversation_is_served_from_memory(rasa_domain, db):
    s = store(rasa_domain, db)
    await converse(s, "rep-1", "太贵了")
    first = await s.retrieve("rep-1")
    assert await s.retrieve("rep-1") is first


async def test_a_turn_answered_by_another_server_is_seen(rasa_domain, db):
    """Two replicas on one database: each sees the turns the other saved."""
    a, b = store(rasa_domain, db), store(rasa_domain, db)
    await converse(a, "rep-1", "太贵了")
    await converse(b, "rep-1", "我们已经有供应商了")
    await converse(a, "rep-1", "那周三下午吧")
    assert texts(await b.retrieve("rep-1")) == ["太贵了", "我们已经有供应商了", "那周三下午吧"]
    assert texts(await a.retrieve("rep-1")) == ["太贵了", "我们已经有供应商了", "那周三下午吧"]


async def test_changes_never_saved_are_not_served(rasa_domain, db):
    """A message that failed half way must not leave its events behind."""
    s = store(rasa_domain, db)
    await converse(s, "rep-1", "太贵了")
    tracker = await s.retrieve("rep-1")
    tracker.update(UserUttered("这条没有保存", {"name": "too_expensive", "confidence": 1.0}))
    tracker.update(SlotSet("objection", "too_expensive"))
    assert texts(await s.retrieve("rep-1")) == ["太贵了"]


async def test_a_new_session_holds_only_its_own_events(rasa_domain, db):
    s = store(rasa_domain, db)
    await converse(s, "rep-1", "太贵了")
    tracker = await s.retrieve("rep-1")
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        tracker.update(event)
    await s.save(tracker)
    await converse(s, "rep-1", "发资料给我吧")
    assert texts(await s.retrieve("rep-1")) == ["发资料给我吧"]
    assert texts(await s.retrieve_full_tracker("rep-1")) == ["太贵了", "发资料给我吧"]


async def test_least_recently_used_conversations_leave_memory(rasa_domain, db):
    s = store(rasa_domain, db, cache_size=2)
    for sender in ("rep-1", "rep-2", "rep-3"):
        await converse(s, sender, "太贵了")
    assert list(s._cache) == ["rep-2", "rep-3"]
    assert texts(await s.retrieve("rep-1")) == ["太贵了"]  # still in the database


def test_sqlite_runs_in_wal_mode_on_the_store_engine_only(rasa_domain, db):
    """WAL (no double sync per commit) is set on this store's engine; any
    other SQLAlchemy engine in the process keeps SQLite's defaults."""
    import sqlalchemy as sa

    ours = store(rasa_domain, db)
    with ours.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    other = sa.create_engine(f"sqlite:///{Path(db).with_name('other.db')}")
    with other.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"


def test_the_rasa_code_the_store_mirrors_is_the_installed_one():
    # a Rasa upgrade that changes the stock store shows up here, not as rows of another shape
    from server.tracker_store import changed_rasa_sources

    assert changed_rasa_sources() == []


async def test_after_a_rasa_change_the_store_serves_as_stock(rasa_domain, db, monkeypatch, caplog):
    from server import tracker_store

    function, _ = tracker_store.RASA_SOURCES["SQLTrackerStore.save"]
    monkeypatch.setitem(tracker_store.RASA_SOURCES, "SQLTrackerStore.save", (function, "0000000000000000"))
    guarded = store(rasa_domain, db)
    assert not guarded.cached and "serving it as stock" in caplog.text
    await converse(guarded, "rep", "太贵了")
    assert not guarded._cache  # nothing kept in memory
    assert texts(await guarded.retrieve("rep")) == ["太贵了"]
    assert texts(await store(rasa_domain, db, cls=SQLTrackerStore).retrieve("rep")) == ["太贵了"]
