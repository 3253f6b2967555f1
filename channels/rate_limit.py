"""A per-sender rate limit for the channels: a token bucket per conversation.

A rep types a message every few seconds; a script that floods one
conversation slows every other rep on the same process. Each sender may send
`burst` messages at once and then `per_minute` a minute; past that the
channel answers 429 with the seconds to wait. The buckets live in this
process (each Rasa replica counts its own share) and the least recently used
ones are dropped beyond `max_senders`, so random sender ids cannot fill the
memory.

    RATE_LIMIT_PER_MINUTE=60   # 0 turns the limit off (the benchmark does)
    RATE_LIMIT_BURST=20
"""

from __future__ import annotations

import collections
import math
import os
import time
from typing import Callable, Optional, Tuple

DEFAULT_PER_MINUTE = 60
DEFAULT_BURST = 20


class RateLimiter:
    def __init__(
        self, per_minute: float, burst: int, max_senders: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = max(0.0, float(per_minute)) / 60.0
        self.burst = max(1, int(burst))
        self.max_senders = max_senders
        self.clock = clock
        self._buckets: "collections.OrderedDict[str, Tuple[float, float]]" = collections.OrderedDict()

    @classmethod
    def from_environment(cls) -> "RateLimiter":
        def number(name: str, default: float) -> float:
            raw = os.environ.get(name, "").strip()
            try:
                return float(raw) if raw else default
            except ValueError:
                return default

        return cls(number("RATE_LIMIT_PER_MINUTE", DEFAULT_PER_MINUTE), int(number("RATE_LIMIT_BURST", DEFAULT_BURST)))

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def wait_seconds(self, sender: str) -> Optional[int]:
        """None if `sender` may send now (and counts it), else the whole
        seconds until the next message is admitted."""
        if not self.enabled:
            return None
        now = self.clock()
        tokens, last = self._buckets.pop(sender, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        admitted = tokens >= 1.0
        if admitted:
            tokens -= 1.0
        self._buckets[sender] = (tokens, now)
        while len(self._buckets) > self.max_senders:
            self._buckets.popitem(last=False)
        return None if admitted else max(1, math.ceil((1.0 - tokens) / self.rate))
