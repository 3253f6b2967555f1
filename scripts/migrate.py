"""`make run` and `make cluster` run this before starting the servers: the
database the settings name (.env) gets the drill records' latest schema.

    .venv/bin/python scripts/migrate.py
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from records import database  # noqa: E402
from server import environment  # noqa: E402


def main() -> int:
    environment.apply()
    db = database.engine()
    database.upgrade(db)
    print(f"Drill records: schema {database.current(db)} in {db.url.render_as_string(hide_password=True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
