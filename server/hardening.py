"""Hardening patches for Rasa 3.6.21: what the server tells and sends about
itself and its conversations. Like the speed patches (server/patches.py),
each checks that Rasa's code is the one it was written for and otherwise
leaves Rasa alone with a warning.

1. The action call carries the current turn only. Rasa sends every event of
   the conversation to the action server on every custom action, so a long
   or wordy conversation outgrows any body limit, and from then on only gets
   "系统暂时出了点问题". rasa-sdk builds a Tracker from the slots, the latest
   message and the events; our actions read the first two, and forms read
   the slots set since the last action (`slots_to_validate`). So the events
   from the last user message on are enough, and the call's size is bounded
   by one message (coach/limits.py), whatever the length of the conversation.
2. CORS without credentials. Rasa allows credentialed cross-origin requests;
   the widget sends none (its sender or token is in the request), and
   credentials would let a page on an allowed origin act with a user's cookies.
   `Retry-After` is exposed, so the widget can wait as long as a 429 says.
4. A hung action server gets a clear answer in time. Rasa waits up to five
   minutes for the action server (rasa.core.constants.DEFAULT_REQUEST_TIMEOUT)
   while nginx gives up after one: a rep whose action server hangs (alive,
   not answering) got nothing. ACTION_TIMEOUT_SECONDS (10) bounds the call;
   past it the channel answers `utter_service_unavailable`.
3. No version banner. `GET /` answered "Hello from Rasa: 3.6.21", and
   `GET /version` (with the HTTP API on) answers the version to anyone:
   both tell an attacker which known issues to try.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Callable, Dict, List, Optional, Text, Union

from server.guarded_patch import replace

logger = logging.getLogger(__name__)

ACTION_CALL_FORMAT_DIGEST = "428795b944f22edb"
CONFIGURE_CORS_DIGEST = "4eb39526bd4aa4a9"
ADD_ROOT_ROUTE_DIGEST = "acc5f7c278af32f8"
_applied: List[str] = []


def current_turn(events: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The events from the last user message on (all of them if none)."""
    for index in range(len(events) - 1, -1, -1):
        if events[index].get("event") == "user":
            return events[index:]
    return events


def _make_action_call_format(original: Callable) -> Callable:
    def _action_call_format(self: Any, tracker: Any, domain: Any) -> Dict[Text, Any]:
        call = original(self, tracker, domain)
        state = call.get("tracker") or {}
        state["events"] = current_turn(state.get("events") or [])
        return call

    return _action_call_format


def _configure_cors(app: Any, cors_origins: Union[Text, List[Text], None] = "") -> None:
    from sanic_cors import CORS

    app.config.CORS_AUTOMATIC_OPTIONS = True
    app.config.CORS_SUPPORTS_CREDENTIALS = False
    app.config.CORS_EXPOSE_HEADERS = ["filename", "Retry-After"]  # filename: Rasa's model download
    CORS(app, resources={r"/*": {"origins": cors_origins or ""}}, automatic_options=True)


def _add_root_route(app: Any) -> None:
    from sanic import response

    @app.get("/")
    async def hello(_request: Any) -> Any:
        return response.text("Objection Coach")

    @app.on_request
    async def no_version(request: Any) -> Any:
        # Rasa registers /version right after the root route, without auth.
        if request.path == "/version":
            return response.json({"error": "not found"}, status=404)
        return None


def apply() -> List[str]:
    """Apply every hardening patch once; returns what is patched."""
    if _applied:
        return list(_applied)
    import rasa.server
    from rasa.core.actions.action import RemoteAction

    replace(
        RemoteAction,
        "_action_call_format",
        ACTION_CALL_FORMAT_DIGEST,
        _make_action_call_format(RemoteAction._action_call_format),
        _applied,
    )
    replace(rasa.server, "configure_cors", CONFIGURE_CORS_DIGEST, _configure_cors, _applied)
    replace(rasa.server, "add_root_route", ADD_ROOT_ROUTE_DIGEST, _add_root_route, _applied)
    _bound_action_calls(_applied)
    return list(_applied)


def action_timeout(environ: Optional[Dict[str, str]] = None) -> float:
    """ACTION_TIMEOUT_SECONDS, or 10; a value that is not a positive number is ignored."""
    raw = (os.environ if environ is None else environ).get("ACTION_TIMEOUT_SECONDS", "")
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if seconds <= 0:
        if raw:
            logger.warning("ACTION_TIMEOUT_SECONDS=%r is not a positive number: 10 s", raw)
        seconds = 10.0
    return seconds


def _bound_action_calls(applied: List[str]) -> None:
    """RemoteAction.run reads the module's DEFAULT_REQUEST_TIMEOUT at each
    call: set it there, if that is still how the installed Rasa does it."""
    import inspect

    import rasa.core.actions.action as action_module

    if "timeout=DEFAULT_REQUEST_TIMEOUT" not in inspect.getsource(action_module.RemoteAction.run):
        logger.warning("Rasa's action call changed: ACTION_TIMEOUT_SECONDS is not applied")
        return
    action_module.DEFAULT_REQUEST_TIMEOUT = action_timeout()
    applied.append("action call timeout")


def token_arguments(argv: List[str], environ: Optional[Dict[str, str]] = None) -> List[str]:
    """`rasa run` arguments with the HTTP API turned on when RASA_TOKEN (or
    the file named by RASA_TOKEN_FILE) holds a token. The token is added to
    Python's argv only, which is not what /proc/<pid>/cmdline shows: other
    local users can read a process's command line, not its environment."""
    import os

    environ = os.environ if environ is None else environ
    if not argv or argv[0] != "run" or "--auth-token" in argv:
        return argv
    token = environ.get("RASA_TOKEN", "").strip()
    path = environ.get("RASA_TOKEN_FILE", "").strip()
    if not token and path:
        with open(path, encoding="utf-8") as file:
            token = file.read().strip()
    if not token:
        return argv
    return [*argv, *([] if "--enable-api" in argv else ["--enable-api"]), "--auth-token", token]
