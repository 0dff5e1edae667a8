"""Personal nudges: as a wave's end nears, each member with assigned enterprises still unvisited hears so in
their private chat (and only there: the list names enterprises the member is responsible for)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.actions import my_wave_list_data
from models.people import Member, push_chat_of
from models.plan import Plan
from models.visits import Wave
from models.waves import members_with_unvisited
from scheduler.config import SchedulerConfig
from scheduler.occurrences import before_date
from scheduler.planned import Planned
from texts import scheduler as texts


def wave_nudge_pushes(session: Session, now: dt.datetime, config: SchedulerConfig, tz: ZoneInfo) -> list[Planned]:
    today = now.astimezone(tz).date()
    horizon = today + dt.timedelta(days=max(config.wave_nudge_days))
    waves = session.scalars(select(Wave).where(Wave.ends_on >= today, Wave.ends_on <= horizon))
    planned: list[Planned] = []
    for wave in waves:
        plan = session.get(Plan, wave.plan_id) if wave.plan_id is not None else None
        if plan is not None and today > plan.last_day():
            continue   # its plan was ended, cancelled or superseded
        occurrence = before_date(wave.ends_on, config.wave_nudge_days, now, config.send_at, tz,
                                 grace_days=0, is_working_day=config.rules.is_working_day)
        if occurrence is None:
            continue
        pending = members_with_unvisited(session, wave.id)
        if not pending:
            continue
        members = session.scalars(select(Member).where(Member.id.in_(pending))).all()
        days_left = (wave.ends_on - today).days
        for member in members:
            chat_id = push_chat_of(member)   # the app the member last used
            if chat_id is None or not member.active or not member.reachable:
                continue
            unvisited = [(item.name, item.zone) for item in pending[member.id]]
            planned.append(Planned(
                key=f"wave:{wave.id}:nudge:{occurrence.label}:member:{member.id}", kind="wave_nudge",
                text=texts.wave_nudge(member.full_name, wave.name, wave.ends_on, days_left, unvisited),
                occurrence=occurrence, chat_id=chat_id, member_id=member.id,
                payload={"buttons": [[{"text": texts.MY_LIST_BUTTON, "data": my_wave_list_data(wave.id)}]]},
            ))
    return planned
