"""Every code `make check` can report, what it means, and the checks that
report them. A check is a function `(project, report) -> None` registered
with `@check("code", ...)` in one of the subject modules (examples,
objections, responses, steps, files); adding a check is adding a function.
docs/trainer-guide.md explains each code to trainers (a test keeps the guide
and this catalogue in step)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple

from coach.checks.project import Doc, Project
from coach.yamlfile import Problem


@dataclass(frozen=True)
class Code:
    code: str
    zh: str  # what it means, as the guide says it
    en: str
    warning: bool = False  # printed by `make check`, does not fail it


_CODES = (
    Code("yaml-syntax", "格式写错了，文件读不了", "the file's format is broken and cannot be read"),
    Code("missing-file", "少了必需的文件", "a required file is missing"),
    Code("coach-settings", "coach.yml 里某个值不对", "a value in coach.yml is wrong"),
    Code(
        "drill",
        "练习模式的评分标准、台词、命令或反馈片段有问题",
        "a drill rubric, customer line, command or feedback piece is wrong",
    ),
    Code("nlu-format", "例句没有写成一段文字", "examples are not written as one block"),
    Code("example-format", "例句那一行前面没有 `- `，或是空的", "an example line without `- `, or an empty one"),
    Code("duplicate-example", "同一句话出现在两个意图下", "the same sentence under two intents"),
    Code("heldout-in-training", "考试句子和训练例句一样", "an exam sentence equals a training example"),
    Code("few-examples", "异议的例句太少", "an objection has too few examples"),
    Code("not-in-domain", "异议没写进 domain.yml 的 intents", "the objection is missing from intents in domain.yml"),
    Code("no-rebuttal", "异议没有第一句回应", "the objection has no first rebuttal"),
    Code("rebuttal-gap", "回应编号不连续", "rebuttal numbers skip"),
    Code(
        "stray-rebuttal", "回应名里的异议名在 coach.yml 里没有", "a response names an objection coach.yml does not list"
    ),
    Code("no-rule", "没有规则把这个异议交给 action_rebut", "no rule sends the objection to action_rebut"),
    Code(
        "rebut-not-objection", "规则把没登记的意图交给 action_rebut", "a rule sends an unlisted intent to action_rebut"
    ),
    Code("no-proposal", "要约见的异议回应里没有约见时间", "a proposing rebuttal lacks the visit's date or time"),
    Code(
        "no-callback-choice",
        "客户在忙的回应里缺少两个回电时间",
        "a busy prospect's rebuttal lacks the two call-back times",
    ),
    Code(
        "scenario-move",
        "场景的说法不完整（意图、回应、例句或规则）",
        "a scenario's move lacks its intent, answer, examples or rule",
    ),
    Code("unowned", "没有场景认领的意图、回应或练习文件", "an intent, response or drill file no scenario owns"),
    Code("todo", "文件里还有没写完的 TODO", "a TODO is left in a file"),
    Code("too-long", "电话里一口气说不完的回应", "a phone reply too long for one breath", warning=True),
    Code(
        "move-example",
        "评分模型不认的要点例句，或会被当成扣分的例句",
        "a move example its own classifier rejects, or one a penalty would charge",
        warning=True,
    ),
    Code("unknown-placeholder", "占位符没有东西会填", "nothing fills the placeholder"),
    Code("unfilled-placeholder", "说这句话的一方不填这个占位符", "whoever says the response does not fill it"),
    Code("brace-error", "大括号不成对", "a brace without its pair"),
    Code("taboo-phrase", "回应里有禁忌语", "a response says a taboo phrase"),
    Code("response-format", "回应的写法不对", "a response is not written as `- text: ...`"),
    Code("unknown-intent", "用了不存在的意图", "an intent that does not exist"),
    Code("unknown-action", "用了不存在的动作", "an action that does not exist"),
    Code("unknown-response", "用了不存在的回应", "a response that does not exist"),
    Code("unknown-form", "用了不存在的表单", "a form that does not exist"),
    Code("unknown-slot", "用了不存在的 slot", "a slot that does not exist"),
    Code("unknown-entity", "用了不存在的实体", "an entity that does not exist"),
)
CODES: Dict[str, Code] = {c.code: c for c in _CODES}


@dataclass(frozen=True)
class Words:
    """A word or phrase for a message, in both languages."""

    zh: str
    en: str


def listed(names) -> str:
    """Names for a hint: the first dozen, sorted."""
    names = sorted(names)
    shown = "、".join(names[:12])
    return shown + (" …" if len(names) > 12 else "") if names else "（无 none）"


class Report:
    """Where checks put what they find: one convention for all of them."""

    def __init__(self) -> None:
        self.problems: List[Problem] = []

    def add(self, doc: Optional[Doc], line: Optional[int], code: str, message: str, hint: str) -> None:
        if code not in CODES:
            raise KeyError(f"check code '{code}' is not in coach/checks/catalogue.py")
        file = doc.rel if doc else "coach.yml"
        self.problems.append(Problem(file, line, f"[{code}] {message}", hint))

    def extend(self, problems: List[Problem]) -> None:
        """Problems other modules found (settings, drill files), already coded."""
        self.problems += problems


CheckFunction = Callable[[Project, Report], None]


@dataclass(frozen=True)
class Check:
    function: CheckFunction
    codes: Tuple[str, ...]
    warning: bool


CHECKS: List[Check] = []


def check(*codes: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check and the codes it reports (all warnings or all errors)."""
    unknown = [c for c in codes if c not in CODES]
    if unknown:
        raise KeyError(f"check codes not in the catalogue: {unknown}")
    warning = all(CODES[c].warning for c in codes)

    def register(function: CheckFunction) -> CheckFunction:
        CHECKS.append(Check(function, codes, warning))
        return function

    return register
