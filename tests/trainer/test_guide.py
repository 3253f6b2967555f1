"""The trainer guide shows exactly the YAML the add-an-objection test adds,
in both languages, and explains every code `make check` can report."""

import re

import pytest

import coach.checks  # noqa: F401  (registers the checks)
from coach.checks.catalogue import CHECKS, CODES, Report
from tests.trainer.scratch import GUIDE_SNIPPETS, ROOT

GUIDES = [ROOT / "docs/trainer-guide.md", ROOT / "docs/trainer-guide.en.md"]


def code_blocks(text: str) -> str:
    return "\n".join(re.findall(r"```yaml\n(.*?)```", text, flags=re.S))


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_the_guide_shows_the_snippets_the_test_adds(guide):
    blocks = code_blocks(guide.read_text(encoding="utf-8"))
    for snippet in GUIDE_SNIPPETS:
        assert snippet.strip("\n") in blocks, snippet


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_every_check_code_is_explained(guide):
    text = guide.read_text(encoding="utf-8")
    missing = sorted(code for code in CODES if f"`{code}`" not in text)
    assert not missing, missing


def test_every_registered_check_reports_catalogued_codes_only():
    """A check reports through the catalogue: a code it was not registered
    with (or a typo) is refused before a trainer sees it."""
    registered = {code for check in CHECKS for code in check.codes}
    found_reading_the_files = {"missing-file", "yaml-syntax"}  # coach/checks/project.py
    assert registered | found_reading_the_files == set(CODES)
    with pytest.raises(KeyError):
        Report().add(None, 1, "few-exampels", "", "")


def test_both_languages_are_kept_in_step():
    """Same sections in the same order, and the same YAML to copy (comments,
    which are translated, aside)."""
    zh, en = (guide.read_text(encoding="utf-8") for guide in GUIDES)
    assert re.findall(r"^(#+) ", zh, flags=re.M) == re.findall(r"^(#+) ", en, flags=re.M)

    def yaml_without_comments(text):
        blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
        return [[re.sub(r"\s+#.*$|^\s*#.*$", "", line).rstrip() for line in block.splitlines()] for block in blocks]

    assert yaml_without_comments(zh) == yaml_without_comments(en)


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_the_retreat_snippet_in_the_guide_passes_the_check(guide, tmp_path):
    """The optional retreat the guide shows is a valid response for the objection it adds."""
    from coach import checks
    from tests.trainer.scratch import add_never_heard_of_us, copy_yaml, edit

    snippet = re.search(
        r"  ```yaml\n(    utter_retreat_never_heard_of_us:.*?)  ```", guide.read_text(encoding="utf-8"), flags=re.S
    ).group(1)
    project = copy_yaml(tmp_path / "project")
    add_never_heard_of_us(project)
    unindented = "\n".join(line[2:] for line in snippet.splitlines()) + "\n"
    edit(
        project / "domain" / "cold_call.yml",
        "  # ---------- 第三次同样的拒绝",
        unindented + "\n  # ---------- 第三次同样的拒绝",
    )
    assert checks.run(project) == []


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_the_guide_shows_the_seventh_scenario_the_test_adds(guide):
    from tests.trainer.scratch import SCENARIO_SNIPPETS

    blocks = code_blocks(guide.read_text(encoding="utf-8"))
    for snippet in SCENARIO_SNIPPETS:
        assert snippet.strip("\n") in blocks, snippet


async def test_a_seventh_scenario_with_yaml_only_is_clean_answered_and_drilled(tmp_path, monkeypatch):
    """The guide's section 4 followed to the letter: `make check` is clean,
    the menu offers the scenario, its moves get its answers, its drill runs."""
    from rasa.shared.core.domain import Domain

    from actions.drill import ActionStartDrill
    from actions.rebuttals import ActionRebut
    from actions.scenarios import ActionChooseScenario, ActionMenu
    from coach import checks
    from coach import settings as coach_settings
    from tests.conftest import Call
    from tests.trainer.scratch import add_renewal_scenario, copy_yaml

    project = copy_yaml(tmp_path / "project")
    add_renewal_scenario(project)
    assert checks.run(project) == []

    monkeypatch.chdir(project)
    monkeypatch.setattr(coach_settings, "DEFAULT_PATH", project / "coach.yml")
    rasa_domain = Domain.load(str(project / "domain"))
    call = Call(rasa_domain.as_dict(), rasa_domain)
    [menu] = await call.turn(ActionMenu(), "menu", "菜单")
    assert menu["buttons"][-1] == {"title": "续约提醒", "payload": '/scenario{"name": "renewal"}'}
    chosen = await call.turn(ActionChooseScenario(), "scenario", "练习续约提醒")
    assert chosen[0]["text"] == "好，现在练“续约提醒”。"
    [answer] = await call.turn(ActionRebut(), "not_renewing", "明年我们不打算续了")
    assert answer["response"] == "utter_renewal_not_renewing_1" and "小一点的套餐" in answer["text"]
    drill = await call.turn(ActionStartDrill(), "start_drill", "开始练习")
    assert "续约提醒" in drill[0]["text"] and "一共3句客户的话" in drill[0]["text"]
