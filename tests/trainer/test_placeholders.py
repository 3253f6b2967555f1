"""coach/checks/placeholders.py lists what the actions fill; read the
actions' code and fail when the list and the code drift apart."""

import ast
from datetime import date, datetime

from actions.values import moment_values
from coach.checks import placeholders as ph
from tests.trainer.scratch import ROOT

SAYING = {"say", "_say", "utter_message", "propose", "dict"}
NOT_VALUES = {
    "response",
    "template",
    "text",
    "buttons",
    "image",
    "json_message",
    "attachment",
    "elements",
    "custom",
    "quick_replies",
    "counted",
}  # CallAction.propose's own parameter


def _name(func) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def values_passed_by_the_actions() -> set:
    suffixes = {key.split("_", 1)[1] for key in moment_values(datetime(2026, 1, 5, 15), date(2026, 1, 5), "p")}
    found = set()
    for path in sorted((ROOT / "actions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            if name in SAYING:
                found |= {kw.arg for kw in node.keywords if kw.arg and kw.arg not in NOT_VALUES}
            if name == "moment_values":
                prefix = "visit"
                position = 1 if isinstance(node.func, ast.Attribute) else 2
                given = [kw.value for kw in node.keywords if kw.arg == "prefix"] or node.args[position : position + 1]
                if given and not isinstance(given[0], ast.Constant):
                    continue  # a wrapper passing its own `prefix` on; its callers are counted
                if given:
                    prefix = given[0].value
                found |= {f"{prefix}_{suffix}" for suffix in suffixes}
    return found


def test_the_list_matches_what_the_actions_pass():
    assert values_passed_by_the_actions() == set(ph.ACTION_VALUES)


def test_placeholders_as_rasa_sees_them():
    assert ph.names_in('/propose_time{{"time":"{option1_iso}"}}') == ["option1_iso"]
    assert ph.names_in("{visit_date}{visit_time}，{{literal}}") == ["visit_date", "visit_time"]
    assert ph.braces_ok('/propose_time{{"time":"{option1_iso}"}}')
    assert not ph.braces_ok("{asked_date是休息日")
    assert not ph.braces_ok("休息日}")


def test_a_scenarios_responses_may_name_exactly_what_its_actions_fill():
    from datetime import datetime

    from actions.values import scenario_values
    from coach.scheduling import Scheduler
    from coach.settings import load

    settings = load()
    for scenario in settings.scenarios.values():
        filled = set(scenario_values(Scheduler(settings.appointment), datetime(2026, 11, 24, 10), scenario))
        filled |= {"company", "rep_name", "company_location"}  # Turn.say adds them
        assert filled == set(ph.scenario_values(scenario.settings)), scenario.name
