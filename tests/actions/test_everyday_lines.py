"""What prospects say every day on a cold call, and the rep's "why?" (clock
frozen on Tuesday 24 Nov 2026, 10:00 in Shanghai)."""

import pytest

from actions.appointments import ActionAcceptVisit, ActionOpenCall
from actions.help import ActionExplain
from actions.rebuttals import ActionRebut
from coach import checks
from tests.conftest import ROOT

TOMORROW_3PM = "11月25日（星期三）下午3点"


pytestmark = pytest.mark.usefixtures("frozen_clock")  # tests/conftest.py


async def test_who_are_you_gets_one_line_of_introduction_and_the_proposal(call):
    [reply] = await call.turn(ActionRebut(), "who_are_you", "你们是做什么的？")
    assert "星辰办公" in reply["text"] and "小王" in reply["text"] and TOMORROW_3PM in reply["text"]


async def test_the_decision_maker_out_asks_when_and_for_the_direct_line_without_a_slot(call):
    [reply] = await call.turn(ActionRebut(), "boss_out", "我们老板不在，你改天再打吧")
    assert "什么时候在" in reply["text"] and "直线电话" in reply["text"] and "月" not in reply["text"]
    assert call.slots.get("proposed_visits") is None


async def test_where_are_you_names_the_place_from_the_settings(call):
    [reply] = await call.turn(ActionRebut(), "where_are_you", "你们离我们远不远？")
    assert "上海市浦东新区" in reply["text"] and TOMORROW_3PM in reply["text"]


async def test_a_vague_answer_gets_one_gentle_question_then_a_courteous_exit(call):
    [question] = await call.turn(ActionRebut(), "vague", "嗯，再说吧")
    assert question["response"] == "utter_rebuttal_vague_1" and question["text"].endswith("？")
    assert "月" not in question["text"]
    [exit_] = await call.turn(ActionRebut(), "vague", "嗯……看看吧")
    assert exit_["response"] == "utter_retreat"


async def test_do_not_call_apologises_and_pushes_nothing_more(call):
    await call.turn(ActionOpenCall(), "greet", "喂")
    [reply] = await call.turn(ActionRebut(), "do_not_call", "不要再打来了")
    assert reply["response"] == "utter_rebuttal_do_not_call_1"
    assert "抱歉" in reply["text"] and "不再给您打电话" in reply["text"] and "如果您是我" not in reply["text"]
    assert call.slots["proposed_visits"] is None and call.slots["do_not_call"] is True
    # whatever comes next: no slot, no call-back date, no role reversal
    for action, intent, text in [
        (ActionAcceptVisit(), "affirm", "好"),
        (ActionRebut(), "too_expensive", "太贵"),
        (ActionRebut(), "not_interested", "没兴趣"),
    ]:
        [after] = await call.turn(action, intent, text)
        assert after["response"] == "utter_after_do_not_call", (intent, after)


async def test_do_not_call_after_the_role_reversal_question_is_respected(call):
    await call.turn(ActionRebut(), "not_interested", "没兴趣")
    [reply] = await call.turn(ActionRebut(), "do_not_call", "烦不烦啊，别再打了")
    assert reply["response"] == "utter_rebuttal_do_not_call_1"


async def test_why_explains_the_script_just_shown(call):
    await call.turn(ActionRebut(), "too_expensive", "太贵了")
    [why] = await call.turn(ActionExplain(), "explain", "为什么这么说？")
    assert why["response"] == "utter_why_too_expensive" and "总成本" in why["text"]


async def test_why_before_any_script_says_how_to_use_it(call):
    [why] = await call.turn(ActionExplain(), "explain", "为什么这么说？")
    assert why["response"] == "utter_why_nothing"


def test_every_objection_has_its_reasoning(domain):
    from coach.settings import load

    missing = [o for o in load().objections if f"utter_why_{o}" not in domain["responses"]]
    assert not missing


def test_every_reply_on_the_phone_fits_one_breath():
    """coach.yml reply.max_spoken_chars (70): make check would warn."""
    assert [str(w) for w in checks.warnings(ROOT)] == []


async def test_why_after_do_not_call_explains_the_respect(call):
    await call.turn(ActionRebut(), "too_expensive", "太贵了")
    await call.turn(ActionRebut(), "do_not_call", "别再打了")
    [why] = await call.turn(ActionExplain(), "explain", "为什么这么说？")
    assert why["response"] == "utter_why_do_not_call"
