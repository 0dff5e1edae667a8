"""Periods: the codes the command line and the buttons use, what is offered, and what each review covers."""

import datetime as dt

import pytest
from sqlalchemy import select

from models.errors import InvalidInput, NotFound
from models.plan import Milestone, ReviewKind, import_plan, load_plan_file
from reports.periods import (
    PeriodKind,
    custom_period,
    from_token,
    half_year_period,
    parse_period,
    period_choices,
    review_choices,
    review_period,
    running_plan,
    year_period,
)
from tests.reports.conftest import PLAN_FILE, import_real_plan

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


def test_each_review_reports_on_its_own_period_the_first_ones_from_the_plans_start(session, plan):
    reviews = list(session.scalars(select(Milestone).where(Milestone.is_review.is_(True)).order_by(Milestone.due_on)))
    periods = {m.code: review_period(session, m) for m in reviews}
    assert {code: (p.kind, p.start, p.end) for code, p in periods.items()} == {
        # The June 2022 assessment and the December 2022 sơ kết are the first of their length: both include 2021's
        # items and wave 1; later ones cover their year; the last one the whole plan.
        "2.5": (PeriodKind.half_year, dt.date(2021, 9, 24), dt.date(2022, 6, 30)),
        "2.7": (PeriodKind.year, dt.date(2021, 9, 24), dt.date(2022, 12, 31)),
        "3.2": (PeriodKind.year, dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
        "4.2": (PeriodKind.year, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        "4.3": (PeriodKind.plan, dt.date(2021, 9, 24), dt.date(2025, 12, 31)),
    }
    assert {code: p.review_kind for code, p in periods.items()} == {
        "2.5": ReviewKind.assessment, "2.7": ReviewKind.interim, "3.2": ReviewKind.interim,
        "4.2": ReviewKind.interim, "4.3": ReviewKind.interim}
    assert periods["2.5"].phrase == "6 tháng đầu năm 2022 (tính từ ngày 24/09/2021)"
    assert periods["2.5"].next_phrase == "6 tháng cuối năm 2022"
    assert periods["2.7"].phrase == "năm 2022 (tính từ ngày 24/09/2021)" and periods["2.7"].next_phrase == "năm 2023"
    assert periods["3.2"].phrase == "năm 2023"
    assert periods["4.3"].phrase == "5 năm (2021 – 2025)" and periods["4.3"].next_phrase == "thời gian tới"
    assert periods["2.5"].button == "Đánh giá: 6 tháng đầu 2022 (mục 2.5)"
    for period in periods.values():   # a review's code and button data read back as the same review
        assert parse_period(session, period.code, today=TODAY) == period
        assert from_token(session, period.token, today=TODAY) == period
    assert [p.code for p in review_choices(session, plan, TODAY)] == ["review:2.5"]   # 2.7 from November


def test_a_plan_file_can_set_where_a_review_starts(session):
    spec, _ = load_plan_file(PLAN_FILE)
    spec.milestones[[m.code for m in spec.milestones].index("2.7")].review_covers_from = dt.date(2022, 7, 1)
    import_plan(session, spec, actor="test")
    review = session.scalar(select(Milestone).where(Milestone.code == "2.7"))
    period = review_period(session, review)
    assert (period.start, period.end) == (dt.date(2022, 7, 1), dt.date(2022, 12, 31))


def test_only_a_review_is_a_review(session, plan):
    with pytest.raises(InvalidInput) as raised:
        parse_period(session, "review:2.6", today=TODAY)
    assert "không phải hội nghị" in raised.value.message
    with pytest.raises(NotFound):
        parse_period(session, "review:9.9", today=TODAY)
    item = session.scalar(select(Milestone).where(Milestone.code == "2.6"))
    with pytest.raises(ValueError):
        from_token(session, f"r{item.id}", today=TODAY)


def test_labels_of_each_kind():
    cases = [(half_year_period(2022, 1), "6 tháng đầu năm 2022", "6 tháng đầu 2022", "6 tháng cuối năm 2022"),
             (half_year_period(2022, 2), "6 tháng cuối năm 2022", "6 tháng cuối 2022", "6 tháng đầu năm 2023"),
             (year_period(2022), "năm 2022", "Năm 2022", "năm 2023"),
             (custom_period(dt.date(2022, 1, 15), dt.date(2022, 2, 15)), "từ ngày 15/01/2022 đến ngày 15/02/2022",
              "15/01/2022–15/02/2022", "thời gian tới")]
    for period, phrase, button, next_phrase in cases:
        assert (period.phrase, period.button, period.next_phrase) == (phrase, button, next_phrase)


def test_a_custom_range_must_run_forwards():
    with pytest.raises(InvalidInput):
        custom_period(dt.date(2022, 3, 1), dt.date(2022, 2, 1))
