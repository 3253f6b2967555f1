"""Checks of each objection coach.yml lists: enough examples, listed in the
domain, a first rebuttal, a rule that sends it to action_rebut; and rules
that send an unlisted intent there."""

from __future__ import annotations

from collections import defaultdict
from typing import Dict, List, Optional, Tuple

from coach import registry
from coach.checks.catalogue import Report, check
from coach.checks.examples import read_examples
from coach.checks.project import Doc, Project, Step

MIN_EXAMPLES = 15
NLU_FILE = "data/nlu/objections.yml"
COLD_CALL_DOMAIN = "domain/cold_call.yml"
RULES_FILE = "data/rules/objections.yml"


def rebut_routes(project: Project) -> Dict[str, List[Step]]:
    """Intent -> the steps where a rule or story sends it to action_rebut."""
    routed: Dict[str, List[Step]] = defaultdict(list)
    steps = list(project.steps(tests=False))
    for step, nxt in zip(steps, steps[1:]):
        if (step.doc, step.block) != (nxt.doc, nxt.block) or step.index < 0 or nxt.index != step.index + 1:
            continue
        if not (isinstance(nxt.step, dict) and nxt.step.get("action") == registry.REBUT_ACTION):
            continue
        for intent in _step_intents(step.step):
            routed[intent].append(step)
    return routed


def _step_intents(step) -> List[str]:
    if not isinstance(step, dict):
        return []
    if "intent" in step:
        return [str(step["intent"])]
    return [str(alt["intent"]) for alt in step.get("or") or [] if isinstance(alt, dict) and "intent" in alt]


@check("few-examples", "not-in-domain", "no-rebuttal", "no-rule", "rebut-not-objection")
def check_objections(project: Project, report: Report) -> None:
    examples, _ = read_examples(project)
    objections = project.objections()
    coach = project.coach
    if coach is None:
        return  # [missing-file]
    domain = project.domain_docs()
    intents = project.domain_section("intents")
    responses = project.domain_section("responses")
    counts: Dict[str, int] = defaultdict(int)
    first_item: Dict[str, Tuple[Doc, Optional[int]]] = {}
    for example_doc, i, item in project.examples():
        first_item.setdefault(str(item.get("intent")), (example_doc, example_doc.line(["nlu", i])))
    for ex in examples:
        counts[ex.intent] += 1
    routes = rebut_routes(project)
    nlu_doc = project.docs.get(NLU_FILE)
    rules_doc = project.docs.get(RULES_FILE)
    # the cold call's own file holds its objections (a single domain.yml in older projects)
    main_domain = next((d for d in domain if d.rel == COLD_CALL_DOMAIN), domain[0] if domain else None)
    complete = project.training_data_complete()

    for name in objections:
        where = f"（coach.yml 第 {coach.line(['objections', name])} 行 / coach.yml line {coach.line(['objections', name])}）"
        # examples
        if complete and counts[name] < MIN_EXAMPLES:
            doc, line = first_item.get(name, (nlu_doc or coach, None))
            if line is None:
                line = doc.line(["nlu"]) if doc is nlu_doc and doc else coach.line(["objections", name])
            report.add(
                doc,
                line,
                "few-examples",
                f"异议 '{name}' 只有 {counts[name]} 句例句，至少要 {MIN_EXAMPLES} 句{where} / objection "
                f"'{name}' has {counts[name]} examples; it needs at least {MIN_EXAMPLES}",
                f"在 {NLU_FILE} 的 `- intent: {name}` 下面再写几句客户真会说的话，每句一行。"
                f" Add more things a customer would really say under `- intent: {name}` in {NLU_FILE}.",
            )
        if main_domain is None:
            continue
        if name not in intents:
            report.add(
                main_domain,
                main_domain.line(["intents"]),
                "not-in-domain",
                f"异议 '{name}' 不在 {main_domain.rel} 的 intents 列表里{where} / objection '{name}' is not listed "
                f"under intents in {main_domain.rel}",
                f"在 {main_domain.rel} 的 `intents:` 下加一行 `  - {name}`；如果是 coach.yml 里拼错了，就改 coach.yml。"
                f" Add `  - {name}` under `intents:` in {main_domain.rel}, or fix the spelling in coach.yml.",
            )
        first = registry.rebuttal(name)
        if first not in responses:
            numbered = registry.rebuttals_of(name, responses)
            doc, path = responses[numbered[0]] if numbered else (main_domain, ["responses"])
            report.add(
                doc,
                doc.line(path),
                "no-rebuttal",
                f"异议 '{name}' 没有第一句回应 {first}{where} / objection '{name}' has no rebuttal {first}",
                f"在 {COLD_CALL_DOMAIN} 的 `responses:` 下加 {first}（第二次用 utter_rebuttal_{name}_2）。"
                f" Add {first} (and utter_rebuttal_{name}_2 for the second time) under `responses:` in {COLD_CALL_DOMAIN}.",
            )
        if complete and name not in routes:
            doc = rules_doc or coach
            line = doc.line(["rules"] if rules_doc else ["objections", name])
            report.add(
                doc,
                line,
                "no-rule",
                f"没有规则把异议 '{name}' 交给 action_rebut{where} / no rule sends objection '{name}' to action_rebut",
                f"在 {RULES_FILE} 里加一条规则：`- intent: {name}` 下一步 `- action: action_rebut`。"
                f" Add a rule in {RULES_FILE}: step `- intent: {name}` followed by `- action: action_rebut`.",
            )

    scenarios = project.scenarios()
    for intent, steps in routes.items():
        if objections and intent not in objections and not registry.owners(intent, scenarios):
            step = steps[0]
            report.add(
                step.doc,
                step.doc.line(step.path),
                "rebut-not-objection",
                f"规则把 '{intent}' 交给 action_rebut，但 coach.yml 的 objections 和 scenarios 里都没有它 / '{intent}' is "
                f"sent to action_rebut but is neither an objection nor a scenario's move in coach.yml",
                f"在 coach.yml 的 `objections:` 下加 `  {intent}: {{}}`（不提议拜访就写 {{proposes_visit: false}}）。"
                f" Add `  {intent}: {{}}` under `objections:` in coach.yml ({{proposes_visit: false}} if it proposes no visit).",
            )
