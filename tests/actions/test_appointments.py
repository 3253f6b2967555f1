"""Accepting, declining and naming times (Tuesday 24 Nov 2026, 10:00 Shanghai)."""

import json

import pytest

from actions.appointments import ActionAcceptVisit, ActionCheckCustomerTime, ActionDeclineVisit, ActionOpenCall
from actions.contacts import ActionRecordContact
from actions.rebuttals import ActionRebut
from tests.conftest import time_entity


pytestmark = pytest.mark.usefixtures("frozen_clock")  # tests/conftest.py


async def test_greeting_introduces_the_rep_and_proposes_a_visit(call):
    [reply] = await call.turn(ActionOpenCall(), "greet", "喂，你好")
    assert "星辰办公" in reply["text"] and "小王" in reply["text"]
    assert "11月25日（星期三）下午3点" in reply["text"]


async def test_accepting_repeats_date_and_time_and_promises_a_call(call):
    await call.turn(ActionRebut(), "too_expensive", "太贵了")
    [reply] = await call.turn(ActionAcceptVisit(), "affirm", "好的")
    assert reply["response"] == "utter_confirm_visit"
    assert "11月25日（星期三）下午3点" in reply["text"]
    assert "今天我会再给您打个电话确认" in reply["text"]
    assert call.slots["visit"] == "2026-11-25T15:00"
    assert call.slots["proposed_visits"] is None


async def test_confirmation_call_names_the_working_day_before(call):
    await call.turn(ActionRebut(), "too_expensive", "太贵了")
    [reply] = await call.turn(
        ActionCheckCustomerTime(), "propose_time", "下周三上午十点吧", time_entity("下周三上午十点")
    )
    assert "12月2日（星期三）上午10点" in reply["text"]
    assert "12月1日（星期二）我会再给您打个电话确认" in reply["text"]


async def test_decline_offers_a_choice_then_exits_politely(call):
    await call.turn(ActionRebut(), "no_budget", "没预算")
    [offer] = await call.turn(ActionDeclineVisit(), "deny", "那天不行")
    assert "11月26日（星期四）上午10点" in offer["text"] and "下午3点" in offer["text"]
    payloads = [b["payload"] for b in offer["buttons"]]
    assert payloads[:2] == ['/propose_time{"time":"2026-11-26T10:00"}', '/propose_time{"time":"2026-11-26T15:00"}']
    json.loads(payloads[0][len("/propose_time") :])  # a payload Rasa can parse
    assert [b["title"] for b in offer["buttons"]][:2] == ["11月26日（星期四）上午10点", "11月26日（星期四）下午3点"]
    [exit_] = await call.turn(ActionDeclineVisit(), "deny", "都不行")
    assert exit_["response"] == "utter_exit_keep_door_open"
    # no third slot, but the working day a week on when we call again
    assert "12月1日（星期二）我再和您联系" in exit_["text"] and "点" not in exit_["text"]
    assert call.slots["proposed_visits"] is None and call.slots["call_closed"] is True


async def test_clicking_an_offered_option_confirms_it(call):
    await call.turn(ActionRebut(), "no_budget", "没预算")
    await call.turn(ActionDeclineVisit(), "deny", "不方便")
    [reply] = await call.turn(ActionCheckCustomerTime(), "propose_time", "", time_entity("2026-11-26T10:00"))
    assert reply["response"] == "utter_confirm_visit"
    assert "11月26日（星期四）上午10点" in reply["text"]


async def test_yes_to_a_choice_asks_which(call):
    await call.turn(ActionRebut(), "no_budget", "没预算")
    await call.turn(ActionDeclineVisit(), "deny", "不方便")
    [reply] = await call.turn(ActionAcceptVisit(), "affirm", "好")
    assert reply["response"] == "utter_ask_which_option"
    assert len(reply["buttons"]) == 2


async def test_a_yes_that_names_a_time_is_about_that_time(call):
    await call.turn(ActionRebut(), "too_expensive", "太贵")
    [reply] = await call.turn(ActionAcceptVisit(), "affirm", "行，那就礼拜五两点半吧", time_entity("礼拜五两点半"))
    assert "11月27日（星期五）下午2点半" in reply["text"]
    assert call.slots["visit"] == "2026-11-27T14:30"


async def test_a_no_that_names_another_time_is_about_that_time(call):
    await call.turn(ActionRebut(), "too_expensive", "太贵")
    [reply] = await call.turn(ActionDeclineVisit(), "deny", "明天不行，周四上午十点吧", time_entity("周四上午十点"))
    assert reply["response"] == "utter_confirm_visit"
    assert "11月26日（星期四）上午10点" in reply["text"]


@pytest.mark.parametrize(
    "said, response, expected",
    [
        ("11月28日", "utter_counter_not_workday", ["11月28日（星期六）是休息日", "11月30日（星期一）下午3点"]),
        (
            "周四晚上八点",
            "utter_counter_outside_hours",
            ["晚上8点已经在办公时间（上午9点到下午6点）以外", "11月26日（星期四）下午3点"],
        ),
        ("这周一下午两点", "utter_counter_past", ["已经过去了", "11月25日（星期三）下午3点"]),
        ("明天下午", "utter_propose_named_time", ["11月25日（星期三）下午3点，您看可以吗"]),
    ],
)
async def test_customer_named_times_are_confirmed_or_countered(call, said, response, expected):
    [reply] = await call.turn(ActionCheckCustomerTime(), "propose_time", said, time_entity(said))
    assert reply["response"] == response
    for fragment in expected:
        assert fragment in reply["text"]
    # a counter-proposal can be accepted with a plain yes
    [confirmation] = await call.turn(ActionAcceptVisit(), "affirm", "可以")
    assert confirmation["response"] == "utter_confirm_visit"


async def test_a_time_we_cannot_read_gets_a_question(call):
    [reply] = await call.turn(ActionCheckCustomerTime(), "propose_time", "改天吧")
    assert reply["response"] == "utter_ask_time"


async def test_no_without_a_proposal_asks_why(call):
    [reply] = await call.turn(ActionDeclineVisit(), "deny", "不要")
    assert reply["response"] == "utter_ask_reason"


async def test_contact_recorded_when_name_and_number_given(call):
    await call.turn(ActionRebut(), "not_in_charge", "我不负责这个")
    [reply] = await call.turn(
        ActionRecordContact(),
        "give_contact",
        "你找采购部李经理，电话13812345678",
        [{"entity": "contact_name", "value": "李经理"}, {"entity": "contact_phone", "value": "13812345678"}],
    )
    assert "李经理" in reply["text"] and "13812345678" in reply["text"]
    assert call.slots["contact_name"] == "李经理"


async def test_name_without_number_asks_for_the_number(call):
    [reply] = await call.turn(
        ActionRecordContact(), "give_contact", "你找张总", [{"entity": "contact_name", "value": "张总"}]
    )
    assert reply["response"] == "utter_ask_contact_phone" and "张总" in reply["text"]


@pytest.mark.parametrize(
    "action, intent, text, expression",
    [
        (ActionDeclineVisit(), "deny", "那天下午不行", "那天下午"),
        (ActionCheckCustomerTime(), "propose_time", "下午没时间", "下午"),
        (ActionAcceptVisit(), "affirm", "周三我有事，不方便", "周三"),  # even if the sentence is misread as a yes
        (ActionCheckCustomerTime(), "propose_time", "週三我沒空", "週三"),
    ],
)
async def test_a_refusal_that_names_the_proposed_time_declines_it(call, action, intent, text, expression):
    await call.turn(ActionRebut(), "too_expensive", "太贵了")  # proposes Wednesday 25th, 3 pm
    [reply] = await call.turn(action, intent, text, time_entity(expression))
    assert reply["response"] == "utter_offer_alternatives", reply["text"]
    assert "11月26日（星期四）上午10点" in reply["text"]
    assert not call.slots.get("visit")


async def test_refusing_another_day_moves_the_alternatives_past_it(call):
    await call.turn(ActionRebut(), "too_expensive", "太贵了")  # Wednesday 25th
    [reply] = await call.turn(ActionDeclineVisit(), "deny", "周四不行", time_entity("周四"))
    assert "11月27日（星期五）上午10点" in reply["text"]


async def test_a_refused_time_with_nothing_proposed_asks_which_time_suits(call):
    [reply] = await call.turn(ActionCheckCustomerTime(), "propose_time", "下午没时间", time_entity("下午"))
    assert reply["response"] == "utter_ask_time"


@pytest.mark.parametrize(
    "text, expression", [("能不能周四下午三点？", "周四下午三点"), ("周四下午三点行不行", "周四下午三点")]
)
async def test_a_question_about_a_time_is_no_refusal(call, text, expression):
    await call.turn(ActionRebut(), "too_expensive", "太贵了")
    [reply] = await call.turn(ActionCheckCustomerTime(), "propose_time", text, time_entity(expression))
    assert reply["response"] == "utter_confirm_visit" and "11月26日（星期四）下午3点" in reply["text"]


async def test_a_receptionist_gets_no_pitch_and_no_slot(call):
    from actions.contacts import ActionAskForDecisionMaker

    [reply] = await call.turn(ActionAskForDecisionMaker(), "switchboard", "您好，这里是前台，请问您找谁")
    assert reply["response"] == "utter_ask_for_decision_maker"
    assert "转" in reply["text"] and "直线电话" in reply["text"] and "星辰办公" in reply["text"]
    assert "点" not in reply["text"] and not call.slots.get("proposed_visits")


@pytest.mark.parametrize(
    "entities, response, greeting",
    [
        ([{"entity": "contact_name", "value": "李经理"}], "utter_greet_decision_maker_named", "李经理您好"),
        ([], "utter_greet_decision_maker", "太好了，这事正该找您谈"),
    ],
)
async def test_the_decision_maker_is_confirmed_then_hears_the_proposal(call, entities, response, greeting):
    [reply] = await call.turn(ActionOpenCall(), "decision_maker", "我是采购部李经理，你说", entities)
    assert reply["response"] == response and reply["text"].startswith(greeting)
    assert "11月25日（星期三）下午3点" in reply["text"]
    assert call.slots["proposed_visits"] == ["2026-11-25T15:00"]
