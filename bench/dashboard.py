"""`make bench`, the dashboard part: the trainer's team view, a rep's view
and the CSV export on a team-sized database (200 reps, 50,000 drill
records over 90 days by default), through the real dashboard server.
Target: each answers in under one second (issue 17), by the median of
`--repeat` requests after one that warms the server up. Writes
reports/dashboard-bench.json.

    .venv/bin/python -m bench.dashboard                       # 200 reps, 50,000 records
    .venv/bin/python -m bench.dashboard --reps 20 --records 2000 --out /tmp/x   # smoke (make test)
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Dict, List

import requests

from dashboard import catalogue
from records import database
from records.schema import drill_misses, drill_records
from server.stack import ROOT, Stack

TARGET_SECONDS = 1.0
TOKEN = "bench-trainer-token"


def seed(db, reps: int, records: int, days: int = 90, rng: random.Random = random.Random(17)) -> None:
    """Records spread over reps, the scenarios' drillable moves and `days`,
    each missing some of its rubric's moves, inserted in batches."""
    books = catalogue.current()
    moves = [(s, o, label) for s, items in books.objections.items() for o, label in items]
    now = datetime.utcnow()
    batch: List[Dict] = []
    misses: List[Dict] = []
    with db.begin() as connection:
        for i in range(1, records + 1):
            scenario, objection, label = rng.choice(moves)
            score = rng.randint(10, 100)
            missed = [] if score > 85 else rng.sample(["proposal", "social_proof", "value", "empathy", "question"], k=2)
            batch.append(
                dict(
                    id=i,
                    rep=f"rep-{rng.randrange(reps):03d}",
                    drill_id=f"d{i // 3}",
                    scenario=scenario,
                    objection=objection,
                    objection_label=label,
                    score=score,
                    found="[]",
                    missing=json.dumps(missed),
                    penalties="[]",
                    answer="您说得对，很多和贵公司规模相近的企业选择了我们。下周三下午3点我过去拜访您，方便吗？",
                    model_answer="参考话术",
                    at=now - timedelta(seconds=rng.randrange(days * 86400)),
                )
            )
            misses += [{"record_id": i, "move": m, "label": m} for m in missed]
            if len(batch) >= 5000:
                connection.execute(drill_records.insert(), batch)
                connection.execute(drill_misses.insert(), misses)
                batch, misses = [], []
        if batch:
            connection.execute(drill_records.insert(), batch)
        if misses:
            connection.execute(drill_misses.insert(), misses)


def timed(url: str, repeat: int) -> Dict[str, float]:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    requests.get(url, headers=headers, timeout=60).raise_for_status()  # warm: templates, imports
    seconds = []
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = requests.get(url, headers=headers, timeout=60)
        seconds.append(time.perf_counter() - started)
        response.raise_for_status()
        size = len(response.content)
    return {"median_s": round(statistics.median(seconds), 3), "max_s": round(max(seconds), 3), "bytes": size}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as workdir:
        stack = Stack(Path(workdir))
        stack.env["TRAINER_TOKEN"] = TOKEN
        db = database.ready({"TRACKER_DIALECT": "sqlite", "TRACKER_DB": stack.env["TRACKER_DB"]})
        started = time.perf_counter()
        seed(db, args.reps, args.records)
        seeded = time.perf_counter() - started
        url = stack.start_dashboard()
        try:
            pages = {
                "team view (/trainer/)": f"{url}/trainer/",
                "team API (/trainer/api/reps)": f"{url}/trainer/api/reps",
                "rep view (/trainer/reps/rep-007)": f"{url}/trainer/reps/rep-007",
                "CSV export, all records": f"{url}/trainer/export.csv",
                "CSV export, last 30 days": f"{url}/trainer/export.csv?from="
                + (datetime.utcnow().date() - timedelta(days=30)).isoformat(),
            }
            results = {name: timed(page, args.repeat) for name, page in pages.items()}
        finally:
            stack.stop()
    report = {
        "reps": args.reps,
        "records": args.records,
        "seeded_s": round(seeded, 1),
        "target_s": TARGET_SECONDS,
        "results": results,
        "met": all(r["median_s"] < TARGET_SECONDS for r in results.values()),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "dashboard-bench.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"Dashboard on {args.reps} reps and {args.records:,} records (target: under {TARGET_SECONDS:.0f} s each)")
    for name, r in results.items():
        verdict = "ok" if r["median_s"] < TARGET_SECONDS else "SLOW"
        print(f"  {name:36} median {r['median_s']:.3f} s  max {r['max_s']:.3f} s  {r['bytes']:>10,} B  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
