"""Each scenario of the sales cycle through the REST channel, as a rep uses
it: pick it, say two or three customer lines the bot was not trained on,
hear a line from another scenario switch it, and drill it with a strong and
a weak answer; in both scripts."""

import re
import uuid

import pytest
import yaml

from coach.chinese_variant import to_simplified

SCORE = re.compile(r"得分：(\d+)/100")
DATE = re.compile(r"\d{1,2}月\d{1,2}日（星期[一二三四五六日]）")


def rep():
    return f"scenario-{uuid.uuid4()}"


def pick(stack, sender, name):
    return stack.texts(sender, f'/scenario{{"name":"{name}"}}')


def test_the_menu_lists_the_six_scenarios_and_a_button_picks_one(stack):
    sender = rep()
    reply = stack.say(sender, "菜单").json()
    assert [b["title"] for b in reply[0]["buttons"]] == [
        "陌生电话约见",
        "成交签单",
        "客户要退单",
        "售后投诉",
        "差评回访",
        "成交后回访",
    ]
    chosen = stack.texts(sender, reply[0]["buttons"][1]["payload"])
    assert chosen[0] == "好，现在练“成交签单”。" and "合同已经摆在客户面前" in chosen[1]


def test_the_menu_in_traditional(stack):
    reply = stack.say(rep(), "選單").json()
    assert "成交簽單" in [b["title"] for b in reply[0]["buttons"]]


def test_without_a_choice_an_objection_still_gets_the_cold_call_rebuttal(stack):
    [text] = stack.texts(rep(), "你们的价格也太贵了吧")
    assert "价格确实很重要" in text


def test_closing_holds_the_price_and_a_broken_machine_switches_to_the_complaint(stack):
    sender = rep()
    pick(stack, sender, "closing")
    [value] = stack.texts(sender, "这价格还是有点高啊")
    assert "总账" in value and "今天就定下来" in value
    [discount] = stack.texts(sender, "便宜三百，我立刻签字")
    assert "不打折" in discount and not re.search(r"\d+%|[一二三四五六七八九]折", discount)
    [second_plan] = stack.texts(sender, "好吧，那就签了")
    assert "两个方案" in second_plan
    switched = stack.texts(sender, "你们的打印机又坏了")
    assert switched[0] == "（这句话属于“售后投诉”，我们换到这个场景。）"
    assert "对吗" in switched[1] and DATE.search(switched[1])


def test_a_cancellation_in_traditional_asks_the_reason_then_offers_an_exchange(stack):
    sender = rep()
    chosen = stack.texts(sender, "客户要退单怎么办")
    assert "客户要退单" in chosen[0]
    [reason] = stack.texts(sender, "我想取消這筆訂單")
    assert "原因" in reason and "暫停" in reason and not re.search(r"[说办们]", reason)
    [exchange] = stack.texts(sender, "用起來不習慣，我想退貨")
    assert "換貨" in exchange and DATE.search(exchange)


def test_a_complaint_is_paraphrased_and_given_a_date_never_a_taboo_phrase(stack):
    sender = rep()
    assert "售后投诉" in stack.texts(sender, "练一下售后投诉")[0]
    [taken] = stack.texts(sender, "你们的售后电话怎么永远没人接")
    assert "对吗" in taken and "由我负责" in taken and DATE.search(taken)
    [repair] = stack.texts(sender, "我的复印机才用一个月就坏了")
    assert "师傅上门检修" in repair and "我再打电话" in repair
    taboo = yaml.safe_load(open("taboo.yml", encoding="utf-8"))["phrases"]
    assert not [p for p in taboo for t in (taken, repair) if p in t]


def test_a_review_callback_keeps_the_remedy_when_the_review_stays(stack):
    sender = rep()
    pick(stack, sender, "review_callback")
    [explained] = stack.texts(sender, "收到的货跟网上说的不一样")
    assert "换货或退货" in explained and "评价" not in explained
    [kept] = stack.texts(sender, "那条评价我不打算改")
    assert "照样给" in kept


def test_the_follow_up_plans_three_calls_and_asks_a_happy_customer_for_a_referral(stack):
    sender = rep()
    pick(stack, sender, "follow_up")
    [plan] = stack.texts(sender, "刘总今天刚签完合同")
    assert len(DATE.findall(plan)) == 3 and "有没有出现什么问题" in plan
    [referral] = stack.texts(sender, "用得挺顺的，没啥问题")
    assert "联系方式" in referral and "打声招呼" in referral
    [dropped] = stack.texts(sender, "我身边好像没人要")
    assert "没关系" in dropped and "联系方式" not in dropped


STRONG = {
    "closing": (
        "ask_discount",
        "理解您想要实惠。我们对每位客户都是统一价，不打折，但算下来包含上门维修，物有所值。"
        "您最看重哪一点？除了价格还有其他要求吗？",
    ),
    "cancellation": (
        "cancel_order",
        "明白，尊重您的想法。方便说说是什么原因吗？如果是方案不合适，可以先暂停或调整。真要退，手续我来办，下周一前给您回复。",
    ),
    "complaint": ("product_broken", "真抱歉给您添麻烦了。您是说机器总是坏，对吗？明天下午3点我安排师傅上门检修。"),
    "review_callback": (
        "keep_review",
        "没关系，评价是您的权利，我们尊重。不管改不改，补偿照样给您，也谢谢您的意见，真对不起让您不愉快了。",
    ),
    "follow_up": (
        "all_good",
        "太好了，谢谢您！有没有哪里不顺手？您身边像您这样开店的老板有需要的话，能给我个联系方式吗？麻烦您先帮我打声招呼。",
    ),
}


WEAK = {
    "closing": "行吧，给您打个九折。",
    "cancellation": "退单很麻烦的，您再想想吧。",
    "complaint": "不可能吧，我们的机器一向没问题。",
    "review_callback": "您改成好評，我們就給您補償。",  # a rep typing Traditional
    "follow_up": "好的，那我们下次再联系。",
}


@pytest.mark.parametrize("scenario", list(WEAK))
def test_each_scenario_pushes_back_on_a_weak_answer(stack, scenario):
    sender = rep()
    move, _ = STRONG[scenario]
    pushback = yaml.safe_load(open(f"drill/{scenario}.yml", encoding="utf-8"))["moves"][move]["pushback"]
    stack.texts(sender, f'/start_drill{{"scenario":"{scenario}","objection":"{move}"}}')
    replies = stack.texts(sender, WEAK[scenario])
    assert int(SCORE.search(replies[0]).group(1)) <= 30, replies[0]
    # the same customer pushes once more, in the rep's script
    assert to_simplified(re.sub(r"^【客[户戶]】", "", replies[-1])) in pushback


@pytest.mark.parametrize("scenario", list(STRONG))
def test_each_scenario_drills_a_move_and_grades_a_strong_answer(stack, scenario):
    sender = rep()
    move, answer = STRONG[scenario]
    lines = yaml.safe_load(open(f"drill/{scenario}.yml", encoding="utf-8"))["moves"][move]["lines"]
    opening = stack.texts(sender, f'/start_drill{{"scenario":"{scenario}","objection":"{move}"}}')
    assert "一共1句客户的话" in opening[0]
    assert opening[-1].removeprefix("【客户】") in lines
    replies = stack.texts(sender, answer)
    assert int(SCORE.search(replies[0]).group(1)) >= 70, replies[0]
    assert replies[1] == "参考话术："
    assert "练习结束" in replies[-1]


def test_inside_a_scenario_start_drill_drills_that_scenario_and_a_weak_answer_is_pushed_back(stack):
    sender = rep()
    pick(stack, sender, "closing")
    opening = stack.texts(sender, "开始练习")
    assert "成交签单" in opening[0] and "一共7句客户的话" in opening[0]
    replies = stack.texts(sender, "行吧，给您打个九折。")
    assert int(SCORE.search(replies[0]).group(1)) <= 30
    assert replies[-1].startswith("【客户】")  # one more push on the same move
    assert "练习结束" in stack.texts(sender, "结束练习")[-1]
