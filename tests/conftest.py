"""Shared fixtures: the real domain, trackers as the action server receives
them, and rendering of a response the way the Rasa server does it."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from nlg.chinese_variant_nlg import convert_response

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _project_root(monkeypatch):
    # Actions read coach.yml relative to the working directory, as in `make run`.
    monkeypatch.chdir(ROOT)


@pytest.fixture(autouse=True)
def _records_db(monkeypatch, tmp_path):
    """Drill records a test writes go to a database of its own, never runtime/."""
    monkeypatch.setenv("RECORDS_URL", f"sqlite:///{tmp_path / 'records.db'}")
    # a test that took the database down must not pause the next one's records
    monkeypatch.setattr("actions.drill_records._paused_until", 0.0)


@pytest.fixture(scope="session")
def rasa_domain() -> Domain:
    return Domain.load(str(ROOT / "domain"))


@pytest.fixture(scope="session")
def domain(rasa_domain: Domain) -> Dict[str, Any]:
    """The domain as the action server receives it."""
    return rasa_domain.as_dict()


def make_tracker(
    intent: str,
    text: str = "",
    entities: Optional[List[Dict[str, Any]]] = None,
    slots: Optional[Dict[str, Any]] = None,
    earlier_texts: Optional[List[str]] = None,
    ranking: Optional[List[Tuple[str, float]]] = None,
) -> Tracker:
    events = [{"event": "user", "text": t, "parse_data": {}} for t in earlier_texts or []]
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking or [(intent, 1.0)]]
    latest = {"intent": ranked[0], "intent_ranking": ranked, "entities": entities or [], "text": text}
    events.append({"event": "user", "text": text, "parse_data": latest})
    return Tracker("test-sender", dict(slots or {}), latest, events, False, None, {}, "action_listen")


def apply_events(tracker_slots: Dict[str, Any], events: List[Dict[str, Any]]) -> Dict[str, Any]:
    slots = dict(tracker_slots)
    for event in events:
        if event.get("event") == "slot":
            slots[event["name"]] = event["value"]
    return slots


class Call:
    """A conversation driven action by action, keeping slots like Rasa does."""

    def __init__(self, domain: Dict[str, Any], rasa_domain: Domain):
        self.domain = domain
        self.rasa_domain = rasa_domain
        self.slots: Dict[str, Any] = {}
        self.texts: List[str] = []

    async def turn(
        self,
        action,
        intent: str,
        text: str = "",
        entities: Optional[List[Dict[str, Any]]] = None,
        ranking: Optional[List[Tuple[str, float]]] = None,
    ) -> List[Dict[str, Any]]:
        """`ranking`: the classifier's (intent, confidence) list, first one first."""
        # Rasa fills from_entity slots before the action runs.
        self.slots.update(self._mapped_slots(entities or []))
        tracker = make_tracker(intent, text, entities, self.slots, self.texts, ranking)
        dispatcher = CollectingDispatcher()
        events = action.run(dispatcher, tracker, self.domain)
        if inspect.isawaitable(events):  # the drill actions' run() is synchronous
            events = await events
        self.slots = apply_events(self.slots, events)
        self.texts.append(text)
        return [render(self.rasa_domain, m, self.slots) for m in dispatcher.messages]

    def _mapped_slots(self, entities: List[Dict[str, Any]]) -> Dict[str, Any]:
        values = {}
        for slot in self.rasa_domain.slots:
            for mapping in slot.mappings:
                if mapping.get("type") == "from_entity":
                    for entity in entities:
                        if entity["entity"] == mapping.get("entity"):
                            values[slot.name] = entity["value"]
        return values


def render(
    rasa_domain: Domain, message: Dict[str, Any], slots: Dict[str, Any], traditional: bool = False
) -> Dict[str, Any]:
    """Fill a dispatched response as the Rasa server's NLG would; keeps the
    response name under 'response'."""
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

    values = {
        k: v
        for k, v in message.items()
        if k
        not in ("response", "text", "buttons", "elements", "custom", "template", "image", "attachment", "json_message")
    }
    nlg = TemplatedNaturalLanguageGenerator(rasa_domain.responses)
    filled = nlg.generate_from_slots(message["response"], slots, "rest", **values)
    assert filled is not None, f"no response {message['response']} in domain/"
    if message.get("buttons"):  # an action's own buttons follow the response's (Rasa's _utter_responses)
        filled["buttons"] = list(filled.get("buttons") or []) + list(message["buttons"])
    if traditional:
        filled = convert_response(filled, "s2t")
    filled["response"] = message["response"]
    return filled


@pytest.fixture
def call(domain, rasa_domain) -> Call:
    return Call(domain, rasa_domain)


def time_entity(value: str) -> List[Dict[str, Any]]:
    """The `time` entity the pipeline extracts, as the actions receive it."""
    return [{"entity": "time", "value": value}]


@pytest.fixture
def frozen_clock():
    """Tuesday 24 Nov 2026, 10:00 in Asia/Shanghai: the day the action tests' dates are written for."""
    from freezegun import freeze_time

    with freeze_time("2026-11-24 02:00:00"):
        yield
