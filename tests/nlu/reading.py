"""What the bot answers a held-out sentence with: the trained model's
ranking, read in a scenario the way action_rebut reads it (coach/context.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Tuple

from rasa.core.agent import Agent
from rasa.core.channels import UserMessage
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.loading import load_data

from coach import registry
from coach.context import read_in_context

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "objection-coach.tar.gz"
SCENARIOS = registry.scenarios(ROOT / "coach.yml")
MOVABLE = registry.all_moves(SCENARIOS)


def parse_all(agent: Agent, path: Path) -> List[Tuple[str, str, Dict[str, Any]]]:
    """(text, labelled intent, parse) for every example of a held-out file."""
    results = []
    for example in load_data(str(path)).intent_examples:
        parsed = agent.processor._parse_message_with_graph(  # noqa: SLF001 (sync NLU only)
            UserMessage(example.get("text")), DialogueStateTracker.from_events("nlu-eval", [])
        )
        results.append((example.get("text"), example.get("intent"), parsed))
    return results


def reading(parsed: Dict[str, Any], scenario: str = registry.COLD_CALL) -> str:
    """The intent the bot answers in `scenario`."""
    ranking = [(r["name"], float(r["confidence"])) for r in parsed.get("intent_ranking") or []]
    ranking = ranking or [(parsed["intent"]["name"], 1.0)]
    picked = scenario != registry.COLD_CALL  # the cold call is what is in force when nothing was picked
    return read_in_context(ranking, SCENARIOS[scenario].moves, MOVABLE, SCENARIOS[scenario].treat_as, picked)
