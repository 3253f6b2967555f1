"""`make report` on the project's model: a page with the images and tables."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from coach.pipeline import fallback_threshold
from records import database, store
from tests.trainer.scratch import ROOT

MODEL = ROOT / "models" / "objection-coach.tar.gz"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: `make test` trains it before running pytest")
    out = tmp_path_factory.mktemp("reports")
    # two drill answers in a database of the report's own
    url = f"sqlite:///{out.parent / 'records.db'}"
    db = database.ready({"RECORDS_URL": url})
    for score, missing in ((40, {"proposal": "约见时间"}), (90, {})):
        store.add(
            db, store.Record("alice", "d1", "cold_call", "too_expensive", "价格太高", score, [], missing, [], "答", "")
        )
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts/report.py"),
            "--model",
            str(MODEL),
            "--nlu",
            str(HELDOUT),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=dict(os.environ, RECORDS_URL=url),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


def test_the_index_links_every_part_and_shows_the_images(reports):
    index = (reports / "index.html").read_text(encoding="utf-8")
    for target in (
        "intents.html",
        "misclassified.html",
        "drills.html",
        "grading.html",
        "confusion_matrix.png",
        "flows.png",
        "graph.html",
    ):
        assert f'href="{target}"' in index
        assert (reports / target).stat().st_size > 0
    assert '<img src="confusion_matrix.png"' in index and '<img src="flows.png"' in index
    for image in ("confusion_matrix.png", "flows.png"):
        assert (reports / image).read_bytes().startswith(PNG)
    assert "overall accuracy" in index


def test_the_drill_page_shows_each_objection_from_the_records(reports):
    drills = (reports / "drills.html").read_text(encoding="utf-8")
    row = drills[drills.index("<td>价格太高</td>") :].split("</tr>")[0]
    # two answers by one rep: average 65, one of two strong, 约见时间 missed
    assert "<td class=num>2</td><td class=num>1</td><td class=num>65</td><td class=num>50%</td><td>约见时间</td>" in row
    assert "还没人练过" in drills and "已有供应商" in drills  # drillable, never practised
    assert "(2 answers)" in (reports / "index.html").read_text(encoding="utf-8")


def test_the_grading_page_shows_the_agreement_with_a_trainer_and_each_disagreement(reports):
    from coach.drill import agreement

    labelled = agreement.measure(agreement.files())
    held_out = agreement.measure([agreement.HELD_OUT])
    page = (reports / "grading.html").read_text(encoding="utf-8")
    assert f"<b>{labelled.rate:.1%}</b>，{len(labelled.verdicts)} 句" in page
    assert f"<b>{held_out.rate:.1%}</b>，{len(held_out.verdicts)} 句" in page
    # every disagreement with where the answer is and its score; the held-out sentences stay out of sight
    for verdict in labelled.disagreements:
        assert verdict.item.where in page and f"<td class=num>{verdict.grade.score}</td>" in page
    assert "drill_heldout.yml:" not in page
    assert "cold_call · too_expensive" in page  # a row per drill item
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert f"<b>{labelled.rate:.1%}</b>（{len(labelled.verdicts)} 句标注的回答）" in index


def test_every_held_out_intent_has_a_row_with_its_chinese_name(reports):
    intents = (reports / "intents.html").read_text(encoding="utf-8")
    for intent in {e.get("intent") for e in load_data(str(HELDOUT)).intent_examples}:
        assert f"<code>{intent}</code>" in intents
    assert "价格太高 <code>too_expensive</code>" in intents
    assert "precision" in intents and "recall" in intents and "F1" in intents


def predictions(reports):
    import json

    return json.loads((reports / "nlu" / "predictions.json").read_text(encoding="utf-8"))


def test_wrong_sentences_are_shown_as_written_with_their_line(reports):
    page = (reports / "misclassified.html").read_text(encoding="utf-8")
    held_out = HELDOUT.read_text(encoding="utf-8").splitlines()
    for record in predictions(reports):
        assert record["text"] in held_out[record["line"] - 1]  # the line is the sentence's own
        if not record["right"]:
            assert f"{record['text']}</td><td><code>tests/nlu/heldout.yml:{record['line']}</code>" in page


def test_the_fallback_threshold_is_applied_as_the_bot_applies_it(reports):
    records = predictions(reports)
    assert len(records) == len(load_data(str(HELDOUT)).intent_examples)
    for record in records:
        if record["top_confidence"] < fallback_threshold(ROOT / "config.yml"):
            assert record["predicted"] == "nlu_fallback", record
        elif record["predicted"] != "nlu_fallback":
            assert record["predicted"] == record["top"]
    barely = (reports / "barely.html").read_text(encoding="utf-8")
    for record in records:
        if record["right"] and record["predicted"] != "nlu_fallback" and record["confidence"] < 0.5:
            assert record["text"] in barely


def test_each_run_is_kept_and_the_next_shows_the_change(reports):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts/report.py"),
            "--model",
            str(MODEL),
            "--nlu",
            str(HELDOUT),
            "--out",
            str(reports),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0 and "上次 last" in result.stdout, result.stdout + result.stderr[-2000:]
    assert result.stderr.strip() == ""  # quiet: no warnings or Rasa chatter
    assert len(list((reports / "history").glob("*.json"))) == 2
    assert "变化 +0.0 个百分点" in (reports / "index.html").read_text(encoding="utf-8")


def test_the_flow_graph_comes_from_the_rules(reports):
    graph = (reports / "graph.html").read_text(encoding="utf-8")
    assert "action_rebut" in graph
