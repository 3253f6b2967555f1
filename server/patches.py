"""Speed patches for Rasa 3.6.21, each found with py-spy on `make bench`
(figures in docs/performance.md). They change how fast Rasa does something,
never what it does: the same checks, the same results.

A patch checks that the code it replaces is still the one it was written for
and otherwise leaves Rasa alone (with a warning), so a Rasa upgrade cannot
silently run a patch against code it does not know (server/guarded_patch.py).
"""

from __future__ import annotations

import functools
import logging
import os
from typing import Any, Callable, Dict, List, Text

from server.guarded_patch import replace

logger = logging.getLogger(__name__)

_applied: List[str] = []


# ----------------------------------------------------------------------------
# 1. Validating the action server's answer. RemoteAction._validate_action_result
#    calls jsonschema.validate(), which first checks the *schema* against its
#    metaschema and builds a new validator, on every custom-action call: about
#    three quarters of the Rasa server's CPU per message in our profile. The
#    schema is a constant, so we check it once and keep one validator.
# ----------------------------------------------------------------------------
VALIDATE_ACTION_RESULT_DIGEST = "f8cdb4be68123961"


@functools.lru_cache(maxsize=1)
def _action_result_validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    error = best_match(_action_result_validator().iter_errors(result))
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    # the same message Rasa gives
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


# ----------------------------------------------------------------------------
# 2. Finding an event's class. Event.resolve_by_type walks every subclass of
#    Event for every event of the tracker each time it is loaded from the
#    store, so loading gets slower as the conversation grows. The classes do
#    not change while the server runs (new ones only by import), so the lookup
#    is cached per type name; a miss falls back to Rasa's walk.
# ----------------------------------------------------------------------------
RESOLVE_BY_TYPE_DIGEST = "b5cf570fa7f286c7"


def _make_resolve_by_type(original: Callable) -> Callable:
    cache: Dict[Text, Any] = {}

    def resolve_by_type(type_name: Text, default: Any = None) -> Any:
        cls = cache.get(type_name)
        if cls is None:
            cls = original(type_name, default)
            if cls is not None and cls is not default:
                cache[type_name] = cls
        return cls

    return staticmethod(resolve_by_type)


# ----------------------------------------------------------------------------
# 3. Running the NLU graph. DaskGraphRunner.run hands a graph of a dozen nodes
#    to dask's scheduler for every message; the scheduler's bookkeeping costs
#    about a third as much as the components themselves. The graph is a plain
#    dict (https://docs.dask.org/en/latest/spec.html: a task is a tuple whose
#    first item is callable, the rest are keys or values), so it is evaluated
#    here depth first, in one thread, as dask.get() does with its synchronous
#    scheduler.
# ----------------------------------------------------------------------------
DASK_RUN_DIGEST = "45f0f52f574f3aa9"


def evaluate_graph(graph: Dict[Text, Any], targets: List[Text]) -> List[Any]:
    """The values of `targets` in a dask-style task graph."""
    results: Dict[Text, Any] = {}

    def value_of(key: Text) -> Any:
        if key not in results:
            task = graph[key]
            if isinstance(task, tuple) and task and callable(task[0]):
                arguments = [value_of(a) if isinstance(a, str) and a in graph else a for a in task[1:]]
                results[key] = task[0](*arguments)
            else:
                results[key] = task
        return results[key]

    return [value_of(target) for target in targets]


def _graph_run(self: Any, inputs: Any = None, targets: Any = None) -> Dict[Text, Any]:
    from rasa.engine.exceptions import GraphRunError

    run_targets = targets if targets else self._graph_schema.target_names
    minimal_schema = self._graph_schema.minimal_graph_schema(run_targets)
    run_graph = self._build_dask_graph(minimal_schema)
    if inputs:
        self._add_inputs_to_graph(inputs, run_graph)
    try:
        return dict(evaluate_graph(run_graph, run_targets))
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e


# Short names, for leaving a patch out when measuring what it pays
# (`python -m bench --patches` sets COACH_SKIP_PATCHES=<name>).
NAMES = ("validator", "event-classes", "graph-runner")


def apply() -> List[str]:
    """Apply every patch once (but those COACH_SKIP_PATCHES names); returns what is patched."""
    if _applied:
        return list(_applied)
    skip = set(os.environ.get("COACH_SKIP_PATCHES", "").replace(",", " ").split())
    from rasa.core.actions.action import RemoteAction

    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.shared.core.events import Event

    if "validator" not in skip:
        replace(
            RemoteAction, "_validate_action_result", VALIDATE_ACTION_RESULT_DIGEST, _validate_action_result, _applied
        )
    if "event-classes" not in skip:
        resolve = _make_resolve_by_type(Event.resolve_by_type)
        replace(Event, "resolve_by_type", RESOLVE_BY_TYPE_DIGEST, resolve, _applied)
    if "graph-runner" not in skip:
        replace(DaskGraphRunner, "run", DASK_RUN_DIGEST, _graph_run, _applied)
    logger.info("Objection Coach speed patches applied: %s", ", ".join(_applied) or "none")
    return list(_applied)
