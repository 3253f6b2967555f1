"""`make report`: how well the trained model understands held-out sentences,
and what the conversation flows look like. Writes to reports/:

    index.html          the page to open; links and shows everything below
    intents.html        precision / recall / F1 per intent (weakest first)
    misclassified.html  the held-out sentences the model got wrong
    confusion_matrix.png
    flows.png           the rules and stories as a graph (drawn here, works offline)
    graph.html          `rasa visualize` (interactive; its page loads d3/dagre from the internet)
    nlu/                `rasa test nlu`'s own output (JSON, histogram)

    .venv/bin/python scripts/report.py --model models/objection-coach.tar.gz \
        --nlu tests/nlu/heldout.yml --out reports
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

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
    return (f"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{STYLE}</style></head>"
            f"<body><p><a href=\"index.html\">← 报告首页 / report index</a></p>{body}</body></html>")


def run(args: List[str], cwd: Path) -> None:
    print("+", " ".join(args), flush=True)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", PYTHONWARNINGS="ignore")
    subprocess.run(args, cwd=cwd, env=env, check=True)


def objections(root: Path) -> Dict[str, bool]:
    from coach.checks.project import Project

    project = Project(root)
    project.load("coach.yml")
    return project.objections()


# ------------------------------------------------------------------ NLU evaluation
def evaluate(model: Path, nlu: Path, out: Path, root: Path) -> Path:
    target = out / "nlu"
    shutil.rmtree(target, ignore_errors=True)
    run([str(RASA), "test", "nlu", "--nlu", str(nlu), "--model", str(model), "--out", str(target),
         "--successes"], root)
    return target


def intent_table(report: Dict, objection_names) -> Tuple[str, float]:
    rows = [(name, r) for name, r in report.items() if name not in SUMMARY_ROWS and isinstance(r, dict)]
    rows.sort(key=lambda item: (item[1].get("f1-score", 0), item[0]))
    lines = ["<table><tr><th>意图 intent</th><th>精确率 precision</th><th>召回率 recall</th><th>F1</th>"
             "<th>句数 support</th><th>误判成 confused with</th></tr>"]
    for name, r in rows:
        classes = []
        if r.get("f1-score", 0) < 0.9:
            classes.append("weak")
        if name in objection_names:
            classes.append("objection")
        confused = ", ".join(f"{html.escape(k)} ×{v}" for k, v in (r.get("confused_with") or {}).items())
        lines.append(f"<tr class=\"{' '.join(classes)}\"><td>{html.escape(name)}</td>"
                     f"<td class=num>{r.get('precision', 0):.2f}</td><td class=num>{r.get('recall', 0):.2f}</td>"
                     f"<td class=num>{r.get('f1-score', 0):.2f}</td><td class=num>{r.get('support', 0)}</td>"
                     f"<td>{confused}</td></tr>")
    for name in SUMMARY_ROWS:
        r = report.get(name)
        if isinstance(r, dict):
            lines.append(f"<tr><th>{name}</th><td class=num>{r.get('precision', 0):.2f}</td>"
                         f"<td class=num>{r.get('recall', 0):.2f}</td><td class=num>{r.get('f1-score', 0):.2f}</td>"
                         f"<td class=num>{r.get('support', '')}</td><td></td></tr>")
    lines.append("</table>")
    accuracy = report.get("accuracy")
    accuracy = accuracy if isinstance(accuracy, float) else (report.get("micro avg") or {}).get("f1-score", 0.0)
    return "\n".join(lines), float(accuracy)


def errors_table(errors: List[Dict]) -> str:
    if not errors:
        return "<p>没有判错的句子。 No held-out sentence was misclassified.</p>"
    lines = ["<table><tr><th>句子 sentence</th><th>应该是 expected</th><th>模型判成 predicted</th>"
             "<th>把握 confidence</th></tr>"]
    for e in sorted(errors, key=lambda e: (e.get("intent", ""), e.get("text", ""))):
        pred = e.get("intent_prediction") or {}
        lines.append(f"<tr><td>{html.escape(e.get('text', ''))}</td><td>{html.escape(str(e.get('intent')))}</td>"
                     f"<td>{html.escape(str(pred.get('name')))}</td>"
                     f"<td class=num>{(pred.get('confidence') or 0):.2f}</td></tr>")
    lines.append("</table>")
    return "\n".join(lines)


def confusion_png(nlu_out: Path, target: Path) -> None:
    """Rasa's own confusion matrix, or one drawn from the predictions."""
    rasa_png = nlu_out / "intent_confusion_matrix.png"
    if rasa_png.exists():
        shutil.copy(rasa_png, target)
        return
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    predictions = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = nlu_out / name
        if path.exists():
            predictions += json.loads(path.read_text(encoding="utf-8"))
    labels = sorted({p["intent"] for p in predictions} | {p["intent_prediction"]["name"] for p in predictions})
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for p in predictions:
        matrix[index[p["intent"]]][index[p["intent_prediction"]["name"]]] += 1
    size = max(6, len(labels) * 0.55)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90)
    ax.set_yticks(range(len(labels)), labels)
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                ax.text(j, i, str(value), ha="center", va="center", fontsize=8)
    ax.set_xlabel("Predicted label")
    ax.set_ylabel("True label")
    ax.set_title("Intent confusion matrix")
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


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
                        names = "|".join(str(a.get("intent")) for a in step["or"] if isinstance(a, dict) and "intent" in a)
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
                    near = [rows[n] for n in (list(graph.predecessors(node)) + list(graph.successors(node)))
                            if n in rows and abs(columns.index(col) - columns.index(_column_of(n, layers))) == 1]
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
    nx.draw_networkx_edges(graph, positions, ax=ax, arrows=True, arrowstyle="-|>", arrowsize=12,
                           edge_color="#888", node_size=3000, connectionstyle="arc3,rad=0.05")
    for name, (x, y) in positions.items():
        ax.text(x, y, name, ha="center", va="center", fontsize=8,
                bbox=dict(boxstyle="round,pad=0.3", fc=colours.get(kinds.get(name), "#eee"), ec="#555"))
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
        run([str(RASA), "visualize", "--domain", "domain.yml", "--stories", "data",
             "--out", str(out / "graph.html")], root)
        return True
    except subprocess.CalledProcessError:
        return False


# ------------------------------------------------------------------ index
def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def write_index(out: Path, model: Path, nlu: Path, accuracy: float, counts: Dict[str, int],
                have_graph: bool, root: Path) -> None:
    built = dt.datetime.fromtimestamp(model.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    model, nlu = _shown(model, root), _shown(nlu, root)
    graph = ("<li><a href=\"graph.html\">graph.html</a>：<code>rasa visualize</code> 的交互图（需要联网加载绘图脚本）"
             " / interactive graph from <code>rasa visualize</code> (needs internet for its drawing scripts)</li>"
             if have_graph else "")
    body = f"""
<h1>Objection Coach 训练报告 / training report</h1>
<p>模型 model: <code>{html.escape(str(model))}</code>（训练于 trained {built}）；
测试句子 held-out sentences: <code>{html.escape(str(nlu))}</code>，共 {counts['total']} 句，判错 {counts['errors']} 句。</p>
<p style="font-size:1.4rem">总体准确率 overall accuracy: <b>{accuracy:.1%}</b></p>
<p class=note>这些句子没有出现在训练例句里，所以能看出机器人遇到新说法时的表现。准确率低于 90% 或某个意图 F1 低于 0.90（表里标红）时，
给那个意图多写一些不同说法的例句，再 <code>make train</code>。<br>
These sentences are not in the training data, so they show how the bot copes with new wording. Below 90% overall,
or an intent with F1 under 0.90 (red in the table): add more varied examples for it and <code>make train</code>.</p>
<ul>
<li><a href="intents.html">intents.html</a>：每个意图的精确率、召回率、F1 / precision, recall and F1 per intent</li>
<li><a href="misclassified.html">misclassified.html</a>：判错的句子 / the sentences the model got wrong ({counts['errors']})</li>
<li><a href="confusion_matrix.png">confusion_matrix.png</a>：混淆矩阵 / confusion matrix</li>
<li><a href="flows.png">flows.png</a>：对话流程图 / conversation-flow graph</li>
{graph}
<li><a href="nlu/">nlu/</a>：<code>rasa test nlu</code> 的原始输出 / raw output</li>
</ul>
<h2>混淆矩阵 / Confusion matrix</h2>
<p class=note>行是正确答案，列是模型的判断；对角线以外的数字就是判错的句子。
Rows are the right intent, columns the model's guess; any number off the diagonal is a mistake.</p>
<img src="confusion_matrix.png" alt="confusion matrix">
<h2>对话流程 / Conversation flows</h2>
<p class=note>蓝色：客户说的话（意图）；绿色：机器人的动作；橙色：机器人直接说的回应。
Blue: what the customer says (intent); green: the bot's actions; orange: responses said directly.</p>
<img src="flows.png" alt="conversation flows">
"""
    (out / "index.html").write_text(page("Objection Coach report", body).replace(
        "<p><a href=\"index.html\">← 报告首页 / report index</a></p>", ""), encoding="utf-8")


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
        print(f"{model} is missing: run `make train` first", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)

    nlu_out = evaluate(model, nlu, out, root)
    report = json.loads((nlu_out / "intent_report.json").read_text(encoding="utf-8"))
    errors_path = nlu_out / "intent_errors.json"
    errors = json.loads(errors_path.read_text(encoding="utf-8")) if errors_path.exists() else []
    table, accuracy = intent_table(report, objections(root))
    (out / "intents.html").write_text(page("Intents", "<h1>每个意图的表现 / Per-intent results</h1>"
                                           "<p class=note>按 F1 从低到高排列；粗体是异议，红色是 F1 低于 0.90。"
                                           " Weakest first; objections in bold; red: F1 under 0.90.</p>" + table),
                                      encoding="utf-8")
    (out / "misclassified.html").write_text(page("Misclassified", "<h1>判错的句子 / Misclassified sentences</h1>"
                                                 + errors_table(errors)), encoding="utf-8")
    confusion_png(nlu_out, out / "confusion_matrix.png")
    flows_png(root, out / "flows.png")
    have_graph = visualize(root, out)
    support = report.get("weighted avg", {}).get("support") or sum(
        r.get("support", 0) for k, r in report.items() if k not in SUMMARY_ROWS and isinstance(r, dict))
    write_index(out, model, nlu, accuracy, {"total": int(support), "errors": len(errors)}, have_graph, root)
    print(f"Report: {out / 'index.html'} (accuracy {accuracy:.1%}, {len(errors)} misclassified)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
