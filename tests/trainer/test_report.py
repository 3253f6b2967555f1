"""`make report` on the project's model: a page with the images and tables."""
import subprocess
import sys
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from tests.trainer.scratch import ROOT

MODEL = ROOT / "models" / "objection-coach.tar.gz"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: `make test` trains it before running pytest")
    out = tmp_path_factory.mktemp("reports")
    result = subprocess.run([sys.executable, str(ROOT / "scripts/report.py"), "--model", str(MODEL),
                             "--nlu", str(HELDOUT), "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def test_the_index_links_every_part_and_shows_the_images(reports):
    index = (reports / "index.html").read_text(encoding="utf-8")
    for target in ("intents.html", "misclassified.html", "confusion_matrix.png", "flows.png", "graph.html"):
        assert f'href="{target}"' in index
        assert (reports / target).stat().st_size > 0
    assert '<img src="confusion_matrix.png"' in index and '<img src="flows.png"' in index
    for image in ("confusion_matrix.png", "flows.png"):
        assert (reports / image).read_bytes().startswith(PNG)
    assert "overall accuracy" in index


def test_every_held_out_intent_has_a_row(reports):
    intents = (reports / "intents.html").read_text(encoding="utf-8")
    for intent in {e.get("intent") for e in load_data(str(HELDOUT)).intent_examples}:
        assert f"<td>{intent}</td>" in intents
    assert "precision" in intents and "recall" in intents and "F1" in intents


def test_misclassified_sentences_are_listed_with_both_intents(reports):
    import json

    errors = json.loads((reports / "nlu" / "intent_errors.json").read_text(encoding="utf-8"))
    page = (reports / "misclassified.html").read_text(encoding="utf-8")
    for error in errors:
        assert error["text"] in page and error["intent_prediction"]["name"] in page


def test_the_flow_graph_comes_from_the_rules(reports):
    graph = (reports / "graph.html").read_text(encoding="utf-8")
    assert "action_rebut" in graph
