"""`make new-objection`: the skeleton lands in every file, `make check` lists
each TODO with its line, and once they are written the project is clean."""

import pytest

from coach import checks
from tests.trainer.scratch import NEW_EXAMPLES, NEW_REBUTTAL_1, NEW_REBUTTAL_2, copy_yaml, edit, run_script

FILES = {
    "coach.yml",
    "data/nlu/objections.yml",
    "domain/cold_call.yml",
    "drill/rubrics.yml",
    "drill/customer_lines.yml",
}


def scaffold(project, name="never_heard_of_us"):
    return run_script("new_objection.py", name, str(project))


@pytest.fixture
def project(tmp_path):
    project = copy_yaml(tmp_path / "project")
    result = scaffold(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "make check" in result.stdout  # the checklist
    return project


def test_every_piece_to_write_is_listed_with_its_file_and_line(project):
    todos = [p for p in checks.run(project) if "[todo]" in p.message]
    assert {p.file for p in todos} == FILES
    for problem in todos:
        assert "TODO" in (project / problem.file).read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert "- rule: rebut never_heard_of_us" in (project / "data/rules/objections.yml").read_text(encoding="utf-8")


def test_once_written_the_project_is_clean(project):
    nlu = project / "data/nlu/objections.yml"
    text = nlu.read_text(encoding="utf-8")
    start = text.index("  # TODO 写至少 15 句")
    text = text[:start] + text[start:].split("\n", 1)[1]
    text = text.replace("      - TODO 客户的一种说法\n", "".join(f"      - {e}\n" for e in NEW_EXAMPLES))
    nlu.write_text(text, encoding="utf-8")
    domain = project / "domain" / "cold_call.yml"
    edit(
        domain,
        "TODO 第一次的回应：积极转折、一个理由，以约见结尾。{visit_date}{visit_time}我过去拜访您，方便吗？",
        NEW_REBUTTAL_1,
    )
    edit(domain, "TODO 第二次的回应：换一个理由。{visit_date}{visit_time}您能给我十五分钟吗？", NEW_REBUTTAL_2)
    edit(domain, "TODO 第三次：礼貌收尾，不再约见。", "好的，今天就不多打扰了。")
    edit(domain, "为什么这么说：TODO 这样回应的道理", "为什么这么说：没听说过正是见面介绍的理由")
    edit(project / "coach.yml", "  # TODO 不约见就写 {proposes_visit: false}；确定后删掉这条注释", "")
    rubrics = project / "drill/rubrics.yml"
    edit(rubrics, "label: TODO 中文名称", "label: 没听说过你们")
    edit(rubrics, "label: TODO 这个异议特有的要素", "label: 提出当面介绍")
    edit(rubrics, "tip: TODO 缺少这个要素时给学员的建议", "tip: 说明正因为不了解，才想当面介绍。")
    edit(rubrics, "phrases: [TODO]", "phrases: [介绍, 当面看, 见一面]")
    lines = project / "drill/customer_lines.yml"
    edit(lines, "- TODO 客户说的一句话", "- 没听说过你们公司啊。")
    edit(lines, "- TODO 回答不够好时客户再推一次", "- 我还是不放心。")
    assert checks.run(project) == []


def test_a_name_that_exists_or_is_not_lower_case_is_refused(tmp_path):
    project = copy_yaml(tmp_path / "project")
    for name in ("too_expensive", "Timing", "时机"):
        result = scaffold(project, name)
        assert result.returncode == 2, name
    assert checks.run(project) == []  # nothing was written


def test_a_file_without_its_anchor_changes_nothing(tmp_path):
    project = copy_yaml(tmp_path / "project")
    rubrics = project / "drill/rubrics.yml"
    rubrics.write_text(
        rubrics.read_text(encoding="utf-8").replace("\nobjections:\n", "\nobjection:\n"), encoding="utf-8"
    )
    before = {rel: (project / rel).read_text(encoding="utf-8") for rel in FILES | {"data/rules/objections.yml"}}
    result = scaffold(project)
    assert result.returncode != 0 and "drill/rubrics.yml" in (result.stdout + result.stderr)
    assert {rel: (project / rel).read_text(encoding="utf-8") for rel in before} == before
