"""Which script the bot answers in, and what the NLU sees of raw input."""

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from coach.cleaning import has_words, normalize
from coach.chinese_variant import Variant, detect, detect_latest, to_traditional
from nlg.chinese_variant_nlg import ChineseVariantNLG


@pytest.mark.parametrize(
    "text, script",
    [
        ("我们已经有供应商了", Variant.SIMPLIFIED),
        ("我們已經有供應商了", Variant.TRADITIONAL),
        ("好的", None),
        ("OK", None),
        ("", None),
    ],
)
def test_detect(text, script):
    assert detect(text) is script


def test_a_neutral_reply_keeps_the_script_used_before():
    assert detect_latest(["好的", "我們沒有預算"]) is Variant.TRADITIONAL
    assert detect_latest(["好的", "可以"]) is Variant.SIMPLIFIED


@pytest.fixture(scope="module")
def nlg():
    return ChineseVariantNLG(domain=Domain.load("domain"))


def tracker(*texts):
    events = []
    for text in texts:
        events += [UserUttered(text), BotUttered("…")]
    return DialogueStateTracker.from_events("s", events)


async def test_traditional_customer_reads_traditional(nlg):
    reply = await nlg.generate("utter_goodbye", tracker("你們太貴了", "好"), "rest")
    assert reply["text"] == "好的，謝謝您接我的電話，祝您工作順利，再見！"


async def test_simplified_customer_reads_simplified(nlg):
    reply = await nlg.generate("utter_goodbye", tracker("你们太贵了"), "rest")
    assert reply["text"] == "好的，谢谢您接我的电话，祝您工作顺利，再见！"


async def test_buttons_an_action_sends_follow_the_script_too(nlg):
    """The scenario menu's buttons come from the action, not the template;
    Rasa appends them after the NLG, so they are converted where they are."""
    menu = [{"title": "成交签单", "payload": '/scenario{"name": "closing"}'}]
    await nlg.generate("utter_menu", tracker("選單"), "rest", buttons=menu)
    assert menu == [{"title": "成交簽單", "payload": '/scenario{"name": "closing"}'}]


async def test_button_titles_follow_the_script_and_payloads_stay(nlg):
    values = dict(
        option1_date="11月26日（星期四）",
        option1_time="上午10点",
        option1_iso="2026-11-26T10:00",
        option2_date="11月26日（星期四）",
        option2_time="下午3点",
        option2_iso="2026-11-26T15:00",
    )
    reply = await nlg.generate("utter_offer_alternatives", tracker("那天不行，沒時間"), "rest", **values)
    assert reply["text"].startswith("沒關係")
    assert reply["buttons"][2]["title"] == "都不方便"
    assert reply["buttons"][0]["payload"] == '/propose_time{"time":"2026-11-26T10:00"}'


@pytest.mark.parametrize(
    "raw, seen",
    [
        ("<script>alert(1)</script>你們太貴了", "你们太贵了"),
        ("<p onclick='x()'>价格<b>太高</b></p>", "价格 太高"),
        ("ＡＢＣ　１２３", "ABC 123"),
        ("  太贵\n\t了 ", "太贵 了"),
        ("a\x00b", "a b"),
    ],
)
def test_normalize(raw, seen):
    assert normalize(raw) == seen


def test_normalize_cuts_a_flood_of_one_character_but_not_a_phone_number():
    assert normalize("你们价格太贵了。" + "嗯" * 5000) == "你们价格太贵了。嗯嗯嗯"
    assert normalize("太贵了！！！！！！") == "太贵了!!!"
    assert normalize("我的电话是13800000000") == "我的电话是13800000000"


def test_normalize_cuts_long_input():
    assert len(normalize("太贵了" * 5000)) == 300


@pytest.mark.parametrize(
    "text, words",
    [("😀😀", False), ("？？！", False), ("∅", False), ("", False), ("好", True), ("ok", True), ("3", True)],
)
def test_has_words(text, words):
    assert has_words(text) is words


# Known pitfalls of character-by-character conversion: each must come out as
# a Traditional reader writes it, in every variant the settings allow.
PITFALLS = [
    ("当面聊十几分钟", "當面聊十幾分鐘"),
    ("只占用您几分钟", "只佔用您幾分鐘"),
    ("三天后我再给您打电话", "三天後我再給您打電話"),
    ("两天后见", "兩天後見"),
    ("头发", "頭髮"),
    ("干净", "乾淨"),
    ("一刻钟就够", "一刻鐘就夠"),
    # signing is 簽 (a closing is all about it); 籤 only for a slip or a label
    ("今天就签合同", "今天就簽合同"),
    ("签之前再确认一下", "簽之前再確認一下"),
    ("先别签，想想", "先別簽，想想"),
    ("贴个标签", "貼個標籤"),
    ("抽签决定", "抽籤決定"),
]


@pytest.mark.parametrize("variant", ["s2t", "s2tw", "s2twp", "s2hk"])
@pytest.mark.parametrize("simplified, traditional", PITFALLS)
def test_traditional_output_is_converted_by_phrase(variant, simplified, traditional):
    assert to_traditional(simplified, variant) == traditional
