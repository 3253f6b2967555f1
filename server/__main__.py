"""`python -m server <rasa arguments>`: apply our patches, then hand over to
Rasa's own command line, so every `rasa` command and flag works unchanged.
Variables endpoints.yml needs and the process lacks get their defaults
(server/environment.py)."""
import sys

from server import environment, fail_closed, patches


def main() -> None:
    try:
        environment.apply()
    except environment.EnvFileError as error:
        sys.exit(f"Cannot read the settings: {error}")
    patches.apply()
    fail_closed.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
