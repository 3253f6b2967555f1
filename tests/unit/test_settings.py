"""coach.yml mistakes are reported with file, line and a hint."""

from pathlib import Path

import pytest

from coach import settings
from coach.yamlfile import YamlProblems

GOOD = Path("coach.yml").read_text(encoding="utf-8")


def write(tmp_path, text):
    path = tmp_path / "coach.yml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text, fragment):
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_shipped_settings_load():
    loaded = settings.load(Path("coach.yml"))
    assert loaded.appointment.visit_time.hour == 15
    assert loaded.objections["not_in_charge"].proposes_visit is False
    assert loaded.objections["too_expensive"].proposes_visit is True


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('visit_time: "15:00"', 'visit_time: "25:00"', "visit_time"),
        ("region: CN", "region: JP", "region"),
        ("min_days_ahead: 1", "min_days_ahead: -2", "min_days_ahead"),
        ("not_interested: {proposes_visit: false, role_reversal: true}", "not_interested: {propose: false}", "propose"),
    ],
)
def test_schema_problems_name_the_line(tmp_path, old, new, message):
    text = GOOD.replace(old, new)
    with pytest.raises(YamlProblems) as raised:
        settings.load(write(tmp_path, text))
    [problem] = raised.value.problems
    assert problem.line == line_of(text, new)
    assert message in problem.message
    assert str(tmp_path / "coach.yml") in str(raised.value)


def test_syntax_error_names_the_line_and_hints(tmp_path):
    text = GOOD.replace("rep_name: 小王", "rep_name: [小王")
    with pytest.raises(YamlProblems) as raised:
        settings.load(write(tmp_path, text))
    [problem] = raised.value.problems
    # the bracket left open, named on the line where it was opened
    assert problem.line == line_of(text, "rep_name") and "方括号" in problem.message
    assert "]" in problem.hint


def test_changes_are_picked_up_without_restart(tmp_path):
    path = write(tmp_path, GOOD)
    assert settings.load(path).rep_name == "小王"
    import os
    import time

    path.write_text(GOOD.replace("rep_name: 小王", "rep_name: 小李"), encoding="utf-8")
    os.utime(path, (time.time() + 5, time.time() + 5))
    assert settings.load(path).rep_name == "小李"
