"""Mistakes in the drill files are reported with file and line."""

from pathlib import Path

import pytest

from coach.drill import rubrics
from coach.settings import load
from coach.yamlfile import YamlProblems

OBJECTIONS = load().objections
RUBRICS = Path("drill/rubrics.yml").read_text(encoding="utf-8")
LINES = Path("drill/customer_lines.yml").read_text(encoding="utf-8")


def line_of(text, fragment):
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def problems(tmp_path, rubric_text=RUBRICS, lines_text=LINES):
    (tmp_path / "r.yml").write_text(rubric_text, encoding="utf-8")
    (tmp_path / "l.yml").write_text(lines_text, encoding="utf-8")
    with pytest.raises(YamlProblems) as raised:
        rubrics.load(OBJECTIONS, tmp_path / "r.yml", tmp_path / "l.yml")
    return raised.value.problems


def test_the_shipped_files_load_with_a_drill_for_every_objection():
    book = rubrics.load(OBJECTIONS)
    # the everyday lines (who are you, where are you, ...) are answered but not drilled
    assert (
        set(book.rubrics)
        == {
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
        < set(OBJECTIONS)
    )
    assert all(len(book.lines[o]) >= 6 for o in book.rubrics)


@pytest.mark.parametrize(
    "old, new, expected, at",
    [
        (
            "  too_expensive:\n    label: 价格太高",
            "  too_cheap:\n    label: 价格太高",
            "未知的异议 'too_cheap'",
            "too_cheap:",
        ),
        ("patterns: ['方便吗',", "patterns: ['方便(吗',", "正则表达式写错了", "方便(吗"),
        # a wrong total is reported where the objection starts
        (
            "        weight: 25\n        tip: 别只寄资料",
            "        weight: 35\n        tip: 别只寄资料",
            "合计是 110",
            "  send_materials:",
        ),
        (
            "    use: [reframe, social_proof, date, time, closed_question]\n    elements:\n      value:",
            "    use: [reframe, social_proof, date, clock, closed_question]\n    elements:\n      value:",
            "不存在的共用要素 'clock'",
            "clock",
        ),
    ],
)
def test_each_mistake_names_its_line(tmp_path, old, new, expected, at):
    assert old in RUBRICS
    broken = RUBRICS.replace(old, new, 1)
    found = problems(tmp_path, broken)
    matching = [p for p in found if expected in p.message]
    assert matching, [str(p) for p in found]
    assert matching[0].line == line_of(broken, at)
    assert matching[0].file.endswith("r.yml")


def test_an_element_without_examples_or_phrases_is_an_error(tmp_path):
    broken = RUBRICS.replace("        phrases: [过程, 关系,", "        phrases: []\n        notes: [过程, 关系,", 1)
    broken = broken.replace("一样的想法]\n        examples:", "一样的想法]\n        drafts:", 1)
    found = problems(tmp_path, broken)
    assert any("没有任何例句、词语或规则" in p.message and p.line == line_of(broken, "      process:") for p in found)


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    broken = LINES.replace("  lines:\n    - 你先把资料寄给我吧", "  lines:\n    - [你先把资料寄给我吧", 1)
    [problem] = problems(tmp_path, lines_text=broken)
    assert problem.file.endswith("l.yml") and problem.line is not None
    assert "YAML" in problem.message


def test_an_objection_without_customer_lines(tmp_path):
    broken = LINES.replace("bad_experience:\n  lines:", "bad_experience:\n  old_lines:", 1)
    found = problems(tmp_path, lines_text=broken)
    assert any("没有客户台词" in p.message and p.line == line_of(broken, "bad_experience:") for p in found)
