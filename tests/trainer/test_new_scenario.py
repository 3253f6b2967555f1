"""`make new-scenario`: the skeleton of a scenario lands in every file,
`make check` lists each TODO with its line, and once written the project is
clean; a move that is a new intent gets its examples stub, rule and intent."""

import re

import pytest

from coach import checks, yamlfile
from tests.trainer.scratch import copy_yaml, run_script


def scaffold(project, name="renewal", moves="not_renewing too_expensive"):
    return run_script("new_scenario.py", name, moves, str(project))


@pytest.fixture
def project(tmp_path):
    project = copy_yaml(tmp_path / "project")
    result = scaffold(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "make check" in result.stdout and "drill/renewal.yml" in result.stdout  # the checklist
    return project


def test_every_piece_to_write_is_listed_with_its_file_and_line(project):
    todos = [p for p in checks.run(project) if "[todo]" in p.message]
    assert {p.file for p in todos} == {"coach.yml", "domain/renewal.yml", "drill/renewal.yml"}
    for problem in todos:
        assert "TODO" in (project / problem.file).read_text(encoding="utf-8").splitlines()[problem.line - 1]
    scenario = yamlfile.load(project / "coach.yml")["scenarios"]["renewal"]
    assert list(scenario["moves"]) == ["not_renewing", "too_expensive"]
    # the moves exist already: no new intent, examples or rule
    assert not (project / "data/nlu/renewal.yml").exists() and not (project / "data/rules/renewal.yml").exists()


FILLED = {
    "# TODO 场景名称、点名它的词、客户的一句话；写完删掉这一行": None,
    "[TODO 场景的叫法]": "[续约提醒]",
    "TODO 场景名称": "续约提醒",
    "TODO 客户在这个场景里说的一句话": "明年就不续了",
    "TODO 场景说明：客户是谁、在什么情况下。": "场景：客户的合同快到期了。",
    "TODO 第一次的回应：先认同，问清原因或讲清价值，以下一步结尾。": "谢谢您这一年的支持，方便说说原因吗？",
    "TODO 客户再说一次时的回应：换一个理由。": "理解。我把两种续法发给您比较，您再定。",
    "TODO 中文名称": "不续约",
    "TODO 这一步特有的要素": "问清原因",
    "TODO 缺少这个要素时给学员的建议": "先问清原因，比如“方便说说是什么原因吗？”。",
    "[TODO]": "[什么原因, 方便说说]",
    "TODO 客户说的一句话": "明年我们就不续了。",
    "TODO 回答不够好时客户再推一次": "反正就是不想续了。",
}


def test_once_written_the_project_is_clean(project):
    for rel in ("coach.yml", "domain/renewal.yml", "drill/renewal.yml"):
        path = project / rel
        lines = []
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            for todo, text in FILLED.items():
                if todo in line:
                    line = "" if text is None else line.replace(todo, text)
            lines.append(line)
        path.write_text("".join(lines), encoding="utf-8")
    assert checks.run(project) == []


def test_a_new_move_gets_its_intent_examples_stub_and_rule(tmp_path):
    project = copy_yaml(tmp_path / "project")
    assert scaffold(project, "renewal", "").returncode == 0
    assert yamlfile.load(project / "domain/renewal.yml")["intents"] == ["renewal_objection"]
    assert "- intent: renewal_objection" in (project / "data/nlu/renewal.yml").read_text(encoding="utf-8")
    rules = yamlfile.load(project / "data/rules/renewal.yml")["rules"]
    assert rules[0]["steps"] == [{"intent": "renewal_objection"}, {"action": "action_rebut"}]
    problems = checks.run(project)
    # the stub's one example is too few: said until 15 are written
    assert any("[scenario-move]" in p.message and "renewal_objection" in p.message for p in problems)
    assert {p.file for p in problems if "[todo]" in p.message} == {
        "coach.yml",
        "domain/renewal.yml",
        "data/nlu/renewal.yml",
        "drill/renewal.yml",
    }


@pytest.mark.parametrize("name, moves", [("closing", ""), ("Renewal", ""), ("续约", ""), ("renewal", "Not-A-Name")])
def test_a_name_that_exists_or_is_not_lower_case_is_refused_and_nothing_written(tmp_path, name, moves):
    project = copy_yaml(tmp_path / "project")
    before = (project / "coach.yml").read_text(encoding="utf-8")
    assert scaffold(project, name, moves).returncode == 2
    assert (project / "coach.yml").read_text(encoding="utf-8") == before
    assert checks.run(project) == []
    assert not re.search(r"renewal", " ".join(p.name for p in (project / "domain").iterdir()))
