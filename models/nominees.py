"""Outstanding workers (quần chúng ưu tú) nominated for the admission class, with consent and stage history.

Political affiliation is sensitive personal data: no record without consent, reads and changes audited,
named data for coordinators only, erasable on request while counts survive.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import Enum, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models import member_counts
from models.audit import record_audit, record_list_read
from models.base import Base, utcnow
from models.errors import (
    ConsentRequired,
    InvalidInput,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    from_validation_error,
)
from models.named_messages import delete_named_messages
from models.people import Member, Role, require_role
from models.registry import Enterprise, get_enterprise
from models.rules import Rules
from models.text import is_person_name, nfc


class Stage(str, enum.Enum):
    nominated = "nominated"
    class_registered = "class_registered"
    class_completed = "class_completed"          # the admission class's certificate
    application_filed = "application_filed"      # đơn xin vào Đảng
    background_filed = "background_filed"        # lý lịch người xin vào Đảng
    introducers_named = "introducers_named"
    background_verified = "background_verified"  # thẩm tra lý lịch
    resolution_passed = "resolution_passed"      # the chi bộ's resolution proposing admission
    decided = "decided"                          # the admission decision, ceremony still to hold
    admitted = "admitted"                        # the ceremony held: a probationary member
    official = "official"                        # recognised as an official member
    stopped = "stopped"


PIPELINE = [Stage.nominated, Stage.class_registered, Stage.class_completed, Stage.application_filed,
            Stage.background_filed, Stage.introducers_named, Stage.background_verified, Stage.resolution_passed,
            Stage.decided, Stage.admitted, Stage.official]
# Still being prepared for admission: the class's certificate must stay valid until the decision.
BEFORE_DECISION = tuple(PIPELINE[:PIPELINE.index(Stage.decided)])
WITH_CERTIFICATE_BEFORE_DECISION = tuple(PIPELINE[PIPELINE.index(Stage.class_completed):PIPELINE.index(Stage.decided)])
# The file's steps a coordinator records one after another, each with its date.
FILE_STEPS = tuple(PIPELINE[PIPELINE.index(Stage.application_filed):PIPELINE.index(Stage.official) + 1])


def next_stage(stage: Stage) -> Stage | None:
    if stage in (Stage.official, Stage.stopped):
        return None
    return PIPELINE[PIPELINE.index(stage) + 1]


def reached(stage: Stage, step: Stage) -> bool:
    """Whether a record at `stage` has gone through `step` (a stopped record: use its events)."""
    return stage in PIPELINE and PIPELINE.index(stage) >= PIPELINE.index(step)


class Education(str, enum.Enum):
    """The highest schooling completed; the rules ask for lower-secondary (grade 9) or more."""

    primary = "primary"                  # below lower-secondary
    lower_secondary = "lower_secondary"  # tốt nghiệp THCS
    upper_secondary = "upper_secondary"  # tốt nghiệp THPT
    vocational = "vocational"            # trung cấp, cao đẳng
    university = "university"            # đại học trở lên

    @property
    def school_grade(self) -> int:
        return {"primary": 5, "lower_secondary": 9}.get(self.value, 12)


class IntroducerKind(str, enum.Enum):
    two_members = "two_members"      # two official party members
    youth_union = "youth_union"      # the Youth Union's committee and one official member
    trade_union = "trade_union"      # the trade union's committee and one official member


class AdmissionWarning(str, enum.Enum):
    """Conditions that do not stop a record but need someone's attention or a higher decision."""

    under_age = "under_age"            # not yet full age for admission (counted in months)
    over_age = "over_age"              # past the age: the committee directly under the Centre decides
    education_below = "education_below"  # schooling below the rules' minimum: an exception is needed
    education_unknown = "education_unknown"


def age_in_months(birth: dt.date, on: dt.date) -> int:
    """Age counted in months, as the Party counts it: from the month of birth to the month of `on`."""
    return (on.year - birth.year) * 12 + on.month - birth.month


def age_window(birth: dt.date, rules: Rules, on: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day on which a chi bộ may consider admitting someone born on `birth`."""
    min_age, max_age = rules.value("admission_min_age", on), rules.value("admission_max_age", on)
    start = dt.date(birth.year + min_age, birth.month, 1)
    end = add_months(dt.date(birth.year + max_age, birth.month, 1), 1) - dt.timedelta(days=1)
    return start, end


def age_warnings(birth: dt.date | None, on: dt.date, rules: Rules) -> list[AdmissionWarning]:
    if birth is None:
        return []
    months = age_in_months(birth, on)
    if months < rules.value("admission_min_age", on) * 12:
        return [AdmissionWarning.under_age]
    if months > rules.value("admission_max_age", on) * 12:
        return [AdmissionWarning.over_age]
    return []


def education_warnings(education: Education | None, on: dt.date, rules: Rules) -> list[AdmissionWarning]:
    if education is None:
        return [AdmissionWarning.education_unknown]
    if education.school_grade < rules.value("admission_min_school_grade", on):
        return [AdmissionWarning.education_below]
    return []


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
    education: Mapped[Education | None] = mapped_column(Enum(Education, native_enum=False, length=30))
    # Pipeline state and the due dates the rules imply (read by the scheduler).
    stage: Mapped[Stage] = mapped_column(Enum(Stage, native_enum=False, length=30), default=Stage.nominated, index=True)
    nominated_on: Mapped[dt.date]
    class_registered_on: Mapped[dt.date | None]
    certificate_date: Mapped[dt.date | None]
    certificate_expires_on: Mapped[dt.date | None] = mapped_column(index=True)
    application_on: Mapped[dt.date | None]          # đơn xin vào Đảng
    background_on: Mapped[dt.date | None]           # lý lịch
    introducer_kind: Mapped[IntroducerKind | None] = mapped_column(Enum(IntroducerKind, native_enum=False, length=20))
    introducers_named_on: Mapped[dt.date | None]
    verified_on: Mapped[dt.date | None]             # thẩm tra lý lịch concluded
    resolution_on: Mapped[dt.date | None]           # the chi bộ considered the admission (age is checked here)
    resolution_official_members: Mapped[int | None]
    resolution_votes_for: Mapped[int | None]
    # Where the chi bộ sits under a đảng ủy cơ sở: its committee's review before the decision (None: a chi bộ cơ sở).
    committee_resolution_on: Mapped[dt.date | None]
    committee_members: Mapped[int | None]
    committee_votes_for: Mapped[int | None]
    decision_number: Mapped[str | None] = mapped_column(String(100))
    decided_on: Mapped[dt.date | None]              # the admission decision was signed
    decision_received_on: Mapped[dt.date | None]
    ceremony_due_on: Mapped[dt.date | None] = mapped_column(index=True)
    admitted_on: Mapped[dt.date | None]             # the admission ceremony: probation counts from it
    probation_ends_on: Mapped[dt.date | None] = mapped_column(index=True)
    recognition_due_on: Mapped[dt.date | None] = mapped_column(index=True)
    recognition_considered_on: Mapped[dt.date | None]   # the chi bộ's meeting, maybe after the due date
    official_on: Mapped[dt.date | None]             # official as of the end of probation, whenever the meeting was
    age_eligible_from: Mapped[dt.date | None]
    age_eligible_until: Mapped[dt.date | None]
    stopped_on: Mapped[dt.date | None]
    stopped_reason: Mapped[str | None] = mapped_column(Text)
    # The record's personal data is erased on this day (the retention rule), coordinators told a week before.
    erase_due_on: Mapped[dt.date | None] = mapped_column(index=True)
    erased_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    enterprise: Mapped[Enterprise] = relationship(lazy="joined")
    consents: Mapped[list[Consent]] = relationship(back_populates="nominee", cascade="all, delete-orphan",
                                                   order_by="Consent.id")
    events: Mapped[list[NomineeEvent]] = relationship(back_populates="nominee", cascade="all, delete-orphan",
                                                      order_by="NomineeEvent.id")


class ConsentMethod(str, enum.Enum):
    """How the worker gave consent (Decree 13/2023, Art. 11: in a form that can be printed or verified)."""

    read_aloud = "read_aloud"      # the member read the wording to the worker, who agreed; the signed form to follow
    signed_form = "signed_form"    # the worker signed the printed form; its photo is attached to the record
    other = "other"                # another verifiable way, described in `how`


class Consent(Base):
    __tablename__ = "nominee_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    nominee_id: Mapped[int] = mapped_column(ForeignKey("nominees.id", ondelete="CASCADE"), index=True)
    taken_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    given_at: Mapped[dt.datetime]
    wording_version: Mapped[str] = mapped_column(String(40))
    method: Mapped[ConsentMethod] = mapped_column(Enum(ConsentMethod, native_enum=False, length=20),
                                                  default=ConsentMethod.read_aloud)
    how: Mapped[str | None] = mapped_column(Text)                  # the way, when it is neither of the above
    form_photo_ref: Mapped[str | None] = mapped_column(String(300))  # the signed form's photo: "telegram:<file id>"
    form_attached_at: Mapped[dt.datetime | None]
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
    method: ConsentMethod = ConsentMethod.read_aloud
    how: str | None = Field(default=None, max_length=1000)

    @model_validator(mode="after")
    def _the_way_is_said(self) -> ConsentInput:
        if self.method is ConsentMethod.other and not (self.how or "").strip():
            raise ValueError("Cần ghi rõ người lao động đã đồng ý bằng cách nào")
        return self


class NomineeInput(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    enterprise_id: int = Field(gt=0)
    full_name: str = Field(min_length=3, max_length=200)
    date_of_birth: dt.date
    position: str | None = Field(default=None, max_length=200)
    trade_union_member: bool | None = None
    youth_union_member: bool | None = None
    education: Education | None = None
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
    # The question names the months from the rules; the refusal comes at once, as the answer is given.
    if value is False:
        raise ValueError("đảng viên giới thiệu chưa cùng công tác với quần chúng đủ thời gian Điều lệ Đảng quy định; "
                         "chưa đủ thì chưa ghi được bước này")
    return value


class StageChange(BaseModel):
    """One step of the record, with what that step needs; `effective_on` is the step's own date:
    the chi bộ's meeting for a resolution or a recognition, the signing for a decision, the ceremony for an admission.
    """

    model_config = ConfigDict(str_strip_whitespace=True)

    stage: Stage
    effective_on: dt.date
    certificate_date: dt.date | None = None
    introducers: str | None = Field(default=None, max_length=400)
    introducer_kind: IntroducerKind | None = None
    # The Party Statute: a party member who introduces has worked with the candidate long enough (the rules'
    # months). The chat asks it; a "no" is refused at once (None: not asked, records from before the question).
    introducers_tenure_ok: Annotated[bool | None, AfterValidator(_introducers_known_long_enough)] = None
    official_members: int | None = Field(default=None, ge=1, le=100_000)   # the chi bộ's official members
    votes_for: int | None = Field(default=None, ge=0, le=100_000)
    education: Education | None = None
    decision_number: str | None = Field(default=None, max_length=100)
    received_on: dt.date | None = None   # the decision reached the chi bộ
    # A decision for a chi bộ under a đảng ủy cơ sở: that committee's review (members, in favour) came first.
    committee_on: dt.date | None = None
    committee_members: int | None = Field(default=None, ge=1, le=1_000)
    committee_votes_for: int | None = Field(default=None, ge=0, le=1_000)
    reason: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _what_each_stage_needs(self) -> StageChange:
        if self.stage is Stage.class_completed and self.certificate_date is None:
            raise ValueError("Cần ngày cấp giấy chứng nhận")
        if self.stage is Stage.introducers_named and not self.introducers:
            raise ValueError("Cần ghi người giới thiệu")
        if self.stage is Stage.resolution_passed and (self.official_members is None or self.votes_for is None):
            raise ValueError("Cần số đảng viên chính thức của chi bộ và số tán thành")
        if self.votes_for is not None and self.official_members is not None and self.votes_for > self.official_members:
            raise ValueError("Số tán thành không thể lớn hơn số đảng viên chính thức của chi bộ")
        if self.stage is Stage.decided and not self.decision_number:
            raise ValueError("Cần số quyết định kết nạp")
        if self.stage is Stage.decided and self.received_on is not None and self.received_on < self.effective_on:
            raise ValueError("Ngày chi bộ nhận quyết định không thể trước ngày ký quyết định")
        if self.committee_on is not None and (self.committee_members is None or self.committee_votes_for is None):
            raise ValueError("Cần số cấp ủy viên của đảng ủy cơ sở và số tán thành")
        if (self.committee_votes_for is not None and self.committee_members is not None
                and self.committee_votes_for > self.committee_members):
            raise ValueError("Số tán thành không thể lớn hơn số cấp ủy viên của đảng ủy cơ sở")
        if self.committee_on is not None and self.committee_on > self.effective_on:
            raise ValueError("Đảng ủy cơ sở xét duyệt trước khi có quyết định kết nạp")
        if self.stage is Stage.stopped and not self.reason:
            raise ValueError("Cần ghi lý do dừng")
        return self


def parse_nominee(data: dict[str, Any]) -> NomineeInput:
    try:
        return NomineeInput.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None


def _keep_until(nominee: Nominee, on: dt.date, rules: Rules) -> dt.date:
    """Push the retention date back: a record is erased this long after its latest step (or a coordinator's
    «keep»). A record that never reaches admission stops having steps; a recognised member's pipeline has ended;
    a record in progress (probation takes 12 months) has its next step well within the period."""
    candidate = add_months(on, rules.value("nominee_retention_months", on))
    nominee.erase_due_on = max(candidate, nominee.erase_due_on) if nominee.erase_due_on else candidate
    return nominee.erase_due_on


def nominate(session: Session, data: NomineeInput, *, by: Member, rules: Rules) -> Nominee:
    """Record a nominee (consent first). Age and schooling only warn here (`nomination_warnings`):
    the rules apply them when the chi bộ considers the admission."""
    require_role(by, Role.member)
    if not data.consent.granted:
        raise ConsentRequired("Người lao động chưa đồng ý cho ghi thông tin cá nhân; không thể ghi hồ sơ.")
    enterprise = get_enterprise(session, data.enterprise_id)
    eligible_from, eligible_until = age_window(data.date_of_birth, rules, data.nominated_on)
    nominee = Nominee(
        enterprise=enterprise, nominated_by_id=by.id, full_name=data.full_name, date_of_birth=data.date_of_birth,
        position=data.position, trade_union_member=data.trade_union_member,
        youth_union_member=data.youth_union_member, education=data.education, reason=data.reason,
        stage=Stage.nominated, nominated_on=data.nominated_on,
        age_eligible_from=eligible_from, age_eligible_until=eligible_until,
    )
    _keep_until(nominee, data.nominated_on, rules)
    nominee.consents.append(Consent(taken_by_id=by.id, given_at=data.consent.given_at,
                                    wording_version=data.consent.wording_version, method=data.consent.method,
                                    how=nfc(data.consent.how) if data.consent.how else None))
    nominee.events.append(NomineeEvent(stage=Stage.nominated, effective_on=data.nominated_on, by_id=by.id))
    session.add(nominee)
    session.flush()
    record_audit(session, actor=by.actor, action="nominee.create", entity="nominee", entity_id=nominee.id,
                 details={"enterprise_id": enterprise.id})
    return nominee


def nomination_warnings(nominee: Nominee, rules: Rules, today: dt.date) -> list[AdmissionWarning]:
    """What to tell at once when a worker is nominated: under age (with the day they become old enough) or past
    it. Neither stops the nomination: the class and the file take time, and over the age a higher committee decides."""
    return age_warnings(nominee.date_of_birth, today, rules)


def admission_warnings(nominee: Nominee, rules: Rules) -> list[AdmissionWarning]:
    """What the chi bộ's consideration leaves for a higher decision: over the age, schooling below the minimum."""
    if nominee.resolution_on is None:
        return []
    found = [w for w in age_warnings(nominee.date_of_birth, nominee.resolution_on, rules)
             if w is AdmissionWarning.over_age]
    return found + [w for w in education_warnings(nominee.education, nominee.resolution_on, rules)
                    if w is AdmissionWarning.education_below]


def read_nominee(session: Session, nominee_id: int, *, by: Member) -> Nominee:
    """The only way to read a named record: coordinators only, and every read is audited."""
    require_role(by, Role.coordinator)
    nominee = session.get(Nominee, nominee_id)
    if nominee is None:
        raise NotFound("Không tìm thấy hồ sơ này.")
    record_audit(session, actor=by.actor, action="nominee.read", entity="nominee", entity_id=nominee.id)
    return nominee


def allowed_moves(nominee: Nominee) -> list[Stage]:
    """The stages a coordinator may move the record to now: the next one (not after erasure), or stop."""
    if nominee.stage in (Stage.official, Stage.stopped):
        return []
    following = next_stage(nominee.stage)
    return ([following] if following and nominee.erased_at is None else []) + [Stage.stopped]


def move_stage(session: Session, nominee_id: int, change: StageChange, *, by: Member, rules: Rules) -> Nominee:
    nominee = read_nominee(session, nominee_id, by=by)
    if nominee.erased_at is not None and change.stage is not Stage.stopped:
        raise InvalidTransition("Hồ sơ đã xóa dữ liệu cá nhân; chỉ có thể dừng.")
    if change.stage not in allowed_moves(nominee):
        raise InvalidTransition("Không thể chuyển hồ sơ sang bước này từ bước hiện tại.")
    on = change.effective_on
    last_event = nominee.events[-1].effective_on if nominee.events else nominee.nominated_on
    if on < last_event:
        raise InvalidInput("Ngày của bước mới không thể trước bước trước.", field="effective_on")
    step = _STEPS.get(change.stage)
    if step is not None:
        step(session, nominee, change, rules, by)
    nominee.stage = change.stage
    _keep_until(nominee, on, rules)
    # An erased record keeps no note: the reason may name or describe the person again.
    nominee.events.append(NomineeEvent(stage=change.stage, effective_on=on, by_id=by.id,
                                       note=None if nominee.erased_at is not None else change.reason))
    session.flush()
    record_audit(session, actor=by.actor, action="nominee.stage", entity="nominee", entity_id=nominee.id,
                 details={"stage": change.stage.value})
    return nominee


def _certificate_still_valid(nominee: Nominee, on: dt.date) -> None:
    if nominee.certificate_expires_on and on > nominee.certificate_expires_on:
        raise InvalidInput("Giấy chứng nhận lớp bồi dưỡng nhận thức về Đảng đã hết hạn "
                           f"({nominee.certificate_expires_on:%d/%m/%Y}); cần học lại trước khi xét kết nạp.")


def _class_registered(session: Session, nominee: Nominee, change: StageChange, rules: Rules, by: Member) -> None:
    nominee.class_registered_on = change.effective_on


def _class_completed(session: Session, nominee: Nominee, change: StageChange, rules: Rules, by: Member) -> None:
    assert change.certificate_date is not None
    nominee.certificate_date = change.certificate_date
    nominee.certificate_expires_on = add_years(change.certificate_date,
                                               rules.value("certificate_valid_years", change.certificate_date))


def _application_filed(session: Session, nominee: Nominee, change: StageChange, rules: Rules, by: Member) -> None:
    nominee.application_on = change.effective_on


def _background_filed(session: Session, nominee: Nominee, change: StageChange, rules: Rules, by: Member) -> None:
    nominee.background_on = change.effective_on
    if change.education is not None:
        nominee.education = change.education


def _introducers_named(session: Session, nominee: Nominee, change: StageChange, rules: Rules, by: Member) -> None:
    nominee.introducers, nominee.introducers_named_on = change.introducers, change.effective_on
    nominee.introducer_kind = change.introducer_kind or IntroducerKind.two_members


def _background_verified(session: Session, nominee: Nominee, change: StageChange, rules: Rules, by: Member) -> None:
    nominee.verified_on = change.effective_on


def _resolution_passed(session: Session, nominee: Nominee, change: StageChange, rules: Rules, by: Member) -> None:
    """The chi bộ considers the admission: the age (in months) and the certificate are checked on its meeting day;
    the resolution needs the rules' share of the chi bộ's official members in favour."""
    on = change.effective_on
    _certificate_still_valid(nominee, on)
    if AdmissionWarning.under_age in age_warnings(nominee.date_of_birth, on, rules):
        raise InvalidInput(f"Đến ngày chi bộ xét ({on:%d/%m/%Y}), quần chúng chưa đủ "
                           f"{rules.value('admission_min_age', on)} tuổi (tính theo tháng); "
                           f"chi bộ xét được từ ngày {nominee.age_eligible_from:%d/%m/%Y}.")
    assert change.official_members is not None and change.votes_for is not None
    share = rules.share("admission_resolution_min_share", on)
    if change.votes_for < share * change.official_members:
        raise InvalidInput(f"Nghị quyết chưa đạt: cần ít nhất {share.numerator}/{share.denominator} số đảng viên "
                           f"chính thức của chi bộ tán thành ({change.votes_for}/{change.official_members}).")
    if change.education is not None:
        nominee.education = change.education
    nominee.resolution_on = on
    nominee.resolution_official_members, nominee.resolution_votes_for = change.official_members, change.votes_for


def _decided(session: Session, nominee: Nominee, change: StageChange, rules: Rules, by: Member) -> None:
    """The decision: the ceremony is due within the rules' working days of the chi bộ receiving it."""
    _certificate_still_valid(nominee, change.effective_on)
    if change.committee_on is not None:
        _committee_approved(nominee, change, rules)
    received = change.received_on or change.effective_on
    nominee.decision_number, nominee.decided_on, nominee.decision_received_on = (
        change.decision_number, change.effective_on, received)
    nominee.ceremony_due_on = rules.add_working_days(
        received, rules.value("admission_ceremony_working_days", received))


def _committee_approved(nominee: Nominee, change: StageChange, rules: Rules) -> None:
    """The đảng ủy cơ sở reviews the chi bộ's resolution: the rules' share of its committee members in favour."""
    on = change.committee_on
    assert on is not None and change.committee_members is not None and change.committee_votes_for is not None
    if nominee.resolution_on is not None and on < nominee.resolution_on:
        raise InvalidInput("Đảng ủy cơ sở không thể xét duyệt trước ngày chi bộ ra nghị quyết "
                           f"({nominee.resolution_on:%d/%m/%Y}).", field="committee_on")
    share = rules.share("admission_committee_min_share", on)
    if change.committee_votes_for < share * change.committee_members:
        raise InvalidInput(f"Đảng ủy cơ sở chưa đủ số tán thành: cần ít nhất {share.numerator}/{share.denominator} "
                           f"số cấp ủy viên ({change.committee_votes_for}/{change.committee_members}).",
                           field="committee_votes_for")
    nominee.committee_resolution_on = on
    nominee.committee_members, nominee.committee_votes_for = change.committee_members, change.committee_votes_for


def _admitted(session: Session, nominee: Nominee, change: StageChange, rules: Rules, by: Member) -> None:
    """The ceremony: probation runs from it; the chi bộ considers recognition within the rules' working days
    after it ends. The enterprise has one more probationary member."""
    on = change.effective_on
    if nominee.decision_received_on and on < nominee.decision_received_on:
        raise InvalidInput("Lễ kết nạp không thể trước ngày chi bộ nhận quyết định kết nạp.", field="effective_on")
    nominee.admitted_on = on
    nominee.probation_ends_on = add_months(on, rules.value("probation_months", on))
    nominee.recognition_due_on = rules.add_working_days(
        nominee.probation_ends_on, rules.value("recognition_working_days", nominee.probation_ends_on))
    member_counts.adjust(session, nominee.enterprise, probationary=1, on=on,
                         source=member_counts.CountSource.admission, source_id=nominee.id, by_id=by.id)


def _official(session: Session, nominee: Nominee, change: StageChange, rules: Rules, by: Member) -> None:
    """The chi bộ's meeting on recognition: official as of the end of probation, even when the meeting is late."""
    on = change.effective_on
    if nominee.probation_ends_on and on < nominee.probation_ends_on:
        months = rules.value("probation_months", nominee.admitted_on or on)
        raise InvalidInput(f"Chưa hết {months} tháng dự bị (đến {nominee.probation_ends_on:%d/%m/%Y}).")
    nominee.recognition_considered_on = on
    nominee.official_on = nominee.probation_ends_on or on
    member_counts.adjust(session, nominee.enterprise, official=1, probationary=-1, on=nominee.official_on,
                         source=member_counts.CountSource.recognition, source_id=nominee.id, by_id=by.id)


def _stopped(session: Session, nominee: Nominee, change: StageChange, rules: Rules, by: Member) -> None:
    if nominee.stage is Stage.admitted:
        # Not recognised: no longer a probationary member at the enterprise.
        member_counts.adjust(session, nominee.enterprise, probationary=-1, on=change.effective_on,
                             source=member_counts.CountSource.recognition, source_id=nominee.id, by_id=by.id)
    # An erased record is stopped without keeping why: the reason may name or describe the person again.
    nominee.stopped_on = change.effective_on
    nominee.stopped_reason = None if nominee.erased_at is not None else change.reason


_STEPS = {
    Stage.class_registered: _class_registered, Stage.class_completed: _class_completed,
    Stage.application_filed: _application_filed, Stage.background_filed: _background_filed,
    Stage.introducers_named: _introducers_named, Stage.background_verified: _background_verified,
    Stage.resolution_passed: _resolution_passed, Stage.decided: _decided, Stage.admitted: _admitted,
    Stage.official: _official, Stage.stopped: _stopped,
}


def _own_or_coordinator(session: Session, nominee_id: int, by: Member) -> Nominee:
    """The member who nominated the worker (they hold the paper form) or a coordinator; reads audited."""
    nominee = session.get(Nominee, nominee_id)
    if nominee is None:
        raise NotFound("Không tìm thấy hồ sơ này.")
    if not by.has_role(Role.coordinator):
        require_role(by, Role.member)
        if nominee.nominated_by_id != by.id:
            raise PermissionDenied("Chỉ người giới thiệu hồ sơ hoặc điều phối viên mới làm được việc này.")
    if nominee.erased_at is not None:
        raise InvalidTransition("Hồ sơ đã xóa dữ liệu cá nhân.")
    record_audit(session, actor=by.actor, action="nominee.read", entity="nominee", entity_id=nominee.id)
    return nominee


def consent_form_record(session: Session, nominee_id: int, *, by: Member) -> Nominee:
    """The record a printable consent form is made from (the worker's own data, for them to sign)."""
    nominee = _own_or_coordinator(session, nominee_id, by)
    record_audit(session, actor=by.actor, action="nominee.consent_form", entity="nominee", entity_id=nominee.id)
    return nominee


def attach_signed_form(session: Session, nominee_id: int, photo_ref: str, *, by: Member,
                       now: dt.datetime) -> Consent:
    """The photo of the consent form the worker signed: the record's consent can now be verified."""
    nominee = _own_or_coordinator(session, nominee_id, by)
    consent = next((c for c in reversed(nominee.consents) if c.withdrawn_at is None), None)
    if consent is None:
        raise ConsentRequired("Người lao động đã rút lại sự đồng ý; không thể đính kèm phiếu.")
    consent.form_photo_ref, consent.form_attached_at = photo_ref, now
    consent.method = ConsentMethod.signed_form
    session.flush()
    record_audit(session, actor=by.actor, action="nominee.consent_signed", entity="nominee", entity_id=nominee.id)
    return consent


# What identifies the worker, or leads back to them: their own details, the dates derived from the birth date
# (which give it back), the admission decision's number (it names them in the party's records), what
# coordinators wrote about them. Erasure nulls every one; a field added to the record that names or dates the
# person belongs here, so that erasure keeps erasing it.
PERSONAL_FIELDS = (
    "full_name", "date_of_birth", "position", "reason", "introducers", "trade_union_member", "youth_union_member",
    "age_eligible_from", "age_eligible_until", "decision_number", "stopped_reason", "education",
)


def _erase(session: Session, nominee: Nominee, now: dt.datetime) -> None:
    """Drop every personal field of the record (and the notes on its steps); the stage and the steps' dates
    stay, for the counts."""
    for name in PERSONAL_FIELDS:
        setattr(nominee, name, None)
    for event in nominee.events:
        event.note = None
    for consent in nominee.consents:
        consent.withdrawn_at = consent.withdrawn_at or now
        consent.form_photo_ref, consent.how = None, None   # the signed form names the worker
    nominee.erased_at = now
    nominee.erase_due_on = None
    delete_named_messages(session, "nominee", nominee.id, now=now)   # the cards it was shown on


def erase_personal_data(session: Session, nominee_id: int, *, by: Member, now: dt.datetime) -> Nominee:
    """On the person's request: drop what identifies them, keep the stage and dates for the counts."""
    nominee = read_nominee(session, nominee_id, by=by)
    _erase(session, nominee, now)
    record_audit(session, actor=by.actor, action="nominee.erase", entity="nominee", entity_id=nominee.id)
    return nominee


def keep_record(session: Session, nominee_id: int, *, by: Member, today: dt.date, rules: Rules) -> Nominee:
    """A coordinator still follows this record: the retention period starts again from today."""
    nominee = read_nominee(session, nominee_id, by=by)
    if nominee.erased_at is not None:
        raise InvalidTransition("Hồ sơ đã xóa dữ liệu cá nhân.")
    nominee.erase_due_on = None
    kept_until = _keep_until(nominee, today, rules)
    record_audit(session, actor=by.actor, action="nominee.keep", entity="nominee", entity_id=nominee.id,
                 details={"erase_due_on": kept_until.isoformat()})
    return nominee


def erase_expired(session: Session, *, today: dt.date, now: dt.datetime) -> list[int]:
    """The retention rule: records that never reached admission are erased on their day. Returns their numbers."""
    due = list(session.scalars(select(Nominee).where(Nominee.erased_at.is_(None), Nominee.erase_due_on <= today)
                               .order_by(Nominee.id)))
    for nominee in due:
        _erase(session, nominee, now)
        record_audit(session, actor="scheduler", action="nominee.erase", entity="nominee", entity_id=nominee.id,
                     details={"reason": "retention"})
    session.flush()
    return [nominee.id for nominee in due]


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
