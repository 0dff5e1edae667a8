"""Outstanding workers (quần chúng ưu tú) nominated for the admission class, with consent and stage history.

Political affiliation is sensitive personal data: no record without consent, reads and changes audited,
named data for coordinators only, erasable on request while counts survive.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import Enum, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models.audit import record_audit, record_list_read
from models.base import Base, utcnow
from models.errors import ConsentRequired, InvalidInput, InvalidTransition, NotFound, from_validation_error
from models.people import Member, Role, require_role
from models.registry import Enterprise, get_enterprise
from models.rules import Rules
from models.text import is_person_name, nfc


class Stage(str, enum.Enum):
    nominated = "nominated"
    class_registered = "class_registered"
    class_completed = "class_completed"
    introducers_named = "introducers_named"
    admitted = "admitted"
    official = "official"
    stopped = "stopped"


PIPELINE = [Stage.nominated, Stage.class_registered, Stage.class_completed, Stage.introducers_named,
            Stage.admitted, Stage.official]


def next_stage(stage: Stage) -> Stage | None:
    if stage in (Stage.official, Stage.stopped):
        return None
    return PIPELINE[PIPELINE.index(stage) + 1]


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class Nominee(Base):
    __tablename__ = "nominees"

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    nominated_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    # Personal data: null after erasure.
    full_name: Mapped[str | None] = mapped_column(String(200))
    date_of_birth: Mapped[dt.date | None]
    position: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    introducers: Mapped[str | None] = mapped_column(String(400))
    trade_union_member: Mapped[bool | None]
    youth_union_member: Mapped[bool | None]
    # Pipeline state and the due dates the rules imply (read by the scheduler).
    stage: Mapped[Stage] = mapped_column(Enum(Stage, native_enum=False, length=30), default=Stage.nominated, index=True)
    nominated_on: Mapped[dt.date]
    class_registered_on: Mapped[dt.date | None]
    certificate_date: Mapped[dt.date | None]
    certificate_expires_on: Mapped[dt.date | None] = mapped_column(index=True)
    introducers_named_on: Mapped[dt.date | None]
    decision_number: Mapped[str | None] = mapped_column(String(100))
    admitted_on: Mapped[dt.date | None]
    probation_ends_on: Mapped[dt.date | None] = mapped_column(index=True)
    official_on: Mapped[dt.date | None]
    age_eligible_from: Mapped[dt.date | None]
    age_eligible_until: Mapped[dt.date | None]
    stopped_on: Mapped[dt.date | None]
    stopped_reason: Mapped[str | None] = mapped_column(Text)
    erased_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    enterprise: Mapped[Enterprise] = relationship(lazy="joined")
    consents: Mapped[list[Consent]] = relationship(back_populates="nominee", cascade="all, delete-orphan",
                                                   order_by="Consent.id")
    events: Mapped[list[NomineeEvent]] = relationship(back_populates="nominee", cascade="all, delete-orphan",
                                                      order_by="NomineeEvent.id")


class Consent(Base):
    __tablename__ = "nominee_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominees.id", ondelete="CASCADE"), index=True)
    taken_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    given_at: Mapped[dt.datetime]
    wording_version: Mapped[str] = mapped_column(String(40))
    withdrawn_at: Mapped[dt.datetime | None]

    nominee: Mapped[Nominee] = relationship(back_populates="consents")


class NomineeEvent(Base):
    __tablename__ = "nominee_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominees.id", ondelete="CASCADE"), index=True)
    stage: Mapped[Stage] = mapped_column(Enum(Stage, native_enum=False, length=30))
    effective_on: Mapped[dt.date]
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    note: Mapped[str | None] = mapped_column(Text)

    nominee: Mapped[Nominee] = relationship(back_populates="events")


class ConsentInput(BaseModel):
    granted: bool
    given_at: dt.datetime
    wording_version: str = Field(min_length=1, max_length=40)


class NomineeInput(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    enterprise_id: int = Field(gt=0)
    full_name: str = Field(min_length=3, max_length=200)
    date_of_birth: dt.date
    position: str | None = Field(default=None, max_length=200)
    trade_union_member: bool | None = None
    youth_union_member: bool | None = None
    reason: str | None = Field(default=None, max_length=2000)
    consent: ConsentInput
    nominated_on: dt.date

    @field_validator("full_name", "position", "reason", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        return nfc(value) if isinstance(value, str) else value

    @field_validator("full_name")
    @classmethod
    def _a_name(cls, value: str) -> str:
        if not is_person_name(value):
            raise ValueError("Họ và tên chỉ gồm chữ cái")
        return value

    @model_validator(mode="after")
    def _plausible_birth(self) -> NomineeInput:
        if self.date_of_birth >= self.nominated_on or self.date_of_birth.year < 1900:
            raise ValueError("Ngày sinh không hợp lệ")
        return self


def _introducers_known_long_enough(value: bool | None) -> bool | None:
    if value is False:
        raise ValueError("người giới thiệu phải cùng công tác với quần chúng ít nhất 12 tháng (Điều lệ Đảng); "
                         "chưa đủ thì chưa ghi được bước này")
    return value


class StageChange(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    stage: Stage
    effective_on: dt.date
    certificate_date: dt.date | None = None
    introducers: str | None = Field(default=None, max_length=400)
    # The Party Statute: an introducer has worked with the candidate for at least 12 months. The chat asks it;
    # a "no" is refused at once (None: not asked, e.g. records from before the question existed).
    introducers_tenure_ok: Annotated[bool | None, AfterValidator(_introducers_known_long_enough)] = None
    decision_number: str | None = Field(default=None, max_length=100)
    reason: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _what_each_stage_needs(self) -> StageChange:
        if self.stage is Stage.class_completed and self.certificate_date is None:
            raise ValueError("Cần ngày cấp giấy chứng nhận")
        if self.stage is Stage.introducers_named and not self.introducers:
            raise ValueError("Cần ghi người giới thiệu")
        if self.stage is Stage.admitted and not self.decision_number:
            raise ValueError("Cần số quyết định kết nạp")
        if self.stage is Stage.stopped and not self.reason:
            raise ValueError("Cần ghi lý do dừng")
        return self


def parse_nominee(data: dict) -> NomineeInput:
    try:
        return NomineeInput.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None


def nominate(session: Session, data: NomineeInput, *, by: Member, rules: Rules) -> Nominee:
    require_role(by, Role.member)
    if not data.consent.granted:
        raise ConsentRequired("Người lao động chưa đồng ý cho ghi thông tin cá nhân; không thể ghi hồ sơ.")
    enterprise = get_enterprise(session, data.enterprise_id)
    min_age = rules.value("admission_min_age", data.nominated_on)
    max_age = rules.value("admission_max_age", data.nominated_on)
    nominee = Nominee(
        enterprise=enterprise, nominated_by_id=by.id, full_name=data.full_name, date_of_birth=data.date_of_birth,
        position=data.position, trade_union_member=data.trade_union_member,
        youth_union_member=data.youth_union_member, reason=data.reason, stage=Stage.nominated,
        nominated_on=data.nominated_on,
        age_eligible_from=add_years(data.date_of_birth, min_age),
        # "Full 60" lasts until the day before the 61st birthday.
        age_eligible_until=add_years(data.date_of_birth, max_age + 1) - dt.timedelta(days=1),
    )
    nominee.consents.append(Consent(taken_by_id=by.id, given_at=data.consent.given_at,
                                    wording_version=data.consent.wording_version))
    nominee.events.append(NomineeEvent(stage=Stage.nominated, effective_on=data.nominated_on, by_id=by.id))
    session.add(nominee)
    session.flush()
    record_audit(session, actor=by.actor, action="nominee.create", entity="nominee", entity_id=nominee.id,
                 details={"enterprise_id": enterprise.id})
    return nominee


def read_nominee(session: Session, nominee_id: int, *, by: Member) -> Nominee:
    """The only way to read a named record: coordinators only, and every read is audited."""
    require_role(by, Role.coordinator)
    nominee = session.get(Nominee, nominee_id)
    if nominee is None:
        raise NotFound("Không tìm thấy hồ sơ này.")
    record_audit(session, actor=by.actor, action="nominee.read", entity="nominee", entity_id=nominee.id)
    return nominee


def move_stage(session: Session, nominee_id: int, change: StageChange, *, by: Member, rules: Rules) -> Nominee:
    nominee = read_nominee(session, nominee_id, by=by)
    if nominee.erased_at is not None and change.stage is not Stage.stopped:
        raise InvalidTransition("Hồ sơ đã xoá dữ liệu cá nhân; chỉ có thể dừng.")
    allowed = {next_stage(nominee.stage)} | ({Stage.stopped} if nominee.stage not in (Stage.official, Stage.stopped) else set())
    if change.stage not in allowed:
        raise InvalidTransition("Không thể chuyển hồ sơ sang bước này từ bước hiện tại.")
    on = change.effective_on
    last_event = nominee.events[-1].effective_on if nominee.events else nominee.nominated_on
    if on < last_event:
        raise InvalidInput("Ngày của bước mới không thể trước bước trước.", field="effective_on")
    if change.stage is Stage.class_registered:
        nominee.class_registered_on = on
    elif change.stage is Stage.class_completed:
        nominee.certificate_date = change.certificate_date
        nominee.certificate_expires_on = add_years(change.certificate_date, rules.value("certificate_valid_years", on))
    elif change.stage is Stage.introducers_named:
        nominee.introducers, nominee.introducers_named_on = change.introducers, on
    elif change.stage is Stage.admitted:
        if nominee.certificate_expires_on and on > nominee.certificate_expires_on:
            raise InvalidInput("Giấy chứng nhận lớp bồi dưỡng đã hết hạn; cần học lại trước khi kết nạp.")
        if nominee.age_eligible_from and not (nominee.age_eligible_from <= on <= nominee.age_eligible_until):
            raise InvalidInput("Tuổi của người được kết nạp phải từ đủ 18 đến đủ 60 tại thời điểm xét.")
        nominee.decision_number, nominee.admitted_on = change.decision_number, on
        nominee.probation_ends_on = add_months(on, rules.value("probation_months", on))
    elif change.stage is Stage.official:
        if nominee.probation_ends_on and on < nominee.probation_ends_on:
            raise InvalidInput(f"Chưa hết 12 tháng dự bị (đến {nominee.probation_ends_on:%d/%m/%Y}).")
        nominee.official_on = on
    elif change.stage is Stage.stopped:
        # An erased record is stopped without keeping why: the reason may name or describe the person again.
        nominee.stopped_on = on
        nominee.stopped_reason = None if nominee.erased_at is not None else change.reason
    nominee.stage = change.stage
    nominee.events.append(NomineeEvent(stage=change.stage, effective_on=on, by_id=by.id,
                                       note=None if nominee.erased_at is not None else change.reason))
    session.flush()
    record_audit(session, actor=by.actor, action="nominee.stage", entity="nominee", entity_id=nominee.id,
                 details={"stage": change.stage.value})
    return nominee


# What identifies the worker, or leads back to them: their own details, the dates derived from the birth date
# (which give it back), the admission decision's number (it names them in the party's records), what
# coordinators wrote about them. Erasure nulls every one; a field added to the record that names or dates the
# person belongs here, so that erasure keeps erasing it.
PERSONAL_FIELDS = (
    "full_name", "date_of_birth", "position", "reason", "introducers", "trade_union_member", "youth_union_member",
    "age_eligible_from", "age_eligible_until", "decision_number", "stopped_reason",
)


def _erase(nominee: Nominee, now: dt.datetime) -> None:
    """Drop every personal field of the record (and the notes on its steps); the stage and the steps' dates
    stay, for the counts."""
    for name in PERSONAL_FIELDS:
        setattr(nominee, name, None)
    for event in nominee.events:
        event.note = None
    for consent in nominee.consents:
        consent.withdrawn_at = consent.withdrawn_at or now
    nominee.erased_at = now


def erase_personal_data(session: Session, nominee_id: int, *, by: Member, now: dt.datetime) -> Nominee:
    """On the person's request: drop what identifies them, keep the stage and dates for the counts."""
    nominee = read_nominee(session, nominee_id, by=by)
    _erase(nominee, now)
    record_audit(session, actor=by.actor, action="nominee.erase", entity="nominee", entity_id=nominee.id)
    return nominee


def nominee_counts(session: Session, *, enterprise_id: int | None = None) -> dict[Stage, int]:
    """Counts by stage: what members and groups may see."""
    query = select(Nominee.stage, func.count()).group_by(Nominee.stage)
    if enterprise_id is not None:
        query = query.where(Nominee.enterprise_id == enterprise_id)
    counts = {stage: 0 for stage in Stage}
    for stage, count in session.execute(query):
        counts[stage] = count
    return counts


def list_nominees(session: Session, *, by: Member, stage: Stage | None = None) -> list[Nominee]:
    require_role(by, Role.coordinator)
    query = select(Nominee).order_by(Nominee.id)
    if stage is not None:
        query = query.where(Nominee.stage == stage)
    nominees = list(session.scalars(query))
    record_list_read(session, actor=by.actor, action="nominee.list", entity="nominee",
                     ids=[nominee.id for nominee in nominees], details={"stage": stage.value if stage else None})
    return nominees
