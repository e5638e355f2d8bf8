"""Database access for the gateway: SQLAlchemy 2 ``Base``, engine/session factory, migrations.

SQLite (``var/gateway.db``) is the default; PostgreSQL is chosen by URL
(``POLICYBOT_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test``). Sessions are synchronous and run
in a worker thread through ``Database.run`` so the event loop never blocks on I/O; this keeps one code path for
both databases without an extra async SQLite driver.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import anyio
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from connectors.errors import ConnectorError

T = TypeVar("T")
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class Base(DeclarativeBase):
    """Declarative base of every gateway table (the console's tables included)."""


class Database:
    """Owns one engine and its session factory; created in the app lifespan, disposed on shutdown."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    async def run(self, work: Callable[[Session], T]) -> T:
        """Run ``work(session)`` in a worker thread inside one transaction (committed unless it raises)."""
        return await anyio.to_thread.run_sync(self.run_sync, work)

    def run_sync(self, work: Callable[[Session], T]) -> T:
        with self.sessions.begin() as session:
            return work(session)

    def upgrade(self) -> None:
        """Apply every pending schema migration (alembic ``upgrade heads``)."""
        upgrade(self.url)

    def dispose(self) -> None:
        self.engine.dispose()


def try_insert(session: Session, row: object) -> IntegrityError | None:
    """Insert ``row`` inside a savepoint: None when it went in, the ``IntegrityError`` when it did not
    (typically: another request, process or replica already inserted the same key).

    Only the savepoint is rolled back (``row`` is not added; the caller's transaction goes on), so the caller
    picks its own fallback: give up, read the row that won the race, or re-raise the returned error. The same
    on SQLite and PostgreSQL. Any other error propagates.
    """
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as conflict:
        return conflict
    return None


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets its parent directory created, WAL mode and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def alembic_config(url: str):
    """Alembic configuration pointing at ``connectors/migrations`` (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    """Bring the schema at ``url`` up to ``revision`` (all heads by default, so the console's chain is included)."""
    from alembic import command

    make_engine(url).dispose()  # creates the SQLite directory when needed
    try:
        command.upgrade(alembic_config(url), revision)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        where = make_url(url).render_as_string(hide_password=True)
        raise ConnectorError(f"cannot migrate the database at {where}: {reason}") from exc
