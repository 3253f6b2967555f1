import time
from datetime import timedelta

import jwt
import pytest
import requests

from records import database, store
from server.stack import Stack
from tests.records.conftest import NOW, record

TOKEN = "trainer-token-for-tests-0123456789"
SECRET = "portal-secret-for-tests-0123456789abcdef"


def portal_token(role=None, expires_in=600, secret=SECRET):
    now = int(time.time())
    claims = {"sub": "someone", "iat": now, "exp": now + expires_in}
    if role:
        claims["role"] = role
    return jwt.encode(claims, secret, algorithm="HS256")


@pytest.fixture(scope="module")
def dashboard_stack(tmp_path_factory):
    """The dashboard alone (no Rasa), on a database seeded like tests/records'
    team_db; bob's answer tries to be HTML and a spreadsheet formula."""
    workdir = tmp_path_factory.mktemp("dashboard")
    stack = Stack(workdir)
    stack.env.update(TRAINER_TOKEN=TOKEN, PORTAL_JWT_SECRET=SECRET)
    db = database.ready({"TRACKER_DIALECT": "sqlite", "TRACKER_DB": stack.env["TRACKER_DB"]})
    day = timedelta(days=1)
    store.add(db, record("alice", "cold_call", "too_expensive", 40, NOW - day, {"proposal": "约见时间"}, "d1"))
    store.add(db, record("alice", "cold_call", "too_expensive", 80, NOW - day, {}, "d1"))
    store.add(db, record("alice", "cold_call", "have_supplier", 60, NOW - 10 * day, {"proposal": "约见时间"}, "d2"))
    store.add(
        db,
        record("bob", "closing", "too_expensive", 90, NOW - 2 * day, {}, "d3", answer="=1+1<script>alert(1)</script>"),
    )
    stack.start_dashboard()
    yield stack
    stack.stop()


@pytest.fixture(scope="module")
def dashboard(dashboard_stack):
    """The dashboard's address."""
    return f"http://127.0.0.1:{dashboard_stack.web_port}"


def get(url, token=None, **kwargs):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(url, headers=headers, timeout=10, allow_redirects=False, **kwargs)
