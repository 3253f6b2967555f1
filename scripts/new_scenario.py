"""`make new-scenario NAME=renewal [MOVES="not_renewing too_expensive"]`:
the skeleton of a new scenario in every file that needs it, each piece
marked TODO, as `make new-objection` does for an objection. MOVES are the
customer's moves (intent names): one that exists already ("too_expensive")
gets this scenario's answers and drill; a new one also gets its examples
stub, its rule and its intent. Without MOVES: one new move, <NAME>_objection.

    .venv/bin/python scripts/new_scenario.py renewal "not_renewing too_expensive" [project folder]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coach import yamlfile  # noqa: E402
from scripts.new_objection import NAME, Edits  # noqa: E402

SCENARIO = """  {name}:
    # TODO 场景名称、点名它的词、客户的一句话；写完删掉这一行 / the title, the words that name it, a customer line
    keywords: [TODO 场景的叫法]
    title: TODO 场景名称
    example: TODO 客户在这个场景里说的一句话
    moves:
{moves}"""
DOMAIN_HEAD = """version: "3.1"
# “{name}”场景的回应 / the answers of the {name} scenario (docs/trainer-guide.md 第 4 节)
{intents}
responses:
  utter_{name}_start:
    - text: "TODO 场景说明：客户是谁、在什么情况下。发客户这时会说的话给我，我示范怎么接。"
"""
DOMAIN_MOVE = """  utter_{name}_{move}_1:
    - text: "TODO 第一次的回应：先认同，问清原因或讲清价值，以下一步结尾。{{visit_date}}我再跟您联系，好吗？"
  utter_{name}_{move}_2:
    - text: "TODO 客户再说一次时的回应：换一个理由。"
"""
NLU = """version: "3.1"
nlu:
{intents}"""
NLU_INTENT = """  # TODO 写至少 15 句客户的说法，写完删掉这一行和下面的 TODO 例句 / write at least 15 ways a customer says it
  - intent: {move}
    examples: |
      - TODO 客户的一种说法
"""
RULES = """version: "3.1"
rules:
{rules}"""
RULE = """  - rule: {name} answers {move}
    steps:
      - intent: {move}
      - action: action_rebut
"""
DRILL = """# “{name}”场景的练习 / the {name} scenario's drill (docs/trainer-guide.md 第 4 节)
moves:
{moves}"""
DRILL_MOVE = """  {move}:
    label: TODO 中文名称
    use: [reframe, date]
    elements:
      own_move:
        label: TODO 这一步特有的要素
        weight: 70  # with the shared reframe and date: 100
        tip: TODO 缺少这个要素时给学员的建议
        phrases: [TODO]
    lines:
      - TODO 客户说的一句话
    pushback:
      - TODO 回答不够好时客户再推一次
"""


def known_intents(root: Path) -> List[str]:
    names: List[str] = []
    for path in sorted((root / "domain").glob("*.yml")):
        names += [
            str(i) if not isinstance(i, dict) else next(iter(i)) for i in yamlfile.load(path).get("intents") or []
        ]
    return names


def main(argv) -> int:
    usage = (
        '用法 usage: make new-scenario NAME=renewal [MOVES="not_renewing too_expensive"]（小写英文和下划线 lower_case）'
    )
    if len(argv) < 2 or not NAME.match(argv[1]):
        print(usage)
        return 2
    name = argv[1]
    moves = (argv[2].split() if len(argv) > 2 and argv[2].strip() else []) or [f"{name}_objection"]
    root = Path(argv[3]) if len(argv) > 3 else ROOT
    if not all(NAME.match(m) for m in moves):
        print(usage)
        return 2
    coach = yamlfile.load(root / "coach.yml")
    if name in (coach.get("scenarios") or {}) or (root / "domain" / f"{name}.yml").exists():
        print(f"'{name}' 已经存在 / already exists")
        return 2
    new = [m for m in moves if m not in known_intents(root)]
    for rel in (f"domain/{name}.yml", f"drill/{name}.yml") + (
        (f"data/nlu/{name}.yml", f"data/rules/{name}.yml") if new else ()
    ):
        if (root / rel).exists():
            print(f"{rel} 已经存在，什么都没改 / exists already, nothing was changed")
            return 2

    edits = Edits(root)
    # after the last scenario: before the comments that introduce `objections:`
    text = edits.text("coach.yml")
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines) if re.match(r"^objections:\s*$", line)), None)
    if at is None or not re.search(r"^scenarios:\s*$", text, flags=re.M):
        raise SystemExit("coach.yml: 找不到 scenarios: 或 objections:，什么都没改 / not found, nothing was changed")
    while at > 0 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
        at -= 1
    entry = SCENARIO.format(name=name, moves="".join(f"      {m}: {{}}\n" for m in moves))
    edits.texts["coach.yml"] = "\n".join(lines[:at]) + "\n" + entry + "\n".join(lines[at:])
    intents = ("intents:\n" + "".join(f"  - {m}\n" for m in new)) if new else ""
    edits.texts[f"domain/{name}.yml"] = DOMAIN_HEAD.format(name=name, intents=intents) + "".join(
        DOMAIN_MOVE.format(name=name, move=m) for m in moves
    )
    edits.texts[f"drill/{name}.yml"] = DRILL.format(name=name, moves="".join(DRILL_MOVE.format(move=m) for m in moves))
    if new:
        edits.texts[f"data/nlu/{name}.yml"] = NLU.format(intents="".join(NLU_INTENT.format(move=m) for m in new))
        edits.texts[f"data/rules/{name}.yml"] = RULES.format(rules="".join(RULE.format(name=name, move=m) for m in new))
    edits.write()
    steps = [
        ("coach.yml", "场景名称、叫法、客户的一句话 / title, keywords, example"),
        (f"domain/{name}.yml", "开场说明和每个动作的回应 / the scene and each move's answers"),
    ]
    if new:
        steps.append((f"data/nlu/{name}.yml", "新动作至少 15 句客户的说法 / at least 15 examples per new move"))
    steps.append((f"drill/{name}.yml", "练习的评分要素和客户的话 / the drill's moves and the customer's lines"))
    print(
        f"已为场景 '{name}' 写好骨架（客户的动作：{'、'.join(moves)}）/ the skeleton of scenario '{name}' is in place."
    )
    print("接下来 / next:")
    for number, (rel, what) in enumerate(steps, 1):
        print(f"  {number}. {rel:<28} {what}")
    print("  make check 会列出每个还没写的 TODO（[todo]）；全部写完再 make train，然后在对话里输入“菜单”。")
    print('  `make check` lists every TODO left ([todo]); then `make train`, and type "菜单" in the chat.')
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
