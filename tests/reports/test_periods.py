"""Periods: the codes the command line and the buttons use, what is offered, and what each review covers."""

import datetime as dt

import pytest
from sqlalchemy import select

from models.errors import InvalidInput, NotFound
from models.plan import Milestone
from reports.periods import (
    PeriodKind, custom_period, from_token, parse_period, period_choices, review_period, running_plan,
)
from tests.reports.conftest import import_real_plan

TODAY = dt.date(2022, 7, 1)


@pytest.fixture
def plan(session):
    import_real_plan(session)
    return running_plan(session, TODAY)


CODES = [
    ("2022", PeriodKind.year, dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
    ("2022-H1", PeriodKind.half_year, dt.date(2022, 1, 1), dt.date(2022, 6, 30)),
    ("2022-h2", PeriodKind.half_year, dt.date(2022, 7, 1), dt.date(2022, 12, 31)),
    ("wave:2", PeriodKind.wave, dt.date(2022, 1, 1), dt.date(2022, 3, 31)),
    ("wave:dot-1", PeriodKind.wave, dt.date(2021, 10, 1), dt.date(2021, 12, 31)),
    ("plan", PeriodKind.plan, dt.date(2021, 9, 24), dt.date(2025, 12, 31)),
    ("plan:01-KH/ĐUK-BQLCKCN", PeriodKind.plan, dt.date(2021, 9, 24), dt.date(2025, 12, 31)),
    ("2022-01-15..2022-02-15", PeriodKind.custom, dt.date(2022, 1, 15), dt.date(2022, 2, 15)),
    ("15/01/2022..15/02/2022", PeriodKind.custom, dt.date(2022, 1, 15), dt.date(2022, 2, 15)),
]
NOT_PERIODS = [
    ("2022-H3", InvalidInput), ("last year", InvalidInput), ("wave:9", NotFound), ("1999", InvalidInput),
    ("2022-03-31..2022-01-01", InvalidInput), ("2022-02-30..2022-03-01", InvalidInput), ("plan:KH-99", NotFound),
]


def test_codes(session, plan):
    for code, kind, start, end in CODES:
        period = parse_period(session, code, today=TODAY)
        assert (period.kind, period.start, period.end, period.plan_id) == (kind, start, end, plan.id), code
        # What the command line prints reads back as the same period; so does a button's data.
        assert parse_period(session, period.code, today=TODAY) == period, code
        assert from_token(session, period.token, today=TODAY) == period, code


def test_what_is_not_a_period_is_said_in_vietnamese(session, plan):
    for code, error in NOT_PERIODS:
        with pytest.raises(error) as raised:
            parse_period(session, code, today=TODAY)
        assert any(ch in raised.value.message for ch in "ạảãáàâăđêôơư"), code


def test_a_year_outside_every_plan_is_reported_under_none(session, plan):
    assert parse_period(session, "2030", today=TODAY).plan_id is None
    assert parse_period(session, "2021-01-01..2021-12-31", today=TODAY).plan_id == plan.id   # overlaps the plan


def test_forged_button_data_is_refused(session, plan):
    for token in ("w999", "p999", "x1", "c2022", "2022-H9"):
        with pytest.raises(ValueError):
            from_token(session, token, today=TODAY)


def test_choices_are_the_plans_waves_halves_years_and_the_whole_plan_begun_by_today(session, plan):
    codes = [p.code for p in period_choices(session, plan, TODAY)]
    assert codes == ["wave:dot-1", "wave:dot-2", "2021-H2", "2021", "2022-H1", "2022-H2", "2022",
                     f"plan:{plan.code}"]
    assert all(len(f"rpn:{p.token}".encode()) <= 64 for p in period_choices(session, plan, TODAY))


def test_without_a_plan_the_current_half_year_and_year_are_offered(session):
    assert running_plan(session, TODAY) is None
    assert [p.code for p in period_choices(session, None, TODAY)] == ["2022-H2", "2022"]
    with pytest.raises(NotFound):
        parse_period(session, "plan", today=TODAY)
    assert parse_period(session, "2022", today=TODAY).plan_id is None


def test_each_review_reports_on_its_own_period(session, plan):
    reviews = session.scalars(select(Milestone).where(Milestone.is_review.is_(True)).order_by(Milestone.due_on))
    assert {m.code: review_period(session, m).code for m in reviews} == {
        "2.5": "2022-H1", "2.7": "2022", "3.2": "2023", "4.2": "2024", "4.3": f"plan:{plan.code}"}


def test_a_custom_range_must_run_forwards():
    with pytest.raises(InvalidInput):
        custom_period(dt.date(2022, 3, 1), dt.date(2022, 2, 1))
