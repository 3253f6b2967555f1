"""`python -m server <rasa arguments>`: apply our patches, then hand over to
Rasa's own command line, so every `rasa` command and flag works unchanged.
`python -m server serve` is `run` with the arguments built from the
environment (server/rasa_command.py), the one way every set-up serves.
Variables endpoints.yml needs and the process lacks get their defaults
(server/environment.py). Log records are redacted (server/log_redaction.py),
and `run` turns the HTTP API on when RASA_TOKEN or RASA_TOKEN_FILE holds a
token, so the token never has to be on the command line."""

import os
import sys

from server import environment, fail_closed, hardening, log_redaction, patches, rasa_command


def main() -> None:
    try:
        environment.apply()
    except environment.EnvFileError as error:
        sys.exit(f"Cannot read the settings: {error}")
    log_redaction.install()
    patches.apply()
    hardening.apply()
    fail_closed.apply()
    from rasa.__main__ import main as rasa_main

    if sys.argv[1:2] == ["serve"]:
        sys.argv[1:] = rasa_command.serve_arguments(os.environ, sys.argv[2:])
    try:
        sys.argv[1:] = hardening.token_arguments(sys.argv[1:])
    except OSError as error:
        sys.exit(f"Cannot read RASA_TOKEN_FILE: {error}")
    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
