"""`make report`: how well the trained model understands held-out sentences,
judged as the bot will really handle them (the fallback threshold applied),
and what the conversation flows look like. Writes to reports/:

    index.html          the page to open; links and shows everything below
    intents.html        precision / recall / F1 per intent (weakest first), Chinese names
    misclassified.html  the sentences the bot gets wrong, as written, with file:line
    barely.html         the ones it gets right with little confidence
    drills.html         how reps score in drills, per objection (the drill records in the database)
    grading.html        how often the drill grader agrees with a trainer (drill/labelled/), and where not
    confusion_matrix.png  the intents involved in a mistake only
    flows.png           the rules and stories as a graph (drawn here, works offline)
    graph.html          `rasa visualize` (interactive; its page loads d3/dagre from the internet)
    nlu/predictions.json  every sentence's prediction
    history/            one small file per run: the index shows the change since the last

    .venv/bin/python scripts/report.py --model models/objection-coach.tar.gz \
        --nlu tests/nlu/heldout.yml --out reports
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coach.pipeline import fallback_threshold  # noqa: E402

RASA = Path(sys.executable).with_name("rasa")
SUMMARY_ROWS = ("accuracy", "macro avg", "weighted avg", "micro avg")

STYLE = """
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem; color: #222; max-width: 1100px; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: .35rem .7rem; text-align: left; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.weak td { background: #fff1f0; }
tr.objection td:first-child { font-weight: 600; }
img { max-width: 100%; border: 1px solid #ddd; }
.note { color: #666; font-size: .9rem; }
"""


def page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
        f'<body><p><a href="index.html">← 报告首页 / report index</a></p>{body}</body></html>'
    )


def run(args: List[str], cwd: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    import quiet

    code, output = quiet.run_rasa(args[1:], cwd / "runtime" / "visualize.log", cwd=cwd)
    if code != 0:
        raise subprocess.CalledProcessError(code, args, output)


def objections(root: Path) -> Dict[str, Any]:
    from coach.checks.project import Project

    project = Project(root)
    project.load("coach.yml")
    return project.objections()


# ------------------------------------------------------------------ NLU evaluation
MARGIN = 0.5  # right, but with less confidence than this: one new phrasing from wrong
SMALL_SAMPLE = 5  # fewer held-out sentences than this: the figures say little


def labels(root: Path) -> Dict[str, str]:
    """Intent -> its Chinese name (docs/intent-labels.yml)."""
    import yaml

    path = root / "docs" / "intent-labels.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {str(k): str(v) for k, v in (data or {}).items()}


def held_out(nlu: Path) -> List[Dict]:
    """The held-out sentences as written, with their intent and line."""
    examples, intent = [], None
    for number, line in enumerate(nlu.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("- intent:"):
            intent = stripped[len("- intent:") :].strip()
        elif intent and stripped.startswith("- ") and line.startswith("      "):
            examples.append({"text": stripped[2:].strip(), "intent": intent, "line": number})
    return examples


def evaluate(model: Path, nlu: Path, root: Path) -> List[Dict]:
    """Each held-out sentence through the real pipeline, fallback included:
    what the bot will really do with it."""
    import asyncio

    sys.path.insert(0, str(root / "scripts"))
    import quiet

    quiet.import_rasa_quietly()
    agent = quiet.load_agent(model)

    async def parse_all(examples):
        for example in examples:
            parsed = await agent.parse_message(example["text"])
            # the best guess the bot had: not the fallback, nor a drill command the gate refused
            top = next(
                (
                    r
                    for r in parsed.get("intent_ranking", [])
                    if r["name"] not in ("nlu_fallback", "start_drill", "stop_drill")
                    or r["name"] == parsed["intent"]["name"]
                ),
                parsed["intent"],
            )
            example.update(
                predicted=parsed["intent"]["name"],
                confidence=float(parsed["intent"]["confidence"]),
                top=top["name"],
                top_confidence=float(top["confidence"]),
            )
            # the bot's help text answers out-of-scope and not-understood alike
            example["right"] = example["predicted"] == example["intent"] or (
                example["intent"] == "out_of_scope" and example["predicted"] == "nlu_fallback"
            )
        return examples

    return asyncio.run(parse_all(held_out(nlu)))


def named(intent: str, names: Dict[str, str]) -> str:
    return (
        f"{names[intent]} <code>{html.escape(intent)}</code>"
        if intent in names
        else f"<code>{html.escape(intent)}</code>"
    )


def intent_table(results: List[Dict], names: Dict[str, str], objection_names) -> Tuple[str, float]:
    from sklearn.metrics import classification_report

    truth = [r["intent"] for r in results]
    guess = [r["intent"] if r["right"] else r["predicted"] for r in results]
    report = classification_report(truth, guess, output_dict=True, zero_division=0)
    confused: Dict[str, Dict[str, int]] = {}
    for r in results:
        if not r["right"]:
            confused.setdefault(r["intent"], {}).setdefault(r["predicted"], 0)
            confused[r["intent"]][r["predicted"]] += 1
    rows = sorted(((name, report[name]) for name in set(truth)), key=lambda item: (item[1]["f1-score"], item[0]))
    lines = [
        "<table><tr><th>意图 intent</th><th>精确率 precision</th><th>召回率 recall</th><th>F1</th>"
        "<th>句数 support</th><th>误判成 confused with</th></tr>"
    ]
    for name, r in rows:
        classes = (["weak"] if r["f1-score"] < 0.9 else []) + (["objection"] if name in objection_names else [])
        small = " <span class=note>（句子太少，仅供参考 / few sentences）</span>" if r["support"] < SMALL_SAMPLE else ""
        mixed = ", ".join(f"{named(k, names)} ×{v}" for k, v in sorted(confused.get(name, {}).items()))
        lines.append(
            f"<tr class=\"{' '.join(classes)}\"><td>{named(name, names)}{small}</td>"
            f"<td class=num>{r['precision']:.2f}</td><td class=num>{r['recall']:.2f}</td>"
            f"<td class=num>{r['f1-score']:.2f}</td><td class=num>{int(r['support'])}</td><td>{mixed}</td></tr>"
        )
    lines.append("</table>")
    accuracy = sum(r["right"] for r in results) / len(results) if results else 0.0
    return "\n".join(lines), accuracy


def sentences_table(rows: List[Dict], names: Dict[str, str], nlu: str, empty: str) -> str:
    if not rows:
        return f"<p>{empty}</p>"
    lines = [
        "<table><tr><th>句子（原样）sentence as written</th><th>位置 where</th><th>应该是 expected</th>"
        "<th>机器人会 the bot will</th><th>把握 confidence</th></tr>"
    ]
    for r in sorted(rows, key=lambda r: r["line"]):
        if r["predicted"] == "nlu_fallback":
            will = (
                f"说“没看懂”（最像 {named(r['top'], names)} {r['top_confidence']:.2f}，低于门槛）"
                f" / fall back (best guess under the threshold)"
            )
        else:
            will = named(r["predicted"], names)
        lines.append(
            f"<tr><td>{html.escape(r['text'])}</td><td><code>{html.escape(nlu)}:{r['line']}</code></td>"
            f"<td>{named(r['intent'], names)}</td><td>{will}</td>"
            f"<td class=num>{r['top_confidence']:.2f}</td></tr>"
        )
    lines.append("</table>")
    return "\n".join(lines)


def confusion_png(results: List[Dict], names: Dict[str, str], target: Path) -> int:
    """A confusion matrix of the intents involved in a mistake only (a full
    one at this project's size is mostly an empty diagonal), Chinese labels."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    wrong = [r for r in results if not r["right"]]
    involved = sorted({r["intent"] for r in wrong} | {r["predicted"] for r in wrong})
    fig_size = max(5, len(involved) * 0.7)
    fig, ax = plt.subplots(figsize=(fig_size, fig_size))
    cjk = [
        f.name
        for f in font_manager.fontManager.ttflist
        if any(k in f.name for k in ("CJK", "WenQuanYi", "Hei", "Song"))
    ]
    if cjk:
        plt.rcParams["font.family"] = cjk[0]
    if involved:
        index = {label: i for i, label in enumerate(involved)}
        matrix = [[0] * len(involved) for _ in involved]
        for r in results:
            got = r["intent"] if r["right"] else r["predicted"]
            if r["intent"] in index and got in index:
                matrix[index[r["intent"]]][index[got]] += 1
        shown = [f"{names.get(i, i)}\n{i}" if cjk else i for i in involved]
        ax.imshow(matrix, cmap="Blues")
        ax.set_xticks(range(len(involved)), shown, rotation=90, fontsize=8)
        ax.set_yticks(range(len(involved)), shown, fontsize=8)
        for i, row in enumerate(matrix):
            for j, value in enumerate(row):
                if value:
                    ax.text(
                        j, i, str(value), ha="center", va="center", fontsize=9, color="white" if i == j else "#b3261e"
                    )
        ax.set_xlabel("机器人判成 / predicted" if cjk else "predicted")
        ax.set_ylabel("应该是 / expected" if cjk else "expected")
    else:
        ax.text(0.5, 0.5, "no confusions", ha="center", va="center")
        ax.axis("off")
    ax.set_title("Intents with a mistake")
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)
    return len(involved)


# ------------------------------------------------------------------ history
def remember(out: Path, accuracy: float, results: List[Dict]) -> Tuple[Dict, Optional[Dict]]:
    """Keep this run (reports/history/<time>.json); the previous run, if any."""
    history = out / "history"
    history.mkdir(parents=True, exist_ok=True)
    earlier = sorted(history.glob("*.json"))
    previous = json.loads(earlier[-1].read_text(encoding="utf-8")) if earlier else None
    run = {
        "time": dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
        "accuracy": accuracy,
        "sentences": len(results),
        "wrong": sum(not r["right"] for r in results),
    }
    (history / (dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f") + ".json")).write_text(json.dumps(run), encoding="utf-8")
    return run, previous


# ------------------------------------------------------------------ conversation flows
def flow_edges(root: Path) -> Tuple[List[Tuple[str, str]], Dict[str, str], Dict[str, int]]:
    """Edges between consecutive steps of every rule and story under data/,
    each node's kind (intent, action, response, form) and its column."""
    from coach.checks.project import Project

    project = Project.read(root)
    kinds: Dict[str, str] = {}
    column: Dict[str, int] = {}
    edges: List[Tuple[str, str]] = []
    for kind in ("rules", "stories"):
        for doc in project.training_docs(kind):
            for block in doc.data.get(kind) or []:
                chain = []
                for step in (block or {}).get("steps") or []:
                    if not isinstance(step, dict):
                        continue
                    if "intent" in step:
                        chain.append((f"intent: {step['intent']}", "intent"))
                    elif "or" in step:
                        names = "|".join(
                            str(a.get("intent")) for a in step["or"] if isinstance(a, dict) and "intent" in a
                        )
                        if names:
                            chain.append((f"intent: {names}", "intent"))
                    elif "action" in step:
                        name = str(step["action"])
                        chain.append((name, "response" if name.startswith("utter_") else "action"))
                for i, (name, node_kind) in enumerate(chain):
                    kinds.setdefault(name, node_kind)
                    column[name] = min(column.get(name, i), i)
                edges += [(a[0], b[0]) for a, b in zip(chain, chain[1:])]
    return list(dict.fromkeys(edges)), kinds, column


def _layers(graph, column: Dict[str, int]) -> Dict[str, int]:
    """Column of each node: the longest path to it (customer intents first),
    or its earliest step when the flows have a loop."""
    import networkx as nx

    if not nx.is_directed_acyclic_graph(graph):
        return dict(column)
    layer: Dict[str, int] = {}
    for node in nx.topological_sort(graph):
        layer[node] = max((layer[p] + 1 for p in graph.predecessors(node)), default=0)
    return layer


def _order(graph, layers: Dict[int, List[str]]) -> None:
    """Fewer crossing lines: a few sweeps placing each node at the mean row
    of its neighbours in the previous (or next) column."""
    columns = sorted(layers)
    for _ in range(4):
        for sweep in (columns[1:], list(reversed(columns[:-1]))):
            for col in sweep:
                rows = {n: i for c in columns for i, n in enumerate(layers[c])}

                def mean_row(node, col=col):
                    near = [
                        rows[n]
                        for n in (list(graph.predecessors(node)) + list(graph.successors(node)))
                        if n in rows and abs(columns.index(col) - columns.index(_column_of(n, layers))) == 1
                    ]
                    return sum(near) / len(near) if near else rows[node]

                layers[col].sort(key=mean_row)


def _column_of(node: str, layers: Dict[int, List[str]]) -> int:
    return next(c for c, names in layers.items() if node in names)


def flows_png(root: Path, target: Path) -> int:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import networkx as nx

    edges, kinds, column = flow_edges(root)
    graph = nx.DiGraph()
    graph.add_nodes_from(column)
    graph.add_edges_from(edges)
    layer = _layers(graph, column)
    layers: Dict[int, List[str]] = {}
    for name in sorted(graph.nodes, key=lambda n: (kinds.get(n, ""), n)):
        layers.setdefault(layer[name], []).append(name)
    _order(graph, layers)
    tallest = max((len(v) for v in layers.values()), default=1)
    positions = {}
    for col, names in layers.items():
        for row, name in enumerate(names):
            positions[name] = (col * 4.0, -(row - (len(names) - 1) / 2) * 1.0)
    colours = {"intent": "#dbeafe", "action": "#dcfce7", "response": "#ffedd5"}
    fig, ax = plt.subplots(figsize=(4 + 4.2 * len(layers), max(4, 0.55 * tallest + 1)))
    nx.draw_networkx_edges(
        graph,
        positions,
        ax=ax,
        arrows=True,
        arrowstyle="-|>",
        arrowsize=12,
        edge_color="#888",
        node_size=3000,
        connectionstyle="arc3,rad=0.05",
    )
    for name, (x, y) in positions.items():
        ax.text(
            x,
            y,
            name,
            ha="center",
            va="center",
            fontsize=8,
            bbox=dict(boxstyle="round,pad=0.3", fc=colours.get(kinds.get(name), "#eee"), ec="#555"),
        )
    for kind, colour in colours.items():
        ax.scatter([], [], c=colour, edgecolors="#555", s=120, label=kind)
    ax.legend(loc="upper right", frameon=False)
    ax.set_title("Conversation flows (rules and stories): customer intent -> bot actions")
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(target, dpi=100)
    plt.close(fig)
    return graph.number_of_nodes()


def visualize(root: Path, out: Path) -> bool:
    try:
        run(
            [str(RASA), "visualize", "--domain", "domain", "--stories", "data", "--out", str(out / "graph.html")],
            root,
        )
        return True
    except subprocess.CalledProcessError:
        return False


# ------------------------------------------------------------------ index
def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def write_index(
    out: Path,
    model: Path,
    nlu: Path,
    accuracy: float,
    counts: Dict[str, int],
    grading: float,
    have_graph: bool,
    root: Path,
    run: Dict,
    previous: Optional[Dict],
) -> None:
    built = dt.datetime.fromtimestamp(model.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    model, nlu = _shown(model, root), _shown(nlu, root)
    graph = (
        '<li><a href="graph.html">graph.html</a>：<code>rasa visualize</code> 的交互图（需要联网加载绘图脚本）'
        " / interactive graph from <code>rasa visualize</code> (needs internet for its drawing scripts)</li>"
        if have_graph
        else ""
    )
    if previous:
        change = (accuracy - previous["accuracy"]) * 100
        trend = (
            f"上次（{html.escape(previous['time'])}）{previous['accuracy']:.1%}，变化 {change:+.1f} 个百分点"
            f" / last run {previous['accuracy']:.1%}, change {change:+.1f} points"
        )
    else:
        trend = "这是第一次生成报告 / the first report kept"
    body = f"""
<h1>Objection Coach 训练报告 / training report</h1>
<p>模型 model: <code>{html.escape(str(model))}</code>（训练于 trained {built}）；
测试句子 held-out sentences: <code>{html.escape(str(nlu))}</code>，共 {counts['total']} 句，判错 {counts['errors']} 句，
勉强判对 {counts['barely']} 句。报告生成于 {html.escape(run['time'])}。</p>
<p style="font-size:1.4rem">总体准确率 overall accuracy: <b>{accuracy:.1%}</b></p>
<p class=note>{trend}（每次的结果保存在 history/ / every run is kept in history/）</p>
<p class=note>每句都照机器人真正的做法判断：把握低于 {THRESHOLD:.2f} 的句子，机器人会说“没看懂”，这里也算作“没看懂”。
这些句子没有出现在训练例句里，所以能看出机器人遇到新说法时的表现。准确率低于 90% 或某个意图 F1 低于 0.90（表里标红）时，
给那个意图多写一些不同说法的例句，再 <code>make train</code>。<br>
Each sentence is judged as the bot will really handle it: below the fallback threshold ({THRESHOLD:.2f}) the bot says
it did not understand, and so does this report. These sentences are not in the training data, so they show how the bot
copes with new wording. Below 90% overall, or an intent with F1 under 0.90 (red): add more varied examples for it and
<code>make train</code>.</p>
<ul>
<li><a href="intents.html">intents.html</a>：每个意图的精确率、召回率、F1 / precision, recall and F1 per intent</li>
<li><a href="misclassified.html">misclassified.html</a>：判错的句子，原样、带行号 / the sentences the bot gets wrong, as written, with file:line ({counts['errors']})</li>
<li><a href="barely.html">barely.html</a>：勉强判对的句子（把握低于 {MARGIN:.2f}）/ right, but barely ({counts['barely']})</li>
<li><a href="confusion_matrix.png">confusion_matrix.png</a>：混淆矩阵（只画判错涉及的意图）/ confusion matrix of the intents with a mistake</li>
<li><a href="flows.png">flows.png</a>：对话流程图 / conversation-flow graph</li>
{graph}
<li><a href="nlu/predictions.json">nlu/predictions.json</a>：每句的判断 / every sentence's prediction</li>
</ul>
<p><a href="drills.html">drills.html</a>：练习成绩，每个异议的平均分、达标比例和最常缺的要素（{counts['drilled']} 句回答）
/ drill results per objection: average, share of strong answers, the move missed most ({counts['drilled']} answers)</p>
<p><a href="grading.html">grading.html</a>：练习评分和培训师的一致程度 <b>{grading:.1%}</b>（{counts['graded']} 句标注的回答），每个练习题的一致程度和所有不一致的回答
/ drill grading agrees with a trainer on <b>{grading:.1%}</b> of {counts['graded']} labelled answers: per item, and every disagreement</p>
<h2>混淆矩阵 / Confusion matrix</h2>
<p class=note>行是正确答案，列是机器人的判断；只列出有判错的意图，对角线以外的数字就是判错的句子。
Rows are the right intent, columns the bot's decision; only intents with a mistake are shown.</p>
<img src="confusion_matrix.png" alt="confusion matrix">
<h2>对话流程 / Conversation flows</h2>
<p class=note>蓝色：客户说的话（意图）；绿色：机器人的动作；橙色：机器人直接说的回应。
Blue: what the customer says (intent); green: the bot's actions; orange: responses said directly.</p>
<img src="flows.png" alt="conversation flows">
"""
    (out / "index.html").write_text(
        page("Objection Coach report", body).replace('<p><a href="index.html">← 报告首页 / report index</a></p>', ""),
        encoding="utf-8",
    )


THRESHOLD = fallback_threshold(ROOT / "config.yml")


# ------------------------------------------------------------------ drills
def drills_page(out: Path) -> int:
    """reports/drills.html from the drill records of the database the settings
    name (.env; RECORDS_URL overrides): per scenario and objection, the
    answers, reps, average, the share of strong answers and the move missed
    most; then the drillable objections nobody has practised. The number of
    records it read (0 when the database has none or cannot be read)."""
    from dashboard import catalogue
    from records import database, queries
    from server import environment

    environment.apply()
    books = catalogue.current()
    url = database.url_from(os.environ)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).exists():
        url = ""  # no database yet: nothing to read, and none to create
    try:
        db = database.engine() if url else None
        rows = (
            queries.team(db, queries.Filters(tz=books.tz), dt.datetime.utcnow()).objections
            if db is not None and database.current(db)
            else []
        )
    except Exception as error:  # noqa: BLE001 - a report without drills is still a report
        rows, note = (
            [],
            f"<p class=note>读不到练习记录 / the drill records could not be read: {html.escape(type(error).__name__)}</p>",
        )
    else:
        note = "" if rows else "<p class=note>还没有练习记录。 No drill records yet.</p>"
    body = ["<h1>练习成绩：每个异议 / Drill results per objection</h1>", note]
    if rows:
        body.append(
            "<p class=note>最弱的在前；红色是平均分低于 70。达标：得分 ≥ 70，客户被说动。"
            " Weakest first; red: average under 70. Strong: 70 or more, the customer moved on.</p>"
            "<table><tr><th>场景 scenario</th><th>异议 objection</th><th>回答 answers</th><th>代表 reps</th>"
            "<th>平均分 average</th><th>达标 strong</th><th>最常缺的要素 most missed</th></tr>"
        )
        for row in rows:
            weak = ' class="weak"' if row.average < 70 else ""
            body.append(
                f"<tr{weak}><td>{html.escape(books.title(row.scenario))}</td><td>{html.escape(row.label)}</td>"
                f"<td class=num>{row.answers}</td><td class=num>{row.reps}</td><td class=num>{row.average}</td>"
                f"<td class=num>{row.strong / row.answers:.0%}</td><td>{html.escape(row.most_missed or '–')}</td></tr>"
            )
        body.append("</table>")
        practised = {(row.scenario, row.objection) for row in rows}
        never = [
            f"{html.escape(books.title(s))} · {html.escape(label)}"
            for s, items in books.objections.items()
            for o, label in items
            if (s, o) not in practised
        ]
        body.append(
            "<h2>还没人练过 / Not practised yet</h2><p>" + ("、".join(never) or "无 / none") + "</p>" if never else ""
        )
    (out / "drills.html").write_text(page("Drill results", "".join(body)), encoding="utf-8")
    return sum(row.answers for row in rows)


# ------------------------------------------------------------------ grading
def _verdict_row(verdict) -> str:
    grade, item = verdict.grade, verdict.item
    found = "<br>".join(f"{html.escape(label)}：“{html.escape(quote)}”" for label, quote in grade.evidence.items())
    costs = "、".join(html.escape(p) for p in grade.penalties)
    return (
        f"<tr><td>{html.escape(item.scenario)} · {html.escape(item.move)}</td><td>{html.escape(item.answer)}"
        f"<br><span class=note>{html.escape(item.where)}</span></td><td>{html.escape(item.label)}</td>"
        f"<td class=num>{grade.score}</td><td>{found or '–'}</td><td>{html.escape('、'.join(grade.missing)) or '–'}</td>"
        f"<td>{costs or '–'}</td></tr>"
    )


def grading_page(out: Path) -> Tuple[float, int]:
    """reports/grading.html: how often the drill grader agrees with a trainer
    on the labelled answers (drill/labelled/), per script and per drill item,
    every disagreement with what the grader found; the held-out answers'
    figure beside it (their sentences are not shown: examples written from
    them would spoil it). Returns the agreement and count."""
    from coach.drill import agreement

    calibration = agreement.measure(agreement.files())
    unseen = agreement.measure([agreement.HELD_OUT]) if agreement.HELD_OUT.exists() else agreement.Agreement()

    def summary(name: str, result) -> str:
        scripts = "，".join(
            f"{script} {rate:.0%}（{n}）" for script, (rate, n) in result.by(lambda v: v.item.script).items()
        )
        return f"<li>{name}：<b>{result.rate:.1%}</b>，{len(result.verdicts)} 句 answers；{scripts}</li>"

    items = calibration.by(lambda v: f"{v.item.scenario} · {v.item.move}")
    flagged = ' class="weak"'
    rows = "".join(
        f"<tr{flagged if rate < agreement.FLOOR else ''}><td>{html.escape(name)}</td>"
        f"<td class=num>{rate:.0%}</td><td class=num>{n}</td></tr>"
        for name, (rate, n) in sorted(items.items(), key=lambda kv: kv[1][0])
    )
    header = (
        "<tr><th>练习题 item</th><th>回答 answer</th><th>培训师 trainer</th><th>得分 score</th>"
        "<th>找到的要素和依据 found, and where</th><th>缺少 missing</th><th>扣分 penalties</th></tr>"
    )
    body = f"""
<h1>练习评分和培训师的一致程度 / Drill grading against a trainer</h1>
<p class=note>培训师把学员的回答标成 strong（该过）或 weak（不该过）；评分器打 70 分以上算 strong。
两者一样就是“一致”。不一致的回答列在下面，连同评分器找到的要素和它引用的原话：在对应要素的
examples（或 counter_examples）里加一句同样意思的新说法，再 <code>make train</code>。<br>
A trainer labelled each answer strong or weak; the grader's strong is 70 or more. Below: every disagreement, with the
moves the grader found and the words it found them in. Add an example phrasing (or a counter-example) to that move,
then <code>make train</code>.</p>
<ul>{summary("标注的回答 labelled answers（drill/labelled/）", calibration)}
{summary("留作检验的回答 held-out answers（" + str(agreement.HELD_OUT) + "，从没用来写例句 never used to write examples）", unseen)}</ul>
<h2>不一致 / Disagreements</h2>
<table>{header}{"".join(_verdict_row(v) for v in calibration.disagreements) or "<tr><td colspan=7>没有。 None.</td></tr>"}</table>
<p class=note>留作检验的回答只给出一致程度，不列出具体句子：照着它们改例句，这个数字就不再说明评分器遇到新说法时的水平了。
The held-out answers give their figure only: examples written from them would stop it measuring new wording.</p>
<h2>每个练习题 / Per drill item</h2>
<table><tr><th>练习题 item</th><th>一致 agreement</th><th>回答 answers</th></tr>{rows}</table>
"""
    (out / "grading.html").write_text(page("Drill grading", body), encoding="utf-8")
    return calibration.rate, len(calibration.verdicts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate the model and write reports/index.html")
    parser.add_argument("--model", type=Path, default=Path("models/objection-coach.tar.gz"))
    parser.add_argument("--nlu", type=Path, default=Path("tests/nlu/heldout.yml"))
    parser.add_argument("--out", type=Path, default=Path("reports"))
    parser.add_argument("--project", type=Path, default=Path("."))
    args = parser.parse_args(argv)
    root = args.project.resolve()
    model, nlu, out = (p if p.is_absolute() else root / p for p in (args.model, args.nlu, args.out))
    if not model.exists():
        print(f"{model} 不存在，先运行 make train / {model} is missing: run `make train` first", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)

    names = labels(root)
    results = evaluate(model, nlu, root)
    (out / "nlu").mkdir(exist_ok=True)
    (out / "nlu" / "predictions.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    shown_nlu = _shown(nlu, root)
    wrong = [r for r in results if not r["right"]]
    barely = [r for r in results if r["right"] and r["predicted"] != "nlu_fallback" and r["confidence"] < MARGIN]
    table, accuracy = intent_table(results, names, objections(root))
    (out / "intents.html").write_text(
        page(
            "Intents",
            "<h1>每个意图的表现 / Per-intent results</h1>"
            "<p class=note>按 F1 从低到高排列；粗体是异议，红色是 F1 低于 0.90。"
            " Weakest first; objections in bold; red: F1 under 0.90.</p>" + table,
        ),
        encoding="utf-8",
    )
    (out / "misclassified.html").write_text(
        page(
            "Misclassified",
            "<h1>判错的句子 / Misclassified sentences</h1>"
            + sentences_table(wrong, names, shown_nlu, "没有判错的句子。 No held-out sentence was misclassified."),
        ),
        encoding="utf-8",
    )
    (out / "barely.html").write_text(
        page(
            "Barely right",
            f"<h1>勉强判对的句子 / Right, but barely (confidence under {MARGIN:.2f})</h1>"
            "<p class=note>换个说法就可能判错：给它们的意图多写几句类似的例句。"
            " One new phrasing from wrong: add similar examples to their intent.</p>"
            + sentences_table(barely, names, shown_nlu, "没有。 None."),
        ),
        encoding="utf-8",
    )
    confusion_png(results, names, out / "confusion_matrix.png")
    flows_png(root, out / "flows.png")
    have_graph = visualize(root, out)
    drilled = drills_page(out)
    grading, graded = grading_page(out)
    run, previous = remember(out, accuracy, results)
    write_index(
        out,
        model,
        nlu,
        accuracy,
        {"total": len(results), "errors": len(wrong), "barely": len(barely), "drilled": drilled, "graded": graded},
        grading,
        have_graph,
        root,
        run,
        previous,
    )
    change = f"，上次 last {previous['accuracy']:.1%}" if previous else ""
    print(
        f"报告 report: {out / 'index.html'}（准确率 accuracy {accuracy:.1%}{change}；判错 wrong {len(wrong)}，"
        f"勉强 barely {len(barely)}；练习评分一致 grading agreement {grading:.1%}）"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
