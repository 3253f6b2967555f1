"""The rebuttal a customer hears, the first, second and third time they
raise an objection (clock frozen on Tuesday 24 Nov 2026, 10:00 in Shanghai)."""

import re

import pytest
from freezegun import freeze_time

from actions.rebuttals import ActionRebut
from coach import registry

# every objection whose rebuttals propose a visit (coach.yml)
PROPOSING = [name for name, objection in registry.objections().items() if objection.proposes_visit]
TOMORROW_3PM = "11月25日（星期三）下午3点"

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def frozen_clock():
    with freeze_time("2026-11-24 02:00:00"):  # 10:00 in Asia/Shanghai
        yield


@pytest.mark.parametrize("objection", PROPOSING)
async def test_rebuttal_ends_in_a_dated_visit_proposal(call, objection):
    [reply] = await call.turn(ActionRebut(), objection, "…")
    assert reply["response"] == f"utter_rebuttal_{objection}_1"
    text = reply["text"]
    assert TOMORROW_3PM in text
    # the proposal comes last, as a closed question
    assert text.endswith("？") and TOMORROW_3PM in re.split("[。！]", text)[-1]
    assert call.slots["proposed_visits"] == ["2026-11-25T15:00"]


@pytest.mark.parametrize("objection", PROPOSING + ["not_in_charge"])
async def test_second_time_a_different_rebuttal_third_time_a_graceful_retreat(call, objection):
    [first] = await call.turn(ActionRebut(), objection, "…")
    [second] = await call.turn(ActionRebut(), objection, "…")
    [third] = await call.turn(ActionRebut(), objection, "…")
    assert second["response"] == f"utter_rebuttal_{objection}_2"
    assert second["text"] != first["text"]
    assert third["response"] == "utter_retreat"
    # no visit slot, only the working day a week on when we call again
    assert "12月1日（星期二）我再给您打个电话" in third["text"] and "点" not in third["text"]
    assert call.slots["proposed_visits"] is None
    assert call.slots["objection_counts"] == {objection: 3}


async def test_each_objection_counts_separately(call):
    await call.turn(ActionRebut(), "too_expensive", "太贵了")
    [reply] = await call.turn(ActionRebut(), "no_budget", "没预算")
    assert reply["response"] == "utter_rebuttal_no_budget_1"
    assert call.slots["objection_counts"] == {"too_expensive": 1, "no_budget": 1}


async def test_in_house_middle_manager_hears_about_efficiency(call):
    [reply] = await call.turn(ActionRebut(), "in_house", "我们内部自己能做")
    assert "补充" in reply["text"] and "效率" in reply["text"]
    assert "利润" not in reply["text"]


async def test_in_house_executive_hears_about_cost_and_profit(call):
    role = [{"entity": "role", "value": "executive"}]
    [reply] = await call.turn(ActionRebut(), "in_house", "我是老板，我们自己就能做", role)
    assert "总成本" in reply["text"] and "利润" in reply["text"]


async def test_a_role_mentioned_earlier_in_the_call_counts(call):
    await call.turn(
        ActionRebut(), "too_expensive", "我是总经理，你们太贵了", [{"entity": "role", "value": "executive"}]
    )
    [reply] = await call.turn(ActionRebut(), "in_house", "这个我们内部自己就有人做")
    assert "总成本" in reply["text"]
    [again] = await call.turn(ActionRebut(), "in_house", "真的不用，内部能做")
    assert again["response"] == "utter_rebuttal_in_house_2" and "成本" in again["text"]


async def test_not_in_charge_asks_for_name_and_direct_number_without_a_date(call):
    [reply] = await call.turn(ActionRebut(), "not_in_charge", "这事不归我管")
    assert "称呼" in reply["text"] and "直线电话" in reply["text"]
    assert "月" not in reply["text"]
    assert call.slots.get("proposed_visits") is None


async def test_not_interested_role_reversal_once_then_exit(call):
    [first] = await call.turn(ActionRebut(), "not_interested", "没兴趣，别再打了")
    assert "如果您是我" in first["text"] and "月" not in first["text"]
    [second] = await call.turn(ActionRebut(), "not_interested", "说了没兴趣")
    assert second["response"] == "utter_retreat_not_interested"
    assert "不打扰" in second["text"]


async def test_bad_experience_apologises_before_proposing(call):
    [reply] = await call.turn(ActionRebut(), "bad_experience", "上次用你们的很不满意")
    text = reply["text"]
    assert text.index("抱歉") < text.index(TOMORROW_3PM)
    assert "换作是我" in text  # empathy before the proposal


async def test_a_second_objection_keeps_the_slot_already_proposed(call):
    with freeze_time("2026-11-24 02:00:00"):
        await call.turn(ActionRebut(), "too_expensive", "太贵")
    with freeze_time("2026-11-25 02:00:00"):  # next day, same call
        [reply] = await call.turn(ActionRebut(), "no_budget", "没预算")
    assert "11月25日（星期三）" in reply["text"]
