"""The bodies the bot names, as dated data (`bodies.yaml`, or a file of the operator's): "the name of body X on
date D".

A role ("party_body", "founding_decider", …) is filled by one body at a time; its entries say from which date
which body, so a document keeps the names of its own date after a reorganisation, and a role may end. A zone
or an enterprise (by tax code) may override a role from a date of its own, and a plan may too (its file's
`bodies:` section, stored with the plan): the enterprise wins over the zone, the zone over the plan, the plan
over the file's roles.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from models.errors import InvalidInput
from models.text import fold, nfc

DEFAULT_BODIES_FILE = Path(__file__).with_name("bodies.yaml")

# The roles the software itself names; a file must give each of them.
PROVINCE = "province"
PARTY_BODY = "party_body"
ZONES_BOARD = "zones_board"
ZONES_PARTY_BODY = "zones_party_body"
FOUNDING_DECIDER = "founding_decider"
TRANSFER_RECEIVER = "transfer_receiver"
CLASS_ORGANISER = "class_organiser"
PROVINCIAL_COMMITTEE = "provincial_committee"
PROVINCIAL_GOVERNMENT = "provincial_government"
DEPARTMENT_EXAMPLE = "department_example"
DEPARTMENT_EXAMPLE_OTHER = "department_example_other"
# Optional roles: a bodies file without them names no such body.
YOUTH_UNION_GUIDE = "youth_union_guide"
ZONES_YOUTH_UNION = "zones_youth_union"
ZONES_TRADE_UNION = "zones_trade_union"
REQUIRED_ROLES = (PROVINCE, PARTY_BODY, ZONES_BOARD, ZONES_PARTY_BODY, FOUNDING_DECIDER, TRANSFER_RECEIVER,
                  CLASS_ORGANISER, PROVINCIAL_COMMITTEE, PROVINCIAL_GOVERNMENT, DEPARTMENT_EXAMPLE,
                  DEPARTMENT_EXAMPLE_OTHER)

_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?:\.(short))?\}")


class BodyEntry(BaseModel):
    """One body filling a role from a date."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)

    from_: dt.date = Field(alias="from")
    name: str | None = Field(min_length=1, max_length=300)   # None: the role ends on this date
    short: str | None = Field(default=None, max_length=300)
    superior: str | None = Field(default=None, max_length=300)
    signer_title: str | None = Field(default=None, max_length=100)
    authority: str | None = Field(default=None, max_length=200)
    signer: str | None = Field(default=None, max_length=200)
    note: str = ""

    @field_validator("*", mode="before")
    @classmethod
    def _nfc(cls, value: object) -> object:
        return nfc(value) if isinstance(value, str) else value


Entries = list[BodyEntry]


def _sorted(entries: Sequence[BodyEntry]) -> list[BodyEntry]:
    return sorted(entries, key=lambda e: e.from_)


class BodiesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    roles: dict[str, Entries]
    default_issuers: list[str] = Field(default_factory=lambda: [PARTY_BODY, ZONES_BOARD], min_length=1)
    zones: dict[str, dict[str, Entries]] = Field(default_factory=dict)
    enterprises: dict[str, dict[str, Entries]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> BodiesFile:
        problems = [f"roles.{role}: thiếu — missing" for role in REQUIRED_ROLES if role not in self.roles]
        problems += [f"roles.{role}: chưa có tên nào — no entries" for role, entries in self.roles.items()
                     if not entries]
        known = set(self.roles)
        problems += [f"default_issuers: '{role}' không có trong roles — unknown role"
                     for role in self.default_issuers if role not in known]
        for section, overrides in (("zones", self.zones), ("enterprises", self.enterprises)):
            for key, roles in overrides.items():
                problems += [f"{section}.{key}.{role}: không có trong roles — unknown role"
                             for role in roles if role not in known]
        if problems:
            raise ValueError("\n".join(problems))
        return self


@dataclass(frozen=True)
class Body:
    """The body filling a role on a date."""

    role: str
    name: str | None             # None: the role had ended by that date
    short: str | None
    superior: str | None
    signer_title: str | None
    authority: str | None
    signer: str | None
    since: dt.date
    note: str = ""

    @property
    def short_name(self) -> str:
        """The name after its first mention in a text ("Đảng ủy Khối")."""
        return self.short or self.name or ""


class BodiesFileError(InvalidInput):
    """A bodies file that cannot be read; every problem listed."""


class Bodies:
    """Names of bodies by role and date; built once from a file and shared (read-only)."""

    def __init__(self, data: BodiesFile) -> None:
        self.data = data
        self._roles = {role: _sorted(entries) for role, entries in data.roles.items()}
        self._zones = {fold(zone): {role: _sorted(e) for role, e in roles.items()}
                       for zone, roles in data.zones.items()}
        self._enterprises = {code.strip(): {role: _sorted(e) for role, e in roles.items()}
                             for code, roles in data.enterprises.items()}

    @property
    def roles(self) -> list[str]:
        return list(self._roles)

    @property
    def default_issuers(self) -> list[str]:
        return list(self.data.default_issuers)

    def at(self, role: str, on: dt.date, *, zone: str | None = None, tax_code: str | None = None,
           plan: Mapping[str, Sequence[BodyEntry]] | None = None) -> Body:
        """The body filling `role` on `on`: an enterprise's own, else its zone's, else the plan's, else the file's."""
        if role not in self._roles:
            raise KeyError(f"unknown body role '{role}'")
        for overrides in (self._enterprises.get((tax_code or "").strip()), self._zones.get(fold(zone or "")),
                          plan):
            entries = (overrides or {}).get(role)
            if entries and (entry := _in_force(_sorted(entries), on, before_first=False)) is not None:
                return _body(role, entry)
        entry = _in_force(self._roles[role], on, before_first=True)
        assert entry is not None
        return _body(role, entry)

    def optional_name(self, role: str, on: dt.date, **where: Any) -> str:
        """An optional role's name on `on`: "" where the file has no such role, or it has ended."""
        return self.name(role, on, **where) if role in self._roles else ""

    def name(self, role: str, on: dt.date, **where: Any) -> str:
        """The body's name on `on` ("" once the role has ended)."""
        return self.at(role, on, **where).name or ""

    def short(self, role: str, on: dt.date, **where: Any) -> str:
        return self.at(role, on, **where).short_name

    def names(self, on: dt.date, **where: Any) -> dict[str, str]:
        """Every role's name on `on`, for filling "{party_body}" in a text; "{party_body.short}" via `fill`."""
        return {role: self.name(role, on, **where) for role in self._roles}

    def fill(self, text: str, on: dt.date, **where: Any) -> str:
        """A text with "{role}" and "{role.short}" replaced by the names in force on `on`."""

        def replace(match: re.Match[str]) -> str:
            role, short = match.group(1), match.group(2)
            if role not in self._roles:
                return match.group(0)
            return self.short(role, on, **where) if short else self.name(role, on, **where)

        return _PLACEHOLDER.sub(replace, text)

    def unknown_placeholders(self, text: str) -> list[str]:
        return [match.group(1) for match in _PLACEHOLDER.finditer(text) if match.group(1) not in self._roles]

    def history(self, role: str) -> list[BodyEntry]:
        return list(self._roles[role])


def _in_force(entries: Sequence[BodyEntry], on: dt.date, *, before_first: bool) -> BodyEntry | None:
    applicable = [e for e in entries if e.from_ <= on]
    if applicable:
        return applicable[-1]
    return entries[0] if before_first and entries else None


def _body(role: str, entry: BodyEntry) -> Body:
    return Body(role=role, name=entry.name, short=entry.short, superior=entry.superior,
                signer_title=entry.signer_title, authority=entry.authority, signer=entry.signer, since=entry.from_,
                note=entry.note)


def parse_bodies(text: str, *, source: str = "bodies") -> Bodies:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise BodiesFileError(f"{source}: không đọc được YAML — YAML syntax error: {error}") from None
    try:
        return Bodies(BodiesFile.model_validate(data))
    except ValidationError as error:
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in item["loc"])
            message = str(item.get("ctx", {}).get("error", item["msg"]))
            problems.append(f"{where}: {message}" if where else message)
        raise BodiesFileError(f"{source}: tệp tên cơ quan không hợp lệ — invalid bodies file:\n"
                              + "\n".join(f"- {p}" for p in problems)) from None


@lru_cache(maxsize=8)
def load_bodies(path: Path | None = None) -> Bodies:
    """The bodies file (the default one when `path` is None), read once per path."""
    path = path or DEFAULT_BODIES_FILE
    return parse_bodies(Path(path).read_text(encoding="utf-8"), source=str(path))
