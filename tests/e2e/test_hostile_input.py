"""A thousand-odd hostile requests through both channels: never a server
error, always an answer, and the bot still works normally afterwards."""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from typing import Callable, List, Tuple

import aiohttp
import requests

from tests.e2e.secured import token

SAMPLES = ["你们的价格太贵了", "我们已经有供应商了", "你們的價格太貴了", "好的", "那星期三下午吧"]
NASTY = [
    "",
    " ",
    "\n\t",
    "😀" * 50,
    "👍🏽🇨🇳❤️‍🔥",
    "<script>alert(1)</script>",
    "<b>太贵</b><img src=x onerror=alert(1)>",
    "<!--",
    "&lt;&amp;&#x4e2d;",
    "\x00\x01\x07\x1b[31m",
    "\u202e\u200b\ufeff",
    "' OR 1=1; DROP TABLE events; --",
    "{{ slot }}{name}%s%n",
    "/restart",
    "/too_expensive",
    '/inform{"x": 1}',
    "\ud7ff\ue000",
    "𠀀𪚥" * 20,
    "a" * 300,
    "太贵" * 2000,
    "x" * 50_000,
    # lone surrogates (valid JSON escapes no database can store), typed payloads
    "\udc80",
    "太贵\ud800了",
    '/start_drill{"objection": {"a": 1}}',
    '/give_contact{"contact_name": [1, {}]}',
]
WRONG_TYPES = [None, 42, 3.5, True, [], ["太贵了"], {"text": "太贵了"}]


def cases(rng: random.Random, n: int) -> List[Tuple[str, object]]:
    """(kind, body): kind 'json' bodies are sent as JSON, 'raw' as bytes."""
    out: List[Tuple[str, object]] = []
    while len(out) < n:
        roll = rng.random()
        if roll < 0.45:
            text = rng.choice(NASTY + SAMPLES)
            if rng.random() < 0.5:
                text = "".join(rng.sample([text, rng.choice(NASTY), rng.choice(SAMPLES)], 3))
            out.append(("json", {"sender": f"fuzz-{rng.randrange(40)}", "message": text}))
        elif roll < 0.60:
            out.append(
                (
                    "json",
                    {
                        "sender": rng.choice(WRONG_TYPES + ["", "x" * 1000, "x\udc80", "portal:victim"]),
                        "message": "太贵了",
                    },
                )
            )
        elif roll < 0.75:
            out.append(("json", {"sender": "fuzz-types", "message": rng.choice(WRONG_TYPES)}))
        elif roll < 0.85:
            out.append(
                (
                    "json",
                    rng.choice(
                        [
                            [],
                            "太贵了",
                            7,
                            None,
                            {"metadata": "x"},
                            {"sender": "fuzz-meta", "message": "太贵了", "metadata": [1, 2]},
                            {"sender": "fuzz-meta", "message": "好", "metadata": {"\udc80": "\ud800"}},
                            {"sender": "fuzz-meta", "message": "好", "metadata": {"x": "a" * 5000}},
                        ]
                    ),
                )
            )
        else:
            out.append(
                (
                    "raw",
                    rng.choice(
                        [
                            b"",
                            b"{",
                            b'{"sender": "a", "message": ',
                            b"\xff\xfe\x00",
                            b"sender=a&message=b",
                            "太贵了".encode("gbk"),
                            b"[" * 10_000,
                            json.dumps({"sender": "a", "message": "b"}).encode()[:-1],
                        ]
                    ),
                )
            )
    return out


async def fire(url: str, items, headers: Callable[[int], dict], concurrency: int = 8) -> List[int]:
    semaphore = asyncio.Semaphore(concurrency)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as session:

        async def one(index, kind, body) -> int:
            async with semaphore:
                # raw bodies claim to be JSON, so the JSON parser is what refuses them
                kwargs = (
                    {"json": body}
                    if kind == "json"
                    else {"data": body, "headers": {**headers(index), "Content-Type": "application/json"}}
                )
                async with session.post(url, **{"headers": headers(index), **kwargs}) as reply:
                    payload = await reply.read()
                    if reply.status == 200:  # an answer the widget can show
                        messages = json.loads(payload)
                        # every message shows something; a custom one only switches the widget's mode
                        assert messages and all(
                            m.get("text") or m.get("buttons") or m.get("custom", {}).get("mode") for m in messages
                        ), payload[:200]
                        assert any(m.get("text") for m in messages), payload[:200]
                    else:
                        assert json.loads(payload).get("error"), payload[:200]  # a reason, not a trace
                    return reply.status

        return await asyncio.gather(*(one(i, kind, body) for i, (kind, body) in enumerate(items)))


def test_a_thousand_hostile_messages_get_no_server_error(secured):
    rng = random.Random(20261125)
    rest = cases(rng, 700)
    portal = cases(rng, 400)
    statuses = asyncio.run(fire(secured.webhook, rest, lambda i: {}))
    # forty portal users, as the REST cases use forty senders: within the rate limit
    tokens = [token(f"fuzzer-{n}") for n in range(40)]
    statuses += asyncio.run(
        fire(f"{secured.url}/webhooks/portal/webhook", portal, lambda i: {"Authorization": f"Bearer {tokens[i % 40]}"})
    )
    assert len(statuses) >= 1000
    assert not [s for s in statuses if s >= 500]
    assert statuses.count(200) > 300 and statuses.count(400) > 100  # both paths were exercised
    [text] = secured.texts(f"after-fuzz-{uuid.uuid4()}", "你们的价格太贵了")
    assert "价格确实很重要" in text


def test_a_50000_character_message_is_refused_with_a_reason(secured):
    reply = secured.say("long", "太" * 50_000)
    assert reply.status_code == 413 and "20000" in reply.json()["error"]


def test_a_body_over_the_size_limit_is_refused_before_parsing(secured):
    started = time.monotonic()
    # a short message with 2 MB of metadata: only the body limit can refuse it
    reply = requests.post(
        secured.webhook, json={"sender": "big", "message": "好的", "metadata": {"x": "a" * 2_000_000}}, timeout=60
    )
    assert reply.status_code == 413
    assert requests.post(secured.webhook, json={"sender": "ok", "message": "好的"}, timeout=60).status_code == 200
    assert time.monotonic() - started < 30
