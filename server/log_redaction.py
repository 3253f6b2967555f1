"""Logs that keep what an operator needs and no conversation.

Rasa and rasa-sdk put whole trackers into some error messages (a failed
action call logs the action server's answer, which may echo the request:
one 31,664-character line with phone numbers in it). Every log record of
the process passes through here before any handler sees it:

- the values of keys that carry what a rep or prospect typed or what the
  bot knows of them (`text`, `metadata`, `slots`, `events`...) become
  "[redacted]", in JSON and in Python's repr alike;
- phone-like runs of digits become "[number]";
- control characters and unencodable text are escaped, so a sender id
  cannot forge log lines or break the log file;
- a line is cut after MAX_LINE characters, a record after MAX_RECORD.

It is a record factory, not a handler filter, so it holds whatever handlers
Rasa's or Sanic's logging setup installs later.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Callable, Optional

MAX_LINE = 500
MAX_RECORD = 4_000

_KEYS = ("text|message|metadata|slots|events|latest_message|parse_data|tracker|request_body|body"
         "|contact_name|contact_phone|value|entities|data|user_message|drill_answer|answer")
_QUOTED = r'"(?:[^"\\]|\\.)*"|' + r"'(?:[^'\\]|\\.)*'"
_KEY_VALUE = re.compile(rf"""(?P<key>["']?\b(?:{_KEYS})\b["']?\s*[:=]\s*)(?P<value>{_QUOTED})""")
# Structured values (a tracker's events, a slot dict) after such a key: cut
# to the end of the line, since brackets cannot be matched with a regex.
_KEY_STRUCTURE = re.compile(rf"""(?P<key>["']?\b(?:{_KEYS})\b["']?\s*[:=]\s*)[\[{{].*""")
_PHONE = re.compile(r"(?<!\d)(?:\+?\d{7,}|\d{3,4}[- ]\d{3,4}[- ]\d{4}|\d{3,4}-\d{7,8})(?!\d)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202a-\u202e\ud800-\udfff]")

_installed = False


def _escape(match: "re.Match[str]") -> str:
    return match.group(0).encode("unicode_escape", "backslashreplace").decode("ascii")


def redact(text: str) -> str:
    """`text` with conversation contents removed and each line bounded."""
    text = _CONTROL.sub(_escape, text)
    text = _KEY_VALUE.sub(lambda m: m.group("key") + '"[redacted]"', text)
    text = _KEY_STRUCTURE.sub(lambda m: m.group("key") + "[redacted]", text)
    text = _PHONE.sub("[number]", text)
    lines = [line if len(line) <= MAX_LINE else f"{line[:MAX_LINE]}… [{len(line) - MAX_LINE} characters left out]"
             for line in text.split("\n")]
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
        _installed = True
