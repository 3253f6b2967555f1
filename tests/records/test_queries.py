"""The dashboard's numbers against ones worked out by hand (tests/records/conftest.py)."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from records import queries, store
from tests.records.conftest import NOW, PROPOSAL, record


def test_the_team_view_counts_drills_answers_averages_and_the_weakest_move(team_db):
    team = queries.team(team_db, queries.Filters(), NOW)
    alice, bob = team.reps
    assert (alice.rep, alice.drills, alice.answers, alice.average) == ("alice", 2, 3, 60)
    # weeks end now: 10 days ago is the third week, yesterday the fourth
    assert alice.trend == [None, None, 60, 60]
    assert alice.weakest_move == "约见时间"  # missed twice; 同行案例 once
    assert alice.last == datetime(2026, 11, 30, 20, 1)  # company time
    assert (bob.rep, bob.drills, bob.answers, bob.average, bob.trend, bob.weakest_move) == (
        "bob",
        1,
        1,
        90,
        [None, None, None, 90],
        None,
    )


def test_the_objections_come_weakest_first_with_the_team_average(team_db):
    rows = queries.team(team_db, queries.Filters(), NOW).objections
    assert [(r.scenario, r.objection, r.label, r.answers, r.reps, r.average, r.strong) for r in rows] == [
        ("cold_call", "too_expensive", "价格太高", 2, 1, 60, 1),
        ("cold_call", "have_supplier", "已有供应商", 1, 1, 60, 0),
        ("closing", "too_expensive", "嫌贵", 1, 1, 90, 1),
    ]
    # 40 missed both 约见时间 and 同行案例: a tie, broken by the label; 60 missed 约见时间
    assert [r.most_missed for r in rows] == ["约见时间", "约见时间", None]


def test_the_scenario_filter_keeps_only_its_records(team_db):
    team = queries.team(team_db, queries.Filters(scenario="closing"), NOW)
    assert [r.rep for r in team.reps] == ["bob"]
    assert [r.objection for r in team.objections] == ["too_expensive"]


def test_dates_are_the_company_calendar_days(team_db):
    # 17:30 UTC on 28 November is 01:30 on the 29th in Shanghai
    store.add(team_db, record("carol", "cold_call", "too_expensive", 50, datetime(2026, 11, 28, 17, 30)))
    on_28 = queries.Filters(start=date(2026, 11, 28), end=date(2026, 11, 28))
    on_29 = queries.Filters(start=date(2026, 11, 29), end=date(2026, 11, 29))
    assert [r.rep for r in queries.team(team_db, on_28, NOW).reps] == []
    assert sorted(r.rep for r in queries.team(team_db, on_29, NOW).reps) == ["bob", "carol"]
    two_days = queries.Filters(start=date(2026, 11, 29), end=date(2026, 11, 30))
    assert sorted(r.rep for r in queries.team(team_db, two_days, NOW).reps) == ["alice", "bob", "carol"]
    assert queries.team(team_db, two_days, NOW).reps[0].answers == 2  # alice's drill of 10 days ago is out


def test_the_rep_view_has_the_series_the_missed_moves_and_the_last_answers(team_db):
    detail = queries.rep_detail(team_db, "alice", queries.Filters())
    assert (detail.drills, detail.answers, detail.average) == (2, 3, 60)
    assert detail.series[("cold_call", "too_expensive")] == (
        "价格太高",
        [(datetime(2026, 11, 30, 20, 0), 40), (datetime(2026, 11, 30, 20, 1), 80)],
    )
    assert detail.series[("cold_call", "have_supplier")][1] == [(datetime(2026, 11, 21, 20, 0), 60)]
    assert detail.missed == [("约见时间", 2), ("同行案例", 1)]
    assert [a.score for a in detail.last] == [80, 40, 60]  # newest first
    assert detail.last[1].missing == ["约见时间", "同行案例"] and detail.last[1].model_answer == "参考话术"
    assert queries.rep_detail(team_db, "nobody", queries.Filters()) is None


def test_the_export_has_every_record_of_the_filters_oldest_first(team_db):
    rows = list(queries.export(team_db, queries.Filters(scenario="cold_call")))
    assert [r[:6] for r in rows] == [
        ["2026-11-21 20:00:00", "alice", "cold_call", "have_supplier", "已有供应商", 60],
        ["2026-11-30 20:00:00", "alice", "cold_call", "too_expensive", "价格太高", 40],
        ["2026-11-30 20:01:00", "alice", "cold_call", "too_expensive", "价格太高", 80],
    ]
    assert rows[1][7] == "约见时间; 同行案例"
    assert len(queries.EXPORT_COLUMNS) == len(rows[0])


def test_a_reps_own_results_name_the_weakest_objection(team_db):
    results = store.results_of(team_db, "alice")
    assert (results.drills, results.answers, results.average) == (2, 3, 60)
    assert results.weakest.objection == "too_expensive"  # 60 like have_supplier, on more answers
    assert store.results_of(team_db, "nobody").weakest is None


def test_an_assignment_is_done_when_every_objection_was_answered_after_it_was_set(team_db):
    with freeze_time(NOW - timedelta(days=3)):
        everyone = store.assign(team_db, None, "cold_call", ["too_expensive", "have_supplier"], date(2026, 11, 30))
        store.assign(team_db, "bob", "closing", ["too_expensive"], None)
    mine = store.assignments_for(team_db, "alice")
    assert [a.id for a in mine] == [everyone]  # bob's own is not alice's
    (assignment,) = mine
    # too_expensive answered yesterday; have_supplier 10 days ago, before it was set
    assert assignment.left_for("alice") == ["have_supplier"]
    assert assignment.overdue_for("alice", date(2026, 12, 1))
    assert not assignment.overdue_for("alice", date(2026, 11, 30))  # due that day: not yet late
    assert store.next_assignment(team_db, "alice").id == everyone
    store.add(team_db, record("alice", "cold_call", "have_supplier", 75, NOW, PROPOSAL))
    assert store.next_assignment(team_db, "alice") is None
    # bob's closing answer came before his assignment: still open, and his first
    assert store.next_assignment(team_db, "bob").scenario == "cold_call"  # due first


def test_forget_deletes_a_reps_records_and_their_own_assignments(team_db):
    store.assign(team_db, "alice", "cold_call", ["too_expensive"], None)
    store.assign(team_db, None, "cold_call", ["too_expensive"], None)
    assert store.forget(team_db, "alice") == 3
    assert [r.rep for r in queries.team(team_db, queries.Filters(), NOW).reps] == ["bob"]
    assert [a.rep for a in store.assignments_for(team_db)] == [None]
    assert queries.rep_detail(team_db, "alice", queries.Filters()) is None


def test_an_assignment_with_nothing_left_to_drill_does_not_hide_the_next(team_db):
    with freeze_time(NOW - timedelta(days=3)):
        renamed = store.assign(team_db, "alice", "cold_call", ["old_rubric_key"], date(2026, 11, 1))
        later = store.assign(team_db, "alice", "closing", ["too_expensive"], None)
    assert store.next_assignment(team_db, "alice").id == renamed  # without knowing what can be drilled
    drillable = {"cold_call": {"too_expensive", "have_supplier"}, "closing": {"too_expensive"}}
    assert store.next_assignment(team_db, "alice", lambda s: drillable.get(s, ())).id == later
