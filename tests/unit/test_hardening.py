"""server/hardening.py: what Rasa sends the action server, tells browsers
and shows on its command line."""

import json

import pytest
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from coach import limits
from server import hardening


@pytest.fixture(scope="module")
def applied():
    return hardening.apply()


def test_every_hardening_patch_applies_to_the_installed_rasa(applied):
    assert applied == [
        "rasa.core.actions.action.RemoteAction._action_call_format",
        "rasa.server.configure_cors",
        "rasa.server.add_root_route",
        "action call timeout",
    ]


def long_conversation(rasa_domain, turns: int) -> DialogueStateTracker:
    tracker = DialogueStateTracker("rep-1", rasa_domain.slots)
    for i in range(turns):
        tracker.update(UserUttered("太" * limits.MAX_MESSAGE_CHARS, {"name": "too_expensive", "confidence": 1.0}))
        tracker.update(ActionExecuted("action_rebut"))
        tracker.update(BotUttered("您说得对"))
        tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("好的，就这么定", {"name": "affirm", "confidence": 1.0}))
    tracker.update(SlotSet("drill_answer", "好的，就这么定"))
    return tracker


def test_the_action_call_carries_the_current_turn_whatever_the_conversation_length(applied, rasa_domain):
    from rasa.core.actions.action import RemoteAction
    from rasa.utils.endpoints import EndpointConfig

    action = RemoteAction("action_accept_visit", EndpointConfig("http://localhost:1/webhook"))
    call = action._action_call_format(long_conversation(rasa_domain, 60), rasa_domain)
    state = call["tracker"]
    assert [e["event"] for e in state["events"]] == ["user", "slot"]
    assert state["latest_message"]["text"] == "好的，就这么定"
    assert state["slots"]["drill_answer"] == "好的，就这么定"  # forms still see the slot they validate
    # sixty maximal messages before it change nothing
    assert len(json.dumps(call)) < limits.ACTION_REQUEST_MAX_BYTES / 10


def test_a_maximal_message_fits_the_action_servers_limit(applied, rasa_domain):
    from rasa.core.actions.action import RemoteAction
    from rasa.utils.endpoints import EndpointConfig

    tracker = DialogueStateTracker("rep-1", rasa_domain.slots)
    worst = "😀" * limits.MAX_MESSAGE_CHARS  # 12 bytes a character once escaped
    tracker.update(
        UserUttered(worst, {"name": "out_of_scope", "confidence": 1.0}, metadata={"m": "x" * limits.MAX_METADATA_BYTES})
    )
    call = RemoteAction("action_rebut", EndpointConfig("http://x/webhook"))._action_call_format(tracker, rasa_domain)
    assert len(json.dumps(call).encode("utf-8")) < limits.ACTION_REQUEST_MAX_BYTES
    # and the Rasa server takes the largest request the channels accept
    body = {"sender": "s" * limits.MAX_SENDER_CHARS, "message": worst, "metadata": {"m": "x" * 4000}}
    assert len(json.dumps(body).encode("utf-8")) < limits.RASA_REQUEST_MAX_BYTES


def test_current_turn_keeps_everything_when_no_user_spoke_yet():
    events = [{"event": "action", "name": "action_session_start"}, {"event": "session_started"}]
    assert hardening.current_turn(events) == events
    assert hardening.current_turn([]) == []


async def test_cors_never_allows_credentials_and_the_root_names_no_version(applied):
    from rasa.core.run import _create_app_without_api

    app = _create_app_without_api(["http://localhost:8000"])
    assert app.config.CORS_SUPPORTS_CREDENTIALS is False
    [root] = [route for route in app.router.routes if route.path == ""]
    reply = await root.handler(None)
    assert reply.body == b"Objection Coach"


@pytest.mark.parametrize(
    "argv, environ, expected",
    [
        (["run", "--port", "1"], {}, ["run", "--port", "1"]),
        (["run"], {"RASA_TOKEN": "t0ken"}, ["run", "--enable-api", "--auth-token", "t0ken"]),
        (["run", "--enable-api"], {"RASA_TOKEN": "t0ken"}, ["run", "--enable-api", "--auth-token", "t0ken"]),
        (["shell"], {"RASA_TOKEN": "t0ken"}, ["shell"]),
        (["run", "--auth-token", "given"], {"RASA_TOKEN": "t0ken"}, ["run", "--auth-token", "given"]),
    ],
)
def test_the_api_token_comes_from_the_environment(argv, environ, expected):
    assert hardening.token_arguments(argv, environ) == expected


def test_the_api_token_comes_from_a_file(tmp_path):
    path = tmp_path / "token"
    path.write_text("from-a-file\n")
    assert hardening.token_arguments(["run"], {"RASA_TOKEN_FILE": str(path)})[-1] == "from-a-file"
    with pytest.raises(OSError):
        hardening.token_arguments(["run"], {"RASA_TOKEN_FILE": str(tmp_path / "missing")})


async def test_the_api_app_names_no_version_and_exposes_retry_after(applied):
    import rasa.server

    app = rasa.server.create_app(auth_token="t0ken")
    assert app.config.CORS_EXPOSE_HEADERS == ["filename", "Retry-After"]
    [check] = [m for m in app.request_middleware if m.__name__ == "no_version"]

    class Request:
        path = "/version"

    reply = await check(Request())
    assert reply.status == 404 and b"3.6" not in reply.body


@pytest.mark.parametrize(
    "raw, seconds", [("", 10.0), ("3", 3.0), ("2.5", 2.5), ("0", 10.0), ("-1", 10.0), ("ten", 10.0)]
)
def test_the_action_call_timeout_setting(raw, seconds):
    from server.hardening import action_timeout

    assert action_timeout({"ACTION_TIMEOUT_SECONDS": raw}) == seconds


def test_the_action_call_is_bounded_by_the_setting(monkeypatch):
    import rasa.core.actions.action as action_module

    from server import hardening

    monkeypatch.setattr(action_module, "DEFAULT_REQUEST_TIMEOUT", 300)
    monkeypatch.setenv("ACTION_TIMEOUT_SECONDS", "7")
    applied = []
    hardening._bound_action_calls(applied)
    assert action_module.DEFAULT_REQUEST_TIMEOUT == 7.0 and applied == ["action call timeout"]
