"""`make try`: what the bot makes of a sentence, with no server running,
agrees with what the REST channel answers at the start of a call."""

import subprocess
import sys
import uuid

import pytest

from server.stack import ROOT


def try_(*sentences):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/try.py"), *sentences],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture(scope="module")
def tried():
    return try_("你们离我们远不远？", "嗯嗯嗯", "我們老闆今天不在")


def test_it_shows_intent_runners_up_reply_and_nearest_examples_and_nothing_else(tried):
    lines = [line for line in tried.stdout.splitlines() if line.strip()]
    assert lines[0] == "“你们离我们远不远？”" and lines[1].startswith("  意图 intent: where_are_you")
    assert lines[2].startswith("  其次 runners-up: ")
    assert "最像的例句 / nearest training examples:" in tried.stdout
    assert tried.stderr.strip() == ""  # no warnings, no Rasa chatter


@pytest.mark.parametrize("sentence", ["你们离我们远不远？", "我們老闆今天不在"])
def test_the_reply_is_the_one_the_rest_channel_gives(tried, stack, sentence):
    [rest] = stack.texts(f"try-{uuid.uuid4()}", sentence)
    block = tried.stdout.split(f"“{sentence}”")[1].split("最像的例句")[0]
    assert rest in block, (rest, block)
