"""Simplified/Traditional Chinese detection and conversion (OpenCC).

OpenCC is the reference converter maintained by the BYVoid project; the
official `opencc` wheel bundles its dictionaries, so nothing is downloaded.
"""
from __future__ import annotations

from enum import Enum
from functools import lru_cache
from typing import Iterable, Optional

import opencc


class Script(str, Enum):
    SIMPLIFIED = "hans"
    TRADITIONAL = "hant"


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    # Building a converter parses its dictionaries: do it once per config.
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional (any variant) to Simplified; Simplified text is unchanged."""
    return _converter("t2s").convert(text) if text else text


def to_traditional(text: str, variant: str = "s2t") -> str:
    """Simplified to Traditional with an OpenCC config such as s2t, s2twp, s2hk."""
    return _converter(variant).convert(text) if text else text


def detect(text: Optional[str]) -> Optional[Script]:
    """The script a text is written in, or None when it cannot tell.

    A text tells only if it holds characters that differ between the scripts
    ("好的" is both), so callers fall back to earlier messages.
    """
    if not text:
        return None
    simplified = to_simplified(text)
    if simplified != text:
        return Script.TRADITIONAL
    if to_traditional(text) != text:
        return Script.SIMPLIFIED
    return None


def detect_latest(texts: Iterable[Optional[str]]) -> Script:
    """The script of the most recent text that tells, scanning newest first;
    Simplified when none does."""
    for text in texts:
        script = detect(text)
        if script is not None:
            return script
    return Script.SIMPLIFIED
