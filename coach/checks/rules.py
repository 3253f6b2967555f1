"""The project's own rules for trainer-edited YAML. Each check takes the
loaded Project and returns Problems with file, line, a message starting with
its `[code]` (explained in docs/trainer-guide.md) and a hint, both in Chinese
and English."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Dict, List, Optional, Set, Tuple

from ruamel.yaml.scalarstring import LiteralScalarString

from coach.checks import placeholders as ph
from coach.checks.project import Doc, Example, Project, Step, coded
from coach.cleaning import normalize
from coach.yamlfile import Problem, YamlProblems

MIN_EXAMPLES = 15
REBUT_ACTION = "action_rebut"
REBUTTAL = re.compile(r"^utter_rebuttal_(?P<intent>.+)_(?P<n>\d+)$")
RETREAT = re.compile(r"^utter_retreat_(?P<intent>.+)$")
NLU_FILE = "data/nlu/objections.yml"
RULES_FILE = "data/rules/objections.yml"


def _rasa_defaults() -> Tuple[Set[str], Set[str], Set[str]]:
    """Intents, actions and slots every Rasa assistant has without declaring them."""
    from rasa.shared.core import constants

    return set(constants.DEFAULT_INTENTS), set(constants.DEFAULT_ACTION_NAMES), set(constants.DEFAULT_SLOT_NAMES)


def _listed(names) -> str:
    names = sorted(names)
    shown = "、".join(names[:12])
    return shown + (" …" if len(names) > 12 else "") if names else "（无 none）"


class _Collector:
    def __init__(self) -> None:
        self.problems: List[Problem] = []

    def add(self, doc: Optional[Doc], line: Optional[int], code: str, message: str, hint: str) -> None:
        file = doc.rel if doc else "coach.yml"
        self.problems.append(Problem(file, line, f"[{code}] {message}", hint))


# --------------------------------------------------------------------- coach.yml
def check_settings(project: Project) -> List[Problem]:
    from coach import settings

    doc = project.coach
    if doc is None:
        return []
    try:
        settings.parse(doc.data, doc.rel)
    except YamlProblems as e:
        return [coded(p, "coach-settings", project.root) for p in e.problems]
    except Exception as e:  # a value the schema lets through but parse() cannot use
        return [
            Problem(
                doc.rel,
                None,
                f"[coach-settings] coach.yml 无法读取 cannot be used: {e}",
                "对照文件里的注释检查每个值。 Compare each value with the comments in the file.",
            )
        ]
    return []


# --------------------------------------------------------------------- drill files
def check_drill(project: Project) -> List[Problem]:
    """The drill rubrics and customer lines, checked by coach/drill/rubrics.py
    (its own rules), and the drill commands (coach/commands.py), when the
    files exist."""
    try:
        from coach.drill import rubrics
    except ImportError:
        return []
    from coach import commands

    found: List[Problem] = []
    commands_path = project.root / commands.PATH
    if commands_path.exists():
        try:
            commands.load(commands_path)
        except YamlProblems as e:
            found += e.problems
    rubrics_path, lines_path = project.root / rubrics.RUBRICS, project.root / rubrics.LINES
    objections = project.objections()
    if objections and (rubrics_path.exists() or lines_path.exists()):
        try:
            rubrics.load(objections, rubrics_path, lines_path, project.root / rubrics.TABOO)
        except YamlProblems as e:
            found += e.problems
    return [
        coded(p, "yaml-syntax" if p.message.startswith("YAML syntax error") else "drill", project.root) for p in found
    ]


# --------------------------------------------------------------------- NLU examples
def example_key(text: str) -> str:
    """What makes two examples "the same" for the classifier: the pipeline's
    normalisation (full-width, whitespace, Traditional to Simplified), then
    case and punctuation ignored."""
    text = normalize(text, max_chars=10_000).lower()
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))
    text = re.sub(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+", "", text)  # spaces next to Chinese mean nothing
    return re.sub(r"\s+", " ", text).strip()


def read_examples(project: Project, out: _Collector, held_out: bool = False) -> List[Example]:
    from rasa.shared.nlu.training_data.entities_parser import replace_entities

    examples: List[Example] = []
    for doc, i, item in project.examples(held_out):
        intent = str(item.get("intent"))
        block = item.get("examples")
        key_line = doc.line(["nlu", i, "examples"]) or doc.line(["nlu", i])
        if not isinstance(block, str):
            out.add(
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
                out.add(
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
                out.add(doc, line, "example-format", "空的例句 / an empty example", "删掉这一行。 Delete the line.")
                continue
            examples.append(Example(intent, text, doc, line))
    return examples


def check_examples(project: Project, examples: List[Example], out: _Collector) -> None:
    seen: Dict[str, Example] = {}
    reported: Set[Tuple[str, str, str]] = set()
    for ex in examples:
        key = example_key(ex.text)
        if not key:
            continue
        first = seen.setdefault(key, ex)
        if first.intent != ex.intent and (key, first.intent, ex.intent) not in reported:
            reported.add((key, first.intent, ex.intent))
            out.add(
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


def check_held_out(project: Project, examples: List[Example], out: _Collector) -> None:
    """A held-out sentence that is also a training example measures nothing."""
    training = {example_key(ex.text): ex for ex in examples}
    for ex in read_examples(project, out, held_out=True):
        same = training.get(example_key(ex.text))
        if same:
            out.add(
                ex.doc,
                ex.line,
                "heldout-in-training",
                f"测试句「{ex.text}」也是训练例句（{same.doc.rel}:{same.line}）/ this held-out sentence is also a "
                f"training example",
                "测试句要和训练例句不同，报告才能看出机器人对新说法的表现：删掉或改写其中一句。"
                " Held-out sentences must differ from the training examples, or the report measures nothing:"
                " delete or reword one of them.",
            )


# --------------------------------------------------------------------- objections
def _routes(project: Project) -> Dict[str, List[Step]]:
    """Intent -> the steps where a rule or story sends it to action_rebut."""
    routed: Dict[str, List[Step]] = defaultdict(list)
    steps = list(project.steps(tests=False))
    for step, nxt in zip(steps, steps[1:]):
        if (step.doc, step.block) != (nxt.doc, nxt.block) or step.index < 0 or nxt.index != step.index + 1:
            continue
        if not (isinstance(nxt.step, dict) and nxt.step.get("action") == REBUT_ACTION):
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


def check_objections(project: Project, examples: List[Example], out: _Collector) -> None:
    objections = project.objections()
    coach = project.coach
    domain = project.domain_docs()
    intents = project.domain_section("intents")
    responses = project.domain_section("responses")
    counts: Dict[str, int] = defaultdict(int)
    first_item: Dict[str, Tuple[Doc, Optional[int]]] = {}
    for doc, i, item in project.examples():
        first_item.setdefault(str(item.get("intent")), (doc, doc.line(["nlu", i])))
    for ex in examples:
        counts[ex.intent] += 1
    routes = _routes(project)
    nlu_doc = project.docs.get(NLU_FILE)
    rules_doc = project.docs.get(RULES_FILE)
    main_domain = domain[0] if domain else None
    complete = project.training_data_complete()

    for name in objections:
        listed = f"（coach.yml 第 {coach.line(['objections', name])} 行 / coach.yml line {coach.line(['objections', name])}）"
        # examples
        if complete and counts[name] < MIN_EXAMPLES:
            doc, line = first_item.get(name, (nlu_doc or coach, None))
            if line is None:
                line = doc.line(["nlu"]) if doc is nlu_doc and doc else coach.line(["objections", name])
            out.add(
                doc,
                line,
                "few-examples",
                f"异议 '{name}' 只有 {counts[name]} 句例句，至少要 {MIN_EXAMPLES} 句{listed} / objection "
                f"'{name}' has {counts[name]} examples; it needs at least {MIN_EXAMPLES}",
                f"在 {NLU_FILE} 的 `- intent: {name}` 下面再写几句客户真会说的话，每句一行。"
                f" Add more things a customer would really say under `- intent: {name}` in {NLU_FILE}.",
            )
        if not domain:
            continue
        if name not in intents:
            out.add(
                main_domain,
                main_domain.line(["intents"]),
                "not-in-domain",
                f"异议 '{name}' 不在 domain.yml 的 intents 列表里{listed} / objection '{name}' is not listed "
                f"under intents in domain.yml",
                f"在 domain.yml 的 `intents:` 下加一行 `  - {name}`；如果是 coach.yml 里拼错了，就改 coach.yml。"
                f" Add `  - {name}` under `intents:` in domain.yml, or fix the spelling in coach.yml.",
            )
        first = f"utter_rebuttal_{name}_1"
        if first not in responses:
            numbered = sorted(
                (int(m.group("n")), r) for r in responses if (m := REBUTTAL.match(r)) and m.group("intent") == name
            )
            doc, path = responses[numbered[0][1]] if numbered else (main_domain, ["responses"])
            out.add(
                doc,
                doc.line(path),
                "no-rebuttal",
                f"异议 '{name}' 没有第一句回应 {first}{listed} / objection '{name}' has no rebuttal {first}",
                f"在 domain.yml 的 `responses:` 下加 {first}（第二次用 utter_rebuttal_{name}_2）。"
                f" Add {first} (and utter_rebuttal_{name}_2 for the second time) under `responses:` in domain.yml.",
            )
        if complete and name not in routes:
            doc = rules_doc or coach
            line = rules_doc.line(["rules"]) if rules_doc else coach.line(["objections", name])
            out.add(
                doc,
                line,
                "no-rule",
                f"没有规则把异议 '{name}' 交给 action_rebut{listed} / no rule sends objection '{name}' to action_rebut",
                f"在 {RULES_FILE} 里加一条规则：`- intent: {name}` 下一步 `- action: action_rebut`。"
                f" Add a rule in {RULES_FILE}: step `- intent: {name}` followed by `- action: action_rebut`.",
            )

    for intent, steps in routes.items():
        if objections and intent not in objections:
            step = steps[0]
            out.add(
                step.doc,
                step.doc.line(step.path),
                "rebut-not-objection",
                f"规则把 '{intent}' 交给 action_rebut，但 coach.yml 的 objections 里没有它 / '{intent}' is sent to "
                f"action_rebut but is not listed under objections in coach.yml",
                f"在 coach.yml 的 `objections:` 下加 `  {intent}: {{}}`（不提议拜访就写 {{proposes_visit: false}}）。"
                f" Add `  {intent}: {{}}` under `objections:` in coach.yml ({{proposes_visit: false}} if it proposes no visit).",
            )


# --------------------------------------------------------------------- responses
def check_responses(project: Project, out: _Collector) -> None:
    if not project.domain_docs():
        return
    objections, callbacks = project.objections(), project.callbacks()
    intents = set(project.domain_section("intents"))
    _, _, default_slots = _rasa_defaults()
    slots = set(project.domain_section("slots")) | default_slots
    responses = project.domain_section("responses")
    said_by_rules = {
        str(s.step["action"])
        for s in project.steps(tests=False)
        if isinstance(s.step, dict) and s.step.get("action") in responses
    }
    numbers: Dict[str, List[Tuple[int, str]]] = defaultdict(list)

    for name, (doc, path) in responses.items():
        rebuttal, retreat = REBUTTAL.match(name), RETREAT.match(name)
        owner = (rebuttal or retreat).group("intent") if (rebuttal or retreat) else None
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
                    f"检查名字拼写：应该是 utter_rebuttal_<异议名>_<次数>，异议名有：{_listed(objections)}。"
                    f" Check the spelling: utter_rebuttal_<objection>_<n>, where the objection is one of the above."
                )
            out.add(
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
            out.add(
                doc,
                doc.line(path),
                "response-format",
                f"回应 {name} 的写法不对 / response {name} must be a list of variations",
                '写成下一行 `    - text: "……"`（减号、空格、text、冒号）。'
                ' Write the text on the next line as `    - text: "..."`.',
            )
            continue
        if owner and rebuttal:
            extra, who = ph.rebuttal_values(objections[owner], owner in callbacks), ("action_rebut", "action_rebut")
        elif owner and retreat:
            extra, who = ph.RETREAT_VALUES, ("action_rebut", "action_rebut")
        elif name in said_by_rules:
            extra, who = frozenset(), ("规则", "a rule")
        else:
            extra, who = ph.ACTION_VALUES, None
        for v, variation in enumerate(variations):
            if not isinstance(variation, dict):
                out.add(
                    doc,
                    doc.line(path + [v]),
                    "response-format",
                    f"回应 {name} 的第 {v + 1} 种说法写法不对 / variation {v + 1} of {name} is not `text: ...`",
                    '写成 `    - text: "……"`：text 后面是冒号加空格。'
                    ' Write it as `    - text: "..."` with a colon and a space after text.',
                )
                continue
            for sub, text in ph.strings_in(variation):
                line = doc.line(path + [v] + sub)
                if not ph.braces_ok(text):
                    out.add(
                        doc,
                        line,
                        "brace-error",
                        f"{name} 里有不成对的大括号 {{ 或 }} / {name} has a {{ or }} without its pair",
                        "占位符写成 {visit_date} 这样，左右括号都要有；要显示大括号本身就写两个 {{ }}。"
                        " Write placeholders like {visit_date}; for a literal brace write it twice.",
                    )
                    continue
                for placeholder in ph.names_in(text):
                    if placeholder in slots:
                        continue
                    if placeholder not in ph.ACTION_VALUES:
                        out.add(
                            doc,
                            line,
                            "unknown-placeholder",
                            f"{name} 里的占位符 {{{placeholder}}} 没有任何东西会填 / nothing fills the placeholder "
                            f"{{{placeholder}}} in {name}",
                            "检查拼写。可用的占位符见 domain.yml 开头的注释和 docs/trainer-guide.md；也可以用 slots 里的名字。"
                            f" Check the spelling; known ones: {_listed(ph.ACTION_VALUES)} and the slots.",
                        )
                    elif placeholder not in extra:
                        out.add(
                            doc,
                            line,
                            "unfilled-placeholder",
                            f"{name} 由{who[0]}说出，它不填 {{{placeholder}}} / {name} is said by {who[1]}, which does "
                            f"not fill {{{placeholder}}}",
                            ("这里只能用：" if extra else "规则直接说的回应只能用 slots 里的名字；")
                            + _listed(extra | slots)
                            + "。 Use only the placeholders listed, or remove this one (the customer would see it raw).",
                        )
            if rebuttal and owner and owner in callbacks:
                _require(
                    out,
                    doc,
                    path + [v],
                    variation,
                    name,
                    ("option1_date", "option1_time", "option2_date", "option2_time"),
                    "no-callback-choice",
                    "没有让客户选回电时间 / offers no choice of call-back times",
                    "客户在忙（offers_callback: true）：回应要以两个回电时间结尾，比如“您看我{option1_date}{option1_time}"
                    "再打给您，还是{option2_date}{option2_time}？”。"
                    " End with the two call-back times, as in the example.",
                )
            if rebuttal and owner and objections[owner] is True:
                _require(
                    out,
                    doc,
                    path + [v],
                    variation,
                    name,
                    ("visit_date", "visit_time"),
                    "no-proposal",
                    "没有提议拜访时间 / proposes no visit",
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
                out.add(
                    doc,
                    doc.line(path),
                    "rebuttal-gap",
                    f"{name}：编号应该从 1 开始连续，这里缺了 utter_rebuttal_{owner}_{expected} / rebuttal numbers must "
                    f"run 1, 2, 3 … without gaps; utter_rebuttal_{owner}_{expected} is missing",
                    "把编号改成连续的：第几次提出这个异议就用第几句。"
                    " Renumber them: the n-th time the customer raises it, _n is said.",
                )
                break


def check_taboos(project: Project, out: _Collector) -> None:
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
            for sub, text in ph.strings_in(variation):
                hits = grader.taboos_in(taboos, str(text))
                if hits:
                    out.add(
                        doc,
                        doc.line(path + [v] + sub),
                        "taboo-phrase",
                        f"{name} 里有禁忌语“{'”“'.join(hits)}” / {name} says a taboo phrase: {', '.join(hits)}",
                        "改写这句话：不编造事实、不在查清楚前认错、不说冷冰冰或敷衍的话、不主动打折（清单见 taboo.yml）。"
                        " Rewrite it: no made-up facts, no fault admitted before it was checked, no brush-offs,"
                        " no discount offers (the list is taboo.yml).",
                    )


def check_todos(project: Project) -> List[Problem]:
    """A TODO left in any file the project reads (the skeleton `make
    new-objection` writes marks each piece to write)."""
    out = _Collector()
    for rel, doc in sorted(project.docs.items()):
        try:
            text = (project.root / rel).read_text(encoding="utf-8")
        except OSError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if "TODO" in line:
                out.add(
                    doc,
                    number,
                    "todo",
                    f"第 {number} 行还有没写完的 TODO / a TODO left on line {number}: {line.strip()[:60]}",
                    "把 TODO 换成真正的内容（说明见 docs/trainer-guide.md 第 3 节）。"
                    " Replace the TODO with the real text (docs/trainer-guide.en.md, section 3).",
                )
    return out.problems


def _require(
    out: _Collector,
    doc: Doc,
    path: list,
    variation: dict,
    name: str,
    needed: Tuple[str, ...],
    code: str,
    what: str,
    hint: str,
) -> None:
    """A rebuttal must name each of `needed` (its proposal's placeholders)."""
    missing = " ".join("{" + p + "}" for p in needed if p not in ph.names_in(str(variation.get("text") or "")))
    if missing:
        zh, en = what.split(" / ")
        out.add(
            doc,
            doc.line(path + ["text"] if "text" in variation else path),
            code,
            f"{name} {zh}，缺少 {missing} / the rebuttal {en}: it lacks {missing}",
            hint,
        )


# Responses that are not said on the phone: the drill, the explanations, the help text.
NOT_ON_THE_PHONE = ("utter_drill_", "utter_why_", "utter_out_of_scope", "utter_default", "utter_service_unavailable")


def check_lengths(project: Project) -> List[Problem]:
    """Warnings, not errors: a reply said on the phone longer than one breath
    (coach.yml reply.max_spoken_chars, 70 by default; seed 003: keep it short)."""
    out = _Collector()
    data = project.coach.data if project.coach else None
    reply = data.get("reply") if isinstance(data, dict) else None
    limit = reply.get("max_spoken_chars", 70) if isinstance(reply, dict) else 70
    if not isinstance(limit, int) or isinstance(limit, bool):
        return []  # check_settings reports the wrong value
    for name, (doc, path) in project.domain_section("responses").items():
        if name.startswith(NOT_ON_THE_PHONE):
            continue
        variations = doc.data["responses"][name]
        for v, variation in enumerate(variations if isinstance(variations, list) else []):
            text = variation.get("text") if isinstance(variation, dict) else None
            if isinstance(text, str) and ph.spoken_length(text) > limit:
                out.add(
                    doc,
                    doc.line(path + [v, "text"]),
                    "too-long",
                    f"{name} 说出来有 {ph.spoken_length(text)} 个字，超过 {limit} 个 / {name} is "
                    f"{ph.spoken_length(text)} characters said aloud, over {limit}",
                    "电话里一口气说完：删掉解释，只留转折、一个理由和约见。解释可以写进 utter_why_<异议名>（客户问“为什么这么说？”时说）。"
                    " Keep one breath: the turn, one reason and the proposal; put the reasoning in utter_why_<objection>.",
                )
    return out.problems


# --------------------------------------------------------------------- rules and stories
def check_steps(project: Project, out: _Collector) -> None:
    if not project.domain_docs():
        return
    default_intents, default_actions, default_slots = _rasa_defaults()
    intents = set(project.domain_section("intents")) | default_intents
    responses = set(project.domain_section("responses"))
    forms = set(project.domain_section("forms"))
    actions = set(project.domain_section("actions")) | default_actions | forms
    slots = set(project.domain_section("slots")) | default_slots
    entities = set(project.domain_section("entities"))
    for s in project.steps(tests=True):
        what = ("规则", "rule") if s.kind == "rules" else ("故事", "story")
        _check_step(s.step, s, what, intents, responses, actions, forms, slots, entities, out, s.path)


def _check_step(step, s: Step, what, intents, responses, actions, forms, slots, entities, out, path) -> None:
    if not isinstance(step, dict):
        return
    doc = s.doc
    if "intent" in step:
        intent = str(step["intent"]).split("/")[0]
        if intent not in intents:
            out.add(
                doc,
                doc.line(path + ["intent"]),
                "unknown-intent",
                f"{what[0]}用到的意图 '{intent}' 在 domain.yml 里不存在 / the {what[1]} names an unknown intent '{intent}'",
                f"检查拼写，或在 domain.yml 的 `intents:` 下加上它。已有：{_listed(intents)}。"
                " Check the spelling or add it under `intents:` in domain.yml.",
            )
        for e, entity in enumerate(step.get("entities") or []):
            name = _item_name(entity)
            if name is not None and str(name) not in entities:
                out.add(
                    doc,
                    doc.line(path + ["entities", e]),
                    "unknown-entity",
                    f"实体 '{name}' 在 domain.yml 里不存在 / unknown entity '{name}'",
                    "检查拼写，或在 domain.yml 的 `entities:` 下加上它。 Check the spelling or add it under `entities:`.",
                )
    if "action" in step:
        action = str(step["action"])
        if action.startswith("utter_") and action not in responses:
            out.add(
                doc,
                doc.line(path + ["action"]),
                "unknown-response",
                f"{what[0]}让机器人说 '{action}'，但 domain.yml 的 responses 里没有它 / the {what[1]} names an unknown response '{action}'",
                "检查拼写，或在 domain.yml 的 `responses:` 下写上这句话。"
                " Check the spelling or write this response under `responses:` in domain.yml.",
            )
        elif not action.startswith("utter_") and action not in actions:
            out.add(
                doc,
                doc.line(path + ["action"]),
                "unknown-action",
                f"{what[0]}用到的动作 '{action}' 在 domain.yml 里不存在 / the {what[1]} names an unknown action '{action}'",
                f"动作名必须是 domain.yml `actions:` 里的一个（{_listed(actions - {'...'})}）。"
                " The action must be one listed under `actions:` in domain.yml; trainers cannot invent new ones.",
            )
    if "active_loop" in step and step["active_loop"] is not None and str(step["active_loop"]) not in forms:
        out.add(
            doc,
            doc.line(path + ["active_loop"]),
            "unknown-form",
            f"表单 '{step['active_loop']}' 在 domain.yml 里不存在 / unknown form '{step['active_loop']}'",
            f"已有的表单：{_listed(forms)}。 Known forms are listed above.",
        )
    if "slot_was_set" in step:
        for k, item in enumerate(step.get("slot_was_set") or []):
            name = _item_name(item)
            if name is not None and str(name) not in slots:
                out.add(
                    doc,
                    doc.line(path + ["slot_was_set", k]),
                    "unknown-slot",
                    f"slot '{name}' 在 domain.yml 里不存在 / unknown slot '{name}'",
                    "检查拼写，或在 domain.yml 的 `slots:` 下定义它。 Check the spelling or define it under `slots:`.",
                )
    for k, alternative in enumerate(step.get("or") or []):
        _check_step(alternative, s, what, intents, responses, actions, forms, slots, entities, out, path + ["or", k])


def _item_name(item):
    """`- entity_name` or `- entity_name: value` (entities, slot_was_set)."""
    return next(iter(item), None) if isinstance(item, dict) else item


def check_nlu_intents(project: Project, out: _Collector) -> None:
    """Intents in training or held-out examples that the domain does not list."""
    if not project.domain_docs():
        return
    intents = set(project.domain_section("intents")) | _rasa_defaults()[0]
    for doc in project.training_docs("nlu", tests=True):
        for i, item in enumerate(doc.data.get("nlu") or []):
            if isinstance(item, dict) and "intent" in item:
                intent = str(item["intent"]).split("/")[0]
                if intent not in intents:
                    out.add(
                        doc,
                        doc.line(["nlu", i, "intent"]),
                        "unknown-intent",
                        f"例句属于意图 '{intent}'，但 domain.yml 的 intents 里没有它 / intent '{intent}' is not in domain.yml",
                        f"在 domain.yml 的 `intents:` 下加 `  - {intent}`，或检查拼写。"
                        f" Add `  - {intent}` under `intents:` in domain.yml, or fix the spelling.",
                    )
