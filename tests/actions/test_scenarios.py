"""The scenarios of the sales cycle, turn by turn through the real actions
and domain: picking one, the menu, the same words answered by the scenario in
force, a move of another scenario switching to it, closing's rules (no
discount the settings do not allow, three asks, a second plan for a fast
yes), the complaint's dated commitment, and the 2-5-12 follow-up plan."""

from __future__ import annotations

import re

import pytest
import yaml
from freezegun import freeze_time

from actions.appointments import ActionAcceptVisit, ActionOpenCall
from actions.help import ActionExplain
from actions.rebuttals import ActionRebut
from actions.scenarios import ActionChooseScenario, ActionMenu
from coach import registry
from coach import settings as coach_settings
from tests.conftest import ROOT

SCENARIOS = registry.scenarios(ROOT / "coach.yml")
OTHERS = [name for name in SCENARIOS if name != registry.COLD_CALL]


def texts(messages):
    return [m["text"] for m in messages]


async def pick(call, name):
    return await call.turn(
        ActionChooseScenario(), "scenario", f'/scenario{{"name":"{name}"}}', [{"entity": "name", "value": name}]
    )


def test_six_scenarios_with_the_cold_call_first():
    assert list(SCENARIOS) == ["cold_call", "closing", "cancellation", "complaint", "review_callback", "follow_up"]
    for scenario in SCENARIOS.values():
        assert scenario.title and (scenario.cold_call or len(scenario.moves) >= 4), scenario.name


async def test_the_menu_offers_every_scenario_as_a_button_and_leaves_the_one_in_force(call):
    await pick(call, "closing")
    [menu] = await call.turn(ActionMenu(), "menu", "菜单")
    assert [b["title"] for b in menu["buttons"]] == [s.title for s in SCENARIOS.values()]
    assert menu["buttons"][1]["payload"] == '/scenario{"name": "closing"}'
    assert call.slots["scenario"] is None  # back to the cold call


@pytest.mark.parametrize("name", OTHERS)
async def test_picking_a_scenario_says_which_one_and_sets_the_scene(call, name):
    said = await pick(call, name)
    assert said[0]["text"] == f"好，现在练“{SCENARIOS[name].title}”。"
    assert said[1]["response"] == f"utter_{name}_start"
    assert call.slots["scenario"] == name


@pytest.mark.parametrize(
    "text, name",
    [
        ("练习成交", "closing"),
        ("客户要退单怎么办", "cancellation"),
        ("差评回访怎么做", "review_callback"),
        ("成交后回访怎么做", "follow_up"),
    ],
)
async def test_a_scenario_asked_for_in_words(call, text, name):
    said = await call.turn(ActionChooseScenario(), "scenario", text)
    assert SCENARIOS[name].title in said[0]["text"]
    assert call.slots["scenario"] == name


async def test_words_that_name_no_scenario_get_the_menu(call):
    [menu] = await call.turn(ActionChooseScenario(), "scenario", "我想练点别的")
    assert len(menu["buttons"]) == len(SCENARIOS)


async def test_without_a_choice_too_expensive_gets_the_cold_call_rebuttal(call, frozen_clock):
    [reply] = await call.turn(ActionRebut(), "too_expensive", "太贵了")
    assert reply["response"] == "utter_rebuttal_too_expensive_1"


async def test_at_the_signing_table_too_expensive_holds_the_value_and_asks_to_close(call, frozen_clock):
    await pick(call, "closing")
    [reply] = await call.turn(ActionRebut(), "too_expensive", "太贵了")
    assert reply["response"] == "utter_closing_too_expensive_1"
    assert "总账" in reply["text"] and "今天就定下来" in reply["text"]


DISCOUNT = re.compile(r"\d+\s*%|[一二三四五六七八九]折|(?<!不)打折|降价|优惠")


def test_no_closing_answer_offers_a_discount_except_the_one_the_settings_allow():
    responses = yaml.safe_load((ROOT / "domain" / "closing.yml").read_text(encoding="utf-8"))["responses"]
    said_to_customers = {n: v for n, v in responses.items() if not n.endswith(("_start", "_why"))}
    offering = [
        name for name, variations in said_to_customers.items() for v in variations if DISCOUNT.search(v["text"])
    ]
    assert offering == ["utter_closing_ask_discount_allowed"]


async def test_a_discount_demand_is_not_given_a_discount_by_default(call, frozen_clock):
    await pick(call, "closing")
    first = await call.turn(ActionRebut(), "ask_discount", "再便宜点我就签")
    second = await call.turn(ActionRebut(), "ask_discount", "别家给打八折")
    assert [m["response"] for m in first + second] == ["utter_closing_ask_discount_1", "utter_closing_ask_discount_2"]
    assert not any(DISCOUNT.search(t) for t in texts(first + second))


async def test_a_discount_the_company_allows_is_offered_at_its_size(call, frozen_clock, tmp_path, monkeypatch):
    text = (ROOT / "coach.yml").read_text(encoding="utf-8").replace("discount_percent: 0", "discount_percent: 5")
    (tmp_path / "coach.yml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(coach_settings, "DEFAULT_PATH", tmp_path / "coach.yml")
    await pick(call, "closing")
    [reply] = await call.turn(ActionRebut(), "ask_discount", "再便宜点我就签")
    assert reply["response"] == "utter_closing_ask_discount_allowed" and "5%" in reply["text"]


async def test_after_three_asks_to_close_the_bot_asks_what_stands_in_the_way(call, frozen_clock):
    await pick(call, "closing")
    said = []
    moves = [
        ("too_expensive", "太贵了"),
        ("later", "我再考虑考虑"),  # finding the concern is not an ask
        ("last_requirement", "还有个条件"),
        ("too_expensive", "还是贵"),
        ("last_requirement", "还有一条"),
    ]
    for intent, text in moves:
        said += await call.turn(ActionRebut(), intent, text)
    assert [m["response"] for m in said] == [
        "utter_closing_too_expensive_1",
        "utter_closing_later_1",
        "utter_closing_last_requirement_1",
        "utter_closing_too_expensive_2",
        "utter_closing_over_limit",
    ]
    assert "是什么让您今天还下不了决定" in said[-1]["text"]


async def test_a_fast_yes_gets_the_second_plan_then_signing_gets_thanks_next_steps_and_the_referral_ask(
    call, frozen_clock
):
    await pick(call, "closing")
    [fast] = await call.turn(ActionAcceptVisit(), "affirm", "好的")  # treat_as: affirm is ready_to_sign here
    [signed] = await call.turn(ActionRebut(), "ready_to_sign", "行，签吧")
    assert fast["response"] == "utter_closing_ready_to_sign_1" and "方案" in fast["text"]
    assert "谢谢" in signed["text"] and "11月25日（星期三）下午3点" in signed["text"]
    assert "文章" in signed["text"] and "介绍" in signed["text"]


async def test_a_call_flow_line_the_scenario_has_no_use_for_gets_a_reminder(call, frozen_clock):
    await pick(call, "complaint")
    [reply] = await call.turn(ActionOpenCall(), "greet", "喂，你好")
    assert reply["response"] == "utter_scenario_off_script"
    assert "售后投诉" in reply["text"] and "菜单" in reply["text"]


async def test_a_complaint_gets_a_paraphrase_a_dated_repair_the_follow_up_call_and_a_little_more(call, frozen_clock):
    await pick(call, "complaint")
    [reply] = await call.turn(ActionRebut(), "product_broken", "机器老是坏")
    # Tuesday 24 Nov: the repair on the next working day, the follow-up call the working day after it
    assert "对吗" in reply["text"]
    assert "11月25日（星期三）下午3点师傅上门检修" in reply["text"]
    assert "11月26日（星期四）我再打电话" in reply["text"]
    assert "免费给您的机器做一次全面保养" in reply["text"]


@pytest.mark.parametrize(
    "now, repair, follow_up",
    [
        # Wednesday before National Day: 1-7 October are off
        ("2026-09-30 02:00:00", "10月8日（星期四）下午3点", "10月9日（星期五）"),
        # Thursday 8 October: the call after a Friday repair is on the make-up Saturday
        ("2026-10-08 02:00:00", "10月9日（星期五）下午3点", "10月10日（星期六）"),
    ],
)
async def test_a_repair_and_its_follow_up_call_fall_on_working_days(call, now, repair, follow_up):
    with freeze_time(now):
        await pick(call, "complaint")
        [reply] = await call.turn(ActionRebut(), "product_broken", "机器坏了三天了")
    assert f"{repair}师傅上门检修" in reply["text"]
    assert f"{follow_up}我再打电话" in reply["text"]


async def test_a_move_of_another_scenario_switches_to_it_and_says_so(call, frozen_clock):
    said = await call.turn(ActionRebut(), "product_broken", "机器坏了三天了", ranking=[("product_broken", 0.93)])
    assert said[0]["text"] == "（这句话属于“售后投诉”，我们换到这个场景。）"
    assert said[1]["response"] == "utter_complaint_product_broken_1"
    assert call.slots["scenario"] == "complaint"


async def test_a_close_reading_in_the_scenario_in_force_wins_over_a_switch(call, frozen_clock):
    ranking = [("service_unreachable", 0.46), ("bad_experience", 0.35)]
    said = await call.turn(ActionRebut(), "service_unreachable", "你们售后根本没人管", ranking=ranking)
    assert [m["response"] for m in said] == ["utter_rebuttal_bad_experience_1"]
    assert call.slots.get("scenario") is None


async def test_the_same_move_is_answered_by_each_scenario_in_its_own_way(call, frozen_clock):
    await pick(call, "review_callback")
    [review] = await call.turn(ActionRebut(), "product_broken", "质量太差了")
    await pick(call, "complaint")
    [complaint] = await call.turn(ActionRebut(), "product_broken", "质量太差了")
    assert review["response"] == "utter_review_callback_product_broken_1"
    assert complaint["response"] == "utter_complaint_product_broken_1"


async def test_a_review_remedy_comes_before_the_ask_and_is_kept_when_the_customer_keeps_the_review(call, frozen_clock):
    await pick(call, "review_callback")
    [first] = await call.turn(ActionRebut(), "product_broken", "质量太差了")
    [second] = await call.turn(ActionRebut(), "product_broken", "反正就是质量差")
    [kept] = await call.turn(ActionRebut(), "keep_review", "评价我不改")
    assert "评价" not in first["text"] and "上门检测" in first["text"]
    assert "评价" in second["text"] and "照样" in second["text"]
    assert "照样给" in kept["text"]


async def test_why_explains_the_answer_of_the_scenario_in_force(call, frozen_clock):
    await pick(call, "closing")
    await call.turn(ActionRebut(), "ask_discount", "打个折吧")
    [why] = await call.turn(ActionExplain(), "explain", "为什么这么说？")
    assert why["response"] == "utter_closing_ask_discount_why"


@pytest.mark.parametrize(
    "now, report, signed, calls",
    [
        # signed Monday 29 Sept 2025, reported the same day: 1-8 October are off, so day 2 and day 5
        # are the first working days after, one after the other; day 12 is the make-up Saturday
        (
            "2025-09-29 03:00:00",
            "王总今天签了",
            "今天",
            ["10月9日（星期四）", "10月10日（星期五）", "10月11日（星期六）"],
        ),
        # Thursday 26 Nov 2026, "yesterday": day 2 Friday 27, day 5 Monday 30, day 12 Monday 7 December
        (
            "2026-11-26 02:00:00",
            "李经理昨天签的合同",
            "11月25日（星期三）",
            ["11月27日（星期五）", "11月30日（星期一）", "12月7日（星期一）"],
        ),
        # Wednesday 2 Dec, signed the Friday before: the missed day-2 call is today, day 5 the next working day
        (
            "2026-12-02 02:00:00",
            "陈总上周五签的单",
            "11月27日（星期五）",
            ["今天", "12月3日（星期四）", "12月9日（星期三）"],
        ),
    ],
)
async def test_the_follow_up_plan_counts_2_5_12_on_working_days_from_the_signing(call, now, report, signed, calls):
    with freeze_time(now):
        await pick(call, "follow_up")
        [plan] = await call.turn(ActionRebut(), "deal_signed", report)
    assert f"签单日：{signed}" in plan["text"]
    for n, day in zip(("第一次", "第二次", "第三次"), calls):
        assert f"{n} {day}：" in plan["text"]
    assert "有没有出现什么问题" in plan["text"] and "感谢您今天的信任" in plan["text"]


async def test_picking_a_scenario_starts_afresh(call, frozen_clock):
    await call.turn(ActionRebut(), "too_expensive", "太贵了")
    await pick(call, "cancellation")
    [reply] = await call.turn(ActionRebut(), "cancel_order", "我想把订单退了")
    assert reply["response"] == "utter_cancellation_cancel_order_1"
    assert call.slots["objection_counts"] == {"cancel_order": 1}
    assert call.slots["proposals_made"] == 0


async def test_an_insistent_cancellation_gets_the_steps_and_a_date_and_no_pressure(call, frozen_clock):
    await pick(call, "cancellation")
    said = []
    for text in ("我想把订单退了", "我就是要退", "别劝了，退吧"):
        said += await call.turn(ActionRebut(), "cancel_order", text)
    assert [m["response"] for m in said] == [
        "utter_cancellation_cancel_order_1",
        "utter_cancellation_cancel_order_2",
        "utter_cancellation_cancel_order_retreat",
    ]
    assert "原因" in said[0]["text"] and "暂停" in said[1]["text"]
    assert "尊重您的决定" in said[2]["text"] and "11月25日（星期三）" in said[2]["text"]


def scenario_texts():
    for path in sorted((ROOT / "domain").glob("*.yml")):
        for name, variations in (yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}).items():
            for variation in variations:
                yield pytest.param(variation["text"], id=name)


@pytest.mark.parametrize("text", list(scenario_texts()))
def test_no_response_says_a_taboo_phrase_in_either_script(text):
    from coach.chinese_variant import to_traditional
    from coach.drill.grader import taboos_in
    from coach.drill.rubrics import load_taboos

    penalties = load_taboos(ROOT / "taboo.yml")
    for said in (text, to_traditional(text, "s2twp")):
        assert taboos_in(penalties, said) == []


async def test_a_plain_no_in_a_picked_scenario_stays_in_it(call, frozen_clock):
    await pick(call, "review_callback")
    said = await call.turn(ActionRebut(), "not_interested", "不用了")
    assert [m["response"] for m in said] == ["utter_review_callback_keep_review_1"]
    assert call.slots["scenario"] == "review_callback"


async def test_a_switch_starts_the_new_scenario_afresh(call, frozen_clock):
    await pick(call, "closing")
    await call.turn(ActionRebut(), "too_expensive", "太贵了")
    said = await call.turn(ActionRebut(), "send_materials", "你先把资料寄给我吧", ranking=[("send_materials", 0.9)])
    assert said[0]["text"] == "（这句话属于“陌生电话约见”，我们换到这个场景。）"
    [rebuttal] = await call.turn(ActionRebut(), "too_expensive", "还是太贵")
    assert rebuttal["response"] == "utter_rebuttal_too_expensive_1"  # the closing's try is not counted here
