"""Simplified/Traditional Chinese detection and conversion (OpenCC).

OpenCC is the reference converter maintained by the BYVoid project; the
official `opencc` wheel bundles its dictionaries, so nothing is downloaded.
"""

from __future__ import annotations

import json
import tempfile
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

import opencc


class Variant(str, Enum):
    SIMPLIFIED = "hans"
    TRADITIONAL = "hant"


# Phrases OpenCC's own dictionaries get wrong ("十几分钟" is segmented as
# 十 + 几分 + 钟 and comes out 十幾分鍾; "三天后" as 三 + 天后, the goddess).
# One "simplified<TAB>traditional" pair per line, placed before OpenCC's
# phrase dictionaries so they win; tests/unit/test_chinese_variant_and_cleaning.py
# keeps the list of known pitfalls.
PHRASES = Path(__file__).with_name("traditional_phrases.txt")
_SHARE = Path(opencc.__file__).parent / "clib" / "share" / "opencc"


def _with_our_phrases(config: str) -> str:
    """A copy of OpenCC's `config` (s2t, s2tw, ...) with PHRASES in front of
    its phrase dictionaries, written where OpenCC can read it; the path."""
    spec = json.loads((_SHARE / f"{config}.json").read_text(encoding="utf-8"))

    def absolute(node):
        if isinstance(node, dict):
            if "file" in node and not Path(node["file"]).is_absolute():
                node["file"] = str(_SHARE / node["file"])
            for value in node.values():
                absolute(value)
        elif isinstance(node, list):
            for value in node:
                absolute(value)

    absolute(spec)
    ours = {"type": "text", "file": str(PHRASES)}
    if "segmentation" in spec:
        spec["segmentation"]["dict"]["dicts"].insert(0, ours)
    spec["conversion_chain"][0]["dict"]["dicts"].insert(0, ours)
    folder = Path(tempfile.mkdtemp(prefix="opencc-"))
    path = folder / f"{config}.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return str(path)


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    # Building a converter parses its dictionaries: do it once per config.
    if config.startswith("s2") and (_SHARE / f"{config}.json").exists():
        return opencc.OpenCC(_with_our_phrases(config))
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional (any variant) to Simplified; Simplified text is unchanged."""
    return _converter("t2s").convert(text) if text else text


def to_traditional(text: str, variant: str = "s2t") -> str:
    """Simplified to Traditional with an OpenCC config such as s2t, s2twp, s2hk."""
    return _converter(variant).convert(text) if text else text


def detect(text: Optional[str]) -> Optional[Variant]:
    """The script a text is written in, or None when it cannot tell.

    A text tells only if it holds characters that differ between the scripts
    ("好的" is both), so callers fall back to earlier messages.
    """
    if not text:
        return None
    simplified = to_simplified(text)
    if simplified != text:
        return Variant.TRADITIONAL
    if to_traditional(text) != text:
        return Variant.SIMPLIFIED
    return None


def detect_latest(texts: Iterable[Optional[str]]) -> Variant:
    """The script of the most recent text that tells, scanning newest first;
    Simplified when none does."""
    for text in texts:
        script = detect(text)
        if script is not None:
            return script
    return Variant.SIMPLIFIED
