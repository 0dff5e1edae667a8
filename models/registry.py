"""Industrial zones and enterprises: the registry the delegation works through, and its eligibility rules."""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, Text, bindparam, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from models import member_counts
from models.audit import record_audit
from models.base import Base, utcnow
from models.errors import Conflict, NotFound, from_validation_error
from models.rules import Rules
from models.text import fold, nfc

TAX_CODE_PATTERN = re.compile(r"^\d{10}(-\d{3})?$")


class Ownership(str, enum.Enum):
    domestic = "domestic"
    foreign = "foreign"


class PartyOrgStatus(str, enum.Enum):
    none = "none"                # no party member known, or not reviewed yet
    members_elsewhere = "members_elsewhere"  # sinh hoạt ghép: members attend the zones board's party body
    chi_bo = "chi_bo"            # own chi bộ cơ sở
    dang_bo = "dang_bo"          # own đảng bộ cơ sở
    chi_bo_truc_thuoc = "chi_bo_truc_thuoc"  # own chi bộ under a đảng ủy cơ sở (its parent, `party_org_parent`)


# The enterprise has a party organisation of its own.
HAS_PARTY_ORG = (PartyOrgStatus.chi_bo, PartyOrgStatus.dang_bo, PartyOrgStatus.chi_bo_truc_thuoc)


class OwnerStance(str, enum.Enum):
    """The owner's or director's stance on founding party and mass organisations, as a visit found it."""

    agrees = "agrees"
    hesitant = "hesitant"
    declines = "declines"


class IndustrialZone(Base):
    __tablename__ = "industrial_zones"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    name_folded: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    enterprises: Mapped[list[Enterprise]] = relationship(back_populates="zone")


class Enterprise(Base):
    __tablename__ = "enterprises"
    __table_args__ = (
        CheckConstraint("employees IS NULL OR employees >= 0", name="employees_not_negative"),
        CheckConstraint("official_members >= 0", name="official_not_negative"),
        CheckConstraint("probationary_members >= 0", name="probationary_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_folded: Mapped[str] = mapped_column(String(300), index=True)
    tax_code: Mapped[str] = mapped_column(String(14), unique=True)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("industrial_zones.id"), index=True)
    address: Mapped[str | None] = mapped_column(String(500))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    ownership: Mapped[Ownership] = mapped_column(Enum(Ownership, native_enum=False, length=20),
                                                 default=Ownership.domestic)
    country: Mapped[str | None] = mapped_column(String(100))
    employees: Mapped[int | None]
    official_members: Mapped[int] = mapped_column(default=0)
    probationary_members: Mapped[int] = mapped_column(default=0)
    party_org_status: Mapped[PartyOrgStatus] = mapped_column(
        Enum(PartyOrgStatus, native_enum=False, length=30), default=PartyOrgStatus.none
    )
    party_org_founded_on: Mapped[dt.date | None]
    party_org_parent: Mapped[str | None] = mapped_column(String(300))   # a chi bộ trực thuộc: its đảng ủy cơ sở
    owner_stance: Mapped[OwnerStance | None] = mapped_column(Enum(OwnerStance, native_enum=False, length=20))
    owner_stance_on: Mapped[dt.date | None]
    has_trade_union: Mapped[bool] = mapped_column(default=False)
    trade_union_founded_on: Mapped[dt.date | None]
    trade_union_members: Mapped[int | None]
    has_youth_union: Mapped[bool] = mapped_column(default=False)
    youth_union_founded_on: Mapped[dt.date | None]
    youth_union_members: Mapped[int | None]
    has_veterans: Mapped[bool] = mapped_column(default=False)
    veterans_founded_on: Mapped[dt.date | None]
    veterans_members: Mapped[int | None]
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Indexed: the search index checks max(updated_at) before every search to know whether to rebuild.
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    zone: Mapped[IndustrialZone | None] = relationship(back_populates="enterprises", lazy="joined")

    @property
    def has_party_org(self) -> bool:
        return self.party_org_status in HAS_PARTY_ORG


def normalise_tax_code(raw: object) -> str:
    """Tax codes are text: keep leading zeros and the -001 branch suffix, also when Excel stored a number."""
    if raw is None:
        raise ValueError("Mã số thuế không được để trống")
    if isinstance(raw, bool):
        raise ValueError("Mã số thuế không hợp lệ")
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError("Mã số thuế không hợp lệ")
        raw = int(raw)
    if isinstance(raw, int):
        text = str(raw)
        # Excel drops the leading zero of codes such as 0600123456 and 0600123456001 (a branch);
        # province codes never start with 00, so exactly one zero can be missing.
        if len(text) in (9, 12):
            text = "0" + text
    else:
        text = nfc(str(raw)).replace(" ", "").replace(".", "")
        if text.endswith("-") or not text:
            raise ValueError("Mã số thuế không được để trống")
    if re.fullmatch(r"\d{13}", text):
        text = f"{text[:10]}-{text[10:]}"
    if not TAX_CODE_PATTERN.match(text):
        raise ValueError(f"Mã số thuế '{raw}' không đúng dạng 10 chữ số (hoặc 10 chữ số và -XXX cho chi nhánh)")
    return text


class EnterpriseInput(BaseModel):
    """What creating or updating an enterprise takes; the same schema serves chat, CLI and import."""

    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=2, max_length=300)
    tax_code: str
    zone: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    ownership: Ownership = Ownership.domestic
    country: str | None = Field(default=None, max_length=100)
    employees: int | None = Field(default=None, ge=0, le=1_000_000)
    official_members: int = Field(default=0, ge=0, le=100_000)
    probationary_members: int = Field(default=0, ge=0, le=100_000)
    party_org_status: PartyOrgStatus | None = None
    has_trade_union: bool | None = None
    trade_union_founded_on: dt.date | None = None
    has_youth_union: bool | None = None
    youth_union_founded_on: dt.date | None = None
    has_veterans: bool | None = None
    veterans_founded_on: dt.date | None = None

    @field_validator("tax_code", mode="before")
    @classmethod
    def _tax_code(cls, value: object) -> str:
        return normalise_tax_code(value)

    @field_validator("name", "zone", "address", "country", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        return nfc(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _coordinates_together(self) -> EnterpriseInput:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("Vĩ độ và kinh độ phải có cả hai hoặc không có")
        if self.ownership is Ownership.foreign and not self.country:
            raise ValueError("Doanh nghiệp có vốn nước ngoài cần ghi rõ quốc gia")
        return self


def parse_enterprise(data: dict[str, Any]) -> EnterpriseInput:
    try:
        return EnterpriseInput.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None


def get_or_create_zone(session: Session, name: str) -> IndustrialZone:
    name = nfc(name)
    key = fold(name)
    # "KCN Hòa Xá" and "Hòa Xá" are one zone.
    bare = re.sub(r"^(khu cong nghiep|kcn)\s+", "", key)
    for zone in session.scalars(select(IndustrialZone)):
        if re.sub(r"^(khu cong nghiep|kcn)\s+", "", zone.name_folded) == bare:
            return zone
    zone = IndustrialZone(name=name, name_folded=key)
    session.add(zone)
    session.flush()
    return zone


def get_enterprise(session: Session, enterprise_id: int) -> Enterprise:
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound("Không tìm thấy doanh nghiệp này.")
    return enterprise


_ENTERPRISE_NAME = select(Enterprise.name).where(Enterprise.id == bindparam("name_of_enterprise_id"))


def enterprise_name(session: Session, enterprise_id: int) -> str:
    """Only the name (a form's summary shows it on every display), without loading the record and its zone."""
    name = session.scalar(_ENTERPRISE_NAME, {"name_of_enterprise_id": enterprise_id})
    if name is None:
        raise NotFound("Không tìm thấy doanh nghiệp này.")
    return name


def find_by_tax_code(session: Session, tax_code: str) -> Enterprise | None:
    return session.scalar(select(Enterprise).where(Enterprise.tax_code == tax_code))


_FIELDS_COPIED = (
    "address", "latitude", "longitude", "ownership", "country", "employees",
    "official_members", "probationary_members",
)


def assigned_values(data: EnterpriseInput, fields_set: set[str]) -> dict[str, object]:
    """The columns (all but the zone) that `data` sets on an enterprise: what was given, nothing else.

    A founding date implies the organisation exists unless `has_…` says otherwise. Shared by the one-record
    writes below and the registry import's bulk writes, so the two cannot drift apart.
    """
    values: dict[str, object] = {"name": data.name, "name_folded": fold(data.name)}
    for name in _FIELDS_COPIED:
        if name in fields_set:
            values[name] = getattr(data, name)
    for org in ("trade_union", "youth_union", "veterans"):
        has, founded = f"has_{org}", f"{org}_founded_on"
        if getattr(data, founded) is not None:
            values[founded] = getattr(data, founded)
            values[has] = True
        if getattr(data, has) is not None:
            values[has] = getattr(data, has)
    if data.party_org_status is not None:
        values["party_org_status"] = data.party_org_status
    return values


def _apply(session: Session, enterprise: Enterprise, data: EnterpriseInput, fields_set: set[str]) -> None:
    for name, value in assigned_values(data, fields_set).items():
        setattr(enterprise, name, value)
    if "zone" in fields_set:
        enterprise.zone = get_or_create_zone(session, data.zone) if data.zone else None


def _counts_imported(session: Session, enterprise: Enterprise, data: EnterpriseInput, fields_set: set[str],
                     on: dt.date) -> None:
    """Counts given by an import are one more change of the enterprise's counts, with its source."""
    given = {"official_members", "probationary_members"} & fields_set
    if not given:
        return
    member_counts.set_counts(
        session, enterprise, on=on, source=member_counts.CountSource.imported,
        official=data.official_members if "official_members" in given else None,
        probationary=data.probationary_members if "probationary_members" in given else None)


def create_enterprise(session: Session, data: EnterpriseInput, *, actor: str) -> Enterprise:
    if find_by_tax_code(session, data.tax_code) is not None:
        raise Conflict(f"Đã có doanh nghiệp với mã số thuế {data.tax_code}.", field="tax_code")
    enterprise = Enterprise(tax_code=data.tax_code, official_members=0, probationary_members=0)
    session.add(enterprise)
    _apply(session, enterprise, data, data.model_fields_set | {"zone"})
    session.flush()
    if enterprise.official_members or enterprise.probationary_members:
        # The counts it starts with, before anything else happened to it.
        _counts_imported(session, enterprise, data, data.model_fields_set, dt.date.min)
    record_audit(session, actor=actor, action="enterprise.create", entity="enterprise", entity_id=enterprise.id)
    return enterprise


def update_enterprise(session: Session, enterprise_id: int, data: EnterpriseInput, *, actor: str,
                      on: dt.date | None = None) -> Enterprise:
    enterprise = get_enterprise(session, enterprise_id)
    other = find_by_tax_code(session, data.tax_code)
    if other is not None and other.id != enterprise.id:
        raise Conflict(f"Mã số thuế {data.tax_code} đã thuộc về {other.name}.", field="tax_code")
    enterprise.tax_code = data.tax_code
    before = (enterprise.official_members, enterprise.probationary_members)
    _apply(session, enterprise, data, data.model_fields_set)
    session.flush()
    if (enterprise.official_members, enterprise.probationary_members) != before:
        _counts_imported(session, enterprise, data, data.model_fields_set, on or dt.date.today())
    record_audit(session, actor=actor, action="enterprise.update", entity="enterprise", entity_id=enterprise.id,
                 details={"fields": sorted(data.model_fields_set)})
    return enterprise


def upsert_enterprise(session: Session, data: EnterpriseInput, *, actor: str,
                      on: dt.date | None = None) -> tuple[Enterprise, bool]:
    """Create or update by tax code; returns (enterprise, created)."""
    existing = find_by_tax_code(session, data.tax_code)
    if existing is None:
        return create_enterprise(session, data, actor=actor), True
    return update_enterprise(session, existing.id, data, actor=actor, on=on), False


@dataclass(frozen=True)
class Eligibility:
    """What the enterprise may found, computed from its counts and the rules in force."""

    may_found_party_org: bool
    party_org_kind: str | None     # "chi_bo" or "dang_bo" when it may found one
    elects_chi_uy: bool
    members_should_transfer: bool  # has members but too few: they attend the zones board's party body
    may_found_trade_union: bool    # may be campaigned for: enough workers, who still have to apply voluntarily
    may_found_youth_union: bool
    may_found_veterans: bool
    official_needed: int           # official members still missing to found a party organisation


def eligibility(enterprise: Enterprise, rules: Rules, on: dt.date | None = None) -> Eligibility:
    """The founding (3) and chi ủy (9) thresholds count official members; the đảng bộ threshold (30) counts
    every member, probationary ones included (Điều lệ Đảng, Điều 21)."""
    official = enterprise.official_members or 0
    everyone = official + (enterprise.probationary_members or 0)
    found_min = rules.value("party_org_min_official_members", on)
    chi_uy_min = rules.value("chi_uy_min_official_members", on)
    dang_bo_min = rules.value("dang_bo_min_members", on)
    union_min = rules.value("trade_union_min_members", on)
    youth_min = rules.value("youth_union_min_members", on)
    veterans_min = rules.value("veterans_min_members", on)
    may_found = not enterprise.has_party_org and official >= found_min
    union_base = max(enterprise.trade_union_members or 0, enterprise.employees or 0)
    return Eligibility(
        may_found_party_org=may_found,
        party_org_kind=("dang_bo" if everyone >= dang_bo_min else "chi_bo") if official >= found_min else None,
        elects_chi_uy=official >= chi_uy_min,
        members_should_transfer=not enterprise.has_party_org and 0 < everyone and official < found_min,
        may_found_trade_union=not enterprise.has_trade_union and union_base >= union_min,
        may_found_youth_union=not enterprise.has_youth_union and (enterprise.youth_union_members or 0) >= youth_min,
        may_found_veterans=not enterprise.has_veterans and (enterprise.veterans_members or 0) >= veterans_min,
        official_needed=max(0, found_min - official),
    )
