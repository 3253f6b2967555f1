"""The drill starts and stops only on its commands (drill/commands.yml),
whatever the classifier guessed."""

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from coach import commands
from components.command_gate import DrillCommandGate


def classified(text, *ranking):
    message = Message(data={TEXT: text})
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message.set(INTENT, ranked[0])
    message.set(INTENT_RANKING_KEY, ranked)
    return message


def gate(message):
    [out] = DrillCommandGate({"threshold": 0.3}).process([message])
    return out.get(INTENT)["name"]


@pytest.mark.parametrize(
    "text, guess, expected",
    [
        ("别烦我", ("start_drill", 0.5), "do_not_call"),  # a prospect's line: the next guess
        ("你考考我啊？", ("start_drill", 0.6), "nlu_fallback"),  # and an unsure next guess: the fallback
        ("我不想练了，这个价格太贵", ("stop_drill", 0.5), "too_expensive"),
        ("开始练习", ("greet", 0.4), "start_drill"),  # a command whatever the guess
        ("開始練習吧！", ("start_drill", 0.9), "start_drill"),
        ("Start Drill", ("out_of_scope", 0.7), "start_drill"),
        ("结束练习。", ("stop_drill", 0.9), "stop_drill"),
        ("再练一次", ("start_drill", 0.3), "start_drill"),
        ("你们价格太贵了", ("too_expensive", 0.8), "too_expensive"),  # anything else is left alone
        ("練習客訴", ("start_drill", 0.5), "scenario"),  # "practise <a scenario>" picks that scenario
        ("练一下签单", ("start_drill", 0.3), "scenario"),
        ("我的成绩", ("too_expensive", 0.4), "my_results"),  # the rep's own results, in or out of a drill
        ("我练得怎么样", ("my_results", 0.7), "my_results"),  # not a command, but left alone
    ],
)
def test_only_commands_start_or_stop_a_drill(text, guess, expected):
    others = {
        "start_drill": [("do_not_call", 0.35), ("not_interested", 0.1)],
        "stop_drill": [("too_expensive", 0.4)],
    }.get(guess[0], [("greet", 0.1)])
    if text == "你考考我啊？":
        others = [("who_are_you", 0.2)]
    assert gate(classified(text, guess, *others)) == expected


def test_a_hint_request_counts_anywhere_in_the_answer():
    book = commands.load()
    assert book.asks_for_hint("我不知道该怎么回，给点提示？")
    assert not book.asks_for_hint("您说得对，价格确实很重要")
    assert book.command("我不知道该怎么回，给点提示？") is None


@pytest.mark.parametrize("answer", ["我也不知道怎么回事，您看周三行吗", "这个问题该怎么回答您呢"])
def test_an_answer_that_only_sounds_unsure_is_graded_not_hinted(answer):
    assert not commands.load().asks_for_hint(answer)


def test_a_broken_command_file_keeps_the_bot_answering_with_the_last_good_commands(tmp_path):
    path = tmp_path / "commands.yml"
    path.write_text(open(commands.PATH, encoding="utf-8").read(), encoding="utf-8")
    assert commands.current(path).command("练一下") == "start"
    path.write_text("start:\n\t- 开始\n", encoding="utf-8")  # a trainer's typo, saved while the bot runs
    assert commands.current(path).command("练一下") == "start"  # the last good ones
    assert commands.current(tmp_path / "missing.yml").command("开始练习") == "start"  # the built-in few


@pytest.mark.parametrize("said", ["我的成绩", "我的成績！", "查成绩吧"])
def test_my_results_is_a_whole_message_command(said):
    assert commands.load().command(said) == "results"
    assert commands.load().command("客户问我的成绩怎么样") is None


def test_a_command_file_from_before_results_keeps_the_built_in_words(tmp_path):
    path = tmp_path / "commands.yml"
    text = open(commands.PATH, encoding="utf-8").read()
    path.write_text(text[: text.index("\nresults:")] + "\n", encoding="utf-8")
    assert commands.load(path).command("我的成绩") == "results"
    assert commands.load(path).command("查成绩") is None  # only the built-in word
