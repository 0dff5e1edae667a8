"""Names of bodies for what a handler says: by role, on a date, for an enterprise where its zone or its own
entry names another (the deciding body of a founding, the receiving body of a transfer). From the bodies file
(`models.bodies`), never written into a text."""

from __future__ import annotations

import datetime as dt

from handlers.conversation import Turn
from models.bodies import FOUNDING_DECIDER, PARTY_BODY, TRANSFER_RECEIVER, ZONES_BOARD, ZONES_PARTY_BODY
from models.registry import Enterprise
from texts import common as tc


def body_name(turn: Turn, role: str, *, enterprise: Enterprise | None = None, on: dt.date | None = None) -> str:
    where: dict[str, str | None] = {}
    if enterprise is not None:
        where = {"zone": enterprise.zone.name if enterprise.zone else None, "tax_code": enterprise.tax_code}
    return turn.services.config.bodies.name(role, on or turn.today, **where)


def founding_decider(turn: Turn, enterprise: Enterprise | None = None, on: dt.date | None = None) -> str:
    return body_name(turn, FOUNDING_DECIDER, enterprise=enterprise, on=on)


def transfer_receiver(turn: Turn, enterprise: Enterprise | None = None, on: dt.date | None = None) -> str:
    return body_name(turn, TRANSFER_RECEIVER, enterprise=enterprise, on=on)


def zones_party_body(turn: Turn, on: dt.date | None = None) -> str:
    return body_name(turn, ZONES_PARTY_BODY, on=on)


def delegation_of(turn: Turn, on: dt.date | None = None) -> str:
    """The bodies whose delegation records what it is told ("… và …")."""
    return tc.BODIES_TOGETHER.format(first=body_name(turn, PARTY_BODY, on=on),
                                     second=body_name(turn, ZONES_BOARD, on=on))
