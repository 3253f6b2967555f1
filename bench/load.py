"""The load generator: N simulated reps, each in its own conversation, each
sending its next message as soon as the previous reply arrived (no think
time: the worst case of a class answering at once), for a fixed time.

An asyncio client on aiohttp (a Rasa dependency) rather than Locust: one
process on loopback is enough to saturate a 2-core server, and it adds no
gevent to the virtualenv.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence

import aiohttp
import numpy as np
import yaml

CONVERSATIONS = Path(__file__).with_name("conversations.yml")


def conversations(path: Path = CONVERSATIONS) -> List[List[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [list(turns) for turns in data["conversations"].values()]


@dataclass
class LoadResult:
    users: int
    seconds: float
    latencies_ms: List[float] = field(default_factory=list)  # successful requests only
    errors: int = 0
    error_kinds: Dict[str, int] = field(default_factory=dict)

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    def summary(self) -> Dict[str, float]:
        lat = np.array(self.latencies_ms) if self.latencies_ms else np.array([float("nan")])
        return {
            "users": self.users,
            "seconds": round(self.seconds, 2),
            "requests": len(self.latencies_ms),
            "errors": self.errors,
            "error_kinds": dict(self.error_kinds),
            "throughput_per_s": round(len(self.latencies_ms) / self.seconds, 2) if self.seconds else 0.0,
            "p50_ms": round(float(np.percentile(lat, 50)), 1),
            "p95_ms": round(float(np.percentile(lat, 95)), 1),
            "p99_ms": round(float(np.percentile(lat, 99)), 1),
        }


async def _rep(
    session: aiohttp.ClientSession,
    url: str,
    index: int,
    scripts: Sequence[Sequence[str]],
    deadline: float,
    result: LoadResult,
) -> None:
    n = index  # each rep starts on a different conversation
    while time.monotonic() < deadline:
        sender = f"bench-{index}-{uuid.uuid4().hex[:12]}"
        for message in scripts[n % len(scripts)]:
            if time.monotonic() >= deadline:
                return
            started = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": message}) as response:
                    body = await response.json(content_type=None)
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status != 200:
                        result.error(f"http {response.status}")
                    elif not body:
                        result.error("empty reply")
                    else:
                        result.latencies_ms.append(elapsed)
            except asyncio.TimeoutError:
                result.error("timeout")
            except (aiohttp.ClientError, ValueError) as e:
                result.error(type(e).__name__)
        n += 1


async def run(
    url: str, users: int, seconds: float, scripts: Sequence[Sequence[str]] = (), timeout: float = 30.0
) -> LoadResult:
    """`users` reps talking to the REST webhook `url` for `seconds`."""
    scripts = scripts or conversations()
    result = LoadResult(users, seconds)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        started = time.monotonic()
        await asyncio.gather(*(_rep(session, url, i, scripts, started + seconds, result) for i in range(users)))
        result.seconds = time.monotonic() - started
    return result


def run_sync(url: str, users: int, seconds: float, **kwargs) -> LoadResult:
    return asyncio.run(run(url, users, seconds, **kwargs))
