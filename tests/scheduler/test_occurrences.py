import datetime as dt
import itertools

from models.rules import load_rules
from scheduler import occurrences
from scheduler.config import QuietHours
from tests.scheduler.conftest import TZ, local

EIGHT = dt.time(8, 0)
DUE = dt.date(2021, 9, 30)


def utc(*args):
    return local(*args).astimezone(dt.UTC)


def test_the_latest_reminder_wins_and_earlier_ones_are_superseded():
    assert occurrences.before_date(DUE, (7, 1, 0), utc(2021, 9, 23, 7, 59), EIGHT, TZ) is None
    seven = occurrences.before_date(DUE, (7, 1, 0), utc(2021, 9, 23, 8, 0), EIGHT, TZ)
    assert (seven.label, seven.fires_at, seven.expires_at) == ("7d", utc(2021, 9, 23, 8), utc(2021, 9, 29, 8))
    # Down from the 22nd to the 29th, 9:00: the 7-day reminder is stale, the 1-day one is current.
    assert occurrences.before_date(DUE, (7, 1, 0), utc(2021, 9, 29, 9, 0), EIGHT, TZ).label == "1d"
    day = occurrences.before_date(DUE, (7, 1, 0), utc(2021, 10, 1, 20, 0), EIGHT, TZ)
    assert day.label == "0d" and day.expires_at == utc(2021, 10, 2)
    assert occurrences.before_date(DUE, (7, 1, 0), utc(2021, 10, 2, 0, 0), EIGHT, TZ) is None


RULES = load_rules()
WORKING = RULES.is_working_day


def escalate(now, *, due=DUE, last_day=dt.date(2025, 12, 31), max_count=None, daily_for_days=14):
    return occurrences.escalation(due, now, EIGHT, TZ, daily_for_days=daily_for_days, weekday=0, last_day=last_day,
                                  max_count=max_count, is_working_day=WORKING)


def test_escalation_is_daily_on_working_days_then_weekly_and_each_daily_one_lives_one_day():
    first = escalate(utc(2021, 10, 1, 8, 0))
    assert (first.number, first.occurrence.label, first.occurrence.expires_at) == (1, "2021-10-01", utc(2021, 10, 2))
    assert escalate(utc(2021, 10, 1, 7, 0)) is None
    assert escalate(utc(2021, 10, 2, 9, 0)) is None                      # Saturday: none
    assert escalate(utc(2021, 10, 4, 9, 0)).number == 2                  # Monday: the second
    # 20 October 2021 is a Wednesday past the daily fortnight: the Monday one (18th) is still live.
    weekly = escalate(utc(2021, 10, 20, 9, 0))
    assert weekly.occurrence.label == "2021-10-18" and weekly.occurrence.expires_at == utc(2021, 10, 25, 8)
    assert weekly.number == 11   # ten working days in the fortnight, then the Monday


def test_escalation_stops_after_its_number_and_at_the_plans_end():
    days = list(itertools.islice(occurrences.escalation_days(DUE, daily_for_days=14, weekday=0,
                                                             is_working_day=WORKING), 12))
    assert escalate(local_morning(days[7]), max_count=8).number == 8
    assert escalate(local_morning(days[8]), max_count=8) is None
    assert escalate(utc(2021, 10, 4, 9, 0), last_day=dt.date(2021, 10, 3)) is None
    assert occurrences.escalations_before(DUE, days[9], daily_for_days=14, weekday=0, limit=8,
                                          is_working_day=WORKING) == 8


def test_a_weekly_escalation_on_a_holiday_monday_moves_to_the_next_working_day():
    # Due 31/12/2022 (a Saturday); the Tết week of 2023 has its Monday (23/01) to Thursday off: Friday the 27th.
    days = list(itertools.islice(occurrences.escalation_days(dt.date(2022, 12, 31), daily_for_days=7, weekday=0,
                                                             is_working_day=WORKING), 6))
    assert days == [dt.date(2023, 1, 3), dt.date(2023, 1, 4), dt.date(2023, 1, 5), dt.date(2023, 1, 6),
                    dt.date(2023, 1, 9), dt.date(2023, 1, 16)]
    later = list(itertools.islice(occurrences.escalation_days(dt.date(2022, 12, 31), daily_for_days=7, weekday=0,
                                                              is_working_day=WORKING), 8))
    assert later[6:] == [dt.date(2023, 1, 27), dt.date(2023, 1, 30)]


def test_a_reminder_before_a_date_off_comes_on_the_working_day_before():
    saturday = dt.date(2022, 12, 31)
    # 1 day before is Friday the 30th; the day itself (Saturday) also comes back to Friday: one reminder there.
    friday = occurrences.before_date(saturday, (7, 1, 0), utc(2022, 12, 30, 8, 0), EIGHT, TZ, is_working_day=WORKING)
    assert (friday.label, friday.on, friday.expires_at) == ("0d", dt.date(2022, 12, 30), utc(2023, 1, 2))
    seven = occurrences.before_date(saturday, (7, 1, 0), utc(2022, 12, 23, 8, 0), EIGHT, TZ, is_working_day=WORKING)
    assert seven.label == "7d" and seven.expires_at == utc(2022, 12, 30, 8)
    assert occurrences.before_date(saturday, (7, 1, 0), utc(2022, 12, 31, 8, 0), EIGHT, TZ,
                                   is_working_day=WORKING).label == "0d"   # still live; the tick sends nothing today


def test_an_opening_and_the_weekly_digest_move_forward_to_a_working_day():
    opening = occurrences.on_or_after(dt.date(2022, 1, 1), utc(2022, 1, 4, 8, 0), EIGHT, TZ, is_working_day=WORKING)
    assert (opening.label, opening.on) == ("2022-01-01", dt.date(2022, 1, 4))
    assert occurrences.on_or_after(dt.date(2022, 1, 1), utc(2022, 1, 1, 8, 0), EIGHT, TZ,
                                   is_working_day=WORKING) is None
    # Monday 12/02/2024 is in Tết (8–14/02): the week's digest comes on Thursday the 15th, under Monday's label.
    assert occurrences.weekly(utc(2024, 2, 12, 9, 0), EIGHT, TZ, 0, is_working_day=WORKING) is None
    digest = occurrences.weekly(utc(2024, 2, 15, 8, 0), EIGHT, TZ, 0, is_working_day=WORKING)
    assert (digest.label, digest.on) == ("2024-02-12", dt.date(2024, 2, 15))


def local_morning(day):
    return utc(day.year, day.month, day.day, 9, 0)


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
