"""`make forget REP=<sender id>`: delete one rep's conversation from the
tracker store that endpoints.yml and the settings (.env) name, with every
message, contact and drill grade in it, and their drill records (records/)
with the assignments set for them alone. A portal user's conversation is
`portal:<user id>`; a REST conversation is the client's sender id.

    .venv/bin/python scripts/forget.py portal:alice
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from records import database, store as records  # noqa: E402
from server import environment, retention  # noqa: E402


def open_store():
    """The tracker store as the Rasa server configures it."""
    environment.apply()
    from rasa.core.tracker_store import TrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    return TrackerStore.create(read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store"))


def main(argv) -> int:
    if len(argv) != 2 or not argv[1].strip():
        print(
            "用法 / usage: make forget REP=<sender id>   (门户用户 / portal users: REP=portal:<user id>)",
            file=sys.stderr,
        )
        return 2
    sender = argv[1]
    store = open_store()
    deleted = retention.forget(store, sender)
    drilled = records.forget(database.ready(), sender)
    if deleted or drilled:
        print(
            f"已删除 {sender} 的对话（{deleted} 条事件）和练习记录（{drilled} 条）。"
            f" Deleted {sender}'s conversation ({deleted} events) and drill records ({drilled})."
        )
        return 0
    alike = [s for s in retention.senders(store) if s.split(":", 1)[-1] == sender.split(":", 1)[-1]]
    hint = f" 是否指 / did you mean: {', '.join(alike)}?" if alike else ""
    print(f"没有 {sender} 的对话，未删除任何内容。 No conversation of {sender}: nothing deleted.{hint}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
