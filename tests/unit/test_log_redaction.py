"""server/log_redaction.py: log records keep what an operator needs and
none of the conversation."""

import io
import logging

import pytest

from server import log_redaction
from server.log_redaction import redact

TRACKER = {
    "sender_id": "portal:carol",
    "slots": {"contact_name": "李经理", "contact_phone": "13812345678"},
    "latest_message": {"text": "我们的预算只有五万"},
    "events": [{"event": "user", "text": "我们的预算只有五万"}] * 200,
}
SECRETS = ["李经理", "13812345678", "预算只有五万"]


@pytest.mark.parametrize(
    "shown", [repr(TRACKER), __import__("json").dumps(TRACKER, ensure_ascii=False)], ids=["python repr", "json"]
)
def test_a_whole_tracker_in_a_message_loses_its_contents(shown):
    text = redact(f"Failed to run action: {shown}")
    assert not any(secret in text for secret in SECRETS), text
    assert text.startswith("Failed to run action:") and len(text) < 600


@pytest.mark.parametrize("number", ["13812345678", "+8613812345678", "138-1234-5678", "010-12345678", "0755 8888 1234"])
def test_phone_numbers_become_a_placeholder(number):
    assert redact(f"call back on {number} please") == "call back on [number] please"


@pytest.mark.parametrize("kept", ["2026-12-03T15:00", "127.0.0.1:5055", "took 1234 ms", "port 47257"])
def test_dates_addresses_and_small_numbers_stay(kept):
    assert redact(kept) == kept


def test_control_characters_and_surrogates_cannot_forge_or_break_a_line():
    text = redact("sender 'x\udc80\r\n2026-12-01 ERROR forged' \x1b[31m")
    assert "\n" in text  # a real newline stays (tracebacks)...
    assert "\\udc80" in text and "\\x1b" in text and "\\r" in text
    text.encode("utf-8")  # ...and the record can be written


def test_long_lines_and_records_are_cut_with_a_count():
    text = redact("a" * 2000)
    assert text == "a" * 500 + "… [1500 characters left out]"
    assert len(redact("\n".join(["b" * 400] * 50))) < log_redaction.MAX_RECORD + 100


@pytest.fixture
def installed():
    """install() for one test, then the process's logging as it was."""
    previous = logging.getLogRecordFactory()
    log_redaction._installed = False
    log_redaction.install()
    yield
    logging.captureWarnings(False)
    logging.setLogRecordFactory(previous)
    log_redaction._installed = False


def test_every_record_and_traceback_of_the_process_is_redacted(installed):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    try:
        logger.error("Could not handle %s", TRACKER)
        try:
            raise ValueError("bad response {'text': '预算只有五万', 'phone': '13812345678'}")
        except ValueError:
            logger.exception("Message handling failed")
    finally:
        logger.removeHandler(handler)
    written = stream.getvalue()
    assert "Could not handle" in written and "Traceback" in written and "ValueError" in written
    assert not any(secret in written for secret in SECRETS), written


@pytest.mark.parametrize(
    "line",
    [
        "message.parsing.failed user_text='/@ 我叫李经理 13812345678'",  # Rasa's structlog key=value
        "event=nlu.parse parse_data_text=我叫李经理 slot_values={'contact_name': '李经理'}",
        "contact_name: 李经理",  # an unquoted slot dump
        'UserWarning: Failed to parse arguments in line \'/inform{"x": "我叫李经理"}\'.',
    ],
)
def test_rasas_own_ways_of_logging_a_message_are_redacted(line):
    assert "李经理" not in redact(line) and "13812345678" not in redact(line)


def test_python_warnings_are_redacted_too(installed):
    import warnings

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logging.getLogger("py.warnings").addHandler(handler)
    # the text in a variable: Python's warning shows the source line of the call
    message = 'Failed to parse arguments in line \'/inform{"x": "我叫李经理"}\''
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.warn(message)
    finally:
        logging.getLogger("py.warnings").removeHandler(handler)
    assert "Failed to parse arguments" in stream.getvalue() and "李经理" not in stream.getvalue()
