"""Checks of the NLU examples: their format, the same sentence under two
intents, held-out sentences that are also training examples, and examples
of intents the domain does not list."""

from __future__ import annotations

from typing import Dict, List, Set, Tuple

from ruamel.yaml.scalarstring import LiteralScalarString

from coach.checks.catalogue import Report, check
from coach.checks.project import Example, Project, rasa_defaults
from coach.cleaning import example_key
from coach.yamlfile import Problem


def read_examples(project: Project, held_out: bool = False) -> Tuple[List[Example], List[Problem]]:
    """The training examples (or the held-out ones) and the format problems
    found reading them; read once per project."""
    key = ("examples", held_out)
    if key not in project.memo:
        report = Report()
        project.memo[key] = (_read_examples(project, report, held_out), report.problems)
    return project.memo[key]


def _read_examples(project: Project, report: Report, held_out: bool) -> List[Example]:
    from rasa.shared.nlu.training_data.entities_parser import replace_entities

    examples: List[Example] = []
    for doc, i, item in project.examples(held_out):
        intent = str(item.get("intent"))
        block = item.get("examples")
        key_line = doc.line(["nlu", i, "examples"]) or doc.line(["nlu", i])
        if not isinstance(block, str):
            report.add(
                doc,
                key_line,
                "nlu-format",
                f"意图 '{intent}' 的例句写法不对 / the examples of intent '{intent}' are not one text block",
                "写成 `examples: |`，下一行起每句一行、以 `- ` 开头（比原来多缩进两格）。"
                " Write `examples: |` and then one example per line starting with `- `, indented two more spaces.",
            )
            continue
        literal = isinstance(block, LiteralScalarString)
        for k, raw in enumerate(block.splitlines()):
            line = key_line + 1 + k if literal and key_line else key_line
            if not raw.strip():
                continue
            if not raw.startswith("-"):
                report.add(
                    doc,
                    line,
                    "example-format",
                    f"这一行前面没有 `- `，Rasa 会跳过它 / this line has no `- ` in front and is skipped: {raw.strip()}",
                    "每句例句以 `- `（减号加空格）开头；例句块里的 # 不是注释。"
                    " Start every example with `- ` (dash, space); inside examples a # is not a comment.",
                )
                continue
            text = replace_entities(raw[1:].strip())
            if not text.strip():
                report.add(doc, line, "example-format", "空的例句 / an empty example", "删掉这一行。 Delete the line.")
                continue
            examples.append(Example(intent, text, doc, line))
    return examples


@check("nlu-format", "example-format")
def check_example_format(project: Project, report: Report) -> None:
    for held_out in (False, True):
        report.extend(read_examples(project, held_out)[1])


@check("duplicate-example")
def check_examples(project: Project, report: Report) -> None:
    examples, _ = read_examples(project)
    seen: Dict[str, Example] = {}
    reported: Set[Tuple[str, str, str]] = set()
    for ex in examples:
        key = example_key(ex.text)
        if not key:
            continue
        first = seen.setdefault(key, ex)
        if first.intent != ex.intent and (key, first.intent, ex.intent) not in reported:
            reported.add((key, first.intent, ex.intent))
            report.add(
                ex.doc,
                ex.line,
                "duplicate-example",
                f"例句「{ex.text}」在意图 '{ex.intent}' 下，但 '{first.intent}' 下已经有同一句"
                f"（{first.doc.rel}:{first.line}「{first.text}」）/ the same example is under two intents, "
                f"'{first.intent}' and '{ex.intent}'",
                "一句话只能属于一个意图：删掉其中一处，或改写成只符合一个意图的说法（繁简、空格、标点不算不同）。"
                " An example may belong to one intent only: delete one, or reword it"
                " (Traditional/Simplified, spaces and punctuation do not make it different).",
            )


@check("heldout-in-training")
def check_held_out(project: Project, report: Report) -> None:
    """A held-out sentence that is also a training example measures nothing."""
    training = {example_key(ex.text): ex for ex in read_examples(project)[0]}
    for ex in read_examples(project, held_out=True)[0]:
        same = training.get(example_key(ex.text))
        if same:
            report.add(
                ex.doc,
                ex.line,
                "heldout-in-training",
                f"测试句「{ex.text}」也是训练例句（{same.doc.rel}:{same.line}）/ this held-out sentence is also a "
                f"training example",
                "测试句要和训练例句不同，报告才能看出机器人对新说法的表现：删掉或改写其中一句。"
                " Held-out sentences must differ from the training examples, or the report measures nothing:"
                " delete or reword one of them.",
            )


@check("unknown-intent")
def check_nlu_intents(project: Project, report: Report) -> None:
    """Intents in training or held-out examples that the domain does not list."""
    if not project.domain_docs():
        return
    intents = set(project.domain_section("intents")) | rasa_defaults()[0]
    for doc in project.training_docs("nlu", tests=True):
        for i, item in enumerate(doc.data.get("nlu") or []):
            if isinstance(item, dict) and "intent" in item:
                intent = str(item["intent"]).split("/")[0]
                if intent not in intents:
                    report.add(
                        doc,
                        doc.line(["nlu", i, "intent"]),
                        "unknown-intent",
                        f"例句属于意图 '{intent}'，但 domain.yml 的 intents 里没有它 / intent '{intent}' is not in domain.yml",
                        f"在 domain.yml 的 `intents:` 下加 `  - {intent}`，或检查拼写。"
                        f" Add `  - {intent}` under `intents:` in domain.yml, or fix the spelling.",
                    )
