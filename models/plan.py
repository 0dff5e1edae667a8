"""The plan as data: plans, their milestones (deadlines, windows, continuous items) and yearly targets."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow


class MilestoneKind(str, enum.Enum):
    deadline = "deadline"      # done by a date
    window = "window"          # happens between two dates
    continuous = "continuous"  # "thường xuyên": a recurring nudge, no single deadline


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    source_digest: Mapped[str | None] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    milestones: Mapped[list[Milestone]] = relationship(back_populates="plan", cascade="all, delete-orphan",
                                                       order_by="Milestone.position")


class Milestone(Base):
    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("plan_id", "code", name="uq_milestones_plan_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[MilestoneKind] = mapped_column(Enum(MilestoneKind, native_enum=False, length=20))
    starts_on: Mapped[dt.date | None]
    due_on: Mapped[dt.date | None] = mapped_column(index=True)
    lead: Mapped[str | None] = mapped_column(String(300))
    is_review: Mapped[bool] = mapped_column(default=False)  # a review (sơ kết) that needs a report
    done_at: Mapped[dt.datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))

    plan: Mapped[Plan] = relationship(back_populates="milestones")


class TargetKind(str, enum.Enum):
    new_members = "new_members"                  # đảng viên mới kết nạp
    organisations_founded = "organisations_founded"
    enterprises_visited = "enterprises_visited"
    nominees_to_class = "nominees_to_class"


class Target(Base):
    """A yearly target (chỉ tiêu) set by coordinators."""

    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("year", "kind", name="uq_targets_year_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    kind: Mapped[TargetKind] = mapped_column(Enum(TargetKind, native_enum=False, length=30))
    value: Mapped[int]
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    set_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
