"""server/patches.py: every patch fits the installed Rasa, and each one does
what the code it replaces did."""

import pytest
from jsonschema import ValidationError

from server import patches


@pytest.fixture(scope="module")
def applied():
    return patches.apply()


def test_every_patch_applies_to_the_installed_rasa(applied):
    # a Rasa upgrade that changes a patched function shows up here, not as a silent slowdown
    assert applied == [
        "rasa.core.actions.action.RemoteAction._validate_action_result",
        "rasa.shared.core.events.Event.resolve_by_type",
        "rasa.engine.runner.dask.DaskGraphRunner.run",
    ]


def test_action_server_answers_are_still_validated(applied):
    from rasa.core.actions.action import RemoteAction
    from rasa.utils.endpoints import EndpointConfig

    action = RemoteAction("action_rebut", EndpointConfig("http://localhost:1/webhook"))
    assert action._validate_action_result(
        {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"response": "utter_goodbye"}]}
    )
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result({"events": [{"name": "no event key"}], "responses": []})
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": "not a list", "responses": []})


def test_event_classes_resolve_as_before(applied):
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("slot") is SlotSet
    assert Event.resolve_by_type("action") is ActionExecuted
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet  # a default is never cached
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")


def test_graphs_evaluate_like_dask():
    import dask

    calls = []

    def add(a, b):
        calls.append((a, b))
        return a + b

    graph = {"x": 1, "y": (add, "x", 10), "z": (add, "y", "y"), "pair": ("name", 5), "unused": (add, 1, 1)}
    assert patches.evaluate_graph(graph, ["z", "pair"]) == list(dask.get(graph, ["z", "pair"])) == [22, ("name", 5)]
    calls.clear()
    patches.evaluate_graph(graph, ["z"])
    assert calls == [(1, 10), (11, 11)]  # each node once, nothing that is not needed


async def test_the_nlu_graph_still_parses_a_sentence(applied):
    from rasa.core.agent import Agent

    agent = Agent.load("models/objection-coach.tar.gz")
    parsed = await agent.parse_message("你们的价格也太贵了吧")
    assert parsed["intent"]["name"] == "too_expensive"
    assert parsed["text"] == "你们的价格也太贵了吧"


def test_a_patch_can_be_left_out_to_measure_what_it_pays():
    """`python -m bench --patches` runs the server without each patch in turn."""
    import os
    import subprocess
    import sys

    code = "from server import patches; print('|'.join(patches.apply()))"
    env = dict(os.environ, COACH_SKIP_PATCHES="graph-runner")
    applied = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert applied.stdout.strip().split("|") == [
        "rasa.core.actions.action.RemoteAction._validate_action_result",
        "rasa.shared.core.events.Event.resolve_by_type",
    ]
