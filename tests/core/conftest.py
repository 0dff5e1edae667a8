"""The core driven neutrally (`tests.core.harness`), on a channel like Telegram's and on one without buttons or
edits, over each database engine."""

from __future__ import annotations

import pytest

from models.registry import create_enterprise, parse_enterprise
from tests.core.harness import BUTTONLESS, TELEGRAM_LIKE, Core

CHANNELS = {"telegram_like": TELEGRAM_LIKE, "buttonless": BUTTONLESS}


@pytest.fixture(params=list(CHANNELS))
def capabilities(request: pytest.FixtureRequest):
    return CHANNELS[request.param]


@pytest.fixture
def core(database, capabilities) -> Core:
    return Core(database, capabilities)


def add_enterprise(core: Core, name: str, tax_code: str, zone: str = "KCN Hòa Xá") -> int:
    with core.database.session() as session:
        return create_enterprise(session, parse_enterprise({"name": name, "tax_code": tax_code, "zone": zone}),
                                 actor="test").id
