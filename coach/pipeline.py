"""What the scripts need to know about config.yml's NLU pipeline, read from
it rather than copied: the FallbackClassifier's threshold (below it the bot
says it did not understand)."""

from __future__ import annotations

from pathlib import Path
from typing import Union

from coach import yamlfile

DEFAULT_THRESHOLD = 0.3  # Rasa's own default for the FallbackClassifier


def fallback_threshold(config: Union[str, Path] = "config.yml") -> float:
    pipeline = (yamlfile.load(Path(config)) or {}).get("pipeline") or []
    for component in pipeline:
        if isinstance(component, dict) and component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", DEFAULT_THRESHOLD))
    return DEFAULT_THRESHOLD
