"""`make new-objection NAME=timing`: the skeleton of a new objection in
every file that needs it, each piece marked TODO. `make check` lists every
TODO left (code [todo]) until it is written, so nothing is forgotten;
training refuses a project with TODOs.

    .venv/bin/python scripts/new_objection.py timing [project folder]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coach import yamlfile  # noqa: E402

NAME = re.compile(r"^[a-z][a-z0-9_]*$")
# the cold call's objections and their answers
DOMAIN = "domain/cold_call.yml"

NLU = """
  # TODO 写至少 15 句客户的说法，写完删掉这一行和下面的 TODO 例句 / write at least 15 ways a customer says it
  - intent: {name}
    examples: |
      - TODO 客户的一种说法
"""
RESPONSES = """  # ---------- {name} ----------
  utter_rebuttal_{name}_1:
    - text: "TODO 第一次的回应：积极转折、一个理由，以约见结尾。{{visit_date}}{{visit_time}}我过去拜访您，方便吗？"
  utter_rebuttal_{name}_2:
    - text: "TODO 第二次的回应：换一个理由。{{visit_date}}{{visit_time}}您能给我十五分钟吗？"
  utter_retreat_{name}:
    - text: "TODO 第三次：礼貌收尾，不再约见。{{callback_date}}我再给您打电话，祝您工作顺利！"
  utter_why_{name}:
    - text: "为什么这么说：TODO 这样回应的道理（学员问“为什么这么说？”时说）。"
"""
RULE = """  - rule: rebut {name}
    steps:
      - intent: {name}
      - action: action_rebut
"""
COACH = "  {name}: {{}}  # TODO 不约见就写 {{proposes_visit: false}}；确定后删掉这条注释\n"
RUBRIC = """  {name}:
    label: TODO 中文名称
    use: [reframe, social_proof, date, time, closed_question]
    elements:
      own_move:
        label: TODO 这个异议特有的要素
        weight: 20
        tip: TODO 缺少这个要素时给学员的建议
        phrases: [TODO]
"""
LINES = """{name}:
  lines:
    - TODO 客户说的一句话
  pushback:
    - TODO 回答不够好时客户再推一次
"""


class Edits:
    """Every file's new text, computed first and written only when each
    anchor was found: a mistake leaves the project as it was."""

    def __init__(self, root: Path):
        self.root, self.texts = root, {}

    def text(self, rel: str) -> str:
        """A file's text with the edits made so far."""
        if rel not in self.texts:
            path = self.root / rel
            if not path.exists():
                raise SystemExit(f"{rel} 不存在 / is missing：请照 docs/trainer-guide.md 手工添加 / add it by hand")
            self.texts[rel] = path.read_text(encoding="utf-8")
        return self.texts[rel]

    def insert_after(self, rel: str, pattern: str, block: str) -> None:
        """Insert `block` after the first line matching `pattern` (a regex)."""
        text = self.text(rel)
        match = re.search(pattern, text, flags=re.M)
        if not match:
            raise SystemExit(
                f"{rel}: 找不到 {pattern!r}，什么都没改；请照 docs/trainer-guide.md 手工添加"
                f" / not found, nothing was changed: add it by hand"
            )
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end + 1
        self.texts[rel] = text[:end] + block + text[end:]

    def append(self, rel: str, block: str) -> None:
        self.texts[rel] = self.text(rel).rstrip("\n") + "\n" + block

    def write(self) -> None:
        for rel, text in self.texts.items():
            (self.root / rel).write_text(text, encoding="utf-8")


def main(argv) -> int:
    if len(argv) < 2 or not NAME.match(argv[1]):
        print("用法 usage: make new-objection NAME=<小写英文和下划线 lower_case_name>，比如 NAME=timing")
        return 2
    name, root = argv[1], Path(argv[2]) if len(argv) > 2 else ROOT
    coach = yamlfile.load(root / "coach.yml")
    domain = yamlfile.load(root / DOMAIN)
    if name in (coach.get("objections") or {}) or name in (domain.get("intents") or []):
        print(f"'{name}' 已经存在 / already exists")
        return 2
    last_intent = list(domain.get("intents") or [])[-1]
    edits = Edits(root)
    edits.insert_after(DOMAIN, rf"^  - {re.escape(str(last_intent))}\s*$", f"  - {name}\n")
    edits.insert_after(DOMAIN, r"^responses:\s*$", RESPONSES.format(name=name) + "\n")
    edits.append("data/nlu/objections.yml", NLU.format(name=name))
    edits.append("data/rules/objections.yml", RULE.format(name=name))
    edits.insert_after("coach.yml", r"^objections:\s*$", COACH.format(name=name))
    edits.insert_after("drill/rubrics.yml", r"^objections:\s*$", RUBRIC.format(name=name))
    edits.append("drill/customer_lines.yml", LINES.format(name=name))
    edits.write()
    print(f"""已为 '{name}' 写好骨架 / the skeleton of '{name}' is in place. 接下来 / next:
  1. data/nlu/objections.yml   至少 15 句客户的说法 / at least 15 examples
  2. domain/cold_call.yml      两句回应和收尾、道理（utter_rebuttal_{name}_1/_2、utter_retreat_{name}、utter_why_{name}）
  3. coach.yml                 要不要约见 / whether it proposes a visit
  4. drill/rubrics.yml         练习的评分要素 / the drill's moves
  5. drill/customer_lines.yml  练习时客户说的话 / the customer's lines in a drill
  make check 会列出每个还没写的 TODO（[todo]）；全部写完再 make train。
  `make check` lists every TODO left ([todo]); then `make train`.""")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
