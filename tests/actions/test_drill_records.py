"""A graded answer becomes a row in the records; "我的成绩" reads the rep's
own; "开始练习" drills what the trainer assigned first."""

from datetime import date

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.drill import ActionStartDrill, ValidateDrillForm
from actions.my_results import ActionMyResults
from records import database, queries, store
from tests.conftest import make_tracker, render

STRONG = "您说得对，价格确实重要。很多和贵公司规模相近的企业选择我们，算下来总成本更低。下周三下午3点我过去拜访您，您看方便吗？"


def answer(domain, rasa_domain, text, state):
    tracker = make_tracker("affirm", text, slots={"drill_state": state, "drill_results": []})
    dispatcher = CollectingDispatcher()
    ValidateDrillForm().validate_drill_answer(text, dispatcher, tracker, domain)
    return [render(rasa_domain, m, {})["text"] for m in dispatcher.messages]


def drilling(objection, scenario="cold_call", **extra):
    return {"id": "drill-1", "scenario": scenario, "queue": [objection], "planned": [objection], "tries": 0, **extra}


@pytest.mark.usefixtures("frozen_clock")
async def test_a_graded_answer_is_recorded_with_the_model_answer_the_rep_saw(domain, rasa_domain):
    replies = answer(domain, rasa_domain, STRONG, drilling("too_expensive"))
    detail = queries.rep_detail(database.ready(), "test-sender", queries.Filters())
    (row,) = detail.last
    assert (row.scenario, row.objection, row.label, row.answer) == ("cold_call", "too_expensive", "价格太高", STRONG)
    assert f"得分：{row.score}/100" in replies[0] and row.score >= 80
    # the model answer as the rep read it: the visit date filled in, no braces
    assert row.model_answer == replies[2] and "{" not in row.model_answer and "11月" in row.model_answer
    assert detail.drills == 1


@pytest.mark.usefixtures("frozen_clock")
async def test_a_weak_answer_records_the_moves_it_missed(domain, rasa_domain):
    answer(domain, rasa_domain, "哦，好吧。", drilling("have_supplier"))
    detail = queries.rep_detail(database.ready(), "test-sender", queries.Filters())
    assert detail.last[0].score <= 30
    assert detail.missed and all(times == 1 for _, times in detail.missed)
    assert {label for label, _ in detail.missed} == set(detail.last[0].missing)


@pytest.mark.usefixtures("frozen_clock")
async def test_a_database_that_cannot_be_reached_costs_the_record_not_the_drill(domain, rasa_domain, monkeypatch):
    monkeypatch.setenv("RECORDS_URL", "postgresql://nobody@127.0.0.1:1/none")  # nothing listens there
    replies = answer(domain, rasa_domain, STRONG, drilling("too_expensive"))
    assert replies[0].startswith("得分：") and replies[1] == "参考话术："


@pytest.mark.usefixtures("frozen_clock")
async def test_after_a_failure_the_database_is_left_alone_for_a_while(domain, rasa_domain, monkeypatch, tmp_path):
    monkeypatch.setenv("RECORDS_URL", "postgresql://nobody@127.0.0.1:1/none")
    answer(domain, rasa_domain, STRONG, drilling("too_expensive"))
    monkeypatch.setenv("RECORDS_URL", f"sqlite:///{tmp_path / 'back.db'}")  # the database is back
    answer(domain, rasa_domain, STRONG, drilling("too_expensive"))
    assert not (tmp_path / "back.db").exists()  # not even tried during the pause
    monkeypatch.setattr("actions.drill_records._paused_until", 0.0)  # the pause is over
    answer(domain, rasa_domain, STRONG, drilling("too_expensive"))
    assert queries.rep_detail(database.ready(), "test-sender", queries.Filters()).answers == 1


async def test_my_results_without_records_invites_a_drill(call):
    (reply,) = await call.turn(ActionMyResults(), "my_results", "我的成绩")
    assert reply["response"] == "utter_my_results_none"


async def test_my_results_are_the_reps_own_and_name_what_to_practise(call):
    db = database.ready()
    store.add(db, _record("test-sender", "too_expensive", 40, "价格太高", "d1"))
    store.add(db, _record("test-sender", "have_supplier", 90, "已有供应商", "d1"))
    store.add(db, _record("test-sender", "too_expensive", 60, "价格太高", "d2"))
    store.add(db, _record("someone-else", "no_budget", 10, "没有预算", "d9"))
    (reply,) = await call.turn(ActionMyResults(), "my_results", "我的成绩")
    assert reply["text"].startswith("你一共练习了2次，回答了3句，平均63分。")
    assert "最弱的一项：价格太高（平均50分）" in reply["text"] and "没有预算" not in reply["text"]
    assert reply["buttons"][0]["payload"] == '/start_drill{"scenario":"cold_call","objection":"too_expensive"}'


async def test_when_every_objection_practised_is_strong_the_next_is_one_not_practised(call):
    store.add(database.ready(), _record("test-sender", "send_materials", 85, "请寄资料", "d1"))
    (reply,) = await call.turn(ActionMyResults(), "my_results", "我的成绩")
    assert "平均85分" in reply["text"] and "建议下次练：请寄资料" not in reply["text"]
    assert reply["buttons"][0]["payload"].startswith('/start_drill{"scenario":"cold_call","objection":"')
    assert '"objection":"send_materials"' not in reply["buttons"][0]["payload"]


@pytest.mark.usefixtures("frozen_clock")
async def test_my_results_during_a_drill_are_said_not_graded_nor_recorded(domain, rasa_domain):
    store.add(database.ready(), _record("test-sender", "too_expensive", 40, "价格太高", "d0"))
    state = drilling("have_supplier", used=["我们已经有合作的供应商了。"])
    tracker = make_tracker("my_results", "我的成绩！", slots={"drill_state": state, "drill_results": []})
    dispatcher = CollectingDispatcher()
    slots = ValidateDrillForm().validate_drill_answer("我的成绩！", dispatcher, tracker, domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_my_results"]
    assert slots["drill_answer"] is None and slots["drill_state"]["repeat"]  # the same customer line again
    assert queries.rep_detail(database.ready(), "test-sender", queries.Filters()).answers == 1  # nothing recorded


async def test_my_results_point_to_the_assignment_first(call):
    db = database.ready()
    store.add(db, _record("test-sender", "too_expensive", 40, "价格太高", "d1"))
    store.assign(db, "test-sender", "closing", ["last_requirement"], None)
    (reply,) = await call.turn(ActionMyResults(), "my_results", "我的成績")
    assert reply["buttons"][0]["payload"] == '/start_drill{"scenario":"closing","objection":"last_requirement"}'


async def test_my_results_when_the_database_is_down_say_so(call, monkeypatch):
    monkeypatch.setenv("RECORDS_URL", "postgresql://nobody@127.0.0.1:1/none")
    (reply,) = await call.turn(ActionMyResults(), "my_results", "我的成绩")
    assert reply["response"] == "utter_my_results_unavailable"


@pytest.mark.usefixtures("frozen_clock")
async def test_start_drill_begins_with_the_assigned_objections_and_says_so(call):
    store.assign(database.ready(), None, "closing", ["too_expensive", "last_requirement"], date(2026, 11, 27))
    replies = await call.turn(ActionStartDrill(), "start_drill", "开始练习")
    assert replies[0]["response"] == "utter_drill_assigned_due"
    assert "“成交签单”" in replies[0]["text"] and "11月27日（星期五）前完成" in replies[0]["text"]
    state = call.slots["drill_state"]
    assert (state["scenario"], state["queue"]) == ("closing", ["too_expensive", "last_requirement"])
    assert state["assignment"] and call.slots["scenario"] == "closing"


async def test_a_chosen_objection_wins_over_the_assignment(call):
    store.assign(database.ready(), None, "closing", ["too_expensive"], None)
    replies = await call.turn(
        ActionStartDrill(), "start_drill", "/start_drill", [{"entity": "objection", "value": "no_budget"}]
    )
    assert replies[0]["response"] == "utter_drill_intro"
    assert call.slots["drill_state"]["queue"] == ["no_budget"] and not call.slots["drill_state"]["assignment"]


def _record(rep, objection, score, label, drill):
    return store.Record(rep, drill, "cold_call", objection, label, score, [], {}, [], "答", "")
