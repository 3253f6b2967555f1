"""The drills of the sales-cycle scenarios (drill/<scenario>.yml): every
drilled move has a rubric and customer lines, the bot's own answer passes
the drill it models, the rules the seeds set are graded (a discount earns
nothing, a remedy traded for the review edit misses its element), and a
broken drill file is reported with its file and line."""

from datetime import datetime
from pathlib import Path

import pytest
import yaml

from actions.values import scenario_values
from coach.chinese_variant import to_traditional
from coach.drill import books, grader, rubrics
from coach.registry import move_response
from coach.scheduling import Scheduler
from coach.settings import load
from coach.yamlfile import YamlProblems

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = load(ROOT / "coach.yml")
OTHERS = [s for s in SETTINGS.scenarios.values() if not s.cold_call]


def book(name):
    return rubrics.load_scenario(SETTINGS.scenario(name).drilled(), ROOT / rubrics.scenario_file(name))


@pytest.mark.parametrize("scenario", OTHERS, ids=lambda s: s.name)
def test_every_drilled_move_has_a_rubric_lines_and_a_push_back(scenario):
    drill = book(scenario.name)
    assert set(drill.rubrics) == set(scenario.drilled())
    for move in scenario.drilled():
        assert len(drill.lines[move]) >= 5 and drill.pushback[move], move


def model_answers():
    """The answer the drill shows as the model after each try, every scenario's."""
    now = datetime(2026, 11, 24, 10, 0)
    scheduler = Scheduler(SETTINGS.appointment)
    responses = {}
    for path in (ROOT / "domain").glob("*.yml"):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {})
    for scenario in SETTINGS.scenarios.values():
        values = dict(scenario_values(scheduler, now, scenario), company=SETTINGS.company, rep_name=SETTINGS.rep_name)
        for move in books.drillbook(scenario.name).rubrics:
            text = responses[move_response(scenario.name, move)][0]["text"].format(**values)
            yield pytest.param(scenario.name, move, text, id=f"{scenario.name}.{move}")


@pytest.mark.parametrize("scenario, move, text", list(model_answers()))
@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_the_bots_own_answer_scores_85_or_more_on_the_drill_it_models(scenario, move, text, script):
    drill = books.drillbook(scenario)
    answer = to_traditional(text, "s2twp") if script == "traditional" else text
    graded = grader.grade(drill.rubrics[move], answer, drill.penalties, books.detector())
    assert graded.score >= 85 and not graded.penalties, (graded.score, graded.missing, graded.penalties)


WEAK = {
    ("closing", "ask_discount"): "行吧，那给您打个九折，今天签了吧。",
    ("cancellation", "cancel_order"): "退单很麻烦的，您再想想吧。",
    ("complaint", "product_broken"): "不可能吧，我们的机器一向没问题，您自己看说明书。",
    ("review_callback", "keep_review"): "您改成好评，我们就给您补偿。",
    ("follow_up", "no_referral"): "您再想想嘛，总有认识的人吧？给我几个电话。",
}


@pytest.mark.parametrize("scenario, move", list(WEAK))
def test_what_the_seeds_forbid_scores_low(scenario, move):
    drill = book(scenario)
    graded = grader.grade(drill.rubrics[move], WEAK[(scenario, move)], drill.penalties, books.detector())
    assert graded.score <= 30, (graded.score, graded.found)


def test_a_remedy_traded_for_the_review_edit_misses_the_unconditional_remedy():
    drill = book("review_callback")
    traded = grader.grade(
        drill.rubrics["keep_review"], "理解您。您把差评改了，我们马上给您补偿。", drill.penalties, books.detector()
    )
    kept = grader.grade(
        drill.rubrics["keep_review"], "理解您。改不改都由您，补偿照样给您。", drill.penalties, books.detector()
    )
    assert "补救不附条件" in traded.missing and "补救不附条件" in kept.found


def test_a_drill_file_with_an_unknown_move_and_a_missing_one_is_reported_with_its_lines(tmp_path):
    path = tmp_path / "closing.yml"
    text = (ROOT / "drill" / "closing.yml").read_text(encoding="utf-8")
    text = text.replace("  ask_discount:\n", "  ask_discounts:\n", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(YamlProblems) as raised:
        rubrics.load_scenario(SETTINGS.scenario("closing").drilled(), path, ROOT / rubrics.RUBRICS)
    problems = raised.value.problems
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("  ask_discounts:"))
    assert [(p.line, "ask_discounts" in p.message) for p in problems][0] == (line, True)
    assert any("ask_discount'" in p.message and "没有练习题" in p.message for p in problems)
