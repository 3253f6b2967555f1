"""The REST channel at /webhooks/rest/webhook, hardened.

Rasa's own RestInput answers a body that is not JSON, or a `message` that is
not a string, with a stack trace and HTTP 500, and sends nothing at all when a
custom action fails (for example while the action server is down). This
channel answers bad requests with HTTP 400 and a plain reason, and when a turn
produced no reply it sends `utter_service_unavailable`, so the user always
gets an answer.

Refused before anything is processed or stored (coach/limits.py has the
sizes): a body that is not `application/json` (415); text that cannot be
encoded as UTF-8, in any field (400); a sender in another channel's namespace
(400); button payloads whose entities are not plain text (400); oversized
messages or metadata (413); more messages than the per-sender rate limit (429,
channels/rate_limit.py).
"""

from __future__ import annotations

import logging
import os
import math
import re
import warnings
from asyncio import CancelledError
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.rate_limit import RateLimiter
from coach import limits, registry, yamlfile
from coach import settings as coach_settings
from coach.chinese_variant import Variant, detect, to_traditional
from nlg.chinese_variant_nlg import convert_response

logger = logging.getLogger(__name__)

# where the fallback's words are while no model (and so no domain) is loaded
DOMAIN_FILE = Path(os.environ.get("COACH_DOMAIN", "domain/core.yml"))

UNAVAILABLE = "utter_service_unavailable"
# The portal's conversations are `portal:<user id>` (channels/portal.py): the
# REST channel, which believes any sender, may never name one.
PORTAL_PREFIX = "portal:"
RESERVED_PREFIXES = (PORTAL_PREFIX,)
# Control characters: a newline in a sender id forges log lines; a NUL fails
# every PostgreSQL query for that conversation.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


_fallback_text: List[str] = []


def _written_fallback() -> str:
    """utter_service_unavailable as domain/core.yml words it (kept once read)."""
    if not _fallback_text:
        try:
            _fallback_text.append(str(yamlfile.load(DOMAIN_FILE)["responses"][UNAVAILABLE][0]["text"]))
        except Exception as error:  # no domain at all: the name at least says what happened
            logger.error("%s not readable from %s: %s", UNAVAILABLE, DOMAIN_FILE, error)
            return UNAVAILABLE
    return _fallback_text[0]


def _bad_request(reason: str, status: int = 400, headers: Optional[Dict[str, str]] = None) -> HTTPResponse:
    return response.json({"error": reason}, status=status, headers=headers)


def _payload_error(message: str) -> Optional[str]:
    """A reason if `message` is a button payload (`/intent{...}`) whose
    entities are not plain text: they fill slots, and actions expect text.
    The payload is read by Rasa's own parser, so what is checked is exactly
    what Rasa would take from it."""
    stripped = message.strip()
    if not stripped.startswith("/"):
        return None
    with warnings.catch_warnings():  # Rasa warns about a malformed payload itself when it handles it
        warnings.simplefilter("ignore")
        unpacked = YAMLStoryReader.unpack_regex_message(Message(data={TEXT: stripped}))

    def plain(value: Any) -> bool:
        if isinstance(value, str):
            return (
                len(value) <= limits.MAX_ENTITY_CHARS
                and limits.encodable(value)
                and not CONTROL_CHARACTERS.search(value)
            )
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)

    if all(plain(entity.get("value")) for entity in unpacked.get(ENTITIES) or []):
        return None
    return (
        f"按钮负载里的实体值必须是文字或数字（最长{limits.MAX_ENTITY_CHARS}个字符）。"
        f" Entity values in a payload must be text or numbers of at most {limits.MAX_ENTITY_CHARS} characters."
    )


def parse_body(request: Request, with_sender: bool = True) -> Tuple[Optional[Dict[str, Any]], Optional[HTTPResponse]]:
    """The request's sender, message and metadata, or a 4xx answer. Without
    `with_sender` the sender is not read from the body (the caller knows it)."""
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        # A form post from another site would otherwise be processed blindly.
        return None, _bad_request(
            "请求须为 JSON（Content-Type: application/json）。" " Send JSON with 'Content-Type: application/json'.", 415
        )
    try:
        body = request.json
    except Exception:  # sanic raises InvalidUsage for malformed JSON
        return None, _bad_request("请求体不是合法的 JSON。 The body is not valid JSON.")
    if not isinstance(body, dict):
        return None, _bad_request(
            '请求体应为 JSON 对象：{"sender": "...", "message": "..."}。' " The body must be a JSON object."
        )
    sender, message, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if with_sender:
        if not isinstance(sender, str) or not sender.strip() or len(sender) > limits.MAX_SENDER_CHARS:
            return None, _bad_request(
                "sender 必须是非空字符串（最长256个字符）。"
                " 'sender' must be a non-empty string of at most 256 characters."
            )
        if CONTROL_CHARACTERS.search(sender):
            return None, _bad_request(
                "sender 里不能有控制字符（换行、制表符等）。" " 'sender' must not contain control characters."
            )
        if sender.startswith(RESERVED_PREFIXES):
            return None, _bad_request(
                "以 portal: 开头的 sender 属于门户频道。"
                " Sender ids beginning with 'portal:' belong to the portal channel."
            )
    if not isinstance(message, str):
        return None, _bad_request("message 必须是字符串。 'message' must be a string.")
    if len(message) > limits.MAX_MESSAGE_CHARS:
        return None, _bad_request(
            "消息太长（最多20000个字符）。 The message is too long (20,000 characters at most).", 413
        )
    if metadata is not None and not isinstance(metadata, dict):
        metadata = None
    # Valid JSON can still hold text no database or log can store (a lone
    # surrogate such as "\udc80"): refused here, before anything is kept.
    if not limits.encodable([sender if with_sender else "", message, metadata]):
        return None, _bad_request(
            "请求里有无法编码的字符（如孤立的代理项）。"
            " The request holds characters that cannot be encoded as UTF-8."
        )
    if metadata is not None and limits.json_bytes(metadata) > limits.MAX_METADATA_BYTES:
        return None, _bad_request(
            f"metadata 太大（最多{limits.MAX_METADATA_BYTES}字节）。"
            f" The metadata is too large ({limits.MAX_METADATA_BYTES} bytes at most).",
            413,
        )
    reason = _payload_error(message)
    if reason:
        return None, _bad_request(reason)
    return {"sender": sender, "message": message, "metadata": metadata}, None


class SafeRestInput(RestInput):
    def __init__(self) -> None:
        self.limiter = RateLimiter.from_environment()

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"safe_{self.name()}_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/scenarios", methods=["GET"])
        async def scenarios(request: Request) -> HTTPResponse:
            """The widget's welcome: one quick reply per scenario of coach.yml,
            in Traditional with ?script=hant."""
            try:
                settings = coach_settings.load()
            except Exception:  # a broken coach.yml: the widget falls back to its menu button
                logger.exception("coach.yml could not be read for the scenario list.")
                return response.json([])
            buttons = registry.menu_buttons(settings.scenarios)
            if request.args.get("script") == "hant":
                buttons = [{**b, "title": to_traditional(b["title"], settings.traditional_variant)} for b in buttons]
            return response.json(buttons)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body, error = self.read_request(request)
            if error is not None or body is None:
                return error or _bad_request("Bad request.")
            wait = self.limiter.wait_seconds(body["sender"])
            if wait is not None:
                return _bad_request(
                    f"发得太快了，请{wait}秒后再发。 Too many messages: try again in {wait} s.",
                    429,
                    headers={"Retry-After": str(wait)},
                )
            collector = CollectingOutputChannel()
            failed = False
            try:
                await on_new_message(
                    UserMessage(
                        body["message"], collector, body["sender"], input_channel=self.name(), metadata=body["metadata"]
                    )
                )
            except CancelledError:
                failed = True
                logger.error("Message handling timed out for a REST request.")
            except Exception:
                # e.g. the tracker store is down: whatever was said was not
                # kept, so the user must not believe the turn went through.
                failed = True
                logger.exception("Message handling failed for a REST request.")
            messages: List[Dict[str, Any]] = collector.messages
            if failed or not messages:
                messages = [await self._unavailable(request, body)]
            return response.json(messages)

        return webhook

    def read_request(self, request: Request) -> Tuple[Optional[Dict[str, Any]], Optional[HTTPResponse]]:
        """Sender, message and metadata; here the client names the sender."""
        return parse_body(request)

    @staticmethod
    async def _unavailable(request: Request, body: Dict[str, Any]) -> Dict[str, Any]:
        """The fallback said when nothing answered, in the user's script."""
        agent = getattr(request.app.ctx, "agent", None)
        responses = agent.domain.responses.get(UNAVAILABLE) if agent and agent.domain else None
        text = responses[0]["text"] if responses and responses[0].get("text") else _written_fallback()
        reply = {"recipient_id": body["sender"], "text": text}
        if detect(body["message"]) is Variant.TRADITIONAL:
            reply = convert_response(reply, coach_settings.load().traditional_variant)
        return reply
