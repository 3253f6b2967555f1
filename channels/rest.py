"""The REST channel at /webhooks/rest/webhook, hardened.

Rasa's own RestInput answers a body that is not JSON, or a `message` that is
not a string, with a stack trace and HTTP 500, and sends nothing at all when a
custom action fails (for example while the action server is down). This
channel answers bad requests with HTTP 400 and a plain reason, and when a turn
produced no reply it sends `utter_service_unavailable`, so the user always
gets an answer.
"""
from __future__ import annotations

import logging
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from nlg.script_nlg import convert_response
from coach import settings as coach_settings
from coach.script import Script, detect

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 20_000
MAX_SENDER_CHARS = 256
UNAVAILABLE = "utter_service_unavailable"


def _bad_request(reason: str, status: int = 400) -> HTTPResponse:
    return response.json({"error": reason}, status=status)


def parse_body(request: Request, with_sender: bool = True
               ) -> Tuple[Optional[Dict[str, Any]], Optional[HTTPResponse]]:
    """The request's sender, message and metadata, or a 4xx answer. Without
    `with_sender` the sender is not read from the body (the caller knows it)."""
    try:
        body = request.json
    except Exception:  # sanic raises InvalidUsage for malformed JSON
        return None, _bad_request("请求体不是合法的 JSON。 The body is not valid JSON.")
    if not isinstance(body, dict):
        return None, _bad_request('请求体应为 JSON 对象：{"sender": "...", "message": "..."}。'
                                  ' The body must be a JSON object.')
    sender, message = body.get("sender"), body.get("message")
    if with_sender and (not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS):
        return None, _bad_request("sender 必须是非空字符串（最长256个字符）。"
                                  " 'sender' must be a non-empty string of at most 256 characters.")
    if not isinstance(message, str):
        return None, _bad_request("message 必须是字符串。 'message' must be a string.")
    if len(message) > MAX_MESSAGE_CHARS:
        return None, _bad_request("消息太长（最多20000个字符）。 The message is too long (20,000 characters at most).", 413)
    metadata = body.get("metadata")
    return {"sender": sender, "message": message,
            "metadata": metadata if isinstance(metadata, dict) else None}, None


class SafeRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"safe_{self.name()}_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body, error = self.read_request(request)
            if error is not None:
                return error
            collector = CollectingOutputChannel()
            failed = False
            try:
                await on_new_message(UserMessage(
                    body["message"], collector, body["sender"],
                    input_channel=self.name(), metadata=body["metadata"]))
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
        text = "抱歉，系统暂时出了点问题，这句话没能处理，请稍后再发一次。"
        agent = getattr(request.app.ctx, "agent", None)
        responses = agent.domain.responses.get(UNAVAILABLE) if agent and agent.domain else None
        if responses and responses[0].get("text"):
            text = responses[0]["text"]
        reply = {"recipient_id": body["sender"], "text": text}
        if detect(body["message"]) is Script.TRADITIONAL:
            reply = convert_response(reply, coach_settings.load().traditional_variant)
        return reply
