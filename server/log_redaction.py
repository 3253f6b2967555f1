"""Logs that keep what an operator needs and no conversation.

Rasa and rasa-sdk put whole trackers into some error messages (a failed
action call logs the action server's answer, which may echo the request:
one 31,664-character line with phone numbers in it). Every log record of
the process passes through here before any handler sees it:

- the values of keys that carry what a rep or prospect typed or what the
  bot knows of them (`text`, `user_text`, `metadata`, `slots`, `events`...)
  become "[redacted]", in JSON, Python's repr and structlog's key=value
  alike (quoted: the string; unquoted or a structure: the rest of the line);
- phone-like runs of digits become "[number]";
- control characters and unencodable text are escaped, so a sender id
  cannot forge log lines or break the log file;
- a line is cut after MAX_LINE characters, a record after MAX_RECORD.

It is a record factory, not a handler filter, so it holds whatever handlers
Rasa's or Sanic's logging setup installs later; Python warnings (Rasa's
"Failed to parse arguments in line '<the whole message>'") are routed
through logging so they pass here too.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Callable, Optional

MAX_LINE = 500
MAX_RECORD = 4_000

# A key naming conversation content: the word anywhere in the key, so Rasa's
# structlog keys (user_text, parse_data_text, slot_values...) are caught too.
_KEYS = (
    "text|message|metadata|slot|events|latest_message|parse_data|tracker|body|contact|phone"
    "|value|entities|data|answer"
)
_KEY = rf"""["']?\b\w*(?:{_KEYS})\w*\b["']?\s*[:=]\s*"""
_QUOTED = r'"(?:[^"\\]|\\.)*"|' + r"'(?:[^'\\]|\\.)*'"
_KEY_VALUE = re.compile(rf"""(?P<key>{_KEY})(?P<value>{_QUOTED})""")
# Structured or unquoted values (a tracker's events, a slot dict, structlog's
# key=value text) after such a key: cut to the end of the line, since
# brackets and unquoted text cannot be delimited with a regex.
# Rasa's warning about a malformed payload quotes the whole message.
_IN_LINE = re.compile(r"""(?P<key>\bin line\s*)(?P<value>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")
_KEY_REST = re.compile(rf"""(?P<key>{_KEY})(?!"\[redacted\]")[^\s"'].*""")
_PHONE = re.compile(r"(?<!\d)(?:\+?\d{7,}|\d{3,4}[- ]\d{3,4}[- ]\d{4}|\d{3,4}-\d{7,8})(?!\d)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202a-\u202e\ud800-\udfff]")

_installed = False


def _escape(match: "re.Match[str]") -> str:
    return match.group(0).encode("unicode_escape", "backslashreplace").decode("ascii")


def redact(text: str) -> str:
    """`text` with conversation contents removed and each line bounded."""
    text = _CONTROL.sub(_escape, text)
    text = _KEY_VALUE.sub(lambda m: m.group("key") + '"[redacted]"', text)
    text = _IN_LINE.sub(lambda m: m.group("key") + '"[redacted]"', text)
    text = _KEY_REST.sub(lambda m: m.group("key") + "[redacted]", text)
    text = _PHONE.sub("[number]", text)
    lines = [
        line if len(line) <= MAX_LINE else f"{line[:MAX_LINE]}… [{len(line) - MAX_LINE} characters left out]"
        for line in text.split("\n")
    ]
    text = "\n".join(lines)
    if len(text) > MAX_RECORD:
        text = f"{text[:MAX_RECORD]}… [{len(text) - MAX_RECORD} characters left out]"
    return text


def _redacting(factory: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        try:
            record.msg, record.args = redact(record.getMessage()), ()
            if record.exc_info and record.exc_info[0] is not None:
                record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        except Exception:  # never lose a record to its own redaction
            record.msg, record.args = "[a log record that could not be redacted]", ()
            record.exc_info = record.exc_text = None
        return record

    return make


def install(factory: Optional[Callable[..., logging.LogRecord]] = None) -> None:
    """Redact every record this process logs from now on (once)."""
    global _installed
    if not _installed:
        logging.setLogRecordFactory(_redacting(factory or logging.getLogRecordFactory()))
        logging.captureWarnings(True)
        _installed = True
