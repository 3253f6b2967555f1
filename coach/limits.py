"""One size policy for every hop: the channels refuse what is larger, Rasa's
body limit admits what they accept, and the action server admits what Rasa
sends for one turn (only the current turn's events, server/hardening.py).

The numbers are chosen so the worst case fits with room to spare: a message
of MAX_MESSAGE_CHARS astral characters is 12 bytes a character once
JSON-escaped, and the action call carries it three times (the user event,
its parse data and `latest_message`), plus the domain and the slots.
"""

from __future__ import annotations

import json
from typing import Any

MAX_MESSAGE_CHARS = 20_000
MAX_SENDER_CHARS = 256
# The widget sends no metadata; a portal may add a little (a course id...).
MAX_METADATA_BYTES = 4_096
# A value in a button payload (`/intent{"entity": "value"}`).
MAX_ENTITY_CHARS = 200
# Rasa's body limit (Sanic's REQUEST_MAX_SIZE): a maximal message and metadata.
RASA_REQUEST_MAX_BYTES = 1_000_000
# The action server's body limit: one turn's call, worst case about 0.8 MB.
ACTION_REQUEST_MAX_BYTES = 8_000_000


def encodable(value: Any) -> bool:
    """False if any string in `value` (a JSON value) cannot be written as
    UTF-8, e.g. a lone surrogate ("\\udc80"): valid JSON that every database
    driver and log file refuses."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, TypeError, ValueError, RecursionError):
        return False
    return True


def json_bytes(value: Any) -> int:
    """The size of `value` as UTF-8 JSON (call `encodable` first)."""
    return len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
