"""Alembic migrations of the database schema (`delegation-bot db upgrade`)."""
