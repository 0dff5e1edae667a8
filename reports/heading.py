"""Who issues a document, where and to whom: the plan's issuers as of the document's date, the place, the number's
suffix and the recipients.

The plan names its issuers as they signed it. An issuer linked to a role of the bodies file (`body: party_body`)
is named, in a document dated later, by the body filling that role on the document's date: a 2022 report keeps
the Đảng ủy Khối, a report dated after the 2025 reorganisation names its successor. The place is the province's
name on the document's date; the number's suffix comes from the plan's own number ("01-KH/ĐUK-BQLCKCN" →
"ĐUK-BQLCKCN"), so the next plan needs no code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from models.bodies import PROVINCE, Bodies, Body, BodyEntry, load_bodies
from models.plan import Plan


@dataclass(frozen=True)
class IssuerInfo:
    """An issuer as the plan names it (`models.plan.PlanIssuer`, detached from the database)."""

    name: str
    short: str | None = None
    superior: str | None = None
    signer_title: str | None = None
    authority: str | None = None
    signer: str | None = None
    body: str | None = None


@dataclass(frozen=True)
class PlanInfo:
    """The plan a document is written under, detached from the database (it travels to the report's process)."""

    id: int
    code: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    issued_on: dt.date | None = None
    place: str | None = None
    subject: str | None = None
    implements_kind: str | None = None
    implements_number: str | None = None
    implements_issued_on: dt.date | None = None
    delegation_decision_number: str | None = None
    delegation_decision_on: dt.date | None = None
    issuers: tuple[IssuerInfo, ...] = ()
    report_recipients: tuple[str, ...] = ()
    bodies: Mapping[str, Sequence[BodyEntry]] = field(default_factory=dict)

    @classmethod
    def of(cls, plan: Plan) -> PlanInfo:
        return cls(
            id=plan.id, code=plan.code, title=plan.title, starts_on=plan.starts_on, ends_on=plan.ends_on,
            issued_on=plan.issued_on, place=plan.place, subject=plan.subject, implements_kind=plan.implements_kind,
            implements_number=plan.implements_number, implements_issued_on=plan.implements_issued_on,
            delegation_decision_number=plan.delegation_decision_number,
            delegation_decision_on=plan.delegation_decision_on,
            issuers=tuple(IssuerInfo(i.name, i.short, i.superior, i.signer_title, i.authority, i.signer, i.body)
                          for i in plan.issuers),
            report_recipients=tuple(plan.report_recipients or ()), bodies=plan.body_overrides())

    @property
    def issued(self) -> dt.date:
        return self.issued_on or self.starts_on


@dataclass(frozen=True)
class Issuer:
    """An issuer as one document names it."""

    name: str
    short: str
    superior: str | None
    signer_title: str | None
    authority: str | None
    signer: str | None


@dataclass(frozen=True)
class Letterhead:
    """Everything a document needs about who issues it, resolved for its date."""

    issuers: tuple[Issuer, ...]
    place: str
    number_suffix: str
    recipients: tuple[str, ...]     # the "Nơi nhận" lines, names filled in; empty: the caller's default
    dated: dt.date


@dataclass(frozen=True)
class ReportHeading:
    """The bodies file and what the operator fixes by hand; `letterhead` resolves it for one document."""

    bodies: Bodies = field(default_factory=load_bodies)
    issuer_code: str | None = None   # "ĐUK-BQLCKCN"; None: taken from the plan's number

    def issuer_for(self, plan_code: str | None) -> str:
        if self.issuer_code:
            return self.issuer_code
        if plan_code and "/" in plan_code:
            return plan_code.rsplit("/", 1)[1]
        return "…"

    def letterhead(self, plan: PlanInfo | None, dated: dt.date) -> Letterhead:
        overrides = plan.bodies if plan is not None else {}
        issuers = _plan_issuers(self.bodies, plan, dated) if plan is not None and plan.issuers else ()
        if not issuers:
            issuers = tuple(_from_body(self.bodies.at(role, dated, plan=overrides))
                            for role in self.bodies.default_issuers if self.bodies.name(role, dated, plan=overrides))
        recipients = tuple(self.bodies.fill(line, dated, plan=overrides)
                           for line in (plan.report_recipients if plan is not None else ()))
        return Letterhead(issuers=issuers, place=self.bodies.name(PROVINCE, dated, plan=overrides),
                          number_suffix=self.issuer_for(plan.code if plan is not None else None),
                          recipients=recipients, dated=dated)


def _plan_issuers(bodies: Bodies, plan: PlanInfo, dated: dt.date) -> tuple[Issuer, ...]:
    """The plan's issuers on `dated`: as the plan names them while the body that signed it still fills its role;
    its successor once another body does; left out once the role has ended (all of them gone: as the plan)."""
    resolved = []
    for issuer in plan.issuers:
        if issuer.body is None:
            resolved.append(_as_named(issuer, None))
            continue
        now = bodies.at(issuer.body, dated, plan=plan.bodies)
        then = bodies.at(issuer.body, plan.issued, plan=plan.bodies)
        if now.since == then.since and now.name == then.name:
            resolved.append(_as_named(issuer, now))
        elif now.name:
            resolved.append(_from_body(now))
    return tuple(resolved) or tuple(_as_named(issuer, None) for issuer in plan.issuers)


def _as_named(issuer: IssuerInfo, body: Body | None) -> Issuer:
    """The plan's own words, completed by the body's entry where the plan leaves a field out."""

    def pick(name: str) -> str | None:
        return getattr(issuer, name) or (getattr(body, name) if body is not None else None)

    return Issuer(name=issuer.name, short=issuer.short or issuer.name, superior=pick("superior"),
                  signer_title=pick("signer_title"), authority=pick("authority"), signer=pick("signer"))


def _from_body(body: Body) -> Issuer:
    return Issuer(name=body.name or "", short=body.short_name, superior=body.superior, signer_title=body.signer_title,
                  authority=body.authority, signer=body.signer)
