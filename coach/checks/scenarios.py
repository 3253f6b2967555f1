"""Checks of the scenarios coach.yml registers (the cold call's objections
have theirs in objections.py): each move is an intent of the domain with
enough examples, a first answer and a rule to action_rebut; `treat_as`
names a move; each scenario's drill file reads. And the other way round:
an intent, response or drill file that no scenario owns is a finding."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Dict, List

from coach import registry
from coach.checks.catalogue import Report, check
from coach.checks.files import coded
from coach.checks.examples import read_examples
from coach.checks.objections import MIN_EXAMPLES, rebut_routes
from coach.checks.project import Doc, Project
from coach.yamlfile import Problem, YamlProblems

CORE_DOMAIN = "domain/core.yml"
# drill files that belong to the cold call or to every scenario
SHARED_DRILL_FILES = {"rubrics", "customer_lines", "commands", "wording", "rep_moves"}
# a scenario's responses besides its moves' (coach/registry.py)
_PARTS = re.compile(r"^(?P<move>.+)_(?:\d+|retreat|allowed|why)$")


@check("scenario-move")
def check_scenario_moves(project: Project, report: Report) -> None:
    coach = project.coach
    if coach is None or not project.domain_docs() or not project.domain_complete():
        return
    intents = project.domain_section("intents")
    responses = project.domain_section("responses")
    counts: Dict[str, int] = defaultdict(int)
    for example in read_examples(project)[0]:
        counts[example.intent] += 1
    routes = rebut_routes(project)
    complete = project.training_data_complete()

    for scenario in project.scenarios().values():
        for said, move in scenario.treat_as.items():
            if move not in scenario.moves or said not in intents:
                report.add(
                    coach,
                    coach.line(["scenarios", scenario.name, "treat_as", said]),
                    "scenario-move",
                    f"场景 {scenario.name} 的 treat_as: {said} → {move}，两边都必须是意图，右边是这个场景的说法"
                    f" / treat_as must map an intent to one of the scenario's moves",
                    f"这个场景的说法有：{', '.join(scenario.moves)}。 Its moves: {', '.join(scenario.moves)}.",
                )

    for scenario in project.scenarios().values():
        if scenario.cold_call:
            continue  # its objections: objections.py
        for move in scenario.moves:
            path = ["scenarios", scenario.name, "moves", move]
            line = coach.line(path)
            where = f"场景 {scenario.name} 的说法 '{move}' / move '{move}' of scenario {scenario.name}"
            if move not in intents:
                report.add(
                    coach,
                    line,
                    "scenario-move",
                    f"{where}：domain 里没有这个意图 / is not an intent of the domain",
                    f"在 domain/{scenario.name}.yml 的 `intents:` 下加 `  - {move}`，或检查拼写。"
                    f" Add `  - {move}` under `intents:` in domain/{scenario.name}.yml, or fix the spelling.",
                )
                continue
            first = registry.move_response(scenario.name, move)
            if first not in responses:
                report.add(
                    coach,
                    line,
                    "scenario-move",
                    f"{where}：没有第一句回应 {first} / has no first answer {first}",
                    f"在 domain/{scenario.name}.yml 的 `responses:` 下写 {first}（第二次用 _2，用完后 _retreat）。"
                    f" Write {first} under `responses:` in domain/{scenario.name}.yml.",
                )
            if complete and counts[move] < MIN_EXAMPLES:
                report.add(
                    coach,
                    line,
                    "scenario-move",
                    f"{where}：只有 {counts[move]} 句例句，至少要 {MIN_EXAMPLES} 句 / has {counts[move]} examples, "
                    f"needs {MIN_EXAMPLES}",
                    f"在 data/nlu/{scenario.name}.yml 的 `- intent: {move}` 下多写几句客户真会说的话。"
                    f" Add examples under `- intent: {move}` in data/nlu/{scenario.name}.yml.",
                )
            if complete and move not in routes:
                report.add(
                    coach,
                    line,
                    "scenario-move",
                    f"{where}：没有规则把它交给 action_rebut / no rule sends it to action_rebut",
                    f"在 data/rules/{scenario.name}.yml 加一条规则：`- intent: {move}` 下一步 `- action: action_rebut`。"
                    f" Add a rule in data/rules/{scenario.name}.yml: `- intent: {move}`, then `- action: action_rebut`.",
                )


@check("unowned")
def check_ownership(project: Project, report: Report) -> None:
    """Intents outside domain/core.yml belong to a scenario; a response named
    for a scenario answers one of its moves; a drill file is a scenario's."""
    if project.coach is None or not project.domain_complete():
        return
    scenarios = project.scenarios()
    for name, (doc, path) in project.domain_section("intents").items():
        if doc.rel in (CORE_DOMAIN, "domain.yml") or registry.owners(name, scenarios):
            continue
        report.add(
            doc,
            doc.line(path),
            "unowned",
            f"意图 '{name}' 不属于任何场景 / intent '{name}' belongs to no scenario",
            "在 coach.yml 里把它写进某个场景的 moves（陌生电话的写进 objections）；通用的意图放在 domain/core.yml。"
            " List it under a scenario's moves in coach.yml (the cold call's: objections); shared ones go in"
            " domain/core.yml.",
        )
    others = [s for s in scenarios.values() if not s.cold_call]
    for name, (doc, path) in project.domain_section("responses").items():
        owner = registry.scenario_of_response(name, scenarios)
        stem = doc.rel.rsplit("/", 1)[-1].rsplit(".", 1)[0] if doc.rel.startswith("domain/") else ""
        if owner is None:
            if stem in scenarios and stem != registry.COLD_CALL:
                report.add(
                    doc,
                    doc.line(path),
                    "unowned",
                    f"{doc.rel} 里的回应 {name} 没有用场景名开头 / {name} in {doc.rel} is not named for its scenario",
                    f"这个场景的回应叫 utter_{stem}_<说法>_<次数>，比如 utter_{stem}_start。"
                    f" Name it utter_{stem}_<move>_<n>.",
                )
            continue
        rest = name[len(f"utter_{owner.name}_") :]
        part = _PARTS.match(rest)
        if rest in ("start", "over_limit") or (part and part.group("move") in owner.moves):
            continue
        report.add(
            doc,
            doc.line(path),
            "unowned",
            f"回应 {name} 属于场景 {owner.name}，但 '{part.group('move') if part else rest}' 不是它的说法"
            f" / {name} answers no move of scenario {owner.name}",
            f"检查拼写，或在 coach.yml 这个场景的 moves 下加上它。它的说法有：{', '.join(owner.moves)}。"
            f" Check the spelling or add the move to the scenario in coach.yml.",
        )
    for rel in project.yaml_files("drill"):
        stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        if stem in SHARED_DRILL_FILES or stem in scenarios or rel.count("/") > 1:
            continue  # drill/labelled/: answers a trainer labelled, for `make report`
        report.add(
            project.docs.get(rel),
            1,
            "unowned",
            f"练习文件 {rel} 不属于任何场景 / drill file {rel} belongs to no scenario",
            f"文件名要和 coach.yml 里的场景名一样（{', '.join(s.name for s in others)}）。"
            " Name it after a scenario in coach.yml.",
        )


@check("drill")
def check_scenario_drills(project: Project, report: Report) -> None:
    """Each scenario's drill/<scenario>.yml by the drill's own loader."""
    from coach.drill import rubrics

    if project.coach is None:
        return
    found: List[Problem] = []
    for scenario in project.scenarios().values():
        if scenario.cold_call or not scenario.drilled():
            continue
        path = project.root / rubrics.scenario_file(scenario.name)
        if not path.exists():
            doc: Doc = project.coach
            report.add(
                doc,
                doc.line(["scenarios", scenario.name]),
                "drill",
                f"场景 {scenario.name} 没有练习文件 {rubrics.scenario_file(scenario.name)}"
                f" / scenario {scenario.name} has no drill file",
                "照着 drill/closing.yml 的样子写：每个说法的评分要素和客户台词。"
                " Write one like drill/closing.yml: each move's rubric and customer lines.",
            )
            continue
        try:
            rubrics.load_scenario(
                scenario.drilled(), path, project.root / rubrics.RUBRICS, project.root / rubrics.TABOO
            )
        except YamlProblems as e:
            found += [p for p in e.problems if not p.file.endswith(("rubrics.yml", "taboo.yml"))]
    report.extend(
        [coded(p, "yaml-syntax" if p.message.startswith("YAML syntax error") else "drill", project.root) for p in found]
    )
