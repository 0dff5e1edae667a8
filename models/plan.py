"""The plan as data: plans, their milestones (deadlines, windows, continuous items) and yearly targets.

A plan comes from a YAML file (`plans/2021-2025.yaml`), validated by `PlanSpec` and imported idempotently:
a re-import updates what changed and never duplicates; the next plan (2026–2030) is just another file.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails
from sqlalchemy import JSON, Enum, ForeignKey, String, Text, UniqueConstraint, exists, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, selectinload

from models.audit import record_audit
from models.base import Base, session_time, utcnow
from models.bodies import Bodies, BodyEntry
from models.deliveries import skip_pending
from models.errors import InvalidInput, NotFound
from models.people import Member, Role, require_role
from models.text import nfc
from models.visits import Assignment, Visit, Wave


class MilestoneKind(str, enum.Enum):
    deadline = "deadline"      # done by a date
    window = "window"          # happens between two dates
    continuous = "continuous"  # "thường xuyên": a recurring nudge, no single deadline


class ReviewKind(str, enum.Enum):
    """What a review conference is called, which its report's title and wording follow."""

    assessment = "danh_gia"   # đánh giá tình hình triển khai (the plan's 6/2022 conference)
    interim = "so_ket"        # sơ kết
    final = "tong_ket"        # tổng kết


class Closure(str, enum.Enum):
    """How a plan or an item stopped before (or at) its time; from `closed_on` on, nothing is pushed about it."""

    ended = "ended"            # kết thúc: ended (early, or formally closed)
    cancelled = "cancelled"    # hủy, không còn thực hiện
    superseded = "superseded"  # thay thế bằng kế hoạch hoặc mục khác


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    source_digest: Mapped[str | None] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # The plan as a document: when and where it was issued, what it implements, its subject, who issued it.
    source: Mapped[str | None] = mapped_column(Text)                # the file's own citation of the plan
    issued_on: Mapped[dt.date | None]
    place: Mapped[str | None] = mapped_column(String(100))         # "Nam Định": the place of its dated line
    subject: Mapped[str | None] = mapped_column(Text)              # "công tác phát triển đảng viên …"
    implements_kind: Mapped[str | None] = mapped_column(String(100))     # "Quy chế phối hợp"
    implements_number: Mapped[str | None] = mapped_column(String(100))   # "01-QC/ĐUK-BQLCKCN"
    implements_issued_on: Mapped[dt.date | None]
    # The decision setting up the delegation (III.1 "có quyết định kèm theo"): cited in a review's I.1.
    delegation_decision_number: Mapped[str | None] = mapped_column(String(100))
    delegation_decision_on: Mapped[dt.date | None]
    report_recipients: Mapped[list[str] | None] = mapped_column(JSON)   # "Nơi nhận" of its reports
    bodies: Mapped[dict[str, list[dict[str, object]]] | None] = mapped_column(JSON)   # role → dated entries

    milestones: Mapped[list[Milestone]] = relationship(back_populates="plan", cascade="all, delete-orphan",
                                                       order_by="Milestone.position")
    issuers: Mapped[list[PlanIssuer]] = relationship(back_populates="plan", cascade="all, delete-orphan",
                                                     order_by="PlanIssuer.position", lazy="selectin")

    def body_overrides(self) -> dict[str, list[BodyEntry]]:
        """The plan's own dated names for roles (its file's `bodies:`), for `Bodies.at(..., plan=…)`."""
        return {role: [BodyEntry.model_validate(entry) for entry in entries]
                for role, entries in (self.bodies or {}).items()}

    # Ended, cancelled or superseded: from `closed_on` on the plan pushes nothing (`close_plan`).
    closed_as: Mapped[Closure | None] = mapped_column(Enum(Closure, native_enum=False, length=20))
    closed_on: Mapped[dt.date | None]
    closed_reason: Mapped[str | None] = mapped_column(Text)
    replaced_by: Mapped[str | None] = mapped_column(String(100))  # the plan (or item) that takes over

    def last_day(self) -> dt.date:
        """The last day the plan runs: its end, or the day before it was closed."""
        if self.closed_on is not None:
            return min(self.ends_on, self.closed_on - dt.timedelta(days=1))
        return self.ends_on

    def runs_on(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.last_day()


class PlanIssuer(Base):
    """A body that issued the plan, as the plan names it; a joint plan has two or three, in the header's order."""

    __tablename__ = "plan_issuers"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(300))                  # "Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh"
    short: Mapped[str | None] = mapped_column(String(300))          # "Đảng ủy Khối"
    superior: Mapped[str | None] = mapped_column(String(300))       # "Đảng bộ tỉnh Nam Định"
    signer_title: Mapped[str | None] = mapped_column(String(100))   # "Bí thư"
    authority: Mapped[str | None] = mapped_column(String(200))      # "T/M Ban Thường vụ", "K/T Bí thư"
    signer: Mapped[str | None] = mapped_column(String(200))         # "Vũ Hữu Thi"
    body: Mapped[str | None] = mapped_column(String(50))            # its role in the bodies file, if any

    plan: Mapped[Plan] = relationship(back_populates="issuers")


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
    when_text: Mapped[str | None] = mapped_column(String(200))  # the plan's own words: "Cuối tháng 6/2022"
    lead: Mapped[str | None] = mapped_column(String(300))
    is_review: Mapped[bool] = mapped_column(default=False)  # a review (sơ kết) that needs a report
    review_kind: Mapped[ReviewKind | None] = mapped_column(Enum(ReviewKind, native_enum=False, length=20))
    review_covers_from: Mapped[dt.date | None]   # the first day its report covers, when the plan file says
    note: Mapped[str | None] = mapped_column(Text)
    done_at: Mapped[dt.datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))

    plan: Mapped[Plan] = relationship(back_populates="milestones")
    # Cancelled or superseded (or ended) item: from `closed_on` on it pushes nothing (`close_milestone`).
    closed_as: Mapped[Closure | None] = mapped_column(Enum(Closure, native_enum=False, length=20))
    closed_on: Mapped[dt.date | None]
    closed_reason: Mapped[str | None] = mapped_column(Text)
    replaced_by: Mapped[str | None] = mapped_column(String(100))
    review_on: Mapped[dt.date | None]   # a review's date once a coordinator has set it (`set_review_date`)

    def open_on(self, day: dt.date) -> bool:
        """Still to do on `day`: not done, not closed by then, and its plan not over."""
        return (self.done_at is None and (self.closed_on is None or day < self.closed_on)
                and day <= self.plan.last_day())


# --------------------------------------------------------------------------- the plan file's schema

_DMY = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _date_from_text(value: object) -> object:
    """Accept 2021-09-30 (YAML's own dates) and the Vietnamese way of writing them, 30/09/2021."""
    if isinstance(value, str) and (match := _DMY.match(value)):
        day, month, year = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"ngày '{value}' không tồn tại — no such date") from None
    return value


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _text_and_dates(cls, value: object) -> object:
        if isinstance(value, str):
            value = nfc(value)
        return _date_from_text(value)


class ClosureSpec(_Spec):
    """`closed: {as: cancelled, from: 01/07/2025, reason: "…", replaced_by: "…"}` on a plan or an item.

    (`from`, not `on`: YAML reads a bare `on` as true.)"""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    as_: Closure = Field(alias="as")
    from_: dt.date = Field(alias="from")
    reason: str = Field(min_length=3)
    replaced_by: str | None = Field(default=None, max_length=100)


class WaveSpec(_Spec):
    """A wave of visits (đợt) the plan sets."""

    code: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=200)
    starts_on: dt.date
    ends_on: dt.date
    milestone: str | None = Field(default=None, max_length=20)  # the plan item the wave carries out

    @model_validator(mode="after")
    def _ordered(self) -> WaveSpec:
        if self.ends_on < self.starts_on:
            raise ValueError("ngày kết thúc (ends_on) trước ngày bắt đầu (starts_on) — ends before it starts")
        return self


class MilestoneSpec(_Spec):
    """One item of the plan's timetable."""

    code: str = Field(min_length=1, max_length=20)
    title: str = Field(min_length=3)
    kind: MilestoneKind
    starts_on: dt.date | None = None
    due_on: dt.date | None = None
    when: str | None = Field(default=None, max_length=200)
    lead: str | None = Field(default=None, max_length=300)
    is_review: bool = False
    review_kind: ReviewKind | None = None           # danh_gia | so_ket | tong_ket; a review is a sơ kết unless said
    review_covers_from: dt.date | None = None       # the review's report starts here (else it is worked out)
    note: str | None = None
    review_on: dt.date | None = None     # a review's date, when known (a coordinator may set it from the chat)
    closed: ClosureSpec | None = None    # absent: the item's state in the database is kept

    @model_validator(mode="after")
    def _dates_fit_kind(self) -> MilestoneSpec:
        if self.review_kind is not None or self.review_covers_from is not None:
            self.is_review = True
        if self.kind in (MilestoneKind.deadline, MilestoneKind.window) and self.due_on is None:
            raise ValueError(f"loại {self.kind.value} cần hạn (due_on) — a {self.kind.value} needs due_on")
        if self.kind in (MilestoneKind.window, MilestoneKind.continuous) and self.starts_on is None:
            raise ValueError(f"loại {self.kind.value} cần ngày bắt đầu (starts_on) — a {self.kind.value} needs "
                             "starts_on")
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            raise ValueError("hạn (due_on) trước ngày bắt đầu (starts_on) — due before start")
        return self


class IssuerSpec(_Spec):
    """A body that issued the plan, as the plan's header and signature name it."""

    name: str = Field(min_length=3, max_length=300)
    short: str | None = Field(default=None, max_length=300)
    superior: str | None = Field(default=None, max_length=300)
    signer_title: str | None = Field(default=None, max_length=100)
    authority: str | None = Field(default=None, max_length=200)
    signer: str | None = Field(default=None, max_length=200)
    body: str | None = Field(default=None, max_length=50)


class ImplementsSpec(_Spec):
    """The document the plan implements: "Quy chế phối hợp số 01-QC/ĐUK-BQLCKCN, ngày 24/9/2021"."""

    kind: str = Field(min_length=3, max_length=100)
    number: str = Field(min_length=1, max_length=100)
    issued_on: dt.date


class DecisionSpec(_Spec):
    """The decision setting up the delegation: `delegation_decision: {number: "…", issued_on: …}`."""

    number: str = Field(min_length=1, max_length=100)
    issued_on: dt.date


MAX_ISSUERS = 3
# A review's draft report comes this many days before its conference's date, once a coordinator has set it.
REVIEW_DRAFT_LEAD_DAYS = 7


class PlanSpec(_Spec):
    """A whole plan file."""

    code: str = Field(min_length=1, max_length=100)
    title: str = Field(min_length=3)
    starts_on: dt.date
    ends_on: dt.date
    source: str | None = None
    issued_on: dt.date | None = None
    place: str | None = Field(default=None, max_length=100)
    subject: str | None = None
    implements: ImplementsSpec | None = None
    delegation_decision: DecisionSpec | None = None
    issuers: list[IssuerSpec] = Field(default_factory=list, max_length=MAX_ISSUERS)
    report_recipients: list[str] = Field(default_factory=list)
    bodies: dict[str, list[BodyEntry]] = Field(default_factory=dict)
    waves: list[WaveSpec] = Field(default_factory=list)
    milestones: list[MilestoneSpec] = Field(min_length=1)
    closed: ClosureSpec | None = None    # absent: the plan's state in the database is kept

    @model_validator(mode="after")
    def _coherent(self) -> PlanSpec:
        problems: list[str] = []
        if self.ends_on < self.starts_on:
            problems.append("kế hoạch kết thúc (ends_on) trước khi bắt đầu (starts_on) — plan ends before it starts")
        problems += _duplicates("milestones", [m.code for m in self.milestones])
        problems += _duplicates("waves", [w.code for w in self.waves])
        codes = {m.code for m in self.milestones}
        for index, wave in enumerate(self.waves):
            if wave.milestone is not None and wave.milestone not in codes:
                problems.append(f"waves[{index}] ({wave.code}): mục '{wave.milestone}' không có trong kế hoạch "
                                f"— unknown milestone")
        for index, item in enumerate(self.milestones):
            for name in ("starts_on", "due_on"):
                day = getattr(item, name)
                if day is not None and not self.starts_on <= day <= self.ends_on:
                    problems.append(f"milestones[{index}] ({item.code}): {name} {day:%d/%m/%Y} nằm ngoài thời gian "
                                    f"của kế hoạch — outside the plan's dates")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @field_validator("report_recipients")
    @classmethod
    def _recipients_nfc(cls, value: list[str]) -> list[str]:
        return [nfc(line).strip() for line in value if line and line.strip()]


def check_against_bodies(spec: PlanSpec, bodies: Bodies) -> None:
    """The roles a plan file names (its issuers' `body`, its `bodies:` section, "{role}" in its recipients) are
    roles of the bodies file; PlanFileError lists those that are not."""
    known = set(bodies.roles)
    problems = [f"issuers[{index}].body: '{issuer.body}' không có trong tệp tên cơ quan — unknown role"
                for index, issuer in enumerate(spec.issuers) if issuer.body is not None and issuer.body not in known]
    problems += [f"bodies.{role}: không có trong tệp tên cơ quan — unknown role" for role in spec.bodies
                 if role not in known]
    for index, line in enumerate(spec.report_recipients):
        problems += [f"report_recipients[{index}]: '{{{role}}}' không có trong tệp tên cơ quan — unknown role"
                     for role in bodies.unknown_placeholders(line)]
    if problems:
        raise PlanFileError(problems)


def _duplicates(section: str, codes: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    problems = []
    for index, code in enumerate(codes):
        if code in seen:
            problems.append(f"{section}[{index}]: mã '{code}' bị trùng với {section}[{seen[code]}] — duplicate code")
        seen.setdefault(code, index)
    return problems


class PlanFileError(InvalidInput):
    """A plan file that cannot be imported; `problems` lists each, in Vietnamese with English after the dash."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("Tệp kế hoạch không hợp lệ — invalid plan file:\n" + "\n".join(f"- {p}" for p in problems))
        self.problems = problems


_KIND_CHOICES = "deadline (hạn chót), window (khoảng thời gian), continuous (thường xuyên)"


def _problem(error: ErrorDetails, data: object) -> str:
    location = list(error.get("loc", ()))
    where = ""
    for index, part in enumerate(location):
        where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
        if isinstance(part, int) and index > 0 and isinstance(data, dict):
            items = data.get(str(location[index - 1]))
            if (isinstance(items, list) and part < len(items) and isinstance(items[part], dict)
                    and "code" in items[part]):
                where += f" ({items[part]['code']})"
    kind = error.get("type", "")
    value = error.get("input")
    if kind == "enum" and location and location[-1] == "kind":
        text = f"loại '{value}' không hợp lệ — unknown kind; dùng/use: {_KIND_CHOICES}"
    elif kind == "missing":
        text = "thiếu trường bắt buộc — required field missing"
    elif kind == "extra_forbidden":
        text = "trường không được biết đến — unknown field"
    elif kind.startswith("date"):
        text = f"'{value}' không phải ngày hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY) — not a valid date"
    elif kind == "value_error":
        text = str(error.get("ctx", {}).get("error", error.get("msg")))
    elif kind == "too_short":
        text = "danh sách trống — empty list"
    else:
        text = f"{error.get('msg')}"
    if kind == "value_error" and "\n" in text:
        return text  # the plan-level check lists several problems, each already located
    return f"{where}: {text}" if where else text


class _DatesAsText(yaml.SafeLoader):
    """YAML turns 2021-02-30 into a crash, not an error with a place: leave dates to the schema."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_plan(text: str) -> PlanSpec:
    """Read a plan from YAML text; PlanFileError lists every problem at once."""
    try:
        data = yaml.load(text, Loader=_DatesAsText)  # noqa: S506 — a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (dòng/line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", exc)
        raise PlanFileError([f"không đọc được YAML{line} — YAML syntax error: {problem}"]) from None
    if not isinstance(data, dict):
        raise PlanFileError(["tệp phải là một bảng YAML có code, title, milestones — expected a YAML mapping"])
    try:
        return PlanSpec.model_validate(data)
    except ValidationError as exc:
        problems: list[str] = []
        for error in exc.errors():
            problems.extend(_problem(error, data).split("\n"))
        raise PlanFileError(problems) from None


def load_plan_file(path: Path | str) -> tuple[PlanSpec, str]:
    """The plan in a file and the file's digest (recorded, so `plan show` can tell which file is loaded)."""
    raw = Path(path).read_bytes()
    return parse_plan(raw.decode("utf-8-sig")), hashlib.sha256(raw).hexdigest()


# --------------------------------------------------------------------------- importing

@dataclass
class Changes:
    """What an import did to one kind of record, by code."""

    added: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)  # code -> changed fields
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)  # code -> why it was not removed


@dataclass
class PlanImportReport:
    plan_code: str
    plan_created: bool
    plan_fields_changed: list[str]
    milestones: Changes
    waves: Changes

    @property
    def changed_anything(self) -> bool:
        return bool(self.plan_created or self.plan_fields_changed or self.milestones.added or self.milestones.updated
                    or self.milestones.removed or self.waves.added or self.waves.updated or self.waves.removed)


def milestone_key_prefix(milestone_id: int) -> str:
    """Every delivery about one milestone has a key starting so; marking it done drops the unsent ones."""
    return f"milestone:{milestone_id}:"


def _assign_changes(target: object, values: dict[str, object]) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed.append(name)
    return changed


def _milestone_values(spec: MilestoneSpec, position: int) -> dict[str, object]:
    values: dict[str, object] = dict(
        title=spec.title, kind=spec.kind, starts_on=spec.starts_on, due_on=spec.due_on, when_text=spec.when,
        lead=spec.lead, is_review=spec.is_review, review_kind=spec.review_kind,
        review_covers_from=spec.review_covers_from, note=spec.note, position=position)
    # What a coordinator may also set from the chat or the command line is changed only when the file says so.
    if spec.review_on is not None:
        values["review_on"] = spec.review_on
    if spec.closed is not None:
        values.update(_closure_values(spec.closed))
    return values


def _closure_values(spec: ClosureSpec) -> dict[str, object]:
    return dict(closed_as=spec.as_, closed_on=spec.from_, closed_reason=spec.reason, replaced_by=spec.replaced_by)


def _plan_values(spec: PlanSpec) -> dict[str, object]:
    implements = spec.implements
    return dict(
        title=spec.title, starts_on=spec.starts_on, ends_on=spec.ends_on, source=spec.source,
        issued_on=spec.issued_on, place=spec.place, subject=spec.subject,
        implements_kind=implements.kind if implements else None,
        implements_number=implements.number if implements else None,
        implements_issued_on=implements.issued_on if implements else None,
        delegation_decision_number=spec.delegation_decision.number if spec.delegation_decision else None,
        delegation_decision_on=spec.delegation_decision.issued_on if spec.delegation_decision else None,
        report_recipients=list(spec.report_recipients) or None,
        bodies={role: [entry.model_dump(mode="json", by_alias=True, exclude_defaults=True) for entry in entries]
                for role, entries in spec.bodies.items()} or None,
    )


_ISSUER_FIELDS = ("name", "short", "superior", "signer_title", "authority", "signer", "body")


def _import_issuers(plan: Plan, specs: list[IssuerSpec]) -> bool:
    """The plan's issuers as the file names them, in order; True when they changed."""
    wanted = [tuple(getattr(spec, name) for name in _ISSUER_FIELDS) for spec in specs]
    current = [tuple(getattr(issuer, name) for name in _ISSUER_FIELDS) for issuer in plan.issuers]
    if wanted == current:
        return False
    plan.issuers.clear()
    for position, values in enumerate(wanted):
        plan.issuers.append(PlanIssuer(position=position, **dict(zip(_ISSUER_FIELDS, values, strict=True))))
    return True


_TIMING_FIELDS = {"kind", "starts_on", "due_on", "closed_on"}


def import_plan(session: Session, spec: PlanSpec, *, source_digest: str | None = None, actor: str = "cli",
                now: dt.datetime | None = None) -> PlanImportReport:
    """Create or update a plan by its code; milestones and waves are matched by their codes.

    Items gone from the file are deleted, except milestones already marked done (the record of work done is
    kept) and waves that already carry assignments or visits.
    """
    now = now or session_time(session)
    plan = session.scalar(select(Plan).where(Plan.code == spec.code).options(selectinload(Plan.milestones)))
    created = plan is None
    if plan is None:
        plan = Plan(code=spec.code, **_plan_values(spec))
        session.add(plan)
        session.flush()
        plan_changed: list[str] = []
        _import_issuers(plan, spec.issuers)
    else:
        plan_changed = _assign_changes(plan, _plan_values(spec))
        if _import_issuers(plan, spec.issuers):
            plan_changed.append("issuers")
    if spec.closed is not None:
        plan_changed += _assign_changes(plan, _closure_values(spec.closed))
    plan.source_digest, plan.imported_at = source_digest, now

    milestones = Changes()
    existing = {m.code: m for m in plan.milestones}
    for position, item in enumerate(spec.milestones):
        values = _milestone_values(item, position)
        milestone = existing.pop(item.code, None)
        if milestone is None:
            plan.milestones.append(Milestone(code=item.code, **values))
            milestones.added.append(item.code)
            continue
        changed = _assign_changes(milestone, values)
        if not changed:
            milestones.unchanged.append(item.code)
            continue
        milestones.updated[item.code] = changed
        if _TIMING_FIELDS & set(changed):
            # Reminders worded for the old dates must not go out.
            skip_pending(session, key_prefix=milestone_key_prefix(milestone.id), reason="plan changed")
    for code, milestone in existing.items():
        if milestone.done_at is not None:
            milestones.kept[code] = "done"
            continue
        skip_pending(session, key_prefix=milestone_key_prefix(milestone.id), reason="removed from plan")
        plan.milestones.remove(milestone)
        milestones.removed.append(code)

    waves = _import_waves(session, plan, spec.waves)
    session.flush()
    report = PlanImportReport(plan.code, created, plan_changed, milestones, waves)
    record_audit(session, actor=actor, action="plan.import", entity="plan", entity_id=plan.id, details={
        "added": milestones.added, "updated": sorted(milestones.updated), "removed": milestones.removed,
        "waves_added": waves.added, "waves_updated": sorted(waves.updated), "waves_removed": waves.removed,
    })
    return report


def _import_waves(session: Session, plan: Plan, specs: list[WaveSpec]) -> Changes:
    changes = Changes()
    existing = {w.code: w for w in session.scalars(select(Wave).where(Wave.plan_id == plan.id))}
    for spec in specs:
        values = dict(name=spec.name, starts_on=spec.starts_on, ends_on=spec.ends_on)
        wave = existing.pop(spec.code, None)
        if wave is None:
            session.add(Wave(plan_id=plan.id, code=spec.code, **values))
            changes.added.append(spec.code)
        elif changed := _assign_changes(wave, values):
            changes.updated[spec.code] = changed
        else:
            changes.unchanged.append(spec.code)
    for code, wave in existing.items():
        if wave.opened_by_id is not None:
            changes.kept[code] = "opened from the chat"
            continue
        in_use = session.scalar(select(
            exists().where(Assignment.wave_id == wave.id) | exists().where(Visit.wave_id == wave.id)))
        if in_use:
            changes.kept[code] = "in use"
            continue
        session.delete(wave)
        changes.removed.append(code)
    return changes


# --------------------------------------------------------------------------- reading and marking

class MilestoneStatus(str, enum.Enum):
    done = "done"
    overdue = "overdue"          # a deadline or window whose date passed without being marked done
    in_progress = "in_progress"  # a window (or a deadline with a start) that has begun
    upcoming = "upcoming"
    ongoing = "ongoing"          # a continuous item in its period
    ended = "ended"              # a continuous item whose period is over, or an item (or its plan) ended
    cancelled = "cancelled"      # the item (or its plan) was cancelled
    superseded = "superseded"    # the item (or its plan) was replaced by another


_CLOSED_STATUS = {Closure.ended: MilestoneStatus.ended, Closure.cancelled: MilestoneStatus.cancelled,
                  Closure.superseded: MilestoneStatus.superseded}


def milestone_status(milestone: Milestone, today: dt.date) -> MilestoneStatus:
    if milestone.done_at is not None:
        return MilestoneStatus.done
    own, plan = milestone, milestone.plan
    if own.closed_as is not None and own.closed_on is not None and own.closed_on <= today:
        return _CLOSED_STATUS[own.closed_as]
    if plan.closed_as is not None and plan.closed_on is not None and plan.closed_on <= today:
        missed = (milestone.kind is not MilestoneKind.continuous and milestone.due_on is not None
                  and milestone.due_on < plan.closed_on)
        if not missed:   # what was overdue when the plan closed stays overdue: it was missed
            return _CLOSED_STATUS[plan.closed_as]
    if milestone.kind is MilestoneKind.continuous:
        if milestone.starts_on and milestone.starts_on > today:
            return MilestoneStatus.upcoming
        if milestone.due_on and milestone.due_on < today:
            return MilestoneStatus.ended
        return MilestoneStatus.ongoing
    if milestone.due_on is not None and milestone.due_on < today:
        return MilestoneStatus.overdue
    if milestone.starts_on is not None and milestone.starts_on <= today:
        return MilestoneStatus.in_progress
    return MilestoneStatus.upcoming


def list_plans(session: Session) -> list[Plan]:
    return list(session.scalars(select(Plan).order_by(Plan.starts_on).options(selectinload(Plan.milestones))))


def get_plan(session: Session, code: str) -> Plan:
    plan = session.scalar(select(Plan).where(Plan.code == nfc(code)).options(selectinload(Plan.milestones)))
    if plan is None:
        raise NotFound(f"Không có kế hoạch mã '{code}'.")
    return plan


def plan_waves(session: Session, plan_id: int) -> list[Wave]:
    return list(session.scalars(select(Wave).where(Wave.plan_id == plan_id).order_by(Wave.starts_on)))


def get_milestone(session: Session, milestone_id: int, *, for_update: bool = False) -> Milestone:
    milestone = session.get(Milestone, milestone_id, with_for_update=for_update)
    if milestone is None:
        raise NotFound("Không tìm thấy mục này của kế hoạch (có thể đã bị xóa khỏi kế hoạch).")
    return milestone


def find_milestone(session: Session, code: str, *, plan_code: str | None = None) -> Milestone:
    """A milestone by its code; the plan's code is needed only when two plans use the same item code."""
    query = select(Milestone).join(Plan).where(Milestone.code == nfc(code))
    if plan_code is not None:
        query = query.where(Plan.code == nfc(plan_code))
    found = list(session.scalars(query))
    if not found:
        raise NotFound(f"Không có mục '{code}' trong kế hoạch.")
    if len(found) > 1:
        raise InvalidInput(f"Mục '{code}' có trong nhiều kế hoạch; hãy ghi rõ mã kế hoạch.")
    return found[0]


@dataclass(frozen=True)
class MarkDoneResult:
    milestone: Milestone
    newly_done: bool  # False: someone had already marked it (a second tap on the same button)


def mark_milestone_done(session: Session, milestone_id: int, by: Member | None,
                        now: dt.datetime | None = None) -> MarkDoneResult:
    """A coordinator marks a plan item done: escalations stop and its unsent reminders are dropped.

    `by=None` is the operator at the command line. Marking twice is harmless.
    """
    if by is not None:
        require_role(by, Role.coordinator)
    milestone = get_milestone(session, milestone_id, for_update=True)
    if milestone.done_at is not None:
        return MarkDoneResult(milestone, newly_done=False)
    milestone.done_at = now or session_time(session)
    milestone.done_by_id = by.id if by is not None else None
    skip_pending(session, key_prefix=milestone_key_prefix(milestone.id), reason="milestone done")
    record_audit(session, actor=by.actor if by is not None else "cli", action="milestone.done", entity="milestone",
                 entity_id=milestone.id)
    return MarkDoneResult(milestone, newly_done=True)


def reopen_milestone(session: Session, milestone_id: int, by: Member | None) -> Milestone:
    """Undo a mistaken "done": reminders and escalations resume from the next tick."""
    if by is not None:
        require_role(by, Role.coordinator)
    milestone = get_milestone(session, milestone_id, for_update=True)
    if milestone.done_at is not None:
        milestone.done_at, milestone.done_by_id = None, None
        record_audit(session, actor=by.actor if by is not None else "cli", action="milestone.reopen",
                     entity="milestone", entity_id=milestone.id)
    return milestone


# --------------------------------------------------------------------------- ending, cancelling, superseding

@dataclass(frozen=True)
class CloseResult:
    code: str
    changed: bool   # False: it was already closed so, on that day, for that reason


def _closing(target: Plan | Milestone, closure: Closure, reason: str, on: dt.date,
             replaced_by: str | None) -> bool:
    reason = nfc(reason.strip())
    if len(reason) < 3:
        raise InvalidInput("Cần ghi rõ lý do (ít nhất 3 ký tự).", field="reason")
    replaced_by = nfc(replaced_by.strip()) if replaced_by and replaced_by.strip() else None
    if closure is Closure.superseded and replaced_by is None:
        raise InvalidInput("Cần ghi kế hoạch hoặc mục thay thế.", field="replaced_by")
    return bool(_assign_changes(target, dict(closed_as=closure, closed_on=on, closed_reason=reason,
                                             replaced_by=replaced_by)))


def _actor(by: Member | None) -> str:
    if by is not None:
        require_role(by, Role.coordinator)
        return by.actor
    return "cli"


def close_plan(session: Session, code: str, closure: Closure, *, reason: str, on: dt.date, by: Member | None,
               today: dt.date, replaced_by: str | None = None) -> CloseResult:
    """End, cancel or supersede a whole plan: from `on`, none of its items is reminded or escalated, its
    continuous items and the digest stop; unsent pushes about it are dropped once `on` has come."""
    actor = _actor(by)
    plan = get_plan(session, code)
    changed = _closing(plan, closure, reason, on, replaced_by)
    if changed:
        if on <= today:
            for milestone in plan.milestones:
                skip_pending(session, key_prefix=milestone_key_prefix(milestone.id), reason=f"plan {closure.value}")
        record_audit(session, actor=actor, action=f"plan.{closure.value}", entity="plan", entity_id=plan.id,
                     details={"on": on.isoformat(), "reason": plan.closed_reason, "replaced_by": plan.replaced_by})
    return CloseResult(plan.code, changed)


def close_milestone(session: Session, milestone_id: int, closure: Closure, *, reason: str, on: dt.date,
                    by: Member | None, today: dt.date, replaced_by: str | None = None) -> CloseResult:
    """Cancel, supersede or end one item: from `on` it is neither reminded nor escalated."""
    actor = _actor(by)
    milestone = get_milestone(session, milestone_id, for_update=True)
    changed = _closing(milestone, closure, reason, on, replaced_by)
    if changed:
        if on <= today:
            skip_pending(session, key_prefix=milestone_key_prefix(milestone.id), reason=f"milestone {closure.value}")
        record_audit(session, actor=actor, action=f"milestone.{closure.value}", entity="milestone",
                     entity_id=milestone.id, details={"on": on.isoformat(), "reason": milestone.closed_reason,
                                                      "replaced_by": milestone.replaced_by})
    return CloseResult(milestone.code, changed)


def resume_plan(session: Session, code: str, by: Member | None) -> CloseResult:
    """Undo a mistaken end, cancellation or supersession: the plan pushes again from the next tick."""
    actor = _actor(by)
    plan = get_plan(session, code)
    changed = bool(_assign_changes(plan, dict(closed_as=None, closed_on=None, closed_reason=None, replaced_by=None)))
    if changed:
        record_audit(session, actor=actor, action="plan.resume", entity="plan", entity_id=plan.id)
    return CloseResult(plan.code, changed)


def resume_milestone(session: Session, milestone_id: int, by: Member | None) -> CloseResult:
    actor = _actor(by)
    milestone = get_milestone(session, milestone_id, for_update=True)
    changed = bool(_assign_changes(milestone, dict(closed_as=None, closed_on=None, closed_reason=None,
                                                   replaced_by=None)))
    if changed:
        record_audit(session, actor=actor, action="milestone.resume", entity="milestone", entity_id=milestone.id)
    return CloseResult(milestone.code, changed)


def set_review_date(session: Session, milestone_id: int, day: dt.date | None, by: Member | None) -> Milestone:
    """A coordinator sets (or, with None, clears) the date of a review conference: its draft report is then
    timed from this date instead of the window's start."""
    actor = _actor(by)
    milestone = get_milestone(session, milestone_id, for_update=True)
    if not milestone.is_review:
        raise InvalidInput(f"Mục {milestone.code} không phải hội nghị sơ kết, không đặt ngày hội nghị được.")
    plan = milestone.plan
    if day is not None and not plan.starts_on <= day <= plan.ends_on:
        raise InvalidInput(f"Ngày hội nghị phải nằm trong thời gian của kế hoạch "
                           f"({plan.starts_on:%d/%m/%Y} – {plan.ends_on:%d/%m/%Y}).", field="review_on")
    if milestone.review_on != day:
        milestone.review_on = day
        record_audit(session, actor=actor, action="milestone.review_date", entity="milestone",
                     entity_id=milestone.id, details={"review_on": day.isoformat() if day else None})
    return milestone
