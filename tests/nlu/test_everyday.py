"""Everyday prospect lines (tests/nlu/everyday.yml, written apart from the
training data): each gets its own script or the clarifying question, never
another objection's script."""

from collections import Counter
from pathlib import Path

import pytest
from rasa.core.agent import Agent


from coach.chinese_variant import Variant, detect
from coach.settings import load
from tests.nlu.reading import parse_all, reading

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "objection-coach.tar.gz"
LINES = ROOT / "tests" / "nlu" / "everyday.yml"
EVERYDAY = {"who_are_you", "boss_out", "do_not_call", "just_bought", "where_are_you", "vague"}


@pytest.fixture(scope="module")
def predictions():
    """(text, labelled intent, the intent the bot answers on a cold call)."""
    agent = Agent.load(str(MODEL))
    return [(text, want, reading(parsed)) for text, want, parsed in parse_all(agent, LINES)]


def test_the_file_covers_every_everyday_line_in_both_scripts(predictions):
    assert len(predictions) >= 60
    per_intent = Counter(want for _, want, _ in predictions)
    traditional = Counter(want for text, want, _ in predictions if detect(text) is Variant.TRADITIONAL)
    for intent in EVERYDAY:
        assert per_intent[intent] >= 8 and traditional[intent] >= 1, intent


def test_each_line_gets_its_script_or_the_clarifying_question(predictions):
    fitting = [want == got or got == "vague" for _, want, got in predictions]
    wrong = [(text, want, got) for text, want, got in predictions if want != got and got != "vague"]
    assert sum(fitting) / len(fitting) >= 0.90, wrong


def test_a_hostile_line_never_gets_the_role_reversal_question(predictions):
    """The role-reversal question assumes a calm prospect and provokes an
    annoyed one: "烦不烦" and its like must never get it."""
    reversal = {name for name, objection in load().objections.items() if objection.role_reversal}
    provoked = [(text, got) for text, want, got in predictions if want == "do_not_call" and got in reversal]
    assert not provoked
