"""Scratch copies of the project for the trainer-workflow tests, and the YAML
edits a trainer makes to add "我再考虑考虑" (think_it_over)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import requests

from tests.e2e.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
YAML_FILES = ("domain.yml", "config.yml", "coach.yml", "endpoints.yml", "credentials.yml", "taboo.yml")
YAML_DIRS = ("data", "drill", "tests/stories", "tests/nlu")
CODE_DIRS = ("actions", "coach", "components", "nlg", "channels", "scripts", "server")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc")
QUIET = {"TF_CPP_MIN_LOG_LEVEL": "2", "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PYTHONWARNINGS": "ignore"}


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
        env = dict(os.environ, **QUIET, ACTION_PORT=str(self.action_port), RASA_PORT=str(self.rasa_port),
                   WEB_PORT=str(self.web_port), MODEL_PORT=str(free_port()), RELOAD_SECONDS="1",
                   TRACKER_DB=str(root / "runtime/tracker.db"), **settings)
        self.log = root / "run.log"
        self.process = subprocess.Popen(["scripts/run.sh"], cwd=root, env=env, stdout=open(self.log, "ab"),
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def say(self, sender: str, text: str) -> list:
        response = requests.post(f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": text}, timeout=30)
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
THINK_EXAMPLES = [
    "我再考虑考虑", "让我再想想", "我考虑一下再说", "这事我得再琢磨琢磨", "容我想一想",
    "我们再考虑考虑吧", "等我考虑好了再联系你", "我还要再想想", "这个我得好好考虑一下",
    "先让我考虑几天", "我需要时间考虑", "我得再斟酌斟酌", "我回头再想想", "考虑考虑再说吧",
    "我跟合伙人商量商量再说", "我还没想好",
]
THINK_REBUTTAL_1 = ("当然，这么重要的事多考虑一下是应该的。很多客户一开始也想再想想，后来发现当面聊一次，"
                    "顾虑就都清楚了。{visit_date}{visit_time}我正好在贵公司附近，过去拜访您十几分钟，"
                    "帮您把要考虑的地方一起理一理，您看方便吗？")
THINK_REBUTTAL_2 = ("理解，您想再慎重一点。方便问一下，主要是哪方面还在考虑吗？价格、效果还是时间？"
                    "{visit_date}{visit_time}我带上同类企业的案例过去，您当面看看再做决定，可以吗？")

NLU_BLOCK = "  - intent: think_it_over\n    examples: |\n" + "".join(f"      - {e}\n" for e in THINK_EXAMPLES)
INTENT_LINE = "  - think_it_over\n"
RESPONSES_BLOCK = ("  # ---------- 我再考虑考虑 ----------\n"
                   f"  utter_rebuttal_think_it_over_1:\n    - text: \"{THINK_REBUTTAL_1}\"\n"
                   f"  utter_rebuttal_think_it_over_2:\n    - text: \"{THINK_REBUTTAL_2}\"\n")
RULE_BLOCK = ("  - rule: rebut think_it_over\n    steps:\n      - intent: think_it_over\n"
              "      - action: action_rebut\n")
COACH_LINE = "  think_it_over: {}\n"
RUBRIC_BLOCK = ("  think_it_over:\n    label: 我再考虑考虑\n"
                "    use: [reframe, social_proof, date, time, closed_question]\n"
                "    elements:\n      find_concern:\n        label: 问清顾虑\n        weight: 20\n"
                "        tip: 问一句客户具体在考虑什么，比如“主要是哪方面还在考虑？”。\n"
                "        phrases: [哪方面, 顾虑, 担心, 考虑什么, 哪些地方]\n")
LINES_BLOCK = ("think_it_over:\n  lines:\n    - 我再考虑考虑吧。\n    - 这个事我得再想想。\n"
               "  pushback:\n    - 我还是想再考虑一下。\n")
GUIDE_SNIPPETS = (NLU_BLOCK, INTENT_LINE, RESPONSES_BLOCK, RULE_BLOCK, COACH_LINE, RUBRIC_BLOCK, LINES_BLOCK)


def add_think_it_over(root: Path) -> None:
    # step 2: examples at the end of data/nlu/objections.yml
    append(root / "data/nlu/objections.yml", "\n" + NLU_BLOCK)
    # step 3: the intent and two rebuttals in domain.yml
    edit(root / "domain.yml", "  - not_interested\n", "  - not_interested\n" + INTENT_LINE)
    edit(root / "domain.yml", "  # ---------- 第三次同样的拒绝", RESPONSES_BLOCK + "\n  # ---------- 第三次同样的拒绝")
    # step 4: a rule at the end of data/rules/objections.yml
    append(root / "data/rules/objections.yml", RULE_BLOCK)
    # step 5: coach.yml
    append(root / "coach.yml", COACH_LINE)
    # step 6: drill mode, a rubric before the penalties and the customer's lines
    edit(root / "drill/rubrics.yml", "\n# 禁忌语", RUBRIC_BLOCK + "\n# 禁忌语")
    append(root / "drill/customer_lines.yml", LINES_BLOCK)
