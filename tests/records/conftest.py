from datetime import datetime, timedelta

import pytest

from records import database, store

NOW = datetime(2026, 12, 1, 12, 0)  # UTC: 20:00 in Asia/Shanghai


@pytest.fixture
def db(tmp_path):
    return database.ready({"RECORDS_URL": f"sqlite:///{tmp_path / 'records.db'}"})


def record(rep, scenario, objection, score, at, missing=None, drill="d", label=None, answer="回答"):
    return store.Record(
        rep=rep,
        drill_id=drill,
        scenario=scenario,
        objection=objection,
        objection_label=label or {"too_expensive": "价格太高", "have_supplier": "已有供应商"}[objection],
        score=score,
        found=["积极转折"],
        missing=missing or {},
        penalties=[],
        answer=answer,
        model_answer="参考话术",
        at=at,
    )


PROPOSAL = {"proposal": "约见时间"}
SOCIAL = {"social_proof": "同行案例"}


@pytest.fixture
def team_db(db):
    """alice: two drills on the cold call; bob: one on closing. The numbers
    the tests expect are worked out by hand from these rows."""
    day = timedelta(days=1)
    store.add(db, record("alice", "cold_call", "too_expensive", 40, NOW - day, {**PROPOSAL, **SOCIAL}, "d1"))
    store.add(db, record("alice", "cold_call", "too_expensive", 80, NOW - day + timedelta(minutes=1), {}, "d1"))
    store.add(db, record("alice", "cold_call", "have_supplier", 60, NOW - 10 * day, PROPOSAL, "d2"))
    store.add(db, record("bob", "closing", "too_expensive", 90, NOW - 2 * day, {}, "d3", label="嫌贵"))
    return db
