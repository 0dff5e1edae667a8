"""Five years of a neglected plan, lived day by day: what the scheduler would have sent, and to whom.

    delegation-bot bench fiveyear [--json] [--start 2021-09-15] [--end 2026-03-31] [--no-drafts]

Headless: a fresh SQLite database seeded with the sandbox's demo (the real plan file, its members, wave 1's
assignments, the group and the coordinators' chat), a manual clock, and the scheduler's own tick and
dispatcher with an outbound that records instead of sending. Nobody acts: no visit, no press, no command.
Each day the clock stops one minute after the send time and again in the afternoon; at each stop the review
drafts due are built (real Word and Excel files, in this process) and the tick runs, as in the bot.

It prints what a coordinator would feel: messages per kind and per chat, per month (max and median), on
weekends and listed holidays, escalations after the plan's end, empty weekly digests, the busiest day, and
review drafts sent, sent late or lost. With --json the last line holds the same figures.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import re
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import inspect, select, text

from bot.database import upgrade
from models.clock import ManualClock
from models.db import Database
from models.people import ChatBinding, Identity, Member
from models.plan import Plan
from models.rules import Rules
from reports.heading import ReportHeading
from sandbox import demo_data
from sandbox.seed import bind_demo_chats, seed_demo
from scheduler.config import SchedulerConfig
from scheduler.dispatcher import Dispatcher
from scheduler.pacing import Pacing
from scheduler.tick import run_tick

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
GROUP_CHAT_ID = -1001
COORDINATORS_CHAT_ID = -1002
AFTERNOON = dt.time(14, 0)
ESCALATION_KINDS = ("milestone_overdue", "overdue_summary")
DEFAULT_START = dt.date(2021, 9, 15)
DEFAULT_END = dt.date(2026, 3, 31)


@dataclass
class Sent:
    at: dt.datetime          # local time of sending
    chat: str                # a label: group, coordinators, private: <name>
    text: str
    message_id: str
    kinds: list[str] = field(default_factory=list)   # the outbox kinds it carried (a bundle carries several)


class RecordingOutbound:
    """Records each message at the clock's time; never fails."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.sent: list[tuple[dt.datetime, str, str, dict[str, Any] | None]] = []

    async def send(self, chat_id: str, text_: str, payload: dict[str, Any] | None) -> str:
        self.sent.append((self.clock.now().astimezone(self.clock.tz), chat_id, text_, payload))
        return str(len(self.sent))


def _stops(day: dt.date, send_at: dt.time, tz: Any) -> list[dt.datetime]:
    first = (dt.datetime.combine(day, send_at, tzinfo=tz) + dt.timedelta(minutes=1))
    return [first.astimezone(dt.UTC),
            dt.datetime.combine(day, AFTERNOON, tzinfo=tz).astimezone(dt.UTC)]


async def _live(database: Database, clock: ManualClock, config: SchedulerConfig, start: dt.date, end: dt.date,
                drafts_dir: Path | None, rules: Rules) -> RecordingOutbound:
    outbound = RecordingOutbound(clock)
    dispatcher = Dispatcher(database, outbound, clock, Pacing.unlimited(), lane_backoff_seconds=0)
    heading = ReportHeading()   # the bodies file shipped with the project
    day = start
    while day <= end:
        for moment in _stops(day, config.send_at, clock.tz):
            clock.set(moment)
            if drafts_dir is not None:
                from reports.review_drafts import enqueue_review_drafts

                await asyncio.to_thread(enqueue_review_drafts, database, moment, tz=clock.tz, heading=heading,
                                        rules=rules, out_dir=drafts_dir)
            await run_tick(database, dispatcher, clock, config)
        day += dt.timedelta(days=1)
    return outbound


def _chat_labels(database: Database) -> dict[str, str]:
    with database.session() as session:
        labels = {binding.chat_id: binding.purpose.value for binding in session.scalars(select(ChatBinding))}
        for member, identity in session.execute(select(Member, Identity).join(Identity)):
            if identity.private_chat_id:
                labels[identity.private_chat_id] = f"private: {member.full_name} ({member.role.value})"
    return labels


def _kinds_by_message(database: Database) -> tuple[dict[str, list[str]], Counter[str]]:
    """Each sent message's kinds (a bundle's items included, where the outbox records them), and the outbox's
    rows by kind and status."""
    columns = {column["name"] for column in inspect(database.engine).get_columns("deliveries")}
    carried_by = "bundle_id" in columns
    kinds: dict[str, list[str]] = defaultdict(list)
    statuses: Counter[str] = Counter()
    with database.session() as session:
        query = "SELECT id, kind, status, platform_message_id, last_error" + (", bundle_id" if carried_by else "")
        rows = session.execute(text(query + " FROM deliveries ORDER BY id")).all()
    message_of = {row[0]: row[3] for row in rows}
    for row in rows:
        reason = f" ({row[4]})" if row[2] == "skipped" and row[4] else ""
        statuses[f"{row[1]}/{row[2]}{reason}"] += 1
        if row[2] == "sent" and row[3] is not None and row[1] != "bundle":   # a carrier: its rows say what
            kinds[row[3]].append(row[1])
        elif carried_by and row[5] is not None and message_of.get(row[5]) is not None:
            kinds[message_of[row[5]]].append(row[1])
    return kinds, statuses


def _is_empty_digest(body: str) -> bool:
    return ("0 lượt, 0 doanh nghiệp" in body and "Hiện không có đợt" in body
            and "Không còn khó khăn" in body and "chưa có hồ sơ nào" in body)


def _month(moment: dt.datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def _months(start: dt.date, end: dt.date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _spread(counts: dict[str, int], months: list[str]) -> dict[str, float]:
    values = [counts.get(month, 0) for month in months] or [0]
    return {"max": max(values), "median": statistics.median(values)}


def summarise(messages: list[Sent], statuses: Counter[str], rules: Rules, plan_end: dt.date, start: dt.date,
              end: dt.date) -> dict[str, Any]:
    in_plan = [m for m in messages if m.at.date() <= plan_end]
    after = [m for m in messages if m.at.date() > plan_end]
    plan_months = _months(start, min(end, plan_end))
    chats = sorted({m.chat for m in messages})
    per_chat_month: dict[str, Counter[str]] = {chat: Counter() for chat in chats}
    all_month: Counter[str] = Counter()
    for message in in_plan:
        per_chat_month[message.chat][_month(message.at)] += 1
        all_month[_month(message.at)] += 1

    def primary(message: Sent) -> str:
        return message.kinds[0] if len(message.kinds) == 1 else ("bundle" if message.kinds else "unknown")

    def weekend(message: Sent) -> bool:
        return message.at.weekday() >= 5

    def holiday(message: Sent) -> bool:
        return message.at.date() in set(rules.public_holidays)

    by_day: dict[str, Counter[dt.date]] = defaultdict(Counter)
    for message in in_plan:
        by_day[message.chat][message.at.date()] += 1
    busiest = {chat: {"day": day.isoformat(), "messages": count}
               for chat, days in by_day.items() for day, count in [days.most_common(1)[0]]}
    digests = [m for m in in_plan if "weekly_digest" in m.kinds]
    drafts = [m for m in messages if "review_draft" in m.kinds]
    off_days = [m for m in in_plan if weekend(m) or holiday(m)]
    items: Counter[str] = Counter(kind for m in in_plan for kind in m.kinds)
    return {
        "window": [start.isoformat(), end.isoformat()], "plan_ends_on": plan_end.isoformat(),
        "messages_in_plan": len(in_plan), "messages_after_plan": len(after),
        "by_kind": dict(Counter(primary(m) for m in in_plan).most_common()),
        "items_by_kind": dict(items.most_common()),
        "bundles": sum(1 for m in in_plan if len(m.kinds) > 1),
        "by_chat": {chat: sum(per_chat_month[chat].values()) for chat in chats},
        "per_month_all_chats": _spread(all_month, plan_months),
        "per_month_by_chat": {chat: _spread(per_chat_month[chat], plan_months) for chat in chats},
        "busiest_day_by_chat": busiest,
        "weekend": sum(1 for m in in_plan if weekend(m)),
        "holiday": sum(1 for m in in_plan if holiday(m)),
        "weekend_or_holiday_by_kind": dict(Counter(primary(m) for m in off_days).most_common()),
        "escalation_messages": sum(1 for m in in_plan if set(m.kinds) & set(ESCALATION_KINDS)),
        "escalations_after_plan": sum(1 for m in after if set(m.kinds) & set(ESCALATION_KINDS)),
        "after_plan_by_kind": dict(Counter(primary(m) for m in after).most_common()),
        "digests": len(digests), "empty_digests": sum(1 for m in digests if _is_empty_digest(m.text)),
        "review_drafts_sent": len(drafts),
        "review_drafts_late": sum(1 for m in drafts if "muộn" in m.text.lower()),
        "review_drafts_lost": sum(count for key, count in statuses.items() if key.startswith("review_draft/skipped")),
        "outbox": dict(sorted(statuses.items())),
        "monthly_all_chats": {month: all_month.get(month, 0) for month in plan_months},
    }


def _print(result: dict[str, Any]) -> None:
    print(f"Five years, nobody acting: {result['window'][0]} – {result['window'][1]} "
          f"(plan ends {result['plan_ends_on']}); {result['seconds']} s, {result['ticks']} ticks")
    print(f"messages in the plan's time: {result['messages_in_plan']}; after its end: {result['messages_after_plan']}")
    print("by kind (a bundle counts once, as 'bundle'): "
          + ", ".join(f"{kind} {count}" for kind, count in result["by_kind"].items()))
    print("items carried, by kind: " + ", ".join(f"{kind} {count}" for kind, count in result["items_by_kind"].items())
          + f"; bundled messages {result['bundles']}")
    print("by chat: " + ", ".join(f"{chat} {count}" for chat, count in result["by_chat"].items()))
    spread = result["per_month_all_chats"]
    print(f"per month, all chats: max {spread['max']}, median {spread['median']}")
    for chat, spread in result["per_month_by_chat"].items():
        busiest = result["busiest_day_by_chat"].get(chat)
        day = f"; busiest day {busiest['day']} ({busiest['messages']})" if busiest else ""
        print(f"  {chat}: max {spread['max']}, median {spread['median']}{day}")
    print(f"on weekends: {result['weekend']}; on listed holidays: {result['holiday']} "
          f"({', '.join(f'{k} {v}' for k, v in result['weekend_or_holiday_by_kind'].items()) or 'none'})")
    print(f"escalation messages in the plan's time: {result['escalation_messages']}; "
          f"after the plan's end: {result['escalations_after_plan']}")
    print(f"weekly digests: {result['digests']}, of which empty: {result['empty_digests']}")
    print(f"review drafts: {result['review_drafts_sent']} messages sent ({result['review_drafts_late']} marked late), "
          f"{result['review_drafts_lost']} lost")
    print("outbox rows: " + ", ".join(f"{key} {count}" for key, count in result["outbox"].items()))


def run_fiveyear_bench(*, start: dt.date = DEFAULT_START, end: dt.date = DEFAULT_END, drafts: bool = True,
                       as_json: bool = False, config: SchedulerConfig | None = None) -> dict[str, Any]:
    config = config or SchedulerConfig()
    rules = config.rules
    with tempfile.TemporaryDirectory(prefix="fiveyear-") as scratch:
        database = Database(f"sqlite:///{Path(scratch) / 'fiveyear.sqlite3'}")
        try:
            upgrade(database)
            seed_demo(database)
            bind_demo_chats(database, group_chat_id=GROUP_CHAT_ID, coordinators_chat_id=COORDINATORS_CHAT_ID)
            with database.session() as session:
                plan_end = max(session.scalars(select(Plan.ends_on)))
            start_moment = dt.datetime.combine(start, demo_data.SANDBOX_START_LOCAL.time(), tzinfo=TZ)
            clock = ManualClock(start_moment.astimezone(dt.UTC), TZ)
            began = time.perf_counter()
            outbound = asyncio.run(_live(database, clock, config, start, end,
                                         Path(scratch) / "drafts" if drafts else None, rules))
            seconds = round(time.perf_counter() - began, 1)
            labels = _chat_labels(database)
            kinds, statuses = _kinds_by_message(database)
        finally:
            database.dispose()
    messages = [Sent(at, labels.get(chat, chat), body, str(index), kinds.get(str(index), []))
                for index, (at, chat, body, _payload) in enumerate(outbound.sent, start=1)]
    result = summarise(messages, statuses, rules, plan_end, start, end)
    result.update(seconds=seconds, ticks=2 * ((end - start).days + 1))
    _print(result)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    return result


def _date(value: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise argparse.ArgumentTypeError("YYYY-MM-DD")
    return dt.date.fromisoformat(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--start", type=_date, default=DEFAULT_START)
    parser.add_argument("--end", type=_date, default=DEFAULT_END)
    parser.add_argument("--no-drafts", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    run_fiveyear_bench(start=args.start, end=args.end, drafts=not args.no_drafts, as_json=args.json)


if __name__ == "__main__":
    main()
