"""`make bench`: the real stack under load, ours beside stock Rasa.

For each variant (ours: config.yml and `python -m server`; stock: the
`rasa init` configuration in bench/stock/ and plain `rasa`), on loopback:
train with the real data (timed), evaluate intent accuracy on the held-out
file, start the action server and the Rasa server as `make run` does, load
them with 1, 20 and 50 simulated reps (bench/load.py), read the resident
memory of both servers, stop. Writes reports/bench.json and reports/bench.png
and prints the side-by-side table.

    .venv/bin/python -m bench                     # the full run (about 15 minutes)
    .venv/bin/python -m bench --smoke             # ours only, the trained model, a few seconds (make test)
    .venv/bin/python -m bench --profile           # also py-spy on our Rasa server at 20 users
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import psutil

from bench import load, profile
from server.stack import BIN, OURS, ROOT, STOCK, Stack

HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
QUIET = {"TF_CPP_MIN_LOG_LEVEL": "2", "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PYTHONWARNINGS": "ignore"}


@dataclass
class Variant:
    name: str
    config: Path
    endpoints: Path
    credentials: Path
    command: tuple


OURS_VARIANT = Variant("ours", ROOT / "config.yml", ROOT / "endpoints.yml", ROOT / "credentials.yml", OURS)
STOCK_VARIANT = Variant(
    "stock",
    ROOT / "bench/stock/config.yml",
    ROOT / "bench/stock/endpoints.yml",
    ROOT / "bench/stock/credentials.yml",
    STOCK,
)


def train(variant: Variant, config: Path, out: Path) -> float:
    """Seconds for a full `rasa train` (forced) into `out`."""
    started = time.monotonic()
    result = subprocess.run(
        [
            str(BIN / "rasa"),
            "train",
            "--config",
            str(config),
            "--domain",
            "domain",
            "--data",
            "data",
            "--out",
            str(out),
            "--fixed-model-name",
            variant.name,
            "--force",
        ],
        cwd=ROOT,
        env=dict(os.environ, **QUIET),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"training {variant.name} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return time.monotonic() - started


def accuracy(model: Path, out: Path) -> float:
    """Intent accuracy on the held-out file (`rasa test nlu`)."""
    subprocess.run(
        [str(BIN / "rasa"), "test", "nlu", "--nlu", str(HELDOUT), "--model", str(model), "--out", str(out)],
        cwd=ROOT,
        env=dict(os.environ, **QUIET),
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads((out / "intent_report.json").read_text(encoding="utf-8"))
    return float(report["accuracy"])


def resident_mb(process: Optional[subprocess.Popen]) -> float:
    """Resident memory of a server and its children (sanic may fork)."""
    if process is None or process.poll() is not None:
        return 0.0
    root = psutil.Process(process.pid)
    members = [root] + root.children(recursive=True)
    return round(sum(p.memory_info().rss for p in members) / 2**20, 1)


def measure(
    variant: Variant,
    model: Path,
    users: List[int],
    seconds: float,
    workdir: Path,
    profile_at: Optional[int],
    reports: Path,
    env: Optional[Dict[str, str]] = None,
) -> Dict:
    stack = Stack(
        workdir, model=model, endpoints=variant.endpoints, credentials=variant.credentials, command=variant.command
    )
    # Simulated reps send back to back, faster than the channel's per-rep limit.
    stack.env.update(QUIET, RATE_LIMIT_PER_MINUTE="0", **(env or {}))
    stack.start()
    try:
        load.run_sync(stack.webhook, 2, min(3.0, seconds))  # warm-up: first calls load lazily
        runs = []
        for n in users:
            runs.append(load.run_sync(stack.webhook, n, seconds).summary())
            print(
                f"  {variant.name:5} {n:3} users: {runs[-1]['throughput_per_s']:6.1f} msg/s, "
                f"p50 {runs[-1]['p50_ms']:7.1f} ms, p95 {runs[-1]['p95_ms']:7.1f} ms, "
                f"errors {runs[-1]['errors']}",
                flush=True,
            )
        memory = {"rasa_mb": resident_mb(stack.rasa), "actions_mb": resident_mb(stack.actions)}
        if profile_at:  # an extra, unreported step: py-spy's sampling slows the server it watches
            spy = profile.start(stack.rasa.pid, seconds, reports / f"profile-{variant.name}")
            load.run_sync(stack.webhook, profile_at, seconds)
            profile.finish(spy, reports / f"profile-{variant.name}")
        memory["total_mb"] = round(memory["rasa_mb"] + memory["actions_mb"], 1)
        return {"runs": runs, "memory": memory}
    finally:
        stack.stop()


def run_variant(variant: Variant, args, workdir: Path, reports: Path) -> Dict:
    if args.smoke:  # the model `make test` trained; training is timed by the full run only
        seconds, model = 0.0, ROOT / "models" / "objection-coach.tar.gz"
    else:
        print(f"{variant.name}: training …", flush=True)
        seconds = train(variant, variant.config, workdir / "models")
        model = workdir / "models" / f"{variant.name}.tar.gz"
    acc = accuracy(model, workdir / f"nlu-{variant.name}")
    print(f"  {variant.name}: trained in {seconds:.1f} s, held-out accuracy {acc:.1%}", flush=True)
    result = measure(
        variant,
        model,
        args.users,
        args.seconds,
        workdir / variant.name,
        args.users[len(args.users) // 2] if args.profile and variant is OURS_VARIANT else None,
        reports,
    )
    return {"train_seconds": round(seconds, 1), "heldout_accuracy": round(acc, 4), **result}


def measure_patches(args, workdir: Path) -> Dict:
    """Our server at 20 users with every patch, then with each one left out
    (COACH_SKIP_PATCHES), `--repeat` times in turn: what each patch pays."""
    from server import patches

    model = ROOT / "models" / "objection-coach.tar.gz"
    runs: Dict[str, List[Dict]] = {}
    for round_ in range(args.repeat):
        for skipped in ("", *patches.NAMES):
            name = f"without {skipped}" if skipped else "all patches"
            (workdir / f"{round_}-{skipped or 'all'}").mkdir(parents=True)
            result = measure(
                OURS_VARIANT,
                model,
                [20],
                args.seconds,
                workdir / f"{round_}-{skipped or 'all'}",
                None,
                args.out,
                env={"COACH_SKIP_PATCHES": skipped},
            )
            runs.setdefault(name, []).append(result["runs"][0])
    summary = {}
    for name, measured in runs.items():
        summary[name] = {
            "throughput_per_s": round(sum(r["throughput_per_s"] for r in measured) / len(measured), 1),
            "p50_ms": round(sum(r["p50_ms"] for r in measured) / len(measured), 1),
            "runs": measured,
        }
    print()
    for name, figures in summary.items():
        print(f"  {name:28} {figures['throughput_per_s']:6.1f} msg/s  p50 {figures['p50_ms']:7.1f} ms")
    return summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Load benchmark: ours vs stock Rasa")
    parser.add_argument("--users", type=int, nargs="+", default=[1, 20, 50])
    parser.add_argument("--seconds", type=float, default=30.0, help="load time per user count")
    parser.add_argument("--smoke", action="store_true", help="short run: few users, seconds, 1-epoch stock")
    parser.add_argument("--profile", action="store_true", help="py-spy our Rasa server at the middle user count")
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    parser.add_argument(
        "--patches", action="store_true", help="what each speed patch pays: ours at 20 users without it"
    )
    parser.add_argument("--repeat", type=int, default=2, help="rounds of --patches (the machine's noise)")
    args = parser.parse_args(argv)
    if args.patches:
        args.out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            summary = measure_patches(args, Path(tmp))
        (args.out / "patches.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
        return 0
    if args.smoke:
        args.users, args.seconds = [1, 3], 3.0
    args.out.mkdir(parents=True, exist_ok=True)

    from bench import report  # matplotlib only when needed

    results: Dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "when": time.strftime("%Y-%m-%d %H:%M"),
        "smoke": args.smoke,
        "seconds_per_step": args.seconds,
    }
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for variant in (OURS_VARIANT,) if args.smoke else (OURS_VARIANT, STOCK_VARIANT):
            workdir = Path(tmp) / variant.name
            (workdir / variant.name).mkdir(parents=True)
            results[variant.name] = run_variant(variant, args, workdir, args.out)
    if "stock" not in results:  # smoke: the table compares ours with itself, ratios 1.0×
        results["stock"] = results["ours"]
    results["targets"] = report.targets(results)
    (args.out / "bench.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    report.chart(results, args.out / "bench.png")
    print()
    print(report.table(results))
    print(f"\nWritten: {args.out / 'bench.json'}, {args.out / 'bench.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
