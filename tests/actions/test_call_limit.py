"""Seed 001: about three appointment asks in one call, across all
objections; then the call closes courteously, naming the working day we call
again, and nothing more is proposed (Tuesday 24 Nov 2026, 10:00 Shanghai)."""

import dataclasses
import re

import pytest
from freezegun import freeze_time

from actions.appointments import ActionAcceptVisit, ActionCheckCustomerTime, ActionDeclineVisit, ActionOpenCall
from actions.rebuttals import ActionRebut
from coach import settings as coach_settings

PROPOSAL = re.compile(r"\d{1,2}月\d{1,2}日（星期.）(上午|下午)\d{1,2}点")
CALLBACK = "12月1日（星期二）"  # a week on, a working day


@pytest.fixture(autouse=True)
def frozen_clock():
    with freeze_time("2026-11-24 02:00:00"):
        yield


def proposes(reply) -> bool:
    return bool(PROPOSAL.search(reply["text"]))


async def test_four_different_objections_get_three_proposals_then_a_close(call):
    replies = []
    for intent, text in [
        ("too_expensive", "太贵了"),
        ("no_budget", "没预算"),
        ("have_supplier", "我们有供应商了"),
        ("send_materials", "你发资料给我吧"),
    ]:
        [reply] = await call.turn(ActionRebut(), intent, text)
        replies.append(reply)
    assert [proposes(r) for r in replies] == [True, True, True, False]
    assert replies[3]["response"] == "utter_close_call"
    assert CALLBACK in replies[3]["text"]
    assert call.slots["proposed_visits"] is None and call.slots["call_closed"] is True


async def test_after_the_close_an_objection_gets_a_short_answer_and_no_slot(call):
    for _ in range(2):
        await call.turn(ActionRebut(), "too_expensive", "太贵了")
    [retreat] = await call.turn(ActionRebut(), "too_expensive", "还是太贵")
    assert retreat["response"] == "utter_retreat" and CALLBACK in retreat["text"] and not proposes(retreat)
    for action, intent, text in [
        (ActionRebut(), "no_budget", "而且我们也没预算"),
        (ActionAcceptVisit(), "affirm", "好的"),
        (ActionOpenCall(), "greet", "喂？"),
    ]:
        [reply] = await call.turn(action, intent, text)
        assert reply["response"] == "utter_after_close" and not proposes(reply), (intent, reply["text"])
    assert call.slots["proposed_visits"] is None


async def test_declines_and_alternatives_count_as_asks(call):
    await call.turn(ActionOpenCall(), "greet", "喂，你好")  # 1
    await call.turn(ActionRebut(), "too_expensive", "太贵了")  # 2 (the same slot again)
    [offer] = await call.turn(ActionDeclineVisit(), "deny", "那天不行")  # 3: two new times
    assert offer["response"] == "utter_offer_alternatives"
    [rebuttal] = await call.turn(ActionRebut(), "no_budget", "也没预算")  # a fourth ask: closed instead
    assert rebuttal["response"] == "utter_close_call"


async def test_a_time_the_customer_names_after_the_close_is_still_booked(call):
    for intent in ("too_expensive", "no_budget", "have_supplier", "in_house"):
        await call.turn(ActionRebut(), intent, "不需要")
    assert call.slots["call_closed"] is True
    # the prospect's own offer is no push: it is taken
    [reply] = await call.turn(
        ActionCheckCustomerTime(),
        "propose_time",
        "那下周三上午十点你来吧",
        [{"entity": "time", "value": "下周三上午十点"}],
    )
    assert reply["response"] == "utter_confirm_visit" and "12月2日（星期三）上午10点" in reply["text"]


async def test_the_limit_is_a_setting(call, monkeypatch):
    settings = coach_settings.load()
    two = dataclasses.replace(settings, appointment=dataclasses.replace(settings.appointment, max_proposals_per_call=2))
    monkeypatch.setattr(coach_settings, "load", lambda *a, **k: two)
    replies = [
        (await call.turn(ActionRebut(), intent, "不用"))[0]
        for intent in ("too_expensive", "no_budget", "have_supplier")
    ]
    assert [proposes(r) for r in replies] == [True, True, False]
