"""Replacing a function of Rasa only where it is still the code we read.

Every patch of ours (speed: server/patches.py; hardening: server/hardening.py;
the fail-closed tracker store: server/fail_closed.py) names the digest of
the source it replaces. After a Rasa upgrade that changed that source, the
patch is skipped with a warning instead of running against code it does not
know, and the patch's test names it.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import logging
from typing import Any, Callable, List

logger = logging.getLogger(__name__)


def source_digest(function: Callable) -> str:
    return hashlib.sha256(inspect.getsource(function).encode("utf-8")).hexdigest()[:16]


def replace(owner: Any, name: str, expected_digest: str, replacement: Callable, record: List[str]) -> bool:
    """Set `owner.name` (a class or a module) to `replacement` if its source
    has `expected_digest`; appends what was replaced to `record`."""
    original = getattr(owner, name)
    digest = source_digest(original)
    if digest != expected_digest:
        logger.warning(
            "Not patching %s.%s: its code changed (digest %s), so the patch may not fit.", owner.__name__, name, digest
        )
        return False
    if not isinstance(replacement, staticmethod):
        functools.update_wrapper(replacement, original)
    setattr(owner, name, replacement)
    where = owner.__name__ if inspect.ismodule(owner) else f"{owner.__module__}.{owner.__name__}"
    record.append(f"{where}.{name}")
    return True
