"""The console's migration builds exactly the tables its models describe, on SQLite and PostgreSQL."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

import connectors.console.models  # noqa: F401 - registers the console tables on Base.metadata
from connectors.db import Base, Database

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def differences(db: Database) -> list:
    with db.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), Base.metadata)


@pytest.mark.unit
def test_sqlite_schema_matches_the_models(console_db):
    assert differences(console_db) == []


@pytest.mark.integration
def test_postgresql_schema_matches_the_models():
    schema = f"h6_migrate_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - the reason is shown in the skip
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    db = Database(f"{PG}?options=-csearch_path%3D{schema}")
    try:
        db.upgrade()
        assert differences(db) == []
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
