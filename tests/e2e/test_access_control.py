"""Who may talk to the bot and read conversations: the portal channel takes
the sender from a token the portal signed, and Rasa's HTTP API needs the token."""

from __future__ import annotations

import base64
import json
import time
import uuid

import jwt
import pytest
import requests

from tests.e2e.secured import API_TOKEN, SECRET, token, user_texts
from server.stack import Stack


def portal(stack: Stack, message, auth=None, **body) -> requests.Response:
    headers = {"Authorization": auth} if auth is not None else {}
    return requests.post(
        f"{stack.url}/webhooks/portal/webhook", json={"message": message, **body}, headers=headers, timeout=60
    )


def test_a_signed_rep_gets_the_rebuttal(secured):
    reply = portal(secured, "你们的价格太贵了", f"Bearer {token('alice')}")
    assert reply.status_code == 200
    assert "价格确实很重要" in reply.json()[0]["text"]


def tampered(good: str) -> str:
    header, payload, signature = good.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "bob"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


@pytest.mark.parametrize(
    "auth, reason",
    [
        (None, "no token"),
        ("Basic YWxpY2U6cHc=", "not a bearer token"),
        ("Bearer not-a-jwt", "garbage"),
        (f"Bearer {token('alice', secret='someone-elses-secret-' + 'x' * 32)}", "signed with another secret"),
        (f"Bearer {token('alice', issued_ago=900, lifetime=600)}", "expired"),
        (f"Bearer {tampered(token('alice'))}", "payload changed after signing"),
        (
            f"Bearer {jwt.encode({'sub': 'alice', 'iat': int(time.time()), 'exp': int(time.time()) + 60}, None, algorithm='none')}",
            "unsigned (alg none)",
        ),
        (f"Bearer {token('alice', lifetime=30 * 24 * 3600)}", "valid for a month"),
    ],
)
def test_the_portal_channel_refuses_bad_tokens(secured, auth, reason):
    reply = portal(secured, "你们的价格太贵了", auth)
    assert reply.status_code == 401, reason
    assert "error" in reply.json() and "价格" not in reply.text


def test_a_rep_cannot_reach_another_reps_conversation(secured):
    bob, alice = f"bob-{uuid.uuid4().hex[:8]}", f"alice-{uuid.uuid4().hex[:8]}"
    assert portal(secured, "我们没有预算", f"Bearer {token(bob)}").status_code == 200
    # Alice names Bob's conversation in the body, in both spellings: ignored.
    for name in (bob, f"portal:{bob}"):
        assert portal(secured, "那星期六上午十点吧", f"Bearer {token(alice)}", sender=name).status_code == 200
    assert user_texts(secured, f"portal:{bob}") == ["我们没有预算"]
    assert user_texts(secured, f"portal:{alice}") == ["那星期六上午十点吧"] * 2
    # The REST channel's sender ids are another namespace.
    secured.texts(bob, "你好")
    assert user_texts(secured, f"portal:{bob}") == ["我们没有预算"]


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/conversations/portal:alice/tracker"),
        ("POST", "/conversations/portal:alice/tracker/events"),
        ("PUT", "/model"),
        ("GET", "/status"),
    ],
)
@pytest.mark.parametrize("params", [{}, {"token": "wrong"}])
def test_the_http_api_needs_the_token(secured, method, path, params):
    reply = requests.request(method, secured.url + path, params=params, json={}, timeout=30)
    assert reply.status_code == 401, reply.text


def test_the_http_api_answers_with_the_token(secured):
    assert requests.get(f"{secured.url}/status", params={"token": API_TOKEN}, timeout=30).status_code == 200


def test_the_http_api_is_off_unless_enabled(stack):
    """The default stack, like `make run` without RASA_TOKEN."""
    assert requests.get(f"{stack.url}/conversations/anyone/tracker", timeout=30).status_code == 404
    assert requests.put(f"{stack.url}/model", json={}, timeout=30).status_code in (404, 405)


def test_without_a_secret_the_portal_channel_refuses_everything(stack):
    reply = portal(stack, "你们的价格太贵了", f"Bearer {token('alice')}")
    assert reply.status_code == 503 and "error" in reply.json()


def test_secrets_never_reach_the_logs(secured):
    portal(secured, "太贵了", f"Bearer {token('carol')}")
    portal(secured, "太贵了", f"Bearer {token('carol', secret='wrong-secret-' + 'y' * 32)}")
    logs = secured.log("rasa.log") + secured.log("actions.log")
    assert SECRET not in logs and API_TOKEN not in logs
    assert token("carol").split(".")[2] not in logs
