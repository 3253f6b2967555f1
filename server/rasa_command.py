"""The one command line that serves the bot, built from the environment:
`python -m server serve [more rasa arguments]` is what `make run`
(scripts/run.sh), each replica of `make cluster` (scripts/cluster.sh) and
the Docker image (deploy/docker/start-rasa.sh) run.

    MODEL         the model archive        (models/objection-coach.tar.gz)
    ENDPOINTS     the endpoints file       (endpoints.yml)
    CREDENTIALS   the channels             (credentials.yml)
    BIND_HOST     the interface            (127.0.0.1)
    RASA_PORT     the port                 (5005)
    CORS_ORIGINS  origins a browser may call from, space-separated (none: no CORS)

Rasa's HTTP API is turned on by `python -m server` itself when RASA_TOKEN
(or RASA_TOKEN_FILE) is set (server/hardening.py), so the token is never on
a command line.
"""

from __future__ import annotations

from typing import List, Mapping, Sequence

DEFAULTS = {
    "MODEL": "models/objection-coach.tar.gz",
    "ENDPOINTS": "endpoints.yml",
    "CREDENTIALS": "credentials.yml",
    "BIND_HOST": "127.0.0.1",
    "RASA_PORT": "5005",
}


def serve_arguments(environ: Mapping[str, str], extra: Sequence[str] = ()) -> List[str]:
    """`rasa run` and its arguments, from the environment."""

    def setting(name: str) -> str:
        return environ.get(name) or DEFAULTS[name]

    arguments = [
        "run",
        "--model",
        setting("MODEL"),
        "--endpoints",
        setting("ENDPOINTS"),
        "--credentials",
        setting("CREDENTIALS"),
        "--interface",
        setting("BIND_HOST"),
        "--port",
        setting("RASA_PORT"),
    ]
    origins = (environ.get("CORS_ORIGINS") or "").split()
    if origins:
        arguments += ["--cors", *origins]  # one argument per origin
    return arguments + list(extra)
