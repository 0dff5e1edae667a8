"""Party-activity transfers and foundings of organisations in enterprises."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models import member_counts
from models.audit import record_audit, record_list_read
from models.base import Base, utcnow
from models.errors import Conflict, InvalidInput, NotFound, from_validation_error
from models.named_messages import delete_named_messages
from models.nominees import add_months
from models.people import Member, Role, require_role
from models.registry import Enterprise, PartyOrgStatus, eligibility, get_enterprise
from models.rules import Rules
from models.text import is_person_name, nfc


class Transfer(Base):
    """Members who move their party activity (chuyển sinh hoạt đảng), by name or as a count."""

    __tablename__ = "transfers"
    __table_args__ = (CheckConstraint("member_count >= 1", name="count_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    member_name: Mapped[str | None] = mapped_column(String(200))
    member_count: Mapped[int] = mapped_column(default=1)
    from_org: Mapped[str] = mapped_column(String(300))
    to_org: Mapped[str] = mapped_column(String(300))
    # The receiving body is the zones board's party body (or a chi bộ under it): once complete, the enterprise's
    # members attend there ("sinh hoạt ghép").
    to_zones_party_body: Mapped[bool] = mapped_column(default=False)
    moved_on: Mapped[dt.date]                      # when the member(s) moved to the enterprise
    begin_by: Mapped[dt.date] = mapped_column(index=True)   # rule: begin the transfer within N working days
    letter_issued_on: Mapped[dt.date | None]
    letter_due_on: Mapped[dt.date | None] = mapped_column(index=True)  # rule: present the letter within N working days
    letter_presented_on: Mapped[dt.date | None]
    completed_on: Mapped[dt.date | None]
    # A temporary transfer (chuyển sinh hoạt tạm thời): the member attends here for a period, and stays counted
    # where they officially belong; its limits and deadlines are the rules' `temporary_transfer_*` entries.
    temporary: Mapped[bool] = mapped_column(default=False)
    temporary_from: Mapped[dt.date | None]
    temporary_until: Mapped[dt.date | None] = mapped_column(index=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # The moving member's name was erased (on their request, or once no longer needed): the transfer stays, as one.
    name_erased_at: Mapped[dt.datetime | None]

    enterprise: Mapped[Enterprise] = relationship(lazy="joined")


class OrgKind(str, enum.Enum):
    party_org = "party_org"
    trade_union = "trade_union"
    youth_union = "youth_union"
    veterans = "veterans"


class PartyOrgKind(str, enum.Enum):
    """The kind of party organisation founded (Điều lệ Đảng, Điều 21)."""

    chi_bo = "chi_bo"                        # chi bộ cơ sở
    dang_bo = "dang_bo"                      # đảng bộ cơ sở
    chi_bo_truc_thuoc = "chi_bo_truc_thuoc"  # chi bộ trực thuộc đảng ủy cơ sở: that đảng ủy decides


class Founding(Base):
    __tablename__ = "foundings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: an organisation not tied to one enterprise (item 1.4's chi bộ under the zones board's đảng ủy).
    enterprise_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    kind: Mapped[OrgKind] = mapped_column(Enum(OrgKind, native_enum=False, length=20))
    party_org_kind: Mapped[PartyOrgKind | None] = mapped_column(Enum(PartyOrgKind, native_enum=False, length=20))
    org_name: Mapped[str | None] = mapped_column(String(300))
    parent: Mapped[str | None] = mapped_column(String(300))          # a chi bộ trực thuộc: its đảng ủy cơ sở
    deciding_body: Mapped[str | None] = mapped_column(String(300))   # who decided, as named on that date
    decision_number: Mapped[str] = mapped_column(String(100))
    decided_on: Mapped[dt.date] = mapped_column(index=True)
    members_at_founding: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    enterprise: Mapped[Enterprise | None] = relationship(lazy="joined")


class TransferInput(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    enterprise_id: int = Field(gt=0)
    member_name: str | None = Field(default=None, max_length=200)
    member_count: int = Field(default=1, ge=1, le=1000)
    from_org: str = Field(min_length=2, max_length=300)
    to_org: str = Field(min_length=2, max_length=300)
    to_zones_party_body: bool = False
    moved_on: dt.date
    letter_issued_on: dt.date | None = None
    letter_presented_on: dt.date | None = None
    temporary: bool = False
    temporary_until: dt.date | None = None   # a temporary transfer: the last day of its period (from moved_on)

    @field_validator("member_name", "from_org", "to_org", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        return nfc(value) or None if isinstance(value, str) else value

    @field_validator("member_name")
    @classmethod
    def _a_name(cls, value: str | None) -> str | None:
        if value is not None and not is_person_name(value):
            raise ValueError("Họ và tên chỉ gồm chữ cái")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> TransferInput:
        if self.member_name and self.member_count != 1:
            raise ValueError("Khi ghi tên đảng viên thì số lượng là 1")
        if self.letter_issued_on and self.letter_issued_on < self.moved_on:
            raise ValueError("Ngày giới thiệu không thể trước ngày chuyển đến")
        if self.letter_presented_on and (not self.letter_issued_on or self.letter_presented_on < self.letter_issued_on):
            raise ValueError("Ngày xuất trình giấy giới thiệu không thể trước ngày cấp")
        if self.temporary and (self.temporary_until is None or self.temporary_until <= self.moved_on):
            raise ValueError("Chuyển sinh hoạt tạm thời cần ngày kết thúc sau ngày chuyển đến")
        if not self.temporary and self.temporary_until is not None:
            raise ValueError("Chỉ chuyển sinh hoạt tạm thời mới có ngày kết thúc")
        return self


class FoundingInput(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    enterprise_id: int | None = Field(default=None, gt=0)
    kind: OrgKind
    party_org_kind: PartyOrgKind | None = None   # None: worked out from the counts (chi bộ or đảng bộ cơ sở)
    org_name: str | None = Field(default=None, min_length=3, max_length=300)
    parent: str | None = Field(default=None, min_length=3, max_length=300)
    deciding_body: str | None = Field(default=None, min_length=3, max_length=300)
    decision_number: str = Field(min_length=1, max_length=100)
    decided_on: dt.date
    members_at_founding: int | None = Field(default=None, ge=1, le=100_000)
    note: str | None = Field(default=None, max_length=2000)

    @field_validator("org_name", "parent", "deciding_body", "note", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        return nfc(value) or None if isinstance(value, str) else value

    @model_validator(mode="after")
    def _where_and_under_whom(self) -> FoundingInput:
        if self.enterprise_id is None and (self.kind is not OrgKind.party_org or not self.org_name):
            raise ValueError("Tổ chức không gắn với một doanh nghiệp cần là tổ chức đảng và có tên")
        if self.party_org_kind is not None and self.kind is not OrgKind.party_org:
            raise ValueError("Loại tổ chức đảng chỉ ghi cho tổ chức đảng")
        if self.party_org_kind is PartyOrgKind.chi_bo_truc_thuoc and not self.parent:
            raise ValueError("Chi bộ trực thuộc cần ghi đảng ủy cơ sở cấp trên")
        return self


def parse_transfer(data: dict[str, Any]) -> TransferInput:
    try:
        return TransferInput.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None


def parse_founding(data: dict[str, Any]) -> FoundingInput:
    try:
        return FoundingInput.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None


def rule_name(temporary: bool, step: str) -> str:
    """The rules' entry for a step's working days: a temporary transfer has its own (unverified) entries."""
    return f"{'temporary_' if temporary else ''}transfer_{step}_working_days"


def _check_temporary_period(data: TransferInput, rules: Rules) -> None:
    """A temporary transfer lasts from `temporary_transfer_min_months` to under `temporary_transfer_max_months`."""
    if not data.temporary or data.temporary_until is None:
        return
    shortest = rules.value("temporary_transfer_min_months", data.moved_on)
    longest = rules.value("temporary_transfer_max_months", data.moved_on)
    if data.temporary_until < add_months(data.moved_on, shortest):
        raise InvalidInput(f"Chuyển sinh hoạt tạm thời từ {shortest} tháng trở lên; thời gian ngắn hơn không cần "
                           "chuyển sinh hoạt.")
    if data.temporary_until >= add_months(data.moved_on, longest):
        raise InvalidInput(f"Chuyển sinh hoạt tạm thời dưới {longest} tháng; dài hơn thì chuyển chính thức.")


def record_transfer(session: Session, data: TransferInput, *, by: Member, rules: Rules) -> Transfer:
    require_role(by, Role.member)
    enterprise = get_enterprise(session, data.enterprise_id)
    _check_temporary_period(data, rules)
    transfer = Transfer(
        enterprise=enterprise, member_name=data.member_name, member_count=data.member_count,
        from_org=data.from_org, to_org=data.to_org, to_zones_party_body=data.to_zones_party_body,
        moved_on=data.moved_on,
        begin_by=rules.add_working_days(data.moved_on,
                                        rules.value(rule_name(data.temporary, "begin"), data.moved_on)),
        letter_issued_on=data.letter_issued_on, letter_presented_on=data.letter_presented_on,
        temporary=data.temporary, temporary_from=data.moved_on if data.temporary else None,
        temporary_until=data.temporary_until, recorded_by_id=by.id,
    )
    if data.letter_issued_on:
        transfer.letter_due_on = rules.add_working_days(
            data.letter_issued_on, rules.value(rule_name(data.temporary, "letter"), data.letter_issued_on))
    session.add(transfer)
    session.flush()
    if data.letter_presented_on:
        _complete(session, transfer, data.letter_presented_on, by=by)
    record_audit(session, actor=by.actor, action="transfer.create", entity="transfer", entity_id=transfer.id,
                 details={"enterprise_id": enterprise.id, "count": data.member_count})
    return transfer


def get_transfer(session: Session, transfer_id: int) -> Transfer:
    transfer = session.get(Transfer, transfer_id)
    if transfer is None:
        raise NotFound("Không tìm thấy việc chuyển sinh hoạt đảng này.")
    return transfer


def audit_names_shown(session: Session, transfers: Sequence[Transfer], *, by: Member) -> None:
    """A moving party member's name is personal data: each time names are shown, record who saw which."""
    named = [transfer.id for transfer in transfers if transfer.member_name]
    if named:
        record_list_read(session, actor=by.actor, action="transfer.read", entity="transfer", ids=named)


def erase_transfer_name(session: Session, transfer_id: int, *, by: Member, now: dt.datetime) -> Transfer:
    """A moving party member's name is political data: erased on their request, or once the transfer no longer
    needs it. The transfer stays (one member, its organisations and dates) for the counts and the deadlines."""
    require_role(by, Role.coordinator)
    transfer = get_transfer(session, transfer_id)
    if transfer.member_name is None:
        raise Conflict("Việc chuyển sinh hoạt này không ghi tên, hoặc tên đã được xóa.")
    transfer.member_name = None
    transfer.name_erased_at = now
    delete_named_messages(session, "transfer", transfer.id, now=now)   # the cards and lists that showed it
    session.flush()
    record_audit(session, actor=by.actor, action="transfer.erase_name", entity="transfer", entity_id=transfer.id)
    return transfer


def pending_transfers(session: Session) -> list[Transfer]:
    """Transfers whose letter has not been presented yet, the nearest deadline first."""
    return list(session.scalars(
        select(Transfer).where(Transfer.completed_on.is_(None))
        .order_by(func.coalesce(Transfer.letter_due_on, Transfer.begin_by), Transfer.id)))


def record_letter_issued(session: Session, transfer_id: int, issued_on: dt.date, *, by: Member,
                         rules: Rules) -> Transfer:
    """The introduction letter was issued: the clock to present it starts (working days, from the rules)."""
    require_role(by, Role.coordinator)
    transfer = get_transfer(session, transfer_id)
    if transfer.completed_on is not None:
        raise Conflict("Việc chuyển sinh hoạt này đã hoàn thành.")
    if issued_on < transfer.moved_on:
        raise InvalidInput("Ngày cấp giấy giới thiệu không thể trước ngày chuyển đến.")
    transfer.letter_issued_on = issued_on
    transfer.letter_due_on = rules.add_working_days(
        issued_on, rules.value(rule_name(transfer.temporary, "letter"), issued_on))
    session.flush()
    record_audit(session, actor=by.actor, action="transfer.letter_issued", entity="transfer", entity_id=transfer.id)
    return transfer


def record_letter_presented(session: Session, transfer_id: int, presented_on: dt.date, *, by: Member) -> Transfer:
    """The letter reached the receiving chi ủy: the transfer is complete."""
    require_role(by, Role.coordinator)
    transfer = get_transfer(session, transfer_id)
    if transfer.completed_on is not None:
        raise Conflict("Việc chuyển sinh hoạt này đã hoàn thành.")
    if transfer.letter_issued_on is None:
        raise InvalidInput("Chưa ghi ngày cấp giấy giới thiệu.")
    if presented_on < transfer.letter_issued_on:
        raise InvalidInput("Ngày xuất trình giấy giới thiệu không thể trước ngày cấp.")
    transfer.letter_presented_on = presented_on
    _complete(session, transfer, presented_on, by=by)
    session.flush()
    record_audit(session, actor=by.actor, action="transfer.completed", entity="transfer", entity_id=transfer.id)
    return transfer


def _complete(session: Session, transfer: Transfer, on: dt.date, *, by: Member) -> None:
    """The letter reached the receiving body: the members attend there. At the zones board's party body, an
    enterprise without its own organisation is now "sinh hoạt ghép"; its counts hold at least these members.
    A temporary transfer changes neither: the members are still counted where they officially belong."""
    transfer.completed_on = on
    if transfer.temporary:
        return   # a temporary member stays counted where they officially belong
    enterprise = transfer.enterprise
    if transfer.to_zones_party_body and not enterprise.has_party_org:
        enterprise.party_org_status = PartyOrgStatus.members_elsewhere
    known = (enterprise.official_members or 0) + (enterprise.probationary_members or 0)
    if known < transfer.member_count:
        member_counts.adjust(session, enterprise, official=transfer.member_count - known, on=on,
                             source=member_counts.CountSource.transfer, source_id=transfer.id, by_id=by.id)


def record_founding(session: Session, data: FoundingInput, *, by: Member, rules: Rules) -> Founding:
    """A founding decision: the enterprise's status follows at once."""
    require_role(by, Role.coordinator)
    if data.enterprise_id is None:
        enterprise = None
    else:
        enterprise = get_enterprise(session, data.enterprise_id)
        already = session.scalar(select(Founding).where(Founding.enterprise_id == enterprise.id,
                                                        Founding.kind == data.kind))
        if already is not None:
            raise Conflict(f"Đã ghi quyết định thành lập số {already.decision_number} cho tổ chức này.")
    party_org_kind, count_change = data.party_org_kind, None
    if data.kind is OrgKind.party_org and enterprise is not None:
        official = data.members_at_founding or enterprise.official_members
        if official < rules.value("party_org_min_official_members", data.decided_on):
            raise InvalidInput("Chưa đủ số đảng viên chính thức để thành lập tổ chức đảng.")
        if official > enterprise.official_members:
            count_change = member_counts.set_counts(
                session, enterprise, official=official, probationary=None, on=data.decided_on,
                source=member_counts.CountSource.founding, by_id=by.id)
        if party_org_kind is None:
            kind = eligibility(enterprise, rules, data.decided_on).party_org_kind
            party_org_kind = PartyOrgKind.dang_bo if kind == "dang_bo" else PartyOrgKind.chi_bo
        enterprise.party_org_status = PartyOrgStatus(party_org_kind.value)
        enterprise.party_org_parent = data.parent if party_org_kind is PartyOrgKind.chi_bo_truc_thuoc else None
        enterprise.party_org_founded_on = data.decided_on
    elif enterprise is not None:
        setattr(enterprise, f"has_{data.kind.value}", True)
        setattr(enterprise, f"{data.kind.value}_founded_on", data.decided_on)
        if data.kind is OrgKind.trade_union and data.members_at_founding:
            enterprise.trade_union_members = data.members_at_founding
        if data.kind is OrgKind.youth_union and data.members_at_founding:
            enterprise.youth_union_members = data.members_at_founding
        if data.kind is OrgKind.veterans and data.members_at_founding:
            enterprise.veterans_members = data.members_at_founding
    founding = Founding(enterprise=enterprise, kind=data.kind, party_org_kind=party_org_kind,
                        org_name=data.org_name, parent=data.parent, deciding_body=data.deciding_body,
                        decision_number=data.decision_number, decided_on=data.decided_on,
                        members_at_founding=data.members_at_founding, note=data.note, recorded_by_id=by.id)
    session.add(founding)
    session.flush()
    if count_change is not None:
        count_change.source_id = founding.id
    record_audit(session, actor=by.actor, action="founding.create", entity="founding", entity_id=founding.id,
                 details={"enterprise_id": enterprise.id if enterprise else None, "kind": data.kind.value})
    return founding
