"""Intent accuracy of the trained model on held-out sentences it never saw
(tests/nlu/heldout.yml, written separately from data/nlu/)."""

from collections import Counter, defaultdict
from pathlib import Path

import pytest
from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data

from coach.script import Script, detect

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "objection-coach.tar.gz"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
OBJECTIONS = {
    "send_materials",
    "in_house",
    "have_supplier",
    "not_in_charge",
    "no_budget",
    "too_expensive",
    "bad_experience",
    "not_interested",
    "busy",
    "later",
}


@pytest.fixture(scope="module")
def predictions():
    agent = Agent.load(str(MODEL))
    examples = load_data(str(HELDOUT)).intent_examples
    results = []
    for example in examples:
        parsed = agent.processor._parse_message_with_graph(  # noqa: SLF001 (sync NLU only)
            _message(example.get("text")), _tracker()
        )
        results.append((example.get("text"), example.get("intent"), parsed["intent"]["name"]))
    return results


def _message(text):
    from rasa.core.channels import UserMessage

    return UserMessage(text)


def _tracker():
    from rasa.shared.core.trackers import DialogueStateTracker

    return DialogueStateTracker.from_events("nlu-eval", [])


def test_heldout_covers_each_objection_in_both_scripts(predictions):
    per_intent = Counter(intent for _, intent, _ in predictions)
    traditional = Counter(intent for text, intent, _ in predictions if detect(text) is Script.TRADITIONAL)
    for objection in OBJECTIONS - {"not_interested"}:
        assert per_intent[objection] >= 10, objection
        assert traditional[objection] >= 3, objection


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
        script = detect(text) or Script.SIMPLIFIED
        by_script[script].append(want == got or (want == "out_of_scope" and got == "nlu_fallback"))
    traditional = by_script[Script.TRADITIONAL]
    assert len(traditional) >= 40
    assert sum(traditional) / len(traditional) >= 0.90


def test_out_of_scope_is_never_taken_for_an_objection(predictions):
    confused = [(text, got) for text, want, got in predictions if want == "out_of_scope" and got in OBJECTIONS]
    assert not confused


def test_yes_and_no_to_a_proposal_are_understood_in_everyday_words(predictions):
    """Short answers to a proposed slot ("那天我有空", "周四我有事，不方便"): a
    misread yes loses the visit, a misread no books a slot the prospect refused."""
    answers = [(text, want, got) for text, want, got in predictions if want in ("affirm", "deny")]
    for intent in ("affirm", "deny"):
        assert sum(want == intent for _, want, _ in answers) >= 15, intent
        assert sum(want == intent and detect(text) is Script.TRADITIONAL for text, want, _ in answers) >= 5, intent
    wrong = [(text, want, got) for text, want, got in answers if want != got]
    assert 1 - len(wrong) / len(answers) >= 0.95, wrong
