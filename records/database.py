"""Which database, and bringing its schema up to date.

The records live in the project's database, beside Rasa's conversations:
the SQLite file TRACKER_DB by default, PostgreSQL when TRACKER_DIALECT says
so (`make cluster`). RECORDS_URL, a SQLAlchemy URL, overrides both (tests).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Optional

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def url_from(environ: Mapping[str, str]) -> str:
    """The database URL the settings name (.env.example documents them)."""
    if environ.get("RECORDS_URL"):
        return environ["RECORDS_URL"]
    dialect = environ.get("TRACKER_DIALECT") or "sqlite"
    db = environ.get("TRACKER_DB") or "runtime/tracker.db"
    if dialect == "sqlite":
        return str(sa.engine.URL.create("sqlite", database=db))
    port = environ.get("TRACKER_PORT")
    return str(
        sa.engine.URL.create(
            dialect,
            username=environ.get("TRACKER_USER") or None,
            password=environ.get("TRACKER_PASSWORD") or None,
            host=environ.get("TRACKER_HOST") or None,
            port=int(port) if port else None,
            database=db,
        )
    )


@lru_cache(maxsize=8)
def _engine(url: str) -> sa.engine.Engine:
    # A drill answer waits for the database a few seconds at most: SQLite's
    # lock (Rasa writes conversations to the same file), PostgreSQL's
    # connection and each statement.
    if url.startswith("sqlite"):
        connect_args: dict = {"timeout": 5}
    elif url.startswith("postgresql"):
        connect_args = {"connect_timeout": 3, "options": "-c statement_timeout=5000"}
    else:
        connect_args = {}
    return sa.create_engine(url, future=True, pool_pre_ping=True, connect_args=connect_args)


def engine(environ: Optional[Mapping[str, str]] = None) -> sa.engine.Engine:
    """The engine for the settings in force (one per URL and process)."""
    url = url_from(os.environ if environ is None else environ)
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    return _engine(url)


def _config(connection: sa.engine.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head() or ""


def current(db: sa.engine.Engine) -> Optional[str]:
    """The revision the database is at (None: never migrated)."""
    with db.connect() as connection:
        return MigrationContext.configure(
            connection, opts={"version_table": "coach_alembic_version"}
        ).get_current_revision()


def upgrade(db: sa.engine.Engine, revision: str = "head") -> None:
    """Create or migrate the tables (idempotent: nothing to do at head)."""
    if revision == "head" and current(db) == head():
        return
    with db.begin() as connection:
        command.upgrade(_config(connection), revision)


_upgraded: set = set()


def ready(environ: Optional[Mapping[str, str]] = None) -> sa.engine.Engine:
    """The engine, its schema at head (checked once per process and database)."""
    db = engine(environ)
    if db.url not in _upgraded:
        upgrade(db)
        _upgraded.add(db.url)
    return db
