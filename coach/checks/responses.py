"""Checks of the bot's responses: rebuttals named for a listed objection
and numbered without gaps, placeholders that whoever says the response
fills, the proposal or call-back choice a rebuttal must end with, taboo
phrases, and (a warning) replies too long for one breath on the phone."""

from __future__ import annotations

from collections import defaultdict
from typing import Dict, List, Tuple

from coach import registry
from coach.registry import Scenario
from coach.checks import placeholders
from coach.checks.catalogue import Report, Words, check, listed
from coach.checks.project import Doc, Project, rasa_defaults
from coach.yamlfile import YamlProblems


@check(
    "stray-rebuttal",
    "response-format",
    "brace-error",
    "unknown-placeholder",
    "unfilled-placeholder",
    "no-callback-choice",
    "no-proposal",
    "rebuttal-gap",
)
def check_responses(project: Project, report: Report) -> None:
    if not project.domain_docs():
        return
    objections = project.objections()
    intents = set(project.domain_section("intents"))
    _, _, default_slots = rasa_defaults()
    slots = set(project.domain_section("slots")) | default_slots
    responses = project.domain_section("responses")
    said_by_rules = {
        str(s.step["action"])
        for s in project.steps(tests=False)
        if isinstance(s.step, dict) and s.step.get("action") in responses
    }
    numbers: Dict[str, List[Tuple[int, str]]] = defaultdict(list)
    scenarios = project.scenarios()
    known = placeholders.ACTION_VALUES.union(*(placeholders.scenario_values(s.settings) for s in scenarios.values()))

    for name, (doc, path) in responses.items():
        rebuttal, retreat = registry.REBUTTAL.match(name), registry.RETREAT.match(name)
        named = rebuttal or retreat
        owner = named.group("intent") if named else None
        if owner is not None and not objections:
            owner = None  # coach.yml unreadable: nothing to compare with
        if owner is not None and owner not in objections:
            if owner in intents:
                # the intent exists: what is missing is its coach.yml entry, not a spelling
                hint = (
                    f"在 coach.yml 的 `objections:` 下加一行 `  {owner}: {{}}`（不提议拜访就写 {{proposes_visit: false}}）。"
                    f" Add `  {owner}: {{}}` under `objections:` in coach.yml."
                )
            else:
                hint = (
                    f"检查名字拼写：应该是 utter_rebuttal_<异议名>_<次数>，异议名有：{listed(objections)}。"
                    f" Check the spelling: utter_rebuttal_<objection>_<n>, where the objection is one of the above."
                )
            report.add(
                doc,
                doc.line(path),
                "stray-rebuttal",
                f"回应 {name} 属于 '{owner}'，但 coach.yml 的 objections 里没有这个异议 / {name} belongs to "
                f"'{owner}', which is not an objection in coach.yml",
                hint,
            )
            owner = None
        if rebuttal and owner:
            numbers[owner].append((int(rebuttal.group("n")), name))
        variations = doc.data["responses"][name]
        if not isinstance(variations, list):
            report.add(
                doc,
                doc.line(path),
                "response-format",
                f"回应 {name} 的写法不对 / response {name} must be a list of variations",
                '写成下一行 `    - text: "……"`（减号、空格、text、冒号）。'
                ' Write the text on the next line as `    - text: "..."`.',
            )
            continue
        objection = objections[owner] if owner else None
        scenario = registry.scenario_of_response(name, scenarios)
        # what whoever says this response fills in, and who that is
        if scenario:
            extra = placeholders.scenario_values(scenario.settings)
            who = Words(f"场景 {scenario.name} 的动作", f"the actions of scenario {scenario.name}")
        elif objection and rebuttal:
            extra = placeholders.rebuttal_values(objection.proposes_visit, objection.offers_callback)
            who = Words(registry.REBUT_ACTION, registry.REBUT_ACTION)
        elif objection and retreat:
            extra, who = placeholders.RETREAT_VALUES, Words(registry.REBUT_ACTION, registry.REBUT_ACTION)
        elif name in said_by_rules:
            extra, who = frozenset(), Words("规则", "a rule")
        else:
            extra, who = placeholders.ACTION_VALUES, Words("动作", "an action")
        for v, variation in enumerate(variations):
            if not isinstance(variation, dict):
                report.add(
                    doc,
                    doc.line(path + [v]),
                    "response-format",
                    f"回应 {name} 的第 {v + 1} 种说法写法不对 / variation {v + 1} of {name} is not `text: ...`",
                    '写成 `    - text: "……"`：text 后面是冒号加空格。'
                    ' Write it as `    - text: "..."` with a colon and a space after text.',
                )
                continue
            for sub, text in placeholders.strings_in(variation):
                line = doc.line(path + [v] + sub)
                if not placeholders.braces_ok(text):
                    report.add(
                        doc,
                        line,
                        "brace-error",
                        f"{name} 里有不成对的大括号 {{ 或 }} / {name} has a {{ or }} without its pair",
                        "占位符写成 {visit_date} 这样，左右括号都要有；要显示大括号本身就写两个 {{ }}。"
                        " Write placeholders like {visit_date}; for a literal brace write it twice.",
                    )
                    continue
                for placeholder in placeholders.names_in(text):
                    if placeholder in slots:
                        continue
                    if placeholder not in known:
                        report.add(
                            doc,
                            line,
                            "unknown-placeholder",
                            f"{name} 里的占位符 {{{placeholder}}} 没有任何东西会填 / nothing fills the placeholder "
                            f"{{{placeholder}}} in {name}",
                            "检查拼写。可用的占位符见 domain/cold_call.yml 开头的注释和 docs/trainer-guide.md；也可以用 slots 里的名字。"
                            f" Check the spelling; known ones: {listed(placeholders.ACTION_VALUES)} and the slots.",
                        )
                    elif placeholder not in extra:
                        report.add(
                            doc,
                            line,
                            "unfilled-placeholder",
                            f"{name} 由{who.zh}说出，它不填 {{{placeholder}}} / {name} is said by {who.en}, which does "
                            f"not fill {{{placeholder}}}",
                            ("这里只能用：" if extra else "规则直接说的回应只能用 slots 里的名字；")
                            + listed(extra | slots)
                            + "。 Use only the placeholders listed, or remove this one (the customer would see it raw).",
                        )
            if rebuttal and objection and objection.offers_callback:
                _require(
                    report,
                    doc,
                    path + [v],
                    variation,
                    name,
                    ("option1_date", "option1_time", "option2_date", "option2_time"),
                    "no-callback-choice",
                    Words("没有让客户选回电时间", "offers no choice of call-back times"),
                    "客户在忙（offers_callback: true）：回应要以两个回电时间结尾，比如“您看我{option1_date}{option1_time}"
                    "再打给您，还是{option2_date}{option2_time}？”。"
                    " End with the two call-back times, as in the example.",
                )
            if rebuttal and objection and objection.proposes_visit is True:
                _require(
                    report,
                    doc,
                    path + [v],
                    variation,
                    name,
                    ("visit_date", "visit_time"),
                    "no-proposal",
                    Words("没有提议拜访时间", "proposes no visit"),
                    "每句回应都以约见结尾，比如“{visit_date}{visit_time}我正好在贵公司附近，想过去拜访您，您看方便吗？”。"
                    "如果这个异议本来就不该约见，在 coach.yml 里给它写 {proposes_visit: false}。"
                    " End with a visit proposal using {visit_date}{visit_time}; if this objection should never"
                    " propose one, set {proposes_visit: false} for it in coach.yml.",
                )

    for owner, numbered in numbers.items():
        numbered.sort()
        if numbered[0][0] != 1:
            continue  # [no-rebuttal] already says the first one is missing
        for expected, (n, name) in enumerate(numbered, start=1):
            if n != expected:
                doc, path = responses[name]
                report.add(
                    doc,
                    doc.line(path),
                    "rebuttal-gap",
                    f"{name}：编号应该从 1 开始连续，这里缺了 utter_rebuttal_{owner}_{expected} / rebuttal numbers must "
                    f"run 1, 2, 3 … without gaps; utter_rebuttal_{owner}_{expected} is missing",
                    "把编号改成连续的：第几次提出这个异议就用第几句。"
                    " Renumber them: the n-th time the customer raises it, _n is said.",
                )
                break


@check("taboo-phrase")
def check_taboos(project: Project, report: Report) -> None:
    """No response of the bot says a taboo phrase of taboo.yml: the scripts
    are what reps learn to say. (A broken taboo.yml is reported by check_drill.)"""
    from coach.drill import grader, rubrics

    try:
        taboos = rubrics.load_taboos(project.root / rubrics.TABOO)
    except YamlProblems:
        return
    for name, (doc, path) in project.domain_section("responses").items():
        variations = doc.data["responses"][name]
        for v, variation in enumerate(variations if isinstance(variations, list) else []):
            if not isinstance(variation, dict):
                continue
            for sub, text in placeholders.strings_in(variation):
                hits = grader.taboos_in(taboos, str(text))
                if hits:
                    report.add(
                        doc,
                        doc.line(path + [v] + sub),
                        "taboo-phrase",
                        f"{name} 里有禁忌语“{'”“'.join(hits)}” / {name} says a taboo phrase: {', '.join(hits)}",
                        "改写这句话：不编造事实、不在查清楚前认错、不说冷冰冰或敷衍的话、不主动打折（清单见 taboo.yml）。"
                        " Rewrite it: no made-up facts, no fault admitted before it was checked, no brush-offs,"
                        " no discount offers (the list is taboo.yml).",
                    )


def _require(
    report: Report,
    doc: Doc,
    path: list,
    variation: dict,
    name: str,
    needed: Tuple[str, ...],
    code: str,
    what: Words,
    hint: str,
) -> None:
    """A rebuttal must name each of `needed` (its proposal's placeholders)."""
    missing = " ".join(
        "{" + p + "}" for p in needed if p not in placeholders.names_in(str(variation.get("text") or ""))
    )
    if missing:
        report.add(
            doc,
            doc.line(path + ["text"] if "text" in variation else path),
            code,
            f"{name} {what.zh}，缺少 {missing} / the rebuttal {what.en}: it lacks {missing}",
            hint,
        )


# Responses that are not said on the phone: the drill, the explanations, the help text.
NOT_ON_THE_PHONE = (
    "utter_drill_",
    "utter_why_",
    "utter_out_of_scope",
    "utter_default",
    "utter_service_unavailable",
    "utter_menu",
    "utter_scenario_",
)


def _not_on_the_phone(name: str, scenarios: Dict[str, Scenario]) -> bool:
    """Said to the rep, not to a customer: the coach's own lines, a
    scenario's scene and reasoning, and the answers to a move the rep makes
    himself (coach.yml `drill: false`, "王总签了")."""
    if name.startswith(NOT_ON_THE_PHONE):
        return True
    scenario = registry.scenario_of_response(name, scenarios)
    if scenario is None:
        return False
    rest = name[len(f"utter_{scenario.name}_") :]
    told_the_rep = [move for move, options in scenario.moves.items() if not options.drill]
    return rest == "start" or rest.endswith("_why") or any(rest.startswith(f"{move}_") for move in told_the_rep)


@check("too-long")
def check_lengths(project: Project, report: Report) -> None:
    """Warnings, not errors: a reply said on the phone longer than one breath
    (coach.yml reply.max_spoken_chars, 70 by default; seed 003: keep it short)."""
    data = project.coach.data if project.coach else None
    reply = data.get("reply") if isinstance(data, dict) else None
    limit = reply.get("max_spoken_chars", 70) if isinstance(reply, dict) else 70
    if not isinstance(limit, int) or isinstance(limit, bool):
        return  # check_settings reports the wrong value
    scenarios = project.scenarios()
    for name, (doc, path) in project.domain_section("responses").items():
        if _not_on_the_phone(name, scenarios):
            continue
        variations = doc.data["responses"][name]
        for v, variation in enumerate(variations if isinstance(variations, list) else []):
            text = variation.get("text") if isinstance(variation, dict) else None
            if isinstance(text, str) and placeholders.spoken_length(text) > limit:
                report.add(
                    doc,
                    doc.line(path + [v, "text"]),
                    "too-long",
                    f"{name} 说出来有 {placeholders.spoken_length(text)} 个字，超过 {limit} 个 / {name} is "
                    f"{placeholders.spoken_length(text)} characters said aloud, over {limit}",
                    "电话里一口气说完：删掉解释，只留转折、一个理由和约见。解释可以写进 utter_why_<异议名>（客户问“为什么这么说？”时说）。"
                    " Keep one breath: the turn, one reason and the proposal; put the reasoning in utter_why_<objection>.",
                )
