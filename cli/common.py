"""What every command needs: settings and an up-to-date database."""

from __future__ import annotations

from bot.database import upgrade
from bot.settings import Settings, load_settings
from models.db import Database


def open_database(settings: Settings | None = None, *, migrate: bool = True) -> tuple[Settings, Database]:
    settings = settings or load_settings()
    database = Database(settings.database_url)
    if migrate:
        upgrade(database)
    return settings, database
