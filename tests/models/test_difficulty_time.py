"""A difficulty's age counts from the caller's clock (the sandbox's shifted one too), not the machine's."""

import datetime as dt

from models.difficulties import DifficultyInput, report_difficulty
from models.registry import create_enterprise, parse_enterprise


def test_reported_at_the_callers_now(session, member, rules):
    enterprise = create_enterprise(session, parse_enterprise({"name": "Công ty A", "tax_code": "0600000001"}),
                                   actor="test")
    then = dt.datetime(2021, 10, 15, 2, 0, tzinfo=dt.UTC)
    difficulty = report_difficulty(session, DifficultyInput(enterprise_id=enterprise.id, category="land",
                                                            description="Thiếu mặt bằng", recipient="ubnd"),
                                   reporter=member, rules=rules, now=then)
    session.flush()
    session.expire_all()
    assert difficulty.created_at == then and difficulty.events[0].at == then
