"""The benchmark harness cannot rot: a smoke run of `python -m bench` on the
real stack (ours only, a few users, a few seconds), and the table's arithmetic."""

import json
import subprocess
import sys

import pytest

from bench import report
from server.stack import ROOT


@pytest.fixture(scope="module")
def smoke(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out, result.stdout


def test_the_smoke_run_answers_every_message_and_writes_the_report(smoke):
    out, stdout = smoke
    results = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    runs = results["ours"]["runs"]
    assert [r["users"] for r in runs] == [1, 3]
    assert all(r["errors"] == 0 and r["requests"] > 5 for r in runs), runs
    assert all(0 < r["p50_ms"] <= r["p95_ms"] <= r["p99_ms"] for r in runs)
    assert results["ours"]["heldout_accuracy"] > 0.9
    assert 50 < results["ours"]["memory"]["rasa_mb"] and 20 < results["ours"]["memory"]["actions_mb"]
    assert (out / "bench.png").read_bytes().startswith(b"\x89PNG")
    assert "| 3 users: messages/s |" in stdout


def _variant(throughput, p95, p50, mb, train, acc):
    runs = [
        {"users": 1, "throughput_per_s": 30.0, "p50_ms": p50, "p95_ms": p50 * 2, "p99_ms": p50 * 3, "errors": 0},
        {
            "users": 20,
            "throughput_per_s": throughput,
            "p50_ms": p95 / 2,
            "p95_ms": p95,
            "p99_ms": p95 * 1.2,
            "errors": 0,
        },
    ]
    return {
        "runs": runs,
        "memory": {"rasa_mb": mb - 100, "actions_mb": 100, "total_mb": mb},
        "train_seconds": train,
        "heldout_accuracy": acc,
    }


def test_targets_and_ratios():
    results = {
        "ours": _variant(48.0, 140.0, 18.0, 590.0, 25.0, 0.95),
        "stock": _variant(12.0, 2200.0, 90.0, 980.0, 300.0, 0.95),
    }
    checks = report.targets(results)
    assert checks["throughput_ratio_at_20"] == {"target": 4.0, "value": 4.0, "met": True}
    assert all(c["met"] for c in checks.values()), checks
    results["ours"]["runs"][1]["p95_ms"] = 151.0
    results["ours"]["heldout_accuracy"] = 0.94
    checks = report.targets(results)
    assert not checks["p95_ms_at_20"]["met"] and not checks["heldout_accuracy_vs_stock"]["met"]
    table = report.table(results)
    assert "| 20 users: messages/s | 48.0 | 12.0 | 4.0× |" in table
    assert "| both servers (MB) | 590 | 980 | 1.7× |" in table


def test_the_dashboard_bench_seeds_a_team_and_times_every_view(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.dashboard",
            "--reps",
            "12",
            "--records",
            "600",
            "--repeat",
            "1",
            "--out",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report_ = json.loads((tmp_path / "dashboard-bench.json").read_text(encoding="utf-8"))
    assert (report_["reps"], report_["records"]) == (12, 600)
    assert set(report_["results"]) >= {"team view (/trainer/)", "CSV export, all records"}
    export = report_["results"]["CSV export, all records"]
    assert export["bytes"] > 600 * 50  # every record made it into the file
