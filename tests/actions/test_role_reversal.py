"""Seed 003's role reversal: asked "what would you do in my place?", the
prospect answered, and the story went on: they named the real decision
maker. Whatever the prospect answers, the bot follows it through once, then
leaves courteously if refused (Tuesday 24 Nov 2026, 10:00 Shanghai)."""

import pytest
from freezegun import freeze_time

from actions.appointments import ActionAcceptVisit, ActionCheckCustomerTime, ActionDeclineVisit, ActionOpenCall
from actions.contacts import ActionRecordContact
from actions.help import ActionHelp
from actions.rebuttals import ActionRebut


@pytest.fixture(autouse=True)
def frozen_clock():
    with freeze_time("2026-11-24 02:00:00"):
        yield


@pytest.fixture
async def reversed_call(call):
    [question] = await call.turn(ActionRebut(), "not_interested", "没兴趣")
    assert question["response"] == "utter_rebuttal_not_interested_1" and "如果您是我" in question["text"]
    return call


@pytest.mark.parametrize(
    "action, intent, text",
    [
        (ActionHelp(), "nlu_fallback", "我会换个客户打吧"),
        (ActionHelp(), "out_of_scope", "这我哪知道"),
        (ActionAcceptVisit(), "affirm", "那我肯定会再坚持一下"),
        (ActionDeclineVisit(), "deny", "我不会再打"),
        (ActionOpenCall(), "greet", "嗯"),
        (ActionRebut(), "too_expensive", "反正你们也太贵"),
    ],
    ids=["not-understood", "off-topic", "a-yes", "a-no", "a-sound", "another-objection"],
)
async def test_whatever_the_answer_the_bot_asks_whom_to_talk_to(reversed_call, action, intent, text):
    [follow_up] = await reversed_call.turn(action, intent, text)
    assert follow_up["response"] == "utter_role_reversal_follow_up"
    assert "找哪一位" in follow_up["text"] and "点" not in follow_up["text"]
    assert reversed_call.slots["role_reversal"]["followed"] is True


async def test_a_refusal_after_the_follow_up_ends_the_call_courteously(reversed_call):
    await reversed_call.turn(ActionHelp(), "nlu_fallback", "我会换个客户打吧")
    [exit_] = await reversed_call.turn(ActionDeclineVisit(), "deny", "不用了，谁都不用找")
    assert exit_["response"] == "utter_retreat_not_interested"
    assert reversed_call.slots["call_closed"] is True
    [after] = await reversed_call.turn(ActionRebut(), "too_expensive", "太贵了")  # nothing more is pushed
    assert after["response"] == "utter_after_close"


async def test_a_name_given_is_the_story_going_on(reversed_call):
    [recorded] = await reversed_call.turn(
        ActionRecordContact(),
        "give_contact",
        "你找我们采购部的王经理吧",
        [{"entity": "contact_name", "value": "王经理"}],
    )
    assert recorded["response"] == "utter_ask_contact_phone"
    assert reversed_call.slots["role_reversal"]["followed"] is True


async def test_the_refusal_repeated_gets_the_retreat_and_the_question_is_asked_once(reversed_call):
    [retreat] = await reversed_call.turn(ActionRebut(), "not_interested", "说了没兴趣")
    assert retreat["response"] == "utter_retreat_not_interested"


async def test_a_time_offered_in_answer_is_booked(reversed_call):
    [reply] = await reversed_call.turn(
        ActionCheckCustomerTime(),
        "propose_time",
        "那你周四下午三点过来聊聊吧",
        [{"entity": "time", "value": "周四下午三点"}],
    )
    assert reply["response"] == "utter_confirm_visit" and "11月26日（星期四）下午3点" in reply["text"]


async def test_other_objections_are_not_followed_through(call):
    await call.turn(ActionRebut(), "too_expensive", "太贵了")
    [help_] = await call.turn(ActionHelp(), "nlu_fallback", "嗯……")
    assert help_["response"] == "utter_default"
