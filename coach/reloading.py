"""A value built from files, rebuilt only when one of them changes: how
trainers' edits (coach.yml, the drill files, a new model) reach a running bot
without a restart, in one place."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Dict, Generic, Optional, Tuple, TypeVar

T = TypeVar("T")
Stamp = Tuple[Optional[Tuple[int, int]], ...]


def _stamp(path: Path) -> Optional[Tuple[int, int]]:
    """mtime and size: a save within the same clock tick still changes the size."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class Reloading(Generic[T]):
    """`build(*paths)`, cached per tuple of paths while none of them changes.
    An exception from `build` is raised each time and caches nothing."""

    def __init__(self, build: Callable[..., T]):
        self._build = build
        self._lock = threading.Lock()
        self._entries: Dict[Tuple[Path, ...], Tuple[Stamp, T]] = {}

    def get(self, *paths: Path) -> T:
        key = tuple(Path(p) for p in paths)
        stamp = tuple(_stamp(p) for p in key)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] == stamp:
                return entry[1]
        value = self._build(*key)
        with self._lock:
            self._entries[key] = (stamp, value)
        return value
