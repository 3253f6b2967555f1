"""Drill mode through the REST channel: the bot is the customer and grades."""

import json
import re
import sqlite3
import uuid

import pytest
import yaml


LINES = yaml.safe_load(open("drill/customer_lines.yml", encoding="utf-8"))
DRILLED = yaml.safe_load(open("drill/rubrics.yml", encoding="utf-8"))["objections"]
STRONG = "您说得对，价格确实重要。很多和贵公司规模相近的企业选择我们，算下来总成本更低。下周三下午3点我过去拜访您，您看方便吗？"
SCORE = re.compile(r"得分：(\d+)/100")


def rep():
    return f"drill-{uuid.uuid4()}"


def customer_line(texts):
    return next(t[len("【客户】") :] for t in texts if t.startswith("【客户】"))


def drill_records(stack, sender):
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'slot'", (sender,)).fetchall()
    values = [json.loads(d) for (d,) in rows]
    return [v["value"] for v in values if v.get("name") == "drill_results"][-1]


def test_a_strong_answer_is_scored_explained_and_accepted(stack):
    sender = rep()
    opening = stack.texts(sender, '/start_drill{"objection":"too_expensive"}')
    assert "一共1句客户的话" in opening[0]
    assert customer_line(opening) in LINES["too_expensive"]["lines"]
    replies = stack.texts(sender, STRONG)
    feedback = replies[0]
    assert int(SCORE.search(feedback).group(1)) >= 80
    assert "还缺少：无" in feedback
    assert replies[1] == "参考话术：" and "价格确实很重要" in replies[2]
    assert "可以考虑" in replies[3]
    assert "价格太高：100/100" in replies[-1] and "练习结束" in replies[-1]
    assert drill_records(stack, sender) == [
        {"objection": "too_expensive", "score": 100, "missing": [], "missing_keys": []}
    ]


def test_a_weak_answer_gets_one_more_push_then_the_drill_moves_on(stack):
    sender = rep()
    stack.texts(sender, '/start_drill{"objection":"have_supplier"}')
    replies = stack.texts(sender, "哦，好吧。")
    assert int(SCORE.search(replies[0]).group(1)) <= 30
    assert "建议：" in replies[0] and "还缺少：" in replies[0]
    assert customer_line(replies) in LINES["have_supplier"]["pushback"]
    final = stack.texts(sender, "那我下次再打给您")
    assert "练习结束" in final[-1] and "已有供应商" in final[-1]
    records = drill_records(stack, sender)
    assert [r["objection"] for r in records] == ["have_supplier", "have_supplier"]
    assert "具体日期" in records[0]["missing"]


def test_answers_are_graded_not_classified_and_stopping_midway_summarises(stack):
    sender = rep()
    opening = stack.texts(sender, "开始练习")
    assert f"一共{len(DRILLED)}句客户的话" in opening[0]
    graded = stack.texts(sender, "你们的价格太贵了")  # an objection, but here it is the rep's answer
    assert SCORE.search(graded[0])
    summary = stack.texts(sender, "結束練習")
    assert "練習結束" in summary[-1] or "练习结束" in summary[-1]
    # back to normal: the bot answers objections again
    [rebuttal] = stack.texts(sender, "我们没有预算")
    assert re.search(r"\d{1,2}月\d{1,2}日", rebuttal)


def test_stop_without_a_drill(stack):
    [reply] = stack.say(rep(), "结束练习").json()
    assert "现在没有在练习" in reply["text"]
    assert reply["buttons"][0]["payload"] == "/start_drill"


@pytest.mark.parametrize(
    "objection, answer",
    [
        ("busy", "不好意思，打扰您了，您先忙。我明天上午10点再给您打，还是下午3点？"),
        ("later", "理解，不用急着定。很多客户都是先互相了解的，心里有数。下周三下午3点我过去拜访您，您看方便吗？"),
        ("not_interested", "我明白，冒昧问您一句：如果您是我，听到这样的回答，您会怎么做？"),
    ],
)
def test_the_stalls_and_the_flat_no_are_drilled_with_a_filled_model_answer(stack, objection, answer):
    sender = rep()
    replies = stack.texts(sender, f'/start_drill{{"objection":"{objection}"}}')
    assert customer_line(replies) in LINES[objection]["lines"]
    graded = stack.texts(sender, answer)
    assert int(SCORE.search(graded[0]).group(1)) >= 85, graded
    model = graded[graded.index("参考话术：") + 1]
    assert "{" not in model, model
    if objection != "not_interested":  # the role-reversal question names no time
        assert re.search(r"\d{1,2}月\d{1,2}日|今天", model), model


@pytest.mark.parametrize("line", ["别烦我", "你考考我啊？", "我不想练这个", "別煩我", "你来当客户吧，我没空"])
def test_a_prospect_line_never_starts_a_drill(stack, line):
    """Typed as the prospect, these once started the drill, and every line
    after that was graded instead of answered."""
    sender = rep()
    replies = stack.texts(sender, line)
    assert not any("开始练习！" in r or "開始練習！" in r for r in replies), replies
    [answer] = stack.texts(sender, "你们的价格太贵了")
    assert not SCORE.search(answer), answer  # answered as a prospect's line, not graded


@pytest.mark.parametrize("command", ["开始练习", "開始練習！", "练习吧", "start drill"])
def test_the_drill_starts_on_its_short_commands(stack, command):
    replies = stack.texts(rep(), command)
    assert "开始练习！" in replies[0] or "開始練習！" in replies[0], replies


def test_a_hint_shows_the_moves_without_grading_and_the_customer_asks_again(stack):
    sender = rep()
    opening = stack.texts(sender, '/start_drill{"objection":"no_budget"}')
    line = customer_line(opening)
    replies = stack.texts(sender, "我不知道该怎么回，给点提示？")
    assert not SCORE.search(" ".join(replies)), replies
    assert "提示" in replies[0] and "具体日期" in replies[0] and "现在正是建立关系的时候" in replies[0]
    assert customer_line(replies) == line  # same question, not the next one
    graded = stack.texts(sender, "我理解，很多企业一开始也这样想，现在正好先互相了解。下周三下午3点我过去，方便吗？")
    assert SCORE.search(graded[0])
    assert [r["objection"] for r in drill_records(stack, sender)] == ["no_budget"]


def test_the_summary_shows_first_and_best_what_was_not_reached_and_offers_a_retry(stack):
    sender = rep()
    stack.texts(sender, "开始练习")
    stack.texts(sender, "哦，好吧。")  # weak: one more push
    stack.texts(sender, "嗯")  # weak again: the next objection
    replies = stack.say(sender, "结束练习").json()
    assert replies[-1] == {"recipient_id": sender, "custom": {"mode": "call"}}  # the widget leaves drill mode
    summary = replies[-2]
    assert "第一次" in summary["text"] and "最好" in summary["text"], summary["text"]
    assert "还没练到：" in summary["text"] and "还没练到：无" not in summary["text"]  # nine left
    [retry] = summary["buttons"]
    assert retry["payload"].startswith('/start_drill{"scenario":"cold_call","objection":')
    again = stack.texts(sender, "再练一次")
    assert "一共1句客户的话" in again[0]
    practised = drill_records(stack, sender)  # the new drill starts empty
    assert practised == [] or all(
        r["objection"] == json.loads(retry["payload"][len("/start_drill") :])["objection"] for r in practised
    )
