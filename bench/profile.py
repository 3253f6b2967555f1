"""py-spy on a running server during a load step: a flame graph (SVG) and a
short table of where the time goes (inclusive share per function)."""

from __future__ import annotations

import collections
import re
import subprocess
from pathlib import Path
from typing import List, Tuple

from server.stack import BIN

FRAME = re.compile(r"(?P<function>.*?) \((?P<file>.*?):\d+\)")


def start(pid: int, seconds: float, stem: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(BIN / "py-spy"),
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(int(seconds)),
            "--rate",
            "200",
            "--format",
            "raw",
            "--output",
            f"{stem}.txt",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def finish(spy: subprocess.Popen, stem: Path) -> None:
    spy.wait(timeout=120)
    raw = Path(f"{stem}.txt")
    if raw.exists():
        Path(f"{stem}-top.txt").write_text(
            "\n".join(f"{share:5.1f}%  {name}" for share, name in inclusive(raw)[:60]) + "\n", encoding="utf-8"
        )


def inclusive(raw: Path) -> List[Tuple[float, str]]:
    """(percent of samples, "function (file)") for every function on any
    stack, counted once per sample, most expensive first."""
    counts: collections.Counter = collections.Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        total += int(n)
        names = set()
        for frame in stack.split(";"):
            match = FRAME.match(frame)
            names.add(f"{match['function']} ({match['file'].split('site-packages/')[-1]})" if match else frame)
        for name in names:
            counts[name] += int(n)
    return [(100.0 * c / total, name) for name, c in counts.most_common()] if total else []
