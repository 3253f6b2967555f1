"""`make check`'s project rules (coach.checks.run): clean on the project; on
copies broken one mistake at a time, the right code, file and line."""

import subprocess
import sys
import time

import pytest

from coach import checks
from tests.trainer.scratch import ROOT, add_never_heard_of_us, append, copy_yaml, edit, line_with


def found(root):
    """(file, line, code) of every problem."""
    return [(p.file, p.line, p.message[1 : p.message.index("]")]) for p in checks.run(root)]


@pytest.fixture
def project(tmp_path):
    return copy_yaml(tmp_path / "project")


def test_the_project_passes_in_seconds():
    started = time.monotonic()
    problems = checks.run(ROOT)
    assert problems == [], "\n".join(map(str, problems))
    assert time.monotonic() - started < 10


def test_the_scratch_copy_passes(project):
    assert checks.run(project) == []


def test_the_script_prints_file_line_and_a_hint_and_exits_1(project):
    edit(project / "domain" / "cold_call.yml", "{contact_phone}。非常感谢", "{contact_phon}。非常感谢")
    line = line_with(project / "domain" / "cold_call.yml", "{contact_phon}")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/check.py"), str(project)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert f"domain/cold_call.yml:{line}: [unknown-placeholder]" in result.stdout
    assert "提示 hint:" in result.stdout and "发现 1 个问题" in result.stdout
    ok = subprocess.run(
        [sys.executable, str(ROOT / "scripts/check.py"), str(ROOT)], capture_output=True, text=True, timeout=120
    )
    assert ok.returncode == 0


def test_a_clean_project_prints_nothing_but_the_verdict():
    """Rasa's validation runs too, quietly: no INFO lines, deprecation
    warnings or progress bars after the verdict, which is the last line."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/check.py"), str(ROOT)], capture_output=True, text=True, timeout=120
    )
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert result.returncode == 0 and lines == [lines[-1]] and lines[-1].startswith("项目检查通过"), lines


def test_a_failing_project_ends_with_the_count_of_problems(project):
    edit(project / "domain" / "core.yml", "  - action_explain\n", "")  # a rule names an action the domain lacks
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/check.py"), str(project)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1, result.stdout
    assert result.stdout.rstrip().splitlines()[-2].startswith("发现")


# ------------------------------------------------------------------ YAML syntax
def test_unclosed_quote_is_reported_where_it_was_opened(project):
    domain = project / "domain" / "cold_call.yml"
    edit(domain, '我过去给您算算账，方便吗？"', "我过去给您算算账，方便吗？")
    line = line_with(domain, "我过去给您算算账")
    assert found(project) == [("domain/cold_call.yml", line, "yaml-syntax")]


def test_a_tab_in_the_training_data(project):
    nlu = project / "data/nlu/objections.yml"
    edit(nlu, "      - 把资料发我邮箱\n", "\t- 把资料发我邮箱\n")
    # only the real mistake: no "too few examples" for the objections of the unreadable file
    assert found(project) == [("data/nlu/objections.yml", line_with(nlu, "\t- 把资料发我邮箱"), "yaml-syntax")]


def test_a_broken_rules_file_is_not_reported_as_missing_rules(project):
    rules = project / "data/rules/objections.yml"
    edit(rules, "  - rule: rebut in_house\n", "  - rule: rebut in_house\n   steps: oops\n")
    assert [(f, c) for f, _, c in found(project)] == [("data/rules/objections.yml", "yaml-syntax")]


def test_a_response_name_written_twice(project):
    domain = project / "domain" / "cold_call.yml"
    edit(domain, "  utter_rebuttal_no_budget_2:", "  utter_rebuttal_no_budget_1:")
    second = [
        i
        for i, text in enumerate(domain.read_text(encoding="utf-8").splitlines(), 1)
        if text == "  utter_rebuttal_no_budget_1:"
    ][1]
    problems = checks.run(project)
    assert [(p.file, p.line) for p in problems] == [("domain/cold_call.yml", second)]
    assert "'utter_rebuttal_no_budget_1' appears twice" in problems[0].message


def test_a_syntax_error_in_one_file_does_not_hide_mistakes_in_others(project):
    edit(project / "coach.yml", "company: 星辰办公", "company: [星辰办公")
    edit(project / "data/rules/fallbacks.yml", "- action: utter_goodbye", "- action: utter_goodby")
    codes = {(f, c) for f, _, c in found(project)}
    assert ("coach.yml", "yaml-syntax") in codes
    assert ("data/rules/fallbacks.yml", "unknown-response") in codes


# ------------------------------------------------------------------ objections
def test_an_objection_with_too_few_examples(project):
    nlu = project / "data/nlu/objections.yml"
    text = nlu.read_text(encoding="utf-8")
    start = text.index("  - intent: bad_experience")
    end = text.index("  - intent:", start + 10)
    block = "  - intent: bad_experience\n    examples: |\n      - 上次用你们的很不满意\n      - 以前合作过，很失望\n\n"
    nlu.write_text(text[:start] + block + text[end:], encoding="utf-8")
    problems = checks.run(project)
    assert [(p.file, p.line) for p in problems] == [
        ("data/nlu/objections.yml", line_with(nlu, "- intent: bad_experience"))
    ]
    assert "[few-examples]" in problems[0].message and "只有 2 句" in problems[0].message


def test_an_objection_missing_from_the_domain_and_without_rebuttals_or_rule(project):
    append(project / "coach.yml", "  never_heard_of_us: {}\n")
    coach_line = line_with(project / "coach.yml", "never_heard_of_us")
    problems = checks.run(project)
    got = {(p.file, p.line, p.message[1 : p.message.index("]")]) for p in problems}
    assert got == {
        ("data/nlu/objections.yml", line_with(project / "data/nlu/objections.yml", "nlu:"), "few-examples"),
        ("domain/cold_call.yml", line_with(project / "domain" / "cold_call.yml", "intents:"), "not-in-domain"),
        ("domain/cold_call.yml", line_with(project / "domain" / "cold_call.yml", "responses:"), "no-rebuttal"),
        ("data/rules/objections.yml", line_with(project / "data/rules/objections.yml", "rules:"), "no-rule"),
    }
    # each message says where the objection was declared
    assert all(f"coach.yml line {coach_line}" in p.message for p in problems)


def test_a_missing_first_rebuttal(project):
    domain = project / "domain" / "cold_call.yml"
    text = domain.read_text(encoding="utf-8")
    start = text.index("  utter_rebuttal_no_budget_1:")
    end = text.index("  utter_rebuttal_no_budget_2:")
    domain.write_text(text[:start] + text[end:], encoding="utf-8")
    problems = checks.run(project)
    assert [(p.file, p.line) for p in problems] == [
        ("domain/cold_call.yml", line_with(domain, "utter_rebuttal_no_budget_2:"))
    ]
    assert problems[0].message.startswith("[no-rebuttal]") and "utter_rebuttal_no_budget_1" in problems[0].message


def test_a_rebuttal_number_skipped(project):
    edit(project / "domain" / "cold_call.yml", "  utter_rebuttal_have_supplier_2:", "  utter_rebuttal_have_supplier_3:")
    assert found(project) == [
        (
            "domain/cold_call.yml",
            line_with(project / "domain" / "cold_call.yml", "utter_rebuttal_have_supplier_3:"),
            "rebuttal-gap",
        )
    ]


def test_a_rebuttal_named_after_no_objection(project):
    edit(project / "domain" / "cold_call.yml", "  utter_rebuttal_too_expensive_2:", "  utter_rebuttal_too_expensiv_2:")
    domain = project / "domain" / "cold_call.yml"
    assert found(project) == [
        ("domain/cold_call.yml", line_with(domain, "utter_rebuttal_too_expensiv_2:"), "stray-rebuttal")
    ]


def test_no_rule_sends_the_objection_to_action_rebut(project):
    rules = project / "data/rules/objections.yml"
    edit(
        rules,
        "      - intent: no_budget\n      - action: action_rebut\n",
        "      - intent: no_budget\n      - action: utter_default\n",
    )
    assert found(project) == [("data/rules/objections.yml", line_with(rules, "rules:"), "no-rule")]


def test_a_rule_sends_an_intent_that_is_no_objection_to_action_rebut(project):
    rules = project / "data/rules/fallbacks.yml"
    edit(
        rules,
        "      - intent: out_of_scope\n      - action: action_help\n",
        "      - intent: out_of_scope\n      - action: action_rebut\n",
    )
    assert found(project) == [
        ("data/rules/fallbacks.yml", line_with(rules, "- intent: out_of_scope"), "rebut-not-objection")
    ]


# ------------------------------------------------------------------ examples
def test_the_same_example_under_two_intents_in_another_script(project):
    nlu = project / "data/nlu/objections.yml"
    # "你先寄份资料给我吧" is a send_materials example; here in Traditional, with a space and a full stop
    edit(nlu, "      - 别家便宜多了", "      - 你先寄份資料 給我吧。\n      - 别家便宜多了")
    problems = checks.run(project)
    assert [(p.file, p.line) for p in problems] == [
        ("data/nlu/objections.yml", line_with(nlu, "你先寄份資料 給我吧。"))
    ]
    assert "[duplicate-example]" in problems[0].message
    assert f"data/nlu/objections.yml:{line_with(nlu, '- 你先寄份资料给我吧')}" in problems[0].message


def test_an_example_without_its_dash(project):
    nlu = project / "data/nlu/objections.yml"
    edit(nlu, "      - 把资料发我邮箱\n", "      把资料发我邮箱\n")
    assert found(project) == [("data/nlu/objections.yml", line_with(nlu, "把资料发我邮箱"), "example-format")]


def test_a_held_out_sentence_that_is_also_a_training_example(project):
    heldout = project / "tests/nlu/heldout.yml"
    edit(
        heldout,
        "      - 麻烦把你们的介绍材料寄给我\n",
        "      - 麻烦把你们的介绍材料寄给我\n      - 你先寄份资料给我吧！\n",
    )
    assert found(project) == [
        ("tests/nlu/heldout.yml", line_with(heldout, "你先寄份资料给我吧"), "heldout-in-training")
    ]


# ------------------------------------------------------------------ responses
def test_a_rebuttal_without_an_appointment_proposal(project):
    domain = project / "domain" / "cold_call.yml"
    edit(
        domain,
        "多一个选择，谈价格更有底气，很多客户先拿一小块业务试试。{visit_date}{visit_time}",
        "多一个选择，谈价格更有底气，很多客户先拿一小块业务试试。",
    )
    problems = checks.run(project)
    assert [(p.file, p.line) for p in problems] == [("domain/cold_call.yml", line_with(domain, "谈价格更有底气"))]
    assert problems[0].message.startswith("[no-proposal] utter_rebuttal_have_supplier_2")


@pytest.mark.parametrize(
    "old, new, code",
    [
        # a proposal in a response that never proposes (asking for the decision maker)
        (
            "那麻烦您告诉我负责这项工作的同事怎么称呼",
            "{visit_date}那麻烦您告诉我负责这项工作的同事怎么称呼",
            "unfilled-placeholder",
        ),
        ("{contact_phone}。非常感谢", "{contact_phon}。非常感谢", "unknown-placeholder"),
        # a placeholder in a response that a rule says, so no action fills it
        ("不好意思，可能是我这边的信息不准确", "不好意思，{rep_name}可能是我这边的信息不准确", "unfilled-placeholder"),
        ("{asked_date}是休息日", "{asked_date是休息日", "brace-error"),
    ],
)
def test_a_placeholder_mistake_in_one_response(project, old, new, code):
    domain = project / "domain" / "cold_call.yml"
    edit(domain, old, new)
    assert found(project) == [("domain/cold_call.yml", line_with(domain, new), code)]


# ------------------------------------------------------------------ rules and stories
def test_rules_naming_an_unknown_intent_action_and_response(project):
    rules = project / "data/rules/appointments.yml"
    edit(rules, "- intent: deny", "- intent: denyy")
    edit(rules, "- action: action_check_customer_time", "- action: action_check_time")
    fallbacks = project / "data/rules/fallbacks.yml"
    edit(fallbacks, "- action: utter_goodbye", "- action: utter_goodby")
    assert found(project) == [
        ("data/rules/appointments.yml", line_with(rules, "denyy"), "unknown-intent"),
        ("data/rules/appointments.yml", line_with(rules, "action_check_time"), "unknown-action"),
        ("data/rules/fallbacks.yml", line_with(fallbacks, "utter_goodby"), "unknown-response"),
    ]


def test_a_rule_with_an_unknown_form_and_slot(project):
    rules = project / "data/rules/drill.yml"
    edit(
        rules,
        "      - active_loop: drill_form\n\n  - rule: the drill ends",
        "      - active_loop: drill_forms\n\n  - rule: the drill ends",
    )
    edit(
        rules,
        "      - active_loop: null\n      - slot_was_set:\n          - requested_slot: null\n      - action: action_drill_summary\n\n  - rule: stop the drill",
        "      - active_loop: null\n      - slot_was_set:\n          - requested_slots: null\n      - action: action_drill_summary\n\n  - rule: stop the drill",
    )
    assert found(project) == [
        ("data/rules/drill.yml", line_with(rules, "drill_forms"), "unknown-form"),
        ("data/rules/drill.yml", line_with(rules, "requested_slots"), "unknown-slot"),
    ]


def test_a_test_story_naming_an_unknown_response(project):
    stories = project / "tests/stories/objections.yml"
    text = stories.read_text(encoding="utf-8")
    first = next(s for s in text.splitlines() if "- action: action_rebut" in s)
    stories.write_text(text.replace(first, first.replace("action_rebut", "utter_rebut"), 1), encoding="utf-8")
    line = text.splitlines().index(first) + 1
    assert found(project) == [("tests/stories/objections.yml", line, "unknown-response")]


# ------------------------------------------------------------------ coach.yml and drill files
def test_a_bad_value_in_coach_yml(project):
    coach = project / "coach.yml"
    edit(coach, 'visit_time: "15:00"', 'visit_time: "25:00"')
    edit(coach, "not_in_charge: {proposes_visit: false}", "not_in_charge: {proposes_visit: nein}")
    assert found(project) == [
        ("coach.yml", line_with(coach, "25:00"), "coach-settings"),
        ("coach.yml", line_with(coach, "nein"), "coach-settings"),
    ]


def test_a_drill_rubric_whose_weights_do_not_add_up(project):
    rubrics = project / "drill/rubrics.yml"
    edit(
        rubrics,
        "        label: 提出亲自送资料\n        weight: 25",
        "        label: 提出亲自送资料\n        weight: 20",
    )
    problems = checks.run(project)
    assert [(p.file, p.line) for p in problems] == [("drill/rubrics.yml", line_with(rubrics, "  send_materials:"))]
    assert problems[0].message.startswith("[drill]") and "95" in problems[0].message


def test_a_broken_regular_expression_in_a_rubric(project):
    rubrics = project / "drill/rubrics.yml"
    text = rubrics.read_text(encoding="utf-8")
    rubrics.write_text(text.replace("'方便吗',", "'方便(吗',", 1), encoding="utf-8")
    problems = checks.run(project)
    assert [(p.file, p.line) for p in problems] == [("drill/rubrics.yml", line_with(rubrics, "'方便(吗',"))]
    assert "正则表达式写错了" in problems[0].message


# ------------------------------------------------------------------ taboo phrases (taboo.yml)
@pytest.mark.parametrize(
    "said",
    [
        "上次确实是我们没做好，",  # a fault admitted before anyone checked (seed 001)
        "上次確實是我們沒做好，",  # the same, written in Traditional
        "我之前和贵公司的一位经理合作过，",  # a made-up acquaintance (seed 001)
        "这次可以给您打个九折，",  # a discount offered
        "没办法，",  # a brush-off (seed 004)
    ],
)
def test_a_taboo_phrase_in_a_response(project, said):
    domain = project / "domain" / "cold_call.yml"
    edit(domain, "明白，有稳定的供应商是好事。", f"明白，{said}有稳定的供应商是好事。")
    problems = checks.run(project)
    assert [(p.file, p.line) for p in problems] == [("domain/cold_call.yml", line_with(domain, said))]
    assert problems[0].message.startswith("[taboo-phrase] utter_rebuttal_have_supplier_2")


def test_a_polite_question_is_no_taboo(project):
    domain = project / "domain" / "cold_call.yml"
    edit(
        domain,
        "{visit_date}{visit_time}我过去十几分钟，可以吗？",
        "不知道您{visit_date}{visit_time}方便吗？我们不打折，但账算下来更划算。",
    )
    assert checks.run(project) == []


def test_a_trainer_extends_the_taboo_list(project):
    append(project / "taboo.yml", "  - 有稳定的供应商\n")  # appended to `patterns:`, the last list
    domain = project / "domain" / "cold_call.yml"
    assert found(project) == [
        ("domain/cold_call.yml", line_with(domain, "明白，有稳定的供应商是好事。"), "taboo-phrase")
    ]


def test_a_broken_taboo_file_is_reported_with_its_line(project):
    taboo = project / "taboo.yml"
    edit(taboo, "  - '那算了'", "  - '那算了('")
    edit(taboo, "points: 20", "points: many")
    assert found(project) == [
        ("taboo.yml", line_with(taboo, "points: many"), "drill"),
        ("taboo.yml", line_with(taboo, "那算了("), "drill"),
    ]


def test_penalties_left_in_the_rubrics_say_where_they_went(project):
    append(project / "drill/rubrics.yml", "penalties:\n  points: 20\n  phrases: [不知道]\n")
    problems = checks.run(project)
    assert [(p.file, p.line) for p in problems] == [
        ("drill/rubrics.yml", line_with(project / "drill/rubrics.yml", "penalties:"))
    ]
    assert "taboo.yml" in problems[0].message


def test_adding_an_objection_with_yaml_only_is_clean(project):
    add_never_heard_of_us(project)
    assert checks.run(project) == []


def test_a_reply_too_long_for_one_breath_is_a_warning_with_its_line(project):
    domain = project / "domain" / "cold_call.yml"
    edit(
        domain,
        '我过去给您算算账，方便吗？"',
        '我过去给您算算账，顺便把同类企业这几年的采购和维护费用都给您详细讲一遍，方便吗？"',
    )
    assert checks.run(project) == []  # not an error: make check still passes
    [warning] = checks.warnings(project)
    assert warning.line == line_with(domain, "我过去给您算算账") and warning.message.startswith(
        "[too-long] utter_rebuttal_too_expensive_1"
    )
    edit(project / "coach.yml", "  max_spoken_chars: 70\n", "  max_spoken_chars: 120\n")
    assert checks.warnings(project) == []


def test_an_empty_drill_command_is_reported_with_its_line(project):
    edit(project / "drill/commands.yml", "hint:\n  - 提示\n", 'hint:\n  - ""  # emptied\n')
    [problem] = checks.run(project)
    assert problem.file == "drill/commands.yml" and problem.line == line_with(project / "drill/commands.yml", "emptied")
    assert problem.message.startswith("[drill]")


def test_responses_added_before_the_coach_entry_point_to_coach_yml_not_to_spelling(project):
    """The guide's order (examples, intent, responses, rule, then coach.yml):
    half-way, the hint names the missing coach.yml line."""
    from tests.trainer.scratch import INTENT_LINE, NLU_BLOCK, RESPONSES_BLOCK, RULE_BLOCK

    append(project / "data/nlu/objections.yml", "\n" + NLU_BLOCK)
    edit(project / "domain" / "cold_call.yml", "  - not_interested\n", "  - not_interested\n" + INTENT_LINE)
    edit(
        project / "domain" / "cold_call.yml",
        "  # ---------- 第三次同样的拒绝",
        RESPONSES_BLOCK + "\n  # ---------- 第三次同样的拒绝",
    )
    append(project / "data/rules/objections.yml", RULE_BLOCK)
    stray = [p for p in checks.run(project) if "[stray-rebuttal]" in p.message]
    assert len(stray) == 2 and all("`  never_heard_of_us: {}`" in p.hint and "拼写" not in p.hint for p in stray)


def test_a_rubric_without_customer_lines_is_reported_at_the_rubric_in_both_languages(project):
    from tests.trainer.scratch import add_never_heard_of_us

    add_never_heard_of_us(project)
    lines = project / "drill/customer_lines.yml"
    lines.write_text(lines.read_text(encoding="utf-8").split("never_heard_of_us:")[0], encoding="utf-8")
    [problem] = checks.run(project)
    assert problem.file == "drill/rubrics.yml" and problem.line == line_with(
        project / "drill/rubrics.yml", "  never_heard_of_us:"
    )
    assert "customer lines" in problem.message and "Add `never_heard_of_us:`" in problem.hint


def test_a_drill_feedback_piece_with_a_placeholder_nothing_fills(project):
    wording = project / "drill/wording.yml"
    edit(wording, 'score_once: "· {label}：{best}/100"', 'score_once: "· {label}：{score}/100"')
    assert found(project) == [("drill/wording.yml", line_with(wording, "{score}"), "drill")]


# ---------------------------------------------------------------- scenarios
def test_a_scenario_move_without_its_intent_answer_or_rule(project):
    coach = project / "coach.yml"
    edit(coach, "      last_requirement: {asks: true}\n", "      last_requirement: {asks: true}\n      walk_away: {}\n")
    assert found(project) == [
        ("coach.yml", line_with(coach, "      walk_away: {}"), "scenario-move"),
        ("drill/closing.yml", line_with(project / "drill" / "closing.yml", "moves:"), "drill"),  # and no drill for it
    ]


def test_a_scenario_response_for_no_move_of_it(project):
    domain = project / "domain" / "closing.yml"
    edit(domain, "  utter_closing_ask_discount_2:", "  utter_closing_ask_discont_2:")
    assert found(project) == [("domain/closing.yml", line_with(domain, "utter_closing_ask_discont_2:"), "unowned")]


def test_an_intent_and_a_drill_file_no_scenario_owns(project):
    domain = project / "domain" / "complaint.yml"
    edit(domain, "  - late_delivery\n", "  - late_delivery\n  - wrong_invoice\n")
    (project / "drill" / "complaints.yml").write_text("moves: {}\n", encoding="utf-8")
    problems = found(project)
    assert ("domain/complaint.yml", line_with(domain, "  - wrong_invoice"), "unowned") in problems
    assert ("drill/complaints.yml", 1, "unowned") in problems


def test_a_scenario_drill_with_a_move_missing_is_reported_where_the_moves_are(project):
    drill = project / "drill" / "follow_up.yml"
    text = drill.read_text(encoding="utf-8")
    start = text.index("  no_referral:")
    drill.write_text(text[:start], encoding="utf-8")
    assert found(project) == [("drill/follow_up.yml", line_with(drill, "moves:"), "drill")]


def test_treat_as_must_name_a_move_of_the_scenario(project):
    coach = project / "coach.yml"
    edit(coach, "treat_as: {affirm: ready_to_sign,", "treat_as: {affirm: sign_now,")
    assert found(project) == [("coach.yml", line_with(coach, "treat_as: {affirm: sign_now,"), "scenario-move")]
