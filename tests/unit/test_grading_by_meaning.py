"""Drill grading by meaning: an answer in the rep's own words scores as a
trainer would score it. Measured on rep answers a trainer labelled
(drill/labelled/) and on held-out ones nobody wrote examples from
(tests/data/drill_heldout.yml); paraphrases score alike; the evidence the
feedback quotes is the rep's own words; odd input still gets a grade; and a
trainer changes grading with YAML alone."""

from __future__ import annotations

import pytest

from coach import checks
from coach.chinese_variant import to_traditional
from coach.drill import agreement, books, grader
from coach.settings import load
from tests.trainer.scratch import copy_yaml, edit, line_with

SETTINGS = load()
FLOOR = agreement.FLOOR  # the bar for the labelled answers, in each script
HELD_OUT_FLOOR = 0.90  # answers no example was written from: a guard against overfitting the examples


@pytest.fixture(scope="module")
def labelled():
    return agreement.measure(agreement.files())


def grade(scenario, move, answer, root=books.HERE):
    book = books.drillbook(scenario, root)
    return grader.grade(book.rubrics[move], answer, book.penalties, books.detector(root))


def test_the_labelled_answers_cover_every_drilled_move_strong_and_weak_in_both_scripts(labelled):
    assert len(labelled.verdicts) >= 150
    covered = {(v.item.scenario, v.item.move, v.item.label, v.item.script) for v in labelled.verdicts}
    for scenario in SETTINGS.scenarios:
        for move in books.drillbook(scenario).rubrics:
            for label in agreement.LABELS:
                for script in ("simplified", "traditional"):
                    assert (scenario, move, label, script) in covered, (scenario, move, label, script)


def test_the_grader_agrees_with_the_trainer_in_both_scripts(labelled):
    by_script = labelled.by(lambda v: v.item.script)
    wrong = "\n".join(
        f"{v.item.where} [{v.item.label}] {v.grade.score} {v.item.answer}" for v in labelled.disagreements
    )
    assert labelled.rate >= FLOOR, wrong
    for script, (rate, count) in by_script.items():
        assert rate >= FLOOR and count >= 50, (script, rate, count)


def test_answers_nobody_wrote_examples_from_are_graded_as_a_trainer_would():
    held_out = agreement.measure([agreement.HELD_OUT])
    assert len(held_out.verdicts) >= 60
    assert held_out.rate >= HELD_OUT_FLOOR, [(v.item.where, v.grade.score) for v in held_out.disagreements]


# (scenario, move, one wording, the same moves in other words): a rep who
# paraphrases scores as the one who did not
PARAPHRASES = [
    (
        "cold_call",
        "too_expensive",
        "理解，价格确实要紧。很多和贵公司规模相近的企业都在用我们，算下来总成本更低。周四下午3点我过去，您看方便吗？",
        "您在意价格很正常。跟你们差不多大的不少公司都选了我们，加上维护和售后，总的花费反而省。周四下午三点我去拜访您，可以吗？",
    ),
    (
        "cold_call",
        "busy",
        "不好意思打扰了，您先忙。我今天下午4点再打给您，还是明天上午10点？",
        "抱歉这个时候打过来，不耽误您了。下午四点我再拨给您，或者明早十点，哪个时间合适？",
    ),
    (
        "closing",
        "later",
        "理解，签合同是大事。您主要在考虑哪方面？除了这一点还有别的顾虑吗？您要是还不确定，今天先别签，周五再定。",
        "慎重是应该的。您是担心预算还是效果？还有没有其他顾虑，一次说清楚？没想好的话今天不签也没关系，周五我再来。",
    ),
    (
        "complaint",
        "product_broken",
        "真抱歉给您添麻烦了。您是说机器这周已经停了两次，对吗？明天上午10点我安排师傅上门修好。",
        "让您受累了，真过意不去。我确认一下，这周机器停了两回，是吧？明早十点我让维修的同事过去检修。",
    ),
    (
        "cancellation",
        "cancel_order",
        "理解，谢谢您专门告诉我。方便说说是什么原因吗？如果是量太大，可以先换成小一点的方案。您还是要退的话，手续我来办，周四前办好。",
        "明白，尊重您的决定。是哪方面不合适呢？要是订多了，可以先暂停一段时间。您坚持的话，退单流程我来跑，周四办完。",
    ),
    (
        "review_callback",
        "keep_review",
        "非常抱歉，完全理解您的感受。没关系，评价是您的真实感受，我们尊重。不管您改不改，换货我们照样办。谢谢您的反馈。",
        "真对不起，换作是我也会生气。您不改完全没问题，评价是您自己的看法。补偿跟评价是两码事，一样给您。感谢您提的意见。",
    ),
]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("scenario, move, wording, paraphrase", PARAPHRASES, ids=lambda p: p if len(p) < 20 else "")
def test_a_paraphrase_scores_within_ten_points(scenario, move, wording, paraphrase, script):
    if script == "traditional":
        wording, paraphrase = to_traditional(wording, "s2twp"), to_traditional(paraphrase, "s2twp")
    first, second = grade(scenario, move, wording), grade(scenario, move, paraphrase)
    assert first.strong and abs(first.score - second.score) <= 10, (first.score, second.score, second.missing)


def test_the_feedback_quotes_the_reps_own_words(labelled):
    quoted = 0
    for verdict in labelled.verdicts:
        for label, quote in verdict.grade.evidence.items():
            assert quote and quote in verdict.item.answer, (label, quote, verdict.item.answer)
            quoted += 1
    assert quoted > len(labelled.verdicts)  # most answers show several moves


def test_a_paraphrased_move_is_named_with_the_clause_that_showed_it():
    graded = grade(
        "cold_call", "too_expensive", "不少跟你们差不多大的公司都换成了我们。算上维护和售后，总的花费反而省。"
    )
    assert graded.evidence["同类企业的例子"] == "不少跟你们差不多大的公司都换成了我们"
    assert "总的花费反而省" in graded.evidence["讲总成本和价值，不讲单价"]
    assert "具体日期" in graded.missing and graded.tip


@pytest.mark.parametrize(
    "answer, found",
    [
        ("很多企业都在用我们，" * 500, ["同类企业的例子"]),  # 5,000 characters: graded, not refused
        ("🙂🙂🙂👍", []),
        ("<b>理解</b>&nbsp;周四下午3点？", ["积极转折", "具体日期", "具体时间", "封闭式提问约见"]),
        ("   ", []),
        ("", []),
    ],
    ids=["5000 characters", "emoji only", "html", "spaces", "empty"],
)
def test_odd_answers_get_a_clear_grade(answer, found):
    graded = grade("cold_call", "too_expensive", answer)
    assert graded.found == found and graded.score == sum(
        e.weight for e in books.drillbook().rubrics["too_expensive"].elements if e.label in found
    )
    assert graded.tip and all(quote in answer for quote in graded.evidence.values())


def test_a_pattern_across_sentences_still_counts():
    """The trainers' patterns match the whole answer, as before the grader cut it into clauses."""
    answer = "给您补发一份小礼物作为心意。您收到以后，方便的话考虑更新一下评价吗？"
    book = books.drillbook("review_callback")
    graded = grader.grade(book.rubrics["late_delivery"], answer, book.penalties)  # wording only
    assert "补救之后再请求更新评价" in graded.found and graded.evidence["补救之后再请求更新评价"] in answer


def test_a_clause_caught_by_a_taboo_pattern_is_charged_once():
    graded = grade("cold_call", "later", "好的，不行就算了吧。")
    assert graded.penalties == ["不行"]


def test_a_broken_drill_file_stops_only_its_own_scenario(tmp_path):
    root = copy_yaml(tmp_path / "project")
    edit(root / "drill" / "follow_up.yml", "moves:\n", "moves:\n  - [broken\n")
    graded = grade("cold_call", "too_expensive", PARAPHRASES[0][3], root)
    assert graded.strong and "同类企业的例子" in graded.found


def test_a_saved_model_from_other_examples_is_not_used(tmp_path):
    from coach.drill import meaning

    root = copy_yaml(tmp_path / "project")
    moves, background = books.training_set(root)
    meaning.save(meaning.train(moves[:2], background), root / books.GRADER_MODEL)  # stale: two moves only
    assert len(books.detector(root).names) == len(moves)


@pytest.mark.parametrize(
    "scenario, move, answer, penalty",
    [
        ("closing", "too_expensive", "那我给您抹个零，再送半年服务，今天签吧。", "抹个零"),
        ("cold_call", "have_supplier", "他们家的东西毛病多得很，早晚出事，您不如换我们。", "毛病多"),
        ("complaint", "late_delivery", "这是仓库发错了，跟我没关系，您找他们吧。", "仓库"),
        (
            "cold_call",
            "in_house",
            "自己做哪有我们专业，你们内部的人通常都做不好。",
            "做不好",
        ),  # the prospect's own team
    ],
)
def test_penalties_are_found_in_the_reps_own_words(scenario, move, answer, penalty):
    graded = grade(scenario, move, answer)
    assert any(penalty in p for p in graded.penalties), graded.penalties


@pytest.mark.parametrize(
    "polite",
    [
        "您是拿别家的折扣跟我们比吗？",
        "我们的价格对每位客户都一样，不打折。",
        "我先查清楚是哪个环节耽误了，再给您答复。",
    ],
)
def test_a_polite_question_or_a_refusal_is_not_charged(polite):
    assert grade("closing", "ask_discount", polite).penalties == []


# -------------------------------------------------------------- trainers in control
def test_an_example_added_in_yaml_changes_grading(tmp_path):
    root = copy_yaml(tmp_path / "project")
    answer = "王总那边的连锁药房用了三年了。"
    assert "同类企业的例子" not in grade("cold_call", "too_expensive", answer, root).found
    edit(
        root / "drill" / "rep_moves.yml",
        "      - 好多跟你们差不多大的公司都选了我们。\n",
        "      - 好多跟你们差不多大的公司都选了我们。\n      - 李总的几家连锁餐厅也用了好几年了。\n",
    )
    assert "同类企业的例子" in grade("cold_call", "too_expensive", answer, root).found


def test_make_check_warns_of_an_example_its_move_rejects_or_a_penalty_charges(tmp_path):
    root = copy_yaml(tmp_path / "project")
    rep_moves = root / "drill" / "rep_moves.yml"
    # the same sentence as an example and a counter-example of social proof
    edit(
        rep_moves, "      - 我们公司很大。\n", "      - 我们公司很大。\n      - 好多跟你们差不多大的公司都选了我们。\n"
    )
    # an example of "value" that offers a discount
    edit(
        rep_moves,
        "      - 一分钱一分货，用下来您会觉得值。\n",
        "      - 一分钱一分货，用下来您会觉得值。\n      - 我给您打个八折，这样就很值了。\n",
    )
    warnings = [(p.file, p.line, p.message) for p in checks.warnings(root) if "[move-example]" in p.message]
    assert any("不认这句例句" in m and "好多跟你们差不多大的公司都选了我们" in m for _, _, m in warnings), warnings
    discount_line = line_with(rep_moves, "我给您打个八折")
    assert ("drill/rep_moves.yml", discount_line) in {(f, line) for f, line, m in warnings if "扣分项" in m}
    assert len(warnings) == 2  # nothing else in the shipped examples


def test_the_readme_states_the_agreement_measured_now(labelled):
    """The figures a buyer reads are the ones the grader gets today."""
    from pathlib import Path

    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
    held_out = agreement.measure([agreement.HELD_OUT])

    def percent(rate):
        return f"{rate:.1%}".replace(".0%", "%")

    assert f"`drill/labelled/` holds {len(labelled.verdicts)} rep answers" in readme
    assert f"The grader agrees on **{percent(labelled.rate)}** of them" in readme
    assert f"`tests/data/drill_heldout.yml` ({len(held_out.verdicts)} answers" in readme
    assert f"agrees on **{percent(held_out.rate)}**" in readme
