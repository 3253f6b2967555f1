"""The secrets of the secured stack (conftest's `secured` fixture), made up
per test run, and tokens as the portal would sign them."""

from __future__ import annotations

import time
import uuid

import jwt
import requests

SECRET = "test-portal-secret-" + uuid.uuid4().hex
API_TOKEN = "test-api-token-" + uuid.uuid4().hex


def token(user: str, secret: str = SECRET, lifetime: int = 600, issued_ago: int = 0, **claims) -> str:
    now = int(time.time()) - issued_ago
    return jwt.encode({"sub": user, "iat": now, "exp": now + lifetime, **claims}, secret, algorithm="HS256")


def user_texts(stack, sender: str) -> list:
    """What `sender` said, as stored, read through the HTTP API (`stack` has the token)."""
    reply = requests.get(f"{stack.url}/conversations/{sender}/tracker", params={"token": API_TOKEN}, timeout=30)
    assert reply.status_code == 200, reply.text
    return [e.get("text") for e in reply.json()["events"] if e["event"] == "user"]
