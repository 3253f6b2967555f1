"""The security probe's findings, as requests against the real servers (the
secured stack: portal secret and API token set). No single request stops or
degrades the service, nobody reaches another rep's conversation or the
action server without the secret, and the logs keep no conversation."""

from __future__ import annotations

import json
import time
import uuid

import jwt
import pytest
import requests

from coach import limits
from tests.e2e.secured import API_TOKEN, SECRET, token, user_texts
from server.stack import Stack

MARKER = "hardening-marker-" + uuid.uuid4().hex[:8]
PHONE = "13912345678"
JSON = {"Content-Type": "application/json"}


def rest(stack: Stack, body, headers=JSON) -> requests.Response:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return requests.post(stack.webhook, data=data, headers=headers, timeout=60)


def portal(stack: Stack, body, user: str = "alice", bearer: str | None = None) -> requests.Response:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return requests.post(
        f"{stack.url}/webhooks/portal/webhook",
        data=data,
        timeout=60,
        headers={**JSON, "Authorization": f"Bearer {bearer or token(user)}"},
    )


def still_answers(stack: Stack) -> None:
    assert stack.rasa.poll() is None and stack.actions.poll() is None, "a server process stopped"
    [text] = stack.texts(f"after-{uuid.uuid4().hex[:8]}", "你们的价格太贵了")
    assert "价格确实很重要" in text


# --- 1. text that cannot be encoded ---------------------------------------------
# json.dumps writes a lone surrogate as the escape "\udc80": valid JSON, which
# Python decodes to a str that no database driver or UTF-8 log can take.
@pytest.mark.parametrize(
    "field, body",
    [
        ("sender", {"sender": "x\udc80", "message": "hi"}),
        ("message", {"sender": "rep-s", "message": "太贵\ud800了"}),
        ("metadata value", {"sender": "rep-s", "message": "好", "metadata": {"course": "a\udfff"}}),
        ("metadata key", {"sender": "rep-s", "message": "好", "metadata": {"\udc80": 1}}),
    ],
)
def test_unencodable_text_in_a_rest_request_is_refused_and_the_service_goes_on(secured, field, body):
    reply = rest(secured, body)
    assert reply.status_code == 400 and "UTF-8" in reply.json()["error"], field
    still_answers(secured)


def test_unencodable_text_through_the_portal_is_refused_and_the_service_goes_on(secured):
    assert portal(secured, {"message": "太贵\udc80了"}).status_code == 400
    reply = portal(secured, {"message": "太贵了"}, bearer=token("carol\udc80"))
    assert reply.status_code == 400 and "UTF-8" in reply.json()["error"]
    still_answers(secured)


# --- 2. each channel owns its sender ids ------------------------------------------
def test_a_rest_client_cannot_name_a_portal_conversation(secured):
    carol = f"carol-{uuid.uuid4().hex[:8]}"
    assert portal(secured, {"message": "我们没有预算"}, user=carol).status_code == 200
    reply = rest(secured, {"sender": f"portal:{carol}", "message": "好的"})
    assert reply.status_code == 400 and "portal" in reply.json()["error"]
    assert "价格" not in reply.text and "约在" not in reply.text
    assert user_texts(secured, f"portal:{carol}") == ["我们没有预算"]
    # and the other way round: a portal user's body cannot name a REST conversation
    secured.texts(carol, "你好")
    assert portal(secured, {"message": "那星期三下午吧", "sender": carol}, user="mallory").status_code == 200
    assert user_texts(secured, carol) == ["你好"]


# --- 4. typed payloads ------------------------------------------------------------
@pytest.mark.parametrize(
    "payload",
    [
        '/start_drill{"objection": {"a": 1}}',
        '/start_drill{"objection": [{"a": 1}]}',
        '/give_contact{"contact_name": true}',
        '/propose_time{"time": "' + "周" * (limits.MAX_ENTITY_CHARS + 1) + '"}',
        '/give_contact{"contact_name": {"x": 1}} and more words',  # text after the JSON: Rasa still reads it
        '/give_contact{"contact_name": "\\udc80"}',  # a surrogate escaped inside the payload
        '/give_contact{"contact_name": NaN}',
        '/give_contact{"contact_name": "李\\n经理"}',
    ],
)
def test_button_payloads_with_entities_that_are_not_text_are_refused(secured, payload):
    reply = rest(secured, {"sender": f"typed-{uuid.uuid4().hex[:8]}", "message": payload})
    assert reply.status_code == 400 and "payload" in reply.json()["error"]


@pytest.mark.parametrize("sender", ["rep\n2026-12-01 ERROR forged line", "rep\x00", "rep\ttab"])
def test_a_sender_with_control_characters_is_refused(secured, sender):
    reply = rest(secured, {"sender": sender, "message": "你好"})
    assert reply.status_code == 400 and "control" in reply.json()["error"]
    reply = portal(secured, {"message": "你好"}, user=sender)
    assert reply.status_code == 400


def test_button_payloads_with_text_entities_still_work(secured):
    [opening, *_] = secured.texts(f"typed-{uuid.uuid4().hex[:8]}", '/start_drill{"objection": "too_expensive"}')
    assert "开始练习" in opening


# --- 5. one size policy, a rate limit -----------------------------------------------
def test_a_conversation_of_maximal_messages_keeps_working(secured):
    rep = f"wordy-{uuid.uuid4().hex[:8]}"
    # 19,998 emoji: the largest a message gets once JSON-escaped (answered with the help text)
    long = "😀" * (limits.MAX_MESSAGE_CHARS - 2)
    for _ in range(8):
        assert len(secured.texts(rep, long)) >= 1
    [text] = secured.texts(rep, "我们已经有供应商了")
    assert text.startswith("太好了，这正是我打电话的原因"), text  # not "系统暂时出了点问题"


def test_metadata_is_capped(secured):
    small = {"sender": f"meta-{uuid.uuid4().hex[:8]}", "message": "你们太贵了", "metadata": {"course": "x" * 3000}}
    assert rest(secured, small).status_code == 200
    big = dict(small, metadata={"course": "x" * (limits.MAX_METADATA_BYTES + 1)})
    reply = rest(secured, big)
    assert reply.status_code == 413 and str(limits.MAX_METADATA_BYTES) in reply.json()["error"]


def test_one_sender_flooding_gets_429_and_others_are_not_slowed(secured):
    from concurrent.futures import ThreadPoolExecutor

    flood = f"flood-{uuid.uuid4().hex[:8]}"
    started = time.monotonic()
    # all at once, so the test does not depend on how fast this machine answers
    with ThreadPoolExecutor(max_workers=40) as pool:
        replies = list(pool.map(lambda _: rest(secured, {"sender": flood, "message": "好"}), range(40)))
    elapsed = time.monotonic() - started
    codes = [r.status_code for r in replies]
    assert set(codes) == {200, 429}, codes
    # the burst of 20, plus one a second (60 a minute) while the flood lasted
    assert 20 <= codes.count(200) <= 20 + int(elapsed) + 1, (codes.count(200), elapsed)
    refused = next(r for r in replies if r.status_code == 429)
    assert int(refused.headers["Retry-After"]) >= 1 and "error" in refused.json()
    still_answers(secured)


# --- 7. small ones -----------------------------------------------------------------
@pytest.mark.parametrize("content_type", [None, "application/x-www-form-urlencoded", "text/plain"])
def test_only_json_is_processed(secured, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    body = json.dumps({"sender": "blind", "message": "好的"}).encode()
    for url in (secured.webhook, f"{secured.url}/webhooks/portal/webhook"):
        reply = requests.post(
            url, data=body, timeout=30, headers={**headers, "Authorization": f"Bearer {token('blind')}"}
        )
        assert reply.status_code == 415 and "application/json" in reply.json()["error"]


@pytest.mark.parametrize("exp", ["soon", str(int(time.time()) + 600)])
def test_a_token_whose_dates_are_strings_is_refused_with_401(secured, exp):
    bad = jwt.encode({"sub": "alice", "iat": int(time.time()), "exp": exp}, SECRET, algorithm="HS256")
    reply = portal(secured, {"message": "太贵了"}, bearer=bad)
    assert reply.status_code == 401 and "error" in reply.json()


def test_the_server_names_no_version_and_allows_no_credentials(secured):
    root = requests.get(secured.url + "/", timeout=30)
    assert root.status_code == 200 and "Rasa" not in root.text and "3.6" not in root.text
    assert requests.get(secured.url + "/version", timeout=30).status_code == 404  # the API is on here
    reply = requests.post(
        secured.webhook,
        json={"sender": "cors", "message": "你好"},
        timeout=30,
        headers={"Origin": "http://localhost:8000"},
    )
    assert "retry-after" in reply.headers.get("access-control-expose-headers", "").lower()
    preflight = requests.options(
        secured.webhook,
        timeout=30,
        headers={"Origin": "http://localhost:8000", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-credentials" not in {k.lower() for k in preflight.headers}


# --- 3. the action server needs the secret -------------------------------------------
@pytest.mark.parametrize("headers", [{}, {"X-Action-Secret": "guess"}, {"X-Action-Secret": ""}])
def test_the_action_server_refuses_callers_without_the_secret(secured, headers):
    url = f"http://127.0.0.1:{secured.action_port}"
    call = {
        "next_action": "action_record_contact",
        "sender_id": "portal:carol",
        "tracker": {"sender_id": "portal:carol", "slots": {}, "latest_message": {}, "events": []},
    }
    for path in ("/webhook", "/actions"):
        reply = requests.request(
            "POST" if path == "/webhook" else "GET", url + path, json=call, headers=headers, timeout=30
        )
        assert reply.status_code == 401, (path, reply.text)
    assert requests.get(url + "/health", timeout=30).ok  # probes stay open


def test_action_server_errors_never_echo_the_request(secured):
    reply = requests.post(
        f"http://127.0.0.1:{secured.action_port}/webhook",
        timeout=30,
        headers={"X-Action-Secret": secured.env["ACTION_SECRET"]},
        json={"next_action": "action_rebut", "tracker": {"note": f"{MARKER} {PHONE}"}},
    )
    assert reply.status_code == 500 and MARKER not in reply.text and PHONE not in reply.text


# --- 6. data at rest ----------------------------------------------------------------
def test_the_api_token_is_not_on_the_command_line_and_the_api_works(secured):
    cmdline = (open(f"/proc/{secured.rasa.pid}/cmdline", "rb").read()).decode()
    assert API_TOKEN not in cmdline and "--auth-token" not in cmdline
    assert requests.get(f"{secured.url}/status", params={"token": API_TOKEN}, timeout=30).status_code == 200


def test_the_database_is_readable_by_its_owner_only(secured):
    secured.texts("private", "你好")
    assert oct(secured.workdir.joinpath("tracker.db").stat().st_mode & 0o777) == "0o600"


# --- 4. logs after hostile input (last: the earlier tests fed them) --------------------
def test_the_logs_hold_no_conversation_after_hostile_input(secured):
    rep = f"leaky-{uuid.uuid4().hex[:8]}"
    secured.texts(rep, f"{MARKER} 你找采购部的李经理吧，他电话是{PHONE}")
    rest(secured, {"sender": rep, "message": f'/start_drill{{"objection": {{"{MARKER}": 1}}}}'})
    rest(secured, {"sender": rep, "message": f"{MARKER}\udc80"})
    requests.post(
        f"http://127.0.0.1:{secured.action_port}/webhook",
        timeout=30,
        headers={"X-Action-Secret": secured.env["ACTION_SECRET"]},
        json={
            "next_action": "action_rebut",
            "sender_id": rep,
            "tracker": {"sender_id": rep, "latest_message": {"text": MARKER}},
        },
    )
    time.sleep(1)  # let the servers flush their logs
    logs = secured.log("rasa.log") + secured.log("actions.log")
    assert "Action server error" in logs  # the failure itself is logged...
    assert MARKER not in logs and PHONE not in logs  # ...without what was said
    assert max(len(line) for line in logs.splitlines()) < 1000
