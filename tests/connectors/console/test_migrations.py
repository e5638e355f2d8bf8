"""The console's migration builds exactly the tables its models describe, on SQLite and PostgreSQL."""


import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import connectors.console.models  # noqa: F401 - registers the console tables on Base.metadata
from connectors.db import Base, Database


def differences(db: Database) -> list:
    with db.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), Base.metadata)


@pytest.mark.unit
def test_sqlite_schema_matches_the_models(console_db):
    assert differences(console_db) == []


@pytest.mark.integration
def test_postgresql_schema_matches_the_models(postgres_url):
    db = Database(postgres_url)
    try:
        db.upgrade()
        assert differences(db) == []
    finally:
        db.dispose()
