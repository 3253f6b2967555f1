"""Checks of rules and stories (data/ and tests/stories/): every intent,
action, response, form, slot and entity they name exists."""

from __future__ import annotations

from coach.checks.catalogue import Report, Words, check, listed
from coach.checks.project import Project, Step, rasa_defaults


@check("unknown-intent", "unknown-entity", "unknown-response", "unknown-action", "unknown-form", "unknown-slot")
def check_steps(project: Project, report: Report) -> None:
    if not project.domain_docs():
        return
    default_intents, default_actions, default_slots = rasa_defaults()
    intents = set(project.domain_section("intents")) | default_intents
    responses = set(project.domain_section("responses"))
    forms = set(project.domain_section("forms"))
    actions = set(project.domain_section("actions")) | default_actions | forms
    slots = set(project.domain_section("slots")) | default_slots
    entities = set(project.domain_section("entities"))
    for s in project.steps(tests=True):
        what = Words("规则", "rule") if s.kind == "rules" else Words("故事", "story")
        _check_step(s.step, s, what, intents, responses, actions, forms, slots, entities, report, s.path)


def _check_step(
    step, s: Step, what: Words, intents, responses, actions, forms, slots, entities, report: Report, path
) -> None:
    if not isinstance(step, dict):
        return
    doc = s.doc
    if "intent" in step:
        intent = str(step["intent"]).split("/")[0]
        if intent not in intents:
            report.add(
                doc,
                doc.line(path + ["intent"]),
                "unknown-intent",
                f"{what.zh}用到的意图 '{intent}' 在 domain.yml 里不存在 / the {what.en} names an unknown intent '{intent}'",
                f"检查拼写，或在 domain.yml 的 `intents:` 下加上它。已有：{listed(intents)}。"
                " Check the spelling or add it under `intents:` in domain.yml.",
            )
        for e, entity in enumerate(step.get("entities") or []):
            name = _item_name(entity)
            if name is not None and str(name) not in entities:
                report.add(
                    doc,
                    doc.line(path + ["entities", e]),
                    "unknown-entity",
                    f"实体 '{name}' 在 domain.yml 里不存在 / unknown entity '{name}'",
                    "检查拼写，或在 domain.yml 的 `entities:` 下加上它。 Check the spelling or add it under `entities:`.",
                )
    if "action" in step:
        action = str(step["action"])
        if action.startswith("utter_") and action not in responses:
            report.add(
                doc,
                doc.line(path + ["action"]),
                "unknown-response",
                f"{what.zh}让机器人说 '{action}'，但 domain.yml 的 responses 里没有它 / the {what.en} names an unknown response '{action}'",
                "检查拼写，或在 domain.yml 的 `responses:` 下写上这句话。"
                " Check the spelling or write this response under `responses:` in domain.yml.",
            )
        elif not action.startswith("utter_") and action not in actions:
            report.add(
                doc,
                doc.line(path + ["action"]),
                "unknown-action",
                f"{what.zh}用到的动作 '{action}' 在 domain.yml 里不存在 / the {what.en} names an unknown action '{action}'",
                f"动作名必须是 domain.yml `actions:` 里的一个（{listed(actions - {'...'})}）。"
                " The action must be one listed under `actions:` in domain.yml; trainers cannot invent new ones.",
            )
    if "active_loop" in step and step["active_loop"] is not None and str(step["active_loop"]) not in forms:
        report.add(
            doc,
            doc.line(path + ["active_loop"]),
            "unknown-form",
            f"表单 '{step['active_loop']}' 在 domain.yml 里不存在 / unknown form '{step['active_loop']}'",
            f"已有的表单：{listed(forms)}。 Known forms are listed above.",
        )
    if "slot_was_set" in step:
        for k, item in enumerate(step.get("slot_was_set") or []):
            name = _item_name(item)
            if name is not None and str(name) not in slots:
                report.add(
                    doc,
                    doc.line(path + ["slot_was_set", k]),
                    "unknown-slot",
                    f"slot '{name}' 在 domain.yml 里不存在 / unknown slot '{name}'",
                    "检查拼写，或在 domain.yml 的 `slots:` 下定义它。 Check the spelling or define it under `slots:`.",
                )
    for k, alternative in enumerate(step.get("or") or []):
        _check_step(alternative, s, what, intents, responses, actions, forms, slots, entities, report, path + ["or", k])


def _item_name(item):
    """`- entity_name` or `- entity_name: value` (entities, slot_was_set)."""
    return next(iter(item), None) if isinstance(item, dict) else item
