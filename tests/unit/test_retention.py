"""What the tracker store keeps: one rep's conversation can be forgotten,
idle ones expire after RETENTION_DAYS, the file is private, and no database
error stops the process."""

from __future__ import annotations

import stat
import subprocess
import sys

import pytest
from rasa.shared.core.events import ActionExecuted, UserUttered

from server import retention
from server.tracker_store import CachedSQLTrackerStore
from tests.unit.test_tracker_store import converse, texts, turn


def store(rasa_domain, db, **kwargs) -> CachedSQLTrackerStore:
    return CachedSQLTrackerStore(domain=rasa_domain, dialect="sqlite", db=str(db), **kwargs)


async def age(store_, sender: str, days: float) -> None:
    """Move every event of `sender` `days` into the past."""
    with store_.session_scope() as session:
        session.query(store_.SQLEvent).filter(store_.SQLEvent.sender_id == sender).update(
            {store_.SQLEvent.timestamp: store_.SQLEvent.timestamp - days * retention.DAY}, synchronize_session=False
        )
        session.commit()


async def test_forget_deletes_one_conversation_and_nothing_else(rasa_domain, tmp_path):
    kept = store(rasa_domain, tmp_path / "t.db")
    await converse(kept, "portal:alice", "我的电话是13812345678")
    await converse(kept, "portal:bob", "太贵了")
    assert retention.forget(kept, "portal:alice") == len(turn("x")) + 1  # with the session start
    assert retention.forget(kept, "portal:alice") == 0
    assert await kept.retrieve("portal:alice") is None  # the cached copy is not served either
    assert texts(await kept.retrieve("portal:bob")) == ["太贵了"]
    assert retention.senders(kept) == ["portal:bob"]


async def test_conversations_idle_past_the_retention_period_go_whole(rasa_domain, tmp_path):
    db = tmp_path / "t.db"
    first = store(rasa_domain, db)
    await converse(first, "old", "去年的对话")
    await converse(first, "recent", "上个月的对话")
    await converse(first, "ongoing", "很久以前开始的")
    await age(first, "old", 400)
    await age(first, "recent", 20)
    await age(first, "ongoing", 400)
    await converse(first, "ongoing", "今天还在继续")  # one new message keeps all of it
    store(rasa_domain, db, retention_days="30")  # a server starting applies the period
    kept = store(rasa_domain, db)
    assert await kept.retrieve("old") is None
    assert texts(await kept.retrieve("recent")) == ["上个月的对话"]
    assert texts(await kept.retrieve("ongoing")) == ["很久以前开始的", "今天还在继续"]


async def test_without_a_retention_period_everything_is_kept(rasa_domain, tmp_path):
    db = tmp_path / "t.db"
    first = store(rasa_domain, db)
    await converse(first, "old", "去年的对话")
    await age(first, "old", 4000)
    store(rasa_domain, db, retention_days="")
    assert texts(await store(rasa_domain, db).retrieve("old")) == ["去年的对话"]


@pytest.mark.parametrize("raw, days", [("", None), (None, None), ("0", None), ("30", 30.0), (" 7.5 ", 7.5)])
def test_retention_days_setting(raw, days):
    assert retention.retention_days(raw) == days


def test_a_negative_retention_period_is_refused():
    with pytest.raises(ValueError, match="RETENTION_DAYS"):
        retention.retention_days("-1")


def test_the_database_file_is_private(rasa_domain, tmp_path):
    db = tmp_path / "new" / "tracker.db"
    store(rasa_domain, db)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    db.chmod(0o644)  # a file from before this rule is tightened
    store(rasa_domain, db)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


async def test_a_database_error_fails_the_call_not_the_process(rasa_domain, tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.trackers import DialogueStateTracker

    unencodable = "x\udc80"  # valid JSON ("x\\udc80"), but no database can store it
    stock = SQLTrackerStore(domain=rasa_domain, dialect="sqlite", db=str(tmp_path / "stock.db"))
    with pytest.raises(SystemExit):  # Rasa's own store ends the process
        await stock.retrieve(unencodable)
    kept = store(rasa_domain, tmp_path / "t.db")
    with pytest.raises(UnicodeEncodeError):
        await kept.retrieve(unencodable)
    tracker = DialogueStateTracker(unencodable, rasa_domain.slots)
    tracker.update(UserUttered("hi", {"name": "greet"}))
    tracker.update(ActionExecuted("action_listen"))
    with pytest.raises(UnicodeEncodeError):
        await kept.save(tracker)
    with pytest.raises(ValueError):
        with kept.session_scope():
            raise ValueError("any error inside a session")
    await converse(kept, "next-rep", "太贵了")
    assert texts(await kept.retrieve("next-rep")) == ["太贵了"]


def test_make_forget_deletes_a_reps_conversation_from_the_configured_store(tmp_path):
    import asyncio

    db = tmp_path / "tracker.db"
    from rasa.shared.core.domain import Domain

    seeded = CachedSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(db))
    asyncio.run(converse(seeded, "portal:alice", "我的电话是13812345678"))
    env = {
        "TRACKER_DIALECT": "sqlite",
        "TRACKER_DB": str(db),
        "PATH": "/usr/bin:/bin",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYTHONWARNINGS": "ignore",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    }

    def forget(rep: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "scripts/forget.py", rep], env=env, capture_output=True, text=True, timeout=300
        )

    wrong = forget("alice")
    assert wrong.returncode == 1 and "did you mean: portal:alice" in wrong.stdout
    done = forget("portal:alice")
    assert done.returncode == 0 and "Deleted portal:alice's conversation" in done.stdout, done.stderr[-2000:]
    assert asyncio.run(seeded.retrieve("portal:alice")) is None
    assert forget("").returncode == 2
