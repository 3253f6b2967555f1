"""`python -m dashboard --port 8000 --web runtime/web`: the demo page and the
trainer dashboard (scripts/run.sh starts it with the settings exported).

TRAINER_TOKEN and PORTAL_JWT_SECRET say who may sign in (dashboard/auth.py);
the database is the one the tracker settings name (records/database.py).
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from dashboard import auth
from dashboard.app import create_app
from records import database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("WEB_PORT") or 8000))
    parser.add_argument("--host", default=os.environ.get("BIND_HOST") or "127.0.0.1")
    parser.add_argument("--web", type=Path, help="the demo page's folder, served at / (none: the dashboard only)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    keys = auth.Keys(os.environ.get("TRAINER_TOKEN", ""), os.environ.get("PORTAL_JWT_SECRET", ""))
    if not keys.trainer_token and not keys.jwt_secret:
        logging.warning("Neither TRAINER_TOKEN nor PORTAL_JWT_SECRET is set: nobody can sign in to /trainer/.")
    app = create_app(database.ready(), keys, args.web)
    app.run(host=args.host, port=args.port, access_log=False, motd=False)


if __name__ == "__main__":
    main()
