"""What a trainer reads: the numbers (worked out by hand from the seed in
conftest.py), the CSV, the pages' hooks, assignments through the API."""

import csv
import io
from urllib.parse import quote

import pytest

from tests.dashboard.conftest import TOKEN, get


def test_the_team_api_has_each_reps_numbers_and_the_objections_weakest_first(dashboard):
    body = get(dashboard + "/trainer/api/reps", TOKEN).json()
    alice, bob = body["reps"]
    assert (alice["drills"], alice["answers"], alice["average"], alice["weakest_move"]) == (2, 3, 60, "约见时间")
    assert (bob["drills"], bob["answers"], bob["average"], bob["weakest_move"]) == (1, 1, 90, None)
    assert [(o["scenario"], o["objection"], o["average"]) for o in body["objections"]] == [
        ("cold_call", "too_expensive", 60),
        ("cold_call", "have_supplier", 60),
        ("closing", "too_expensive", 90),
    ]
    assert body["objections"][0]["scenario_title"] == "陌生电话约见"


def test_the_rep_api_has_the_scores_over_time_and_the_moves_missed(dashboard):
    body = get(dashboard + "/trainer/api/reps/alice", TOKEN).json()
    assert (body["drills"], body["answers"], body["average"]) == (2, 3, 60)
    scores = {o["objection"]: [s["score"] for s in o["scores"]] for o in body["objections"]}
    assert scores == {"too_expensive": [40, 80], "have_supplier": [60]}
    assert body["missed"] == [{"move": "约见时间", "times": 2}]
    assert get(dashboard + "/trainer/api/reps/nobody", TOKEN).status_code == 404


def test_the_filters_apply_to_the_api_and_the_csv(dashboard):
    closing = get(dashboard + "/trainer/api/reps?scenario=closing", TOKEN).json()
    assert [r["rep"] for r in closing["reps"]] == ["bob"]
    # 2026-11-30 in Shanghai: alice's two answers of drill d1 only
    day = get(dashboard + "/trainer/api/reps?from=2026-11-30&to=2026-11-30", TOKEN).json()
    assert [(r["rep"], r["answers"]) for r in day["reps"]] == [("alice", 2)]
    response = get(dashboard + "/trainer/export.csv?scenario=cold_call", TOKEN)
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["time", "rep", "scenario", "objection", "objection_label", "score"]
    assert [(r[1], r[3], r[5]) for r in rows[1:]] == [
        ("alice", "have_supplier", "60"),
        ("alice", "too_expensive", "40"),
        ("alice", "too_expensive", "80"),
    ]


def test_an_answer_that_looks_like_a_formula_is_exported_as_text(dashboard):
    rows = list(csv.reader(io.StringIO(get(dashboard + "/trainer/export.csv", TOKEN).content.decode("utf-8-sig"))))
    (bob,) = [r for r in rows if r[1] == "bob"]
    assert bob[-1] == "'=1+1<script>alert(1)</script>"


@pytest.mark.parametrize("query", ["?to=9999-12-31", "?from=0001-01-01", "?from=2026-13-40", "?scenario=nope"])
def test_impossible_filters_are_ignored_not_an_error(dashboard, query):
    for path in ("/trainer/", "/trainer/api/reps", "/trainer/export.csv", "/trainer/reps/alice"):
        assert get(dashboard + path + query, TOKEN).status_code == 200, path


def test_a_rep_id_with_dollar_signs_gets_its_page(dashboard, dashboard_stack):
    from records import database, store
    from tests.records.conftest import NOW, record

    db = database.ready({"TRACKER_DIALECT": "sqlite", "TRACKER_DB": dashboard_stack.env["TRACKER_DB"]})
    store.add(db, record("$\\frac$", "cold_call", "too_expensive", 50, NOW))  # matplotlib would read it as TeX
    page = get(dashboard + "/trainer/reps/" + quote("$\\frac$", safe=""), TOKEN)
    assert page.status_code == 200 and 'data-testid="score-chart"' in page.text
    store.forget(db, "$\\frac$")


def test_the_pages_carry_the_test_hooks_and_never_run_an_answer_as_html(dashboard):
    team = get(dashboard + "/trainer/", TOKEN).text
    assert team.count('data-testid="rep-row"') == 2 and 'data-rep="bob"' in team
    assert team.count('data-testid="objection-row"') == 3
    bob = get(dashboard + "/trainer/reps/bob", TOKEN).text
    assert 'data-testid="score-chart"' in bob and "<svg" in bob
    assert "<script>alert(1)</script>" not in bob and "&lt;script&gt;alert(1)&lt;/script&gt;" in bob


def test_assignments_through_the_api_are_checked_and_listed(dashboard):
    post = {"Authorization": f"Bearer {TOKEN}"}
    import requests

    for body in (
        {"scenario": "closing", "objections": [{}]},
        {"scenario": "closing", "objections": ["too_expensive"], "due": 5},
        {"scenario": "closing", "objections": "too_expensive"},
    ):
        assert requests.post(dashboard + "/trainer/api/assignments", json=body, headers=post).status_code == 400, body
    bad = requests.post(
        dashboard + "/trainer/api/assignments", json={"scenario": "closing", "objections": ["no_budget"]}, headers=post
    )
    assert bad.status_code == 400  # no_budget is the cold call's, not closing's
    assert "no_budget" in bad.json()["choices"]["cold_call"] and "no_budget" not in bad.json()["choices"]["closing"]
    made = requests.post(
        dashboard + "/trainer/api/assignments",
        json={"rep": "alice", "scenario": "cold_call", "objections": ["have_supplier"], "due": "2026-12-20"},
        headers=post,
    )
    assert made.status_code == 201
    (listed,) = [
        a
        for a in get(dashboard + "/trainer/api/assignments", TOKEN).json()["assignments"]
        if a["id"] == made.json()["id"]
    ]
    assert (listed["rep"], listed["objections"], listed["due"], listed["done"], listed["reps"]) == (
        "alice",
        ["已有供应商"],
        "2026-12-20",
        0,
        1,
    )
