"""The audit log is append-only for the application (the security review's L8): on both engines a trigger
refuses to change an entry, and refuses to delete one younger than a year — the shortest retention the settings
allow (AUDIT_RETENTION_YEARS ≥ 1), so retention's pruning of older entries still works.

Someone who owns the database can still drop the triggers; what they stop is the bot, a bug or a stolen
application login rewriting history through ordinary UPDATE and DELETE. (A later migration that rebuilds
audit_log on SQLite — batch_alter_table copies the table — must create the triggers again.)

Revision ID: 0024_audit_append_only
Revises: 0023_delegation_decision
"""
from __future__ import annotations

from alembic import op

revision = "0024_audit_append_only"
down_revision = "0023_delegation_decision"
branch_labels = None
depends_on = None

NO_CHANGE = "audit_log is append-only: an entry cannot be changed"
NO_RECENT_DELETE = "audit_log: an entry younger than a year cannot be deleted"

POSTGRESQL = [
    f"""CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION '{NO_CHANGE}' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.at > now() - interval '1 year' THEN
        RAISE EXCEPTION '{NO_RECENT_DELETE}' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END
$$""",
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_recent_delete BEFORE DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
]

# SQLite keeps `at` as text, "YYYY-MM-DD HH:MM:SS.ffffff" in UTC, which compares as its date does.
SQLITE = [
    f"""CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '{NO_CHANGE}');
END""",
    f"""CREATE TRIGGER audit_log_no_recent_delete BEFORE DELETE ON audit_log
WHEN OLD.at > datetime('now', '-1 year')
BEGIN
    SELECT RAISE(ABORT, '{NO_RECENT_DELETE}');
END""",
]


def upgrade() -> None:
    for statement in POSTGRESQL if op.get_bind().dialect.name == "postgresql" else SQLITE:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_recent_delete" +
               (" ON audit_log" if op.get_bind().dialect.name == "postgresql" else ""))
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update" +
               (" ON audit_log" if op.get_bind().dialect.name == "postgresql" else ""))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
