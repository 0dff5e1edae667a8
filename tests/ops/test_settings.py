"""Settings an operator writes by hand: the database URL in the forms PostgreSQL's own tools print."""

from __future__ import annotations

import pytest

from bot.settings import SettingsError, load_settings


@pytest.mark.parametrize("given", [
    "postgres://bot:pw@db.example:5432/delegation",        # libpq's and many hosts' short form
    "postgresql://bot:pw@db.example:5432/delegation",
    "postgresql+psycopg://bot:pw@db.example:5432/delegation",
])
def test_every_postgresql_url_form_is_taken_and_given_the_installed_driver(given):
    settings = load_settings(_env_file=None, database_url=given)
    assert settings.database_url == "postgresql+psycopg://bot:pw@db.example:5432/delegation"


def test_a_url_of_another_database_is_refused_naming_the_setting():
    with pytest.raises(SettingsError, match="^DATABASE_URL: must start with sqlite:// or postgresql"):
        load_settings(_env_file=None, database_url="mysql://bot@db/delegation")
    assert load_settings(_env_file=None, database_url="sqlite:///x.sqlite3").database_url == "sqlite:///x.sqlite3"
