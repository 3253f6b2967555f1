"""Intent accuracy of the trained model on held-out sentences it never saw
(tests/nlu/heldout.yml, written separately from data/nlu/)."""

from collections import Counter, defaultdict
from pathlib import Path

import pytest
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data

from coach import registry
from coach.chinese_variant import Variant, detect
from tests.nlu.reading import parse_all, reading

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "objection-coach.tar.gz"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
# every objection coach.yml lists (the everyday lines' held-out sentences are
# in tests/nlu/everyday.yml, which test_everyday.py reads)
OBJECTIONS = set(registry.objections(ROOT / "coach.yml"))
EVERYDAY = ROOT / "tests" / "nlu" / "everyday.yml"


@pytest.fixture(scope="module")
def predictions():
    """(text, labelled intent, the intent the bot answers on a cold call)."""
    agent = Agent.load(str(MODEL))
    return [(text, want, reading(parsed)) for text, want, parsed in parse_all(agent, HELDOUT)]


def test_heldout_covers_each_objection_in_both_scripts(predictions):
    """Every objection in coach.yml has held-out sentences in both scripts:
    the main ones here, the everyday lines in everyday.yml."""
    examples = [(e.get("text"), e.get("intent")) for e in load_data(str(EVERYDAY)).intent_examples]
    examples += [(text, intent) for text, intent, _ in predictions]
    per_intent = Counter(intent for _, intent in examples)
    traditional = Counter(intent for text, intent in examples if detect(text) is Variant.TRADITIONAL)
    for objection in OBJECTIONS:
        assert per_intent[objection] >= 8, objection
        assert traditional[objection] >= 1, objection
    # the main objections, in this file: ten or more, three in Traditional
    here = Counter(intent for _, intent, _ in predictions)
    here_traditional = Counter(intent for text, intent, _ in predictions if detect(text) is Variant.TRADITIONAL)
    for objection in {o for o in OBJECTIONS if here[o]} - {"not_interested"}:
        assert here[objection] >= 10 and here_traditional[objection] >= 3, objection


def test_intent_accuracy_is_at_least_90_percent(predictions):
    wrong = [
        (text, want, got)
        for text, want, got in predictions
        if want != got and not (want == "out_of_scope" and got == "nlu_fallback")
    ]
    accuracy = 1 - len(wrong) / len(predictions)
    assert accuracy >= 0.90, f"accuracy {accuracy:.1%}; misclassified: {wrong}"


def test_traditional_sentences_are_classified_as_well_as_simplified(predictions):
    by_script = defaultdict(list)
    for text, want, got in predictions:
        script = detect(text) or Variant.SIMPLIFIED
        by_script[script].append(want == got or (want == "out_of_scope" and got == "nlu_fallback"))
    traditional = by_script[Variant.TRADITIONAL]
    assert len(traditional) >= 40
    assert sum(traditional) / len(traditional) >= 0.90


def test_out_of_scope_is_never_taken_for_an_objection(predictions):
    """The main objections, those this file covers. (Everyday lines are
    measured in test_everyday.py; "你是谁开发的" is read as who_are_you, a
    known confusion noted in the closing note.)"""
    main = {want for _, want, _ in predictions} & OBJECTIONS
    confused = [(text, got) for text, want, got in predictions if want == "out_of_scope" and got in main]
    assert not confused


def test_yes_and_no_to_a_proposal_are_understood_in_everyday_words(predictions):
    """Short answers to a proposed slot ("那天我有空", "周四我有事，不方便"): a
    misread yes loses the visit, a misread no books a slot the prospect refused."""
    answers = [(text, want, got) for text, want, got in predictions if want in ("affirm", "deny")]
    for intent in ("affirm", "deny"):
        assert sum(want == intent for _, want, _ in answers) >= 15, intent
        assert sum(want == intent and detect(text) is Variant.TRADITIONAL for text, want, _ in answers) >= 5, intent
    wrong = [(text, want, got) for text, want, got in answers if want != got]
    assert 1 - len(wrong) / len(answers) >= 0.95, wrong
