"""The benchmark's side-by-side table, target checks and chart."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional

# The targets of issue #7, checked on every run and written to bench.json.
TARGETS = {
    "throughput_ratio_at_20": 4.0,  # ours / stock messages per second, 20 users
    "p95_ms_at_20": 150.0,
    "p50_ms_at_1": 20.0,
    "memory_total_mb": 600.0,
    "train_seconds": 30.0,
}


def _run(variant: Dict, users: int) -> Optional[Dict]:
    return next((r for r in variant["runs"] if r["users"] == users), None)


def targets(results: Dict) -> Dict[str, Dict]:
    ours, stock = results["ours"], results["stock"]
    checks: Dict[str, Dict] = {}

    def check(name: str, value: Optional[float], ok: Optional[bool]) -> None:
        checks[name] = {"target": TARGETS.get(name), "value": value, "met": ok}

    o20, s20, o1 = _run(ours, 20), _run(stock, 20), _run(ours, 1)
    if o20 and s20 and s20["throughput_per_s"]:
        ratio = round(o20["throughput_per_s"] / s20["throughput_per_s"], 2)
        check("throughput_ratio_at_20", ratio, ratio >= TARGETS["throughput_ratio_at_20"])
    if o20:
        check("p95_ms_at_20", o20["p95_ms"], o20["p95_ms"] <= TARGETS["p95_ms_at_20"])
    if o1:
        check("p50_ms_at_1", o1["p50_ms"], o1["p50_ms"] <= TARGETS["p50_ms_at_1"])
    total = ours["memory"]["total_mb"]
    check("memory_total_mb", total, total <= TARGETS["memory_total_mb"])
    check("train_seconds", ours["train_seconds"], ours["train_seconds"] <= TARGETS["train_seconds"])
    check("heldout_accuracy_vs_stock", ours["heldout_accuracy"], ours["heldout_accuracy"] >= stock["heldout_accuracy"])
    return checks


def _ratio(a: float, b: float, lower_is_better: bool) -> str:
    if not a or not b:
        return "–"
    return f"{(b / a if lower_is_better else a / b):.1f}×"


def table(results: Dict) -> str:
    """Markdown: every figure as ours / stock / how many times better ours is."""
    ours, stock = results["ours"], results["stock"]
    rows: List[str] = ["| measure | ours | stock | ours better by |", "|---|---:|---:|---:|"]
    for o, s in zip(ours["runs"], stock["runs"]):
        n = o["users"]
        rows.append(
            f"| {n} users: messages/s | {o['throughput_per_s']:.1f} | {s['throughput_per_s']:.1f} | "
            f"{_ratio(o['throughput_per_s'], s['throughput_per_s'], False)} |"
        )
        for p in ("p50", "p95", "p99"):
            rows.append(
                f"| {n} users: {p} latency (ms) | {o[p + '_ms']:.0f} | {s[p + '_ms']:.0f} | "
                f"{_ratio(o[p + '_ms'], s[p + '_ms'], True)} |"
            )
        rows.append(f"| {n} users: errors | {o['errors']} | {s['errors']} | |")
    for key, label in (
        ("rasa_mb", "Rasa server memory (MB)"),
        ("actions_mb", "action server memory (MB)"),
        ("total_mb", "both servers (MB)"),
    ):
        rows.append(
            f"| {label} | {ours['memory'][key]:.0f} | {stock['memory'][key]:.0f} | "
            f"{_ratio(ours['memory'][key], stock['memory'][key], True)} |"
        )
    rows.append(
        f"| full training (s) | {ours['train_seconds']:.0f} | {stock['train_seconds']:.0f} | "
        f"{_ratio(ours['train_seconds'], stock['train_seconds'], True)} |"
    )
    rows.append(f"| held-out intent accuracy | {ours['heldout_accuracy']:.1%} | {stock['heldout_accuracy']:.1%} | |")
    lines = ["\n".join(rows), "", "Targets:"]
    for name, c in results.get("targets", {}).items():
        mark = "met" if c["met"] else "NOT met"
        lines.append(f"- {name}: {c['value']} (target {c['target'] if c['target'] is not None else '≥ stock'}) {mark}")
    return "\n".join(lines)


def chart(results: Dict, target: Path) -> None:
    """Latency percentiles and throughput per user count, ours vs stock."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    colours = {"ours": "#2563eb", "stock": "#9ca3af"}
    for name in ("ours", "stock"):
        runs = results[name]["runs"]
        users = [r["users"] for r in runs]
        for p, style in (("p50", "-"), ("p95", "--"), ("p99", ":")):
            left.plot(users, [r[p + "_ms"] for r in runs], style, marker="o", color=colours[name], label=f"{name} {p}")
        right.plot(users, [r["throughput_per_s"] for r in runs], marker="o", color=colours[name], label=name)
    left.set_yscale("log")
    left.set_xlabel("concurrent users")
    left.set_ylabel("latency (ms, log scale)")
    left.set_title("Latency per message")
    left.legend(fontsize=8)
    right.set_xlabel("concurrent users")
    right.set_ylabel("messages per second")
    right.set_title("Throughput")
    right.legend()
    machine = results.get("machine", {})
    fig.suptitle(
        f"Objection Coach vs stock Rasa 3.6 — {machine.get('cpus')} CPUs, {results.get('when')}"
        + (" (smoke run)" if results.get("smoke") else "")
    )
    fig.tight_layout()
    fig.savefig(target, dpi=100)
    plt.close(fig)
