"""The migrations build exactly the schema the models declare, on each engine."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import models


def test_migrations_match_models(database):
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), models.metadata)
    assert differences == []


def test_timestamps_come_back_aware(session, member):
    session.flush()
    session.expire_all()
    reloaded = session.get(type(member), member.id)
    assert reloaded.created_at.tzinfo is not None
    assert reloaded.created_at.utcoffset().total_seconds() == 0
