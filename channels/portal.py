"""The training portal's channel at /webhooks/portal/webhook.

The REST channel believes whatever `sender` the client sends, so anyone who
guesses a rep's sender id can read and write that rep's conversation: fine on
a laptop, not on a company network. Here the portal, which knows who is signed
in, gives the browser a short-lived token (a JWT signed with HS256 and a
secret shared through the environment) and the conversation is the one of the
user id in it: a `sender` in the body is ignored. Missing, unsigned, expired,
tampered or over-long tokens get HTTP 401 and no answer from the bot.

    Authorization: Bearer <JWT {"sub": "<user id>", "iat": ..., "exp": ...}>
    {"message": "太贵了"}
"""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, Optional, Text, Tuple

import jwt
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.rest import CONTROL_CHARACTERS, PORTAL_PREFIX, SafeRestInput, parse_body
from coach import limits

logger = logging.getLogger(__name__)


def _refused(reason: str, status: int = 401) -> HTTPResponse:
    return response.json(
        {"error": reason},
        status=status,
        headers={"WWW-Authenticate": 'Bearer realm="objection-coach"'} if status == 401 else None,
    )


class PortalInput(SafeRestInput):
    """SafeRestInput whose sender comes from a token the portal signed."""

    @classmethod
    def name(cls) -> Text:
        return "portal"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "PortalInput":
        return cls(**(credentials or {}))

    def __init__(
        self, secret_env: Text = "PORTAL_JWT_SECRET", max_age_seconds: int = 3600, leeway_seconds: int = 10
    ) -> None:
        super().__init__()
        # The secret itself is read from the environment, never from a file
        # in the repository, and never logged.
        self.secret = os.environ.get(secret_env, "")
        self.max_age_seconds = int(max_age_seconds)
        self.leeway_seconds = int(leeway_seconds)
        if not self.secret:
            logger.warning("%s is not set: the portal channel refuses every message.", secret_env)
        elif len(self.secret.encode("utf-8")) < 32:
            logger.warning("%s is shorter than 32 bytes, too short for HS256 (RFC 7518 3.2).", secret_env)

    def user_id(self, request: Request) -> Tuple[Optional[str], Optional[HTTPResponse]]:
        if not self.secret:
            return None, _refused("门户登录未配置。 Portal sign-in is not configured on this server.", 503)
        scheme, _, token = (request.headers.get("authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None, _refused("缺少登录凭证。 Missing 'Authorization: Bearer <token>'.")
        try:
            claims = jwt.decode(
                token.strip(),
                self.secret,
                algorithms=["HS256"],
                leeway=self.leeway_seconds,
                options={"require": ["sub", "exp", "iat"]},
            )
        except jwt.ExpiredSignatureError:
            return None, _refused("登录已过期，请刷新页面。 The token has expired.")
        except jwt.InvalidTokenError as error:
            logger.info("Portal token refused: %s", type(error).__name__)
            return None, _refused("登录凭证无效。 The token is not valid.")
        subject, issued, expires = claims["sub"], claims["iat"], claims["exp"]
        if not isinstance(subject, str) or not subject.strip() or len(subject) > limits.MAX_SENDER_CHARS:
            return None, _refused("登录凭证无效。 The token's user id is not valid.")
        if not limits.encodable(subject) or CONTROL_CHARACTERS.search(subject):
            return None, _refused(
                "登录凭证里的用户名含有无法使用的字符。 The token's user id has characters that"
                " cannot be used (not encodable as UTF-8, or control characters).",
                400,
            )
        # PyJWT accepts numeric strings ("1700000000") for the dates.
        if not all(isinstance(t, (int, float)) and not isinstance(t, bool) for t in (issued, expires)):
            return None, _refused("登录凭证无效。 The token's dates are not numbers.")
        if expires - issued > self.max_age_seconds:
            return None, _refused("登录凭证有效期过长。 The token lives longer than this server allows.")
        return subject, None

    def read_request(self, request: Request) -> Tuple[Optional[Dict[str, Any]], Optional[HTTPResponse]]:
        user, error = self.user_id(request)
        if error is not None or user is None:
            return None, error
        body, error = parse_body(request, with_sender=False)
        if error is not None or body is None:
            return None, error
        body["sender"] = PORTAL_PREFIX + user  # the REST channel refuses senders in this namespace
        return body, None
