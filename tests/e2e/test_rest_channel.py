"""Talking to the running bot through the REST channel, as the widget does."""

import re
import uuid

import pytest

from coach.scheduling import Scheduler
from coach.settings import load
from coach.wording import say_date_with_year

DATE = re.compile(r"\d{1,2}月\d{1,2}日（星期[一二三四五六日]）")


def sender() -> str:
    return f"e2e-{uuid.uuid4()}"


def expected_first_date() -> str:
    scheduler = Scheduler(load().appointment)
    now = scheduler.now()
    return say_date_with_year(scheduler.first_proposal(now).date(), now.date())


def test_an_objection_gets_its_rebuttal_with_the_next_working_day(stack):
    [text] = stack.texts(sender(), "你们的价格也太贵了吧")
    assert "价格确实很重要" in text
    assert f"{expected_first_date()}下午3点" in text


def test_traditional_in_traditional_out(stack):
    [text] = stack.texts(sender(), "你們的價格太貴了")
    assert "價格確實很重要" in text
    assert not re.search(r"[说价贵们]", text), text
    assert DATE.search(text)


def test_a_whole_call_decline_pick_an_offered_slot_and_confirm(stack):
    rep = sender()
    stack.texts(rep, "喂，你好，哪位？")
    stack.texts(rep, "我们已经有合作的供应商了")
    response = stack.say(rep, "那天不行").json()
    [offer] = response
    buttons = offer["buttons"]
    assert len(buttons) == 3 and DATE.search(buttons[0]["title"])
    [confirmation] = stack.texts(rep, buttons[0]["payload"])
    assert buttons[0]["title"] in confirmation and "确认" in confirmation


PROPOSAL = re.compile(r"\d{1,2}月\d{1,2}日（星期[一二三四五六日]）(上午|下午)\d{1,2}[点點]")


@pytest.mark.parametrize(
    "lines, closing, after",
    [
        (
            [
                "你们的价格太贵了",
                "我们没有这方面的预算",
                "我们已经有合作的供应商了",
                "你先把资料发到我邮箱吧",
                "这个我们内部自己能做",
            ],
            "再给您打个电话",
            "再联系您",
        ),
        (
            [
                "你們的價格太貴了",
                "我們沒有這方面的預算",
                "我們已經有合作的供應商了",
                "你先把資料寄到我信箱吧",
                "這個我們內部自己能做",
            ],
            "再給您打個電話",
            "再聯繫您",
        ),
    ],
    ids=["simplified", "traditional"],
)
def test_a_call_proposes_three_times_at_most_then_closes(stack, lines, closing, after):
    """Seed 001: about three asks a call, whatever the prospect rotates through."""
    rep = sender()
    replies = [stack.texts(rep, line)[0] for line in lines]
    assert [bool(PROPOSAL.search(r)) for r in replies] == [True, True, True, False, False], replies
    assert closing in replies[3] and DATE.search(replies[3])  # the working day we call again
    assert after in replies[4]


def proposed_weekday() -> str:
    return re.search(r"星期(.)", expected_first_date()).group(1)


@pytest.mark.parametrize(
    "refusal",
    [
        lambda: f"星期{proposed_weekday()}我有事，不方便",
        lambda: "那天下午不行",
        lambda: "下午我没时间",
        lambda: f"週{proposed_weekday()}我沒空",
    ],
    ids=["weekday-busy", "that-afternoon-no", "no-time-afternoon", "traditional"],
)
def test_a_refusal_that_names_the_proposed_day_is_never_booked(stack, refusal):
    rep = sender()
    stack.texts(rep, "你们的价格太贵了")  # proposes the first working day, 3 pm
    [offer] = stack.say(rep, refusal()).json()
    assert "定在" not in offer["text"] and "約在" not in offer["text"] and "约在" not in offer["text"]
    assert len(offer.get("buttons") or []) == 3, offer  # two other times and "neither"
    assert expected_first_date() not in offer["buttons"][0]["title"]


@pytest.mark.parametrize(
    "receptionist, decision_maker",
    [
        ("你好，这是前台，请问您是哪里", "采购是我在负责的，有什么事"),
        ("您好，總機，請問您找哪一位", "我就是負責採購的，你說吧"),
    ],
    ids=["simplified", "traditional"],
)
def test_the_receptionist_is_asked_to_put_us_through_and_the_decision_maker_gets_the_pitch(
    stack, receptionist, decision_maker
):
    rep = sender()
    [ask] = stack.texts(rep, receptionist)
    assert not DATE.search(ask) and ("转" in ask or "轉" in ask), ask  # no pitch, no slot
    [opening] = stack.texts(rep, decision_maker)
    assert DATE.search(opening) and ("找您谈" in opening or "找您談" in opening), opening


@pytest.mark.parametrize("text", ["我是这家公司的老板，这个我们内部自己就能做", "這個我們內部自己就能做，公司是我開的"])
def test_the_bosss_role_is_heard_anywhere_in_the_sentence(stack, text):
    [reply] = stack.texts(sender(), text)
    assert ("总成本" in reply or "總成本" in reply) and ("利润" in reply or "利潤" in reply), reply


@pytest.mark.parametrize(
    "lines, follow_up, goodbye",
    [
        (["我们对现在的合作方很满意，没兴趣", "那我肯定换个客户打呗", "不用了，谁也不用找"], "找哪一位", "不打扰"),
        (["沒興趣，我們很滿意現在的安排", "我也不知道啊", "不必了"], "找哪一位", "不打擾"),
    ],
    ids=["simplified", "traditional"],
)
def test_the_role_reversal_is_followed_through_once_then_the_bot_leaves(stack, lines, follow_up, goodbye):
    rep = sender()
    [question, answer, refusal] = [stack.texts(rep, line)[0] for line in lines]
    assert "如果您是我" in question
    assert follow_up in answer and not DATE.search(answer), answer  # whom should I talk to?
    assert goodbye in refusal and not DATE.search(refusal), refusal


@pytest.mark.parametrize(
    "busy, call_back",
    [
        ("现在在开会，没空", "再给您打电话"),
        ("不好意思，我这会儿在开车", "再给您打电话"),
        ("我現在在開會，不方便講", "再給您打電話"),
    ],
    ids=["issue", "fresh", "traditional"],
)
def test_a_busy_prospect_chooses_a_call_back_time_and_the_call_ends(stack, busy, call_back):
    rep = sender()
    [offer] = stack.say(rep, busy).json()
    assert "拜访" not in offer["text"] and "拜訪" not in offer["text"], offer  # no pitch to a busy man
    buttons = offer["buttons"]
    assert [b["payload"].startswith("/propose_time") for b in buttons] == [True, True, False]
    [confirmed] = stack.texts(rep, buttons[1]["payload"])
    assert buttons[1]["title"] in confirmed and call_back in confirmed, confirmed
    [after] = stack.texts(rep, "对了，你们价格贵不贵")
    # the call is over: no visit proposed, only the agreed call-back named again
    assert "拜访" not in after and "？" not in after and "再联系您" in after, after


@pytest.mark.parametrize("line", ["明年再说吧", "我考虑一下再说", "这个嘛，过阵子再谈吧", "以後再說吧，現在不急"])
def test_later_gets_a_reframe_and_a_dated_visit(stack, line):
    [reply] = stack.texts(sender(), line)
    assert ("好时候" in reply or "好時候" in reply) and PROPOSAL.search(reply), reply


def test_that_day_i_have_a_meeting_declines_the_proposed_visit(stack):
    rep = sender()
    stack.texts(rep, "你们的价格太贵了")
    [offer] = stack.say(rep, "那天我要开会").json()
    assert len(offer.get("buttons") or []) == 3 and expected_first_date() not in offer["buttons"][0]["title"]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("你们是做什么的？", "星辰办公"),
        ("你們是做什麼的？", "星辰辦公"),
        ("我们老板不在，你改天再打吧", "什么时候在"),
        ("我們老闆不在，你改天再打吧", "什麼時候在"),
        ("你们离我们远不远？", "上海市浦东新区"),
        ("你們離我們遠不遠？", "上海市浦東新區"),
        ("我们电脑都是去年刚换的", "下次评估"),
        ("我們電腦都是去年剛換的", "下次評估"),
        ("嗯，再说吧", "冒昧问一句"),
        ("嗯，再說吧", "冒昧問一句"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.isascii() else None,
)
def test_everyday_lines_get_their_own_script(stack, line, expected):
    [reply] = stack.texts(sender(), line)
    assert expected in reply, reply


@pytest.mark.parametrize(
    "hostile, after",
    [("不要再打来了", "你们价格贵不贵"), ("烦不烦啊", "那你们有什么产品"), ("別再打來了，煩不煩", "好吧")],
)
def test_a_prospect_who_asks_not_to_be_called_gets_an_apology_and_nothing_more(stack, hostile, after):
    rep = sender()
    stack.texts(rep, "喂，你好")
    [reply] = stack.texts(rep, hostile)
    assert ("抱歉" in reply) and "如果您是我" not in reply and not PROPOSAL.search(reply), reply
    [later] = stack.texts(rep, after)
    assert not PROPOSAL.search(later) and not DATE.search(later), later


def test_why_explains_the_script_just_shown(stack):
    rep = sender()
    stack.texts(rep, "你们的价格太贵了")
    [why] = stack.texts(rep, "为什么这么说？")
    assert why.startswith("为什么这么说：") and "总成本" in why


def test_customer_names_a_weekend_and_gets_a_working_day(stack):
    rep = sender()
    stack.texts(rep, "我们没有这方面的预算")
    [text] = stack.texts(rep, "那星期六上午十点吧")
    assert "是休息日" in text and DATE.search(text)


def test_decision_maker_name_and_number_are_recorded(stack):
    rep = sender()
    [ask] = stack.texts(rep, "这事不归我管")
    assert "直线电话" in ask
    [recorded] = stack.texts(rep, "你找采购部的李经理吧，他电话是13812345678")
    assert "李经理" in recorded and "13812345678" in recorded


@pytest.mark.parametrize("message", ["", "   ", "😀😀😀", "？？？", "<b></b>", "<script>alert(1)</script>"])
def test_nothing_to_classify_gets_the_short_help(stack, message):
    [text] = stack.texts(sender(), message)
    assert "客户在电话里说的话" in text


@pytest.mark.parametrize("message", ["今天天气怎么样", "给我讲个笑话", "What is the capital of France?"])
def test_out_of_scope_is_never_answered_with_a_rebuttal(stack, message):
    [text] = stack.texts(sender(), message)
    assert not DATE.search(text)
    assert "客户在电话里说的话" in text


def test_html_around_an_objection_is_read_as_text(stack):
    [text] = stack.texts(sender(), "<p onclick='x()'>你们<b>太贵</b>了</p>")
    assert "价格确实很重要" in text


def test_a_huge_message_gets_an_answer(stack):
    [text] = stack.texts(sender(), "你们价格太贵了。" + "嗯" * 5000)
    assert text


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"sender": "a"}',
        b'{"sender": "a", "message": 5}',
        b'{"message": "hi"}',
        b'{"sender": 7, "message": "hi"}',
    ],
)
def test_malformed_requests_get_a_clear_400(stack, body):
    import requests

    response = requests.post(stack.webhook, data=body, headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code == 400
    assert response.json()["error"]


def test_a_stopped_action_server_still_gets_a_clear_reply(stack):
    rep = sender()
    stack.stop_actions()
    try:
        [text] = stack.texts(rep, "你们太贵了")
        assert "系统暂时出了点问题" in text
        [traditional] = stack.texts(sender(), "你們太貴了")
        assert "係統暫時出了點問題" in traditional or "系統暫時出了點問題" in traditional
    finally:
        stack.start_actions()
    [text] = stack.texts(rep, "你们太贵了")
    assert DATE.search(text)


def test_a_hung_action_server_gets_a_clear_reply_in_time(stack):
    """Alive but not answering (SIGSTOP): ACTION_TIMEOUT_SECONDS (10), not Rasa's five minutes."""
    import time

    rep = sender()
    stack.pause_actions()
    try:
        started = time.monotonic()
        [text] = stack.texts(rep, "你们太贵了")
        waited = time.monotonic() - started
    finally:
        stack.pause_actions(False)
    assert "系统暂时出了点问题" in text and waited < 30, (text, waited)
    [text] = stack.texts(rep, "你们太贵了")
    assert DATE.search(text)


def test_a_pending_appointment_survives_a_restart(stack):
    rep = sender()
    [proposal] = stack.texts(rep, "先把资料发我邮箱吧")
    proposed = DATE.search(proposal).group(0)
    stack.stop_rasa()
    stack.start_rasa()
    [confirmation] = stack.texts(rep, "好的，可以")
    assert proposed in confirmation and "确认" in confirmation
