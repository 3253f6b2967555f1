"""Scratch copies of the project for the trainer-workflow tests, and the YAML
edits a trainer makes to add "没听说过你们公司" (never_heard_of_us)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import requests

from server.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
YAML_FILES = ("config.yml", "coach.yml", "endpoints.yml", "credentials.yml", "taboo.yml")
YAML_DIRS = ("domain", "data", "drill", "tests/stories", "tests/nlu")
CODE_DIRS = ("actions", "coach", "components", "nlg", "channels", "scripts", "server", "records", "dashboard")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc")
QUIET = {"TF_CPP_MIN_LOG_LEVEL": "2", "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PYTHONWARNINGS": "ignore"}


def run_script(script: str, *args: str) -> subprocess.CompletedProcess:
    """`scripts/<script>` with `args`, as the Makefile runs it."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), *args], capture_output=True, text=True, timeout=60
    )


def copy_yaml(dest: Path) -> Path:
    """The files `make check` reads, nothing else."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in YAML_FILES:
        shutil.copy(ROOT / name, dest / name)
    for folder in YAML_DIRS:
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, dest / folder, ignore=IGNORE)
    return dest


def copy_project(dest: Path) -> Path:
    """A project that trains and runs: the YAML, the code, and links to the
    virtualenv and the spaCy pipeline `make install` built."""
    copy_yaml(dest)
    for folder in CODE_DIRS:
        shutil.copytree(ROOT / folder, dest / folder, ignore=IGNORE)
    shutil.copy(ROOT / ".env.example", dest / ".env.example")  # the defaults endpoints.yml needs
    (dest / ".venv").symlink_to(ROOT / ".venv")
    (dest / "build").symlink_to(ROOT / "build")
    (dest / "models").mkdir()
    (dest / "runtime").mkdir()
    return dest


class Live:
    """`scripts/run.sh` running in a scratch copy of the project, on free ports."""

    def __init__(self, root: Path, **settings: str):
        self.root = root
        self.rasa_port, self.action_port, self.web_port = free_port(), free_port(), free_port()
        env = dict(
            os.environ,
            **QUIET,
            ACTION_PORT=str(self.action_port),
            RASA_PORT=str(self.rasa_port),
            WEB_PORT=str(self.web_port),
            MODEL_PORT=str(free_port()),
            RELOAD_SECONDS="1",
            TRACKER_DB=str(root / "runtime/tracker.db"),
            **settings,
        )
        self.log = root / "run.log"
        self.process = subprocess.Popen(
            ["scripts/run.sh"],
            cwd=root,
            env=env,
            stdout=open(self.log, "ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def say(self, sender: str, text: str) -> list:
        response = requests.post(
            f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook",
            json={"sender": sender, "message": text},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        return [m.get("text", "") for m in response.json()]

    def logs(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


def edit(path: Path, old: str, new: str) -> None:
    """Replace text that must occur exactly once (so the test breaks loudly if
    the project's files change under it)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


def line_with(path: Path, marker: str) -> int:
    """1-based number of the one line containing `marker`."""
    found = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if marker in line]
    assert len(found) == 1, f"{marker!r} is on lines {found} of {path}"
    return found[0]


# ---------------------------------------------------------------------------
# Adding an objection exactly as docs/trainer-guide.md shows a trainer: YAML
# only. Each snippet is copied verbatim from the guide (test_guide.py checks).
NEW_EXAMPLES = [
    "没听说过你们公司",
    "你们这个公司没听过",
    "你们公司我都不知道",
    "没听过你们这个牌子",
    "你们公司很小吧",
    "完全没听说过你们",
    "你们是不是新开的公司",
    "你们名气不大吧",
    "你们公司靠谱吗",
    "从来没人跟我提过你们",
    "这个品牌没什么名气吧",
    "你们公司我完全不了解",
    "对你们公司没什么印象",
    "怎么从来没听过你们",
    "你们是大公司吗",
    "头一次听说你们",
]
NEW_REBUTTAL_1 = (
    "您没听说过我们很正常，所以我才想当面介绍一下。很多规模相近的企业，也是见过一面才"
    "开始合作的。{visit_date}{visit_time}我过去拜访您，方便吗？"
)
NEW_REBUTTAL_2 = (
    "理解，对不熟悉的公司谨慎点是应该的，不少客户一开始也这么想。我带上资质和服务介绍"
    "，您当面看过再判断。{visit_date}{visit_time}您能给我十五分钟吗？"
)

NLU_BLOCK = "  - intent: never_heard_of_us\n    examples: |\n" + "".join(f"      - {e}\n" for e in NEW_EXAMPLES)
INTENT_LINE = "  - never_heard_of_us\n"
RESPONSES_BLOCK = (
    "  # ---------- 没听说过你们公司 ----------\n"
    f'  utter_rebuttal_never_heard_of_us_1:\n    - text: "{NEW_REBUTTAL_1}"\n'
    f'  utter_rebuttal_never_heard_of_us_2:\n    - text: "{NEW_REBUTTAL_2}"\n'
)
RULE_BLOCK = (
    "  - rule: rebut never_heard_of_us\n    steps:\n      - intent: never_heard_of_us\n"
    "      - action: action_rebut\n"
)
COACH_LINE = "  never_heard_of_us: {}\n"
RUBRIC_BLOCK = (
    "  never_heard_of_us:\n    label: 没听说过你们\n"
    "    use: [reframe, social_proof, date, time, closed_question]\n"
    "    elements:\n      introduce:\n        label: 提出当面介绍\n        weight: 20\n"
    "        tip: 说明正因为对方还不了解，才想当面介绍，让对方自己判断。\n"
    "        phrases: [介绍, 当面看, 自己判断, 见一面, 认识一下]\n"
)
LINES_BLOCK = (
    "never_heard_of_us:\n  lines:\n    - 没听说过你们公司啊。\n    - 对你们没什么印象。\n"
    "  pushback:\n    - 我还是不太放心没听过的公司。\n"
)
# docs/trainer-guide.md section 4: a seventh scenario, renewal reminders, YAML only
SCENARIO_COACH = """\
  renewal:
    keywords: [续约提醒, 到期提醒]
    title: 续约提醒
    example: 明年就不续了
    moves:
      not_renewing: {}
      too_expensive: {}
      later: {}
"""
SCENARIO_DOMAIN = """\
version: "3.1"

responses:
  utter_renewal_start:
    - text: "场景：客户的合同快到期了，你打电话提醒续约。发客户这时会说的话给我，比如“明年就不续了”，我示范怎么接。"
  utter_renewal_not_renewing_1:
    - text: "谢谢您这一年的支持。方便说说是什么原因吗？用得少的话，可以换成小一点的套餐，{visit_date}我把两种方案发给您比较，好吗？"
  utter_renewal_too_expensive_1:
    - text: "理解，价格要算清楚。{visit_date}{visit_time}我过去跟您对一下这一年省下的维修和耗材，算下来值不值您再定，方便吗？"
  utter_renewal_later_1:
    - text: "好的，不着急。方便说说您主要在考虑哪一点吗？{visit_date}我再给您打个电话，到时候您再定。"
"""
SCENARIO_DRILL = """\
moves:
  not_renewing:
    label: 明年不续了
    use: [reframe, date]
    elements:
      ask_reason:
        label: 问清原因
        weight: 35
        tip: 先问清不续的原因，比如“方便说说是什么原因吗？”。
        phrases: [什么原因, 方便说说, 哪里不满意, 为什么]
      smaller_plan:
        label: 给一个更合适的续法
        weight: 35
        tip: 针对原因给办法，比如“用得少可以换成小一点的套餐”。
        phrases: [小一点, 套餐, 调整, 暂停, 基础版]
    lines:
      - 明年我们就不续了。
      - 合同到期就算了吧。
    pushback:
      - 反正就是不想续了。
  too_expensive:
    label: 续约太贵
    use: [reframe, date, time, closed_question]
    elements:
      value:
        label: 算清这一年的价值
        weight: 40
        tip: 不降价，和客户一起算这一年省下的钱，比如“我们对一下这一年省下的维修和耗材”。
        phrases: [省下, 算一算, 对一下, 值不值, 价值, 回报]
    lines:
      - 续约的价格太贵了。
      - 这个价续下去不划算。
    pushback:
      - 还是觉得贵。
  later:
    label: 以后再说
    use: [reframe, date]
    elements:
      ask_concern:
        label: 问出在考虑什么
        weight: 35
        tip: 问清客户在犹豫什么，比如“您主要在考虑哪一点？”。
        phrases: [哪一点, 考虑什么, 担心什么, 顾虑]
      no_pressure:
        label: 不催，约好再联系
        weight: 35
        tip: 不逼客户当场定，约好哪天再打，比如“不着急，到时候您再定”。
        phrases: [不着急, 不急, 您再定, 慢慢考虑]
    lines:
      - 续约的事以后再说吧。
      - 到时候再看吧。
    pushback:
      - 现在真不想谈这个。
"""
SCENARIO_SNIPPETS = (SCENARIO_COACH, SCENARIO_DOMAIN, SCENARIO_DRILL)

GUIDE_SNIPPETS = (NLU_BLOCK, INTENT_LINE, RESPONSES_BLOCK, RULE_BLOCK, COACH_LINE, RUBRIC_BLOCK, LINES_BLOCK)


def add_never_heard_of_us(root: Path) -> None:
    # step 2: examples at the end of data/nlu/objections.yml
    append(root / "data/nlu/objections.yml", "\n" + NLU_BLOCK)
    # step 3: the intent and two rebuttals in domain/cold_call.yml
    edit(root / "domain" / "cold_call.yml", "  - not_interested\n", "  - not_interested\n" + INTENT_LINE)
    edit(
        root / "domain" / "cold_call.yml",
        "  # ---------- 第三次同样的拒绝",
        RESPONSES_BLOCK + "\n  # ---------- 第三次同样的拒绝",
    )
    # step 4: a rule at the end of data/rules/objections.yml
    append(root / "data/rules/objections.yml", RULE_BLOCK)
    # step 5: coach.yml
    append(root / "coach.yml", COACH_LINE)
    # step 6: drill mode, a rubric before the penalties and the customer's lines
    edit(root / "drill/rubrics.yml", "\n# 禁忌语", RUBRIC_BLOCK + "\n# 禁忌语")
    append(root / "drill/customer_lines.yml", LINES_BLOCK)


def add_renewal_scenario(root: Path) -> None:
    """The guide's section 4: register the scenario, write its answers and its drill."""
    edit(root / "coach.yml", "      no_referral: {}\n", "      no_referral: {}\n" + SCENARIO_COACH)
    (root / "domain" / "renewal.yml").write_text(SCENARIO_DOMAIN, encoding="utf-8")
    (root / "drill" / "renewal.yml").write_text(SCENARIO_DRILL, encoding="utf-8")
