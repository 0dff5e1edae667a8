"""The weekly digest to the group (Monday 08:00, or the first working day after): counts only, never names.

A week with nothing to report (no visit, no wave running, nothing open, no nominee) sends nothing.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.difficulties import open_difficulties
from models.nominees import Stage, nominee_counts
from models.people import ChatPurpose
from models.plan import Plan
from models.visits import Visit
from models.waves import current_wave, wave_coverage
from scheduler.config import SchedulerConfig
from scheduler.occurrences import weekly
from scheduler.planned import Planned
from texts import scheduler as texts


def digest_figures(session: Session, week_start: dt.date, today: dt.date, config: SchedulerConfig,
                   tz: ZoneInfo) -> texts.DigestFigures:
    week_end = week_start + dt.timedelta(days=6)
    visits, enterprises = session.execute(
        select(func.count(Visit.id), func.count(func.distinct(Visit.enterprise_id)))
        .where(Visit.deleted_at.is_(None), Visit.visited_on >= week_start, Visit.visited_on <= week_end)
    ).one()
    wave = current_wave(session, today)
    coverage = wave_coverage(session, wave.id) if wave else None
    unanswered_days = config.rules.value("difficulty_unanswered_days", today)
    bounds = [(0, unanswered_days), (unanswered_days, 3 * unanswered_days), (3 * unanswered_days, None)]
    ages = [0] * len(bounds)
    for difficulty in open_difficulties(session):
        age = (today - difficulty.created_at.astimezone(tz).date()).days
        for index, (low, high) in enumerate(bounds):
            if age >= low and (high is None or age < high):
                ages[index] += 1
    return texts.DigestFigures(
        week_start=week_start, week_end=week_end, visits=visits, enterprises_visited=enterprises,
        wave_name=wave.name if wave else None, wave_span=(wave.starts_on, wave.ends_on) if wave else None,
        wave_assigned=coverage.assigned if coverage else 0,
        wave_assigned_visited=coverage.assigned_visited if coverage else 0,
        without_party_org=coverage.without_party_org if coverage else 0,
        without_party_org_visited=coverage.without_party_org_visited if coverage else 0,
        difficulty_ages=[(texts.difficulty_age_label(low, high), count)
                         for (low, high), count in zip(bounds, ages, strict=True)],
        nominees=nominee_counts(session),
    )


def _a_plan_runs(session: Session, day: dt.date) -> bool:
    plans = session.scalars(select(Plan).where(Plan.starts_on <= day, Plan.ends_on >= day))
    return any(plan.runs_on(day) for plan in plans)


def nothing_to_report(figures: texts.DigestFigures) -> bool:
    return (not figures.visits and figures.wave_name is None and not sum(c for _, c in figures.difficulty_ages)
            and not any(count for stage, count in figures.nominees.items() if stage is not Stage.stopped))


def digest_pushes(session: Session, now: dt.datetime, config: SchedulerConfig, tz: ZoneInfo) -> list[Planned]:
    occurrence = weekly(now, config.send_at, tz, config.digest_weekday,
                        is_working_day=config.rules.is_working_day)
    if occurrence is None or not _a_plan_runs(session, occurrence.on):
        return []
    # "Last week": the seven days before the digest's nominal day (its label), wherever a holiday moved it.
    week_start = dt.date.fromisoformat(occurrence.label) - dt.timedelta(days=7)

    def text() -> str | None:
        figures = digest_figures(session, week_start, occurrence.on, config, tz)
        return None if nothing_to_report(figures) else texts.weekly_digest(figures)

    return [Planned(key=f"digest:{occurrence.label}", kind="weekly_digest", text=text,
                    occurrence=occurrence, purpose=ChatPurpose.group)]
