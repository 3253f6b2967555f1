"""Turn whatever a chat client sends into text the NLU can classify."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

from coach.chinese_variant import to_simplified

MAX_NLU_CHARS = 300  # an objection is a sentence; the rest only slows NLU


class _TextOnly(HTMLParser):
    """Keeps text content, drops tags and the bodies of script/style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def strip_html(text: str) -> str:
    if "<" not in text and "&" not in text:
        return text
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    return " ".join(parser.parts)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
# "嗯嗯嗯嗯嗯……" or "！！！！！" says no more than three of them, and a flood of one
# character swamps the classifier's features; digits are left alone (phone numbers).
_RUNS = re.compile(r"(\D)\1{3,}")


def normalize(text: str, max_chars: int = MAX_NLU_CHARS) -> str:
    """HTML to text, full-width to half-width (NFKC), Traditional to
    Simplified, whitespace folded, a run of one character (not a digit) cut
    to three, cut to `max_chars`."""
    if not text:
        return ""
    text = strip_html(text)
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    text = _RUNS.sub(r"\1\1\1", text)
    return to_simplified(text[:max_chars])


def has_words(text: str) -> bool:
    """True when the text has a letter, digit or Han character: emoji,
    punctuation and symbols alone say nothing the bot can answer."""
    return any(unicodedata.category(ch)[0] in ("L", "N") for ch in text)


def example_key(text: str) -> str:
    """What makes two examples "the same" for the classifier: the pipeline's
    normalisation (full-width, whitespace, Traditional to Simplified), then
    case and punctuation ignored."""
    text = normalize(text, max_chars=10_000).lower()
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))
    text = re.sub(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+", "", text)  # spaces next to Chinese mean nothing
    return re.sub(r"\s+", " ", text).strip()


def for_matching(text: str) -> str:
    """A rep's answer or a script, for finding phrases in it: the pipeline's
    normalisation (width, script, whitespace; no cut), case and spaces ignored."""
    return normalize(text, max_chars=1_000_000).lower().replace(" ", "")
