import datetime as dt

from models.rules import load_rules
from scheduler import occurrences
from scheduler.config import QuietHours
from tests.scheduler.conftest import TZ, local

EIGHT = dt.time(8, 0)
DUE = dt.date(2021, 9, 30)


def utc(*args):
    return local(*args).astimezone(dt.timezone.utc)


def test_the_latest_reminder_wins_and_earlier_ones_are_superseded():
    assert occurrences.before_date(DUE, (7, 1, 0), utc(2021, 9, 23, 7, 59), EIGHT, TZ) is None
    seven = occurrences.before_date(DUE, (7, 1, 0), utc(2021, 9, 23, 8, 0), EIGHT, TZ)
    assert (seven.label, seven.fires_at, seven.expires_at) == ("7d", utc(2021, 9, 23, 8), utc(2021, 9, 29, 8))
    # Down from the 22nd to the 29th, 9:00: the 7-day reminder is stale, the 1-day one is current.
    assert occurrences.before_date(DUE, (7, 1, 0), utc(2021, 9, 29, 9, 0), EIGHT, TZ).label == "1d"
    day = occurrences.before_date(DUE, (7, 1, 0), utc(2021, 10, 1, 20, 0), EIGHT, TZ)
    assert day.label == "0d" and day.expires_at == utc(2021, 10, 2)
    assert occurrences.before_date(DUE, (7, 1, 0), utc(2021, 10, 2, 0, 0), EIGHT, TZ) is None


def test_overdue_is_daily_then_weekly_and_each_daily_one_lives_one_day():
    first = occurrences.overdue(DUE, utc(2021, 10, 1, 8, 0), EIGHT, TZ, daily_for_days=14, weekday=0)
    assert (first.label, first.expires_at) == ("2021-10-01", utc(2021, 10, 2))
    assert occurrences.overdue(DUE, utc(2021, 10, 1, 7, 0), EIGHT, TZ, daily_for_days=14, weekday=0) is None
    # 20 October 2021 is a Wednesday past the daily fortnight: the Monday one (18th) is still live.
    weekly = occurrences.overdue(DUE, utc(2021, 10, 20, 9, 0), EIGHT, TZ, daily_for_days=14, weekday=0)
    assert weekly.label == "2021-10-18" and weekly.expires_at == utc(2021, 10, 25, 8)


def test_monthly_nudge_falls_on_the_first_working_day():
    rules = load_rules()
    # 1 January 2022 is a Saturday and the 3rd a holiday (New Year moved): the 4th.
    january = occurrences.monthly_on_first_working_day(utc(2022, 1, 4, 8, 0), EIGHT, TZ, rules.is_working_day)
    assert january.label == "2022-01" and january.on == dt.date(2022, 1, 4)
    assert occurrences.monthly_on_first_working_day(utc(2022, 1, 3, 9, 0), EIGHT, TZ, rules.is_working_day) is None


def test_every_n_days_counts_from_the_start():
    age, occurrence = occurrences.every_n_days(dt.date(2021, 10, 1), 30, utc(2021, 12, 5, 8, 0), EIGHT, TZ)
    assert (age, occurrence.on, occurrence.expires_at) == (60, dt.date(2021, 11, 30), utc(2021, 12, 30, 8))
    assert occurrences.every_n_days(dt.date(2021, 10, 1), 30, utc(2021, 10, 31, 7, 0), EIGHT, TZ) is None


def test_quiet_hours_span_midnight():
    quiet = QuietHours()
    assert quiet.contains(local(2021, 10, 1, 21, 0)) and quiet.contains(local(2021, 10, 2, 6, 59))
    assert not quiet.contains(local(2021, 10, 2, 7, 0)) and not quiet.contains(local(2021, 10, 1, 20, 59))
