"""Stalling: a busy prospect is offered two times to call back (no visit
pitch); "以后再说" gets a reframe and a dated visit proposal (clock frozen on
Tuesday 24 Nov 2026, 10:00 in Shanghai)."""

import json

import pytest
from freezegun import freeze_time

from actions.appointments import ActionAcceptVisit, ActionCheckCustomerTime, ActionDeclineVisit
from actions.rebuttals import ActionRebut
from tests.conftest import time_entity

TODAY_3PM, TOMORROW_10AM = "今天下午3点", "11月25日（星期三）上午10点"


pytestmark = pytest.mark.usefixtures("frozen_clock")  # tests/conftest.py


async def test_busy_gets_an_apology_and_a_choice_of_two_call_back_times(call):
    [reply] = await call.turn(ActionRebut(), "busy", "我在开会，没空")
    assert reply["response"] == "utter_rebuttal_busy_1"
    text = reply["text"]
    assert "不好意思" in text and TODAY_3PM in text and TOMORROW_10AM in text
    assert "拜访" not in text and text.endswith("？")
    payloads = [b["payload"] for b in reply["buttons"]]
    assert payloads == ['/propose_time{"time":"2026-11-24T15:00"}', '/propose_time{"time":"2026-11-25T10:00"}', "/deny"]
    json.loads(payloads[0][len("/propose_time") :])
    assert call.slots["proposed_visits"] == ["2026-11-24T15:00", "2026-11-25T10:00"]
    # a call-back time is not a visit proposal: the per-call limit is untouched
    assert not call.slots.get("proposals_made")


async def test_choosing_a_call_back_time_confirms_it_and_ends_the_call(call):
    await call.turn(ActionRebut(), "busy", "正忙着呢")
    [reply] = await call.turn(ActionCheckCustomerTime(), "propose_time", "", time_entity("2026-11-25T10:00"))
    assert reply["response"] == "utter_confirm_callback"
    assert f"那我{TOMORROW_10AM}再给您打电话" in reply["text"]
    assert call.slots["callback_at"] == "2026-11-25T10:00" and call.slots["call_closed"] is True
    assert call.slots.get("visit") is None
    # an objection after that: no new slot, and the agreed day, not a week on
    [after] = await call.turn(ActionRebut(), "too_expensive", "对了，你们是不是很贵")
    assert after["response"] == "utter_after_close"
    assert f"{TOMORROW_10AM}我再联系您" in after["text"]


async def test_naming_one_of_the_offered_times_in_words_takes_it(call):
    await call.turn(ActionRebut(), "busy", "在开会")
    [reply] = await call.turn(ActionCheckCustomerTime(), "propose_time", "明天上午吧", time_entity("明天上午"))
    assert reply["response"] == "utter_confirm_callback" and TOMORROW_10AM in reply["text"]


async def test_a_plain_yes_to_two_times_asks_which(call):
    await call.turn(ActionRebut(), "busy", "在开会")
    [reply] = await call.turn(ActionAcceptVisit(), "affirm", "好")
    assert reply["response"] == "utter_ask_which_callback"
    assert TODAY_3PM in reply["text"] and TOMORROW_10AM in reply["text"] and len(reply["buttons"]) == 2


async def test_turning_down_both_times_ends_the_call_courteously(call):
    await call.turn(ActionRebut(), "busy", "在开会")
    [reply] = await call.turn(ActionDeclineVisit(), "deny", "都不方便")
    assert reply["response"] == "utter_exit_keep_door_open"
    assert "12月1日（星期二）我再和您联系" in reply["text"] and "点" not in reply["text"]
    assert call.slots["call_closed"] is True and call.slots["proposed_visits"] is None


async def test_refusing_one_time_by_name_asks_for_theirs(call):
    await call.turn(ActionRebut(), "busy", "在开会")
    [reply] = await call.turn(ActionDeclineVisit(), "deny", "今天下午不行", time_entity("今天下午"))
    assert reply["response"] == "utter_ask_callback_time"


async def test_a_busy_prospect_who_names_the_time_is_called_then(call):
    [reply] = await call.turn(ActionRebut(), "busy", "你下午再打来吧", time_entity("下午"))
    assert reply["response"] == "utter_confirm_callback"
    assert f"那我{TODAY_3PM}再给您打电话" in reply["text"]


@pytest.mark.parametrize(
    "now, first, second",
    [
        # late in the afternoon: tomorrow morning or afternoon
        ("2026-11-24 09:30:00", "11月25日（星期三）上午10点", "11月25日（星期三）下午3点"),
        # Friday evening: Monday, not the weekend
        ("2026-11-27 10:00:00", "11月30日（星期一）上午10点", "11月30日（星期一）下午3点"),
    ],
)
async def test_call_back_times_are_real_working_hours(call, now, first, second):
    with freeze_time(now):
        [reply] = await call.turn(ActionRebut(), "busy", "我在开车")
    assert first in reply["text"] and second in reply["text"], reply["text"]


async def test_busy_twice_then_a_courteous_retreat(call):
    await call.turn(ActionRebut(), "busy", "我在开会")
    [second] = await call.turn(ActionRebut(), "busy", "说了在忙")
    assert second["response"] == "utter_rebuttal_busy_2" and TODAY_3PM in second["text"]
    [third] = await call.turn(ActionRebut(), "busy", "忙着呢")
    assert third["response"] == "utter_retreat_busy"
    assert "12月1日（星期二）我再给您打电话" in third["text"]


async def test_that_day_i_have_a_meeting_declines_the_visit_on_the_table(call):
    await call.turn(ActionRebut(), "too_expensive", "太贵了")
    [reply] = await call.turn(ActionRebut(), "busy", "那天我要开会")
    assert reply["response"] == "utter_offer_alternatives"
    assert "11月26日（星期四）上午10点" in reply["text"]


@pytest.mark.parametrize("intent", ["busy", "deny", "affirm"])
async def test_a_day_full_of_meetings_declines_that_day_whatever_the_intent(call, intent):
    """ "明天我整天都在开会" while tomorrow 3 pm is on the table: never booked."""
    await call.turn(ActionRebut(), "too_expensive", "太贵了")
    action = {"busy": ActionRebut, "deny": ActionDeclineVisit, "affirm": ActionAcceptVisit}[intent]()
    [reply] = await call.turn(action, intent, "明天我整天都在开会", time_entity("明天"))
    assert reply["response"] == "utter_offer_alternatives" and "visit" not in call.slots
    assert "11月26日（星期四）上午10点" in reply["text"]


async def test_later_gets_a_reframe_and_a_dated_visit(call):
    [first] = await call.turn(ActionRebut(), "later", "以后再说吧")
    assert first["response"] == "utter_rebuttal_later_1"
    assert "好时候" in first["text"] and "11月25日（星期三）下午3点" in first["text"]
    [second] = await call.turn(ActionRebut(), "later", "明年再说")
    assert second["response"] == "utter_rebuttal_later_2"
    [third] = await call.turn(ActionRebut(), "later", "我考虑一下")
    assert third["response"] == "utter_retreat" and "点" not in third["text"]


async def test_an_objection_after_the_call_back_offer_proposes_a_visit_day_not_the_call_back_time(call):
    await call.turn(ActionRebut(), "busy", "我这边马上要开会")
    [reply] = await call.turn(ActionRebut(), "no_budget", "今年预算都花完了")
    assert "11月25日（星期三）下午3点" in reply["text"] and TODAY_3PM not in reply["text"]
    assert call.slots["proposed_visits"] == ["2026-11-25T15:00"] and call.slots["proposal_purpose"] == "visit"
