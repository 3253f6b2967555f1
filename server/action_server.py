"""`python -m server.action_server --actions actions --port 5055`: rasa-sdk's
action server, closed to everyone but our Rasa server.

rasa-sdk's server runs any action for anyone who can reach it, with a
tracker the caller makes up, listens on every interface, and answers an
error with the request body echoed back (which Rasa then logs whole). Here:

- `/webhook` and `/actions` need the header `X-Action-Secret` with the value
  of ACTION_SECRET, which Rasa sends through `action_endpoint.headers` in
  endpoints.yml; without ACTION_SECRET every call is refused (503);
- it listens on BIND_HOST (127.0.0.1 unless set; containers set 0.0.0.0);
- errors answer a fixed text and log the exception's type, never the body;
- its body limit is the size policy's (coach/limits.py), whatever
  SANIC_REQUEST_MAX_SIZE the Rasa server next to it was given;
- log records are redacted (server/log_redaction.py).

It needs rasa-sdk and Sanic only, as the action image has (deploy/docker).
"""

from __future__ import annotations

import hmac
import logging
import os
from typing import Any, Optional, Sequence

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app, create_argument_parser, create_ssl_context
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from coach import limits
from server import log_redaction

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Action-Secret"
OPEN_PATHS = ("/health",)


def _refused(reason: str, status: int) -> HTTPResponse:
    return response.json({"error": reason}, status=status)


def guard(app: Sanic, secret: str) -> Sanic:
    """Add the secret check, the quiet error handler and the size limit."""
    expected = secret.encode("utf-8")
    app.config.REQUEST_MAX_SIZE = limits.ACTION_REQUEST_MAX_BYTES

    @app.on_request
    async def require_secret(request: Request) -> Optional[HTTPResponse]:
        if request.path in OPEN_PATHS:
            return None
        if not expected:
            return _refused("ACTION_SECRET is not set: the action server refuses every call.", 503)
        given = (request.headers.get(SECRET_HEADER) or "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, expected):
            return _refused("Missing or wrong action server secret.", 401)
        return None

    # Replaces rasa-sdk's handler, which answers with the request body.
    @app.exception(Exception)
    async def quiet_errors(request: Request, exception: Exception) -> HTTPResponse:
        status = getattr(exception, "status_code", 500)
        if not isinstance(status, int) or status < 400:
            status = 500
        if status >= 500:
            logger.error(
                "Action server error on %s %s: %s",
                request.method,
                request.path,
                type(exception).__name__,
                exc_info=exception,
            )
        return _refused(
            "The action server could not handle this request."
            if status >= 500
            else f"Refused: {type(exception).__name__}.",
            status,
        )

    return app


def main(argv: Optional[Sequence[str]] = None) -> None:
    args = create_argument_parser().parse_args(argv)
    log_redaction.install()
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel, args.logging_config_file
    )
    utils.update_sanic_log_level()

    secret = os.environ.get("ACTION_SECRET", "")
    if not secret:
        logger.warning("ACTION_SECRET is not set: every action call will be refused.")
    cors: Any = args.cors
    app = guard(create_app(args.actions, cors_origins=cors, auto_reload=args.auto_reload), secret)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    host = os.environ.get("BIND_HOST") or "127.0.0.1"
    ssl = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    logger.info("Action server on %s://%s:%s", "https" if ssl else "http", host, args.port)
    app.run(host, args.port, ssl=ssl, workers=utils.number_of_sanic_workers(), access_log=False)


if __name__ == "__main__":
    main()
