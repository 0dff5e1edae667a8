"""The admission pipeline as the Party runs it: the file's steps, the chi bộ's resolution, the decision, the
ceremony (probation counts from it) and the recognition, each with its date and due date; age counted in
months; schooling; the day each record's personal data is erased (the retention rule).

Records admitted before this change held the decision's date as their admission: they become "decided", their
ceremony still to be recorded (due 30 working days after the decision, the rules' value), and their probation
dates are cleared rather than left counted from the decision.

Revision ID: 0016_admission_pipeline
Revises: 0015_two_apps
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0016_admission_pipeline"
down_revision = "0015_two_apps"
branch_labels = None
depends_on = None

_STAGES = ("nominated", "class_registered", "class_completed", "application_filed", "background_filed",
           "introducers_named", "background_verified", "resolution_passed", "decided", "admitted", "official",
           "stopped")


def upgrade() -> None:
    with op.batch_alter_table("nominees", schema=None) as batch_op:
        batch_op.add_column(sa.Column("education", sa.Enum("primary", "lower_secondary", "upper_secondary", "vocational", "university", name="education", native_enum=False, length=30), nullable=True))
        batch_op.add_column(sa.Column("application_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("background_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("introducer_kind", sa.Enum("two_members", "youth_union", "trade_union", name="introducerkind", native_enum=False, length=20), nullable=True))
        batch_op.add_column(sa.Column("verified_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("resolution_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("resolution_official_members", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("resolution_votes_for", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("decided_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("decision_received_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ceremony_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("recognition_due_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("recognition_considered_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("erase_due_on", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_nominees_ceremony_due_on"), ["ceremony_due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_nominees_erase_due_on"), ["erase_due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_nominees_recognition_due_on"), ["recognition_due_on"], unique=False)
    _move_existing_records()


def _move_existing_records() -> None:
    from models.nominees import add_months, age_window
    from models.rules import load_rules

    rules = load_rules()
    connection = op.get_bind()
    nominees = sa.table("nominees", *(sa.column(name) for name in (
        "id", "stage", "date_of_birth", "admitted_on", "probation_ends_on", "official_on", "decided_on",
        "decision_received_on", "ceremony_due_on", "recognition_considered_on", "age_eligible_from",
        "age_eligible_until", "erased_at", "erase_due_on")))
    events = sa.table("nominee_events", sa.column("nominee_id"), sa.column("stage"), sa.column("effective_on"))
    # The retention rule starts now for old records: none is erased before coordinators could be told.
    earliest_erasure = dt.date.today() + dt.timedelta(days=14)
    last_steps = dict(connection.execute(
        sa.select(events.c.nominee_id, sa.func.max(events.c.effective_on)).group_by(events.c.nominee_id)).all())
    for row in connection.execute(sa.select(nominees)).mappings().all():
        values: dict[str, object] = {}
        birth = _date(row["date_of_birth"])
        if birth is not None:
            values["age_eligible_from"], values["age_eligible_until"] = age_window(birth, rules, birth)
        decision = _date(row["admitted_on"])
        if decision is not None:
            # The old admission date was the decision's: the ceremony is not known.
            values.update(decided_on=decision, decision_received_on=decision, admitted_on=None,
                          probation_ends_on=None)
            if row["stage"] == "admitted":
                values.update(stage="decided", ceremony_due_on=rules.add_working_days(
                    decision, rules.value("admission_ceremony_working_days", decision)))
            if row["stage"] == "official":
                values["recognition_considered_on"] = _date(row["official_on"])
        if row["erased_at"] is None:
            last = _date(last_steps.get(row["id"])) or dt.date.today()
            values["erase_due_on"] = max(add_months(last, rules.value("nominee_retention_months", last)),
                                         earliest_erasure)
        if values:
            connection.execute(nominees.update().where(nominees.c.id == row["id"]).values(**values))
    connection.execute(events.update().where(events.c.stage == "admitted").values(stage="decided"))


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def downgrade() -> None:
    connection = op.get_bind()
    nominees = sa.table("nominees", sa.column("stage"), sa.column("admitted_on"), sa.column("decided_on"))
    connection.execute(nominees.update().where(nominees.c.stage.in_(
        ("application_filed", "background_filed"))).values(stage="class_completed"))
    connection.execute(nominees.update().where(nominees.c.stage.in_(
        ("background_verified", "resolution_passed"))).values(stage="introducers_named"))
    connection.execute(nominees.update().where(nominees.c.decided_on.is_not(None))
                       .values(admitted_on=nominees.c.decided_on))
    connection.execute(nominees.update().where(nominees.c.stage == "decided").values(stage="admitted"))
    events = sa.table("nominee_events", sa.column("stage"))
    connection.execute(events.delete().where(events.c.stage.in_(
        ("application_filed", "background_filed", "background_verified", "resolution_passed", "admitted"))))
    connection.execute(events.update().where(events.c.stage == "decided").values(stage="admitted"))
    with op.batch_alter_table("nominees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nominees_recognition_due_on"))
        batch_op.drop_index(batch_op.f("ix_nominees_erase_due_on"))
        batch_op.drop_index(batch_op.f("ix_nominees_ceremony_due_on"))
        for name in ("erase_due_on", "recognition_considered_on", "recognition_due_on", "ceremony_due_on",
                     "decision_received_on", "decided_on", "resolution_votes_for", "resolution_official_members",
                     "resolution_on", "verified_on", "introducer_kind", "background_on", "application_on",
                     "education"):
            batch_op.drop_column(name)
