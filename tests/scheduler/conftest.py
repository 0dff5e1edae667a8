"""Fixtures for the scheduler: a manual clock in Hà Nội time, the real plan file, bound chats, a scripted outbound."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter, deque
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from models.clock import ManualClock
from models.db import Database
from models.deliveries import Delivery
from models.people import ChatBinding, ChatPurpose, Identity, Member, Role
from models.plan import import_plan, load_plan_file
from scheduler.config import SchedulerConfig

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REPO = Path(__file__).resolve().parents[2]
PLAN_FILE = REPO / "plans" / "2021-2025.yaml"
GROUP = "telegram:-1001"
COORDINATORS = "telegram:-1002"


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(local(2021, 9, 20, 9, 0).astimezone(dt.UTC), TZ)


@pytest.fixture
def config() -> SchedulerConfig:
    return SchedulerConfig()


def import_real_plan(database: Database) -> None:
    spec, digest = load_plan_file(PLAN_FILE)
    with database.session() as session:
        import_plan(session, spec, source_digest=digest, actor="test")


def bind_chats(database: Database, group: str | None = GROUP, coordinators: str | None = COORDINATORS) -> None:
    with database.session() as session:
        for purpose, chat_id in ((ChatPurpose.group, group), (ChatPurpose.coordinators, coordinators)):
            if chat_id is not None:
                session.add(ChatBinding(purpose=purpose, chat_id=chat_id, title=purpose.value))


def add_member(database: Database, name: str, private_chat_id: str | None, role: Role = Role.member,
               platform_id: str | None = None) -> int:
    with database.session() as session:
        member = Member(full_name=name, role=role)
        member.identities.append(Identity(platform_id=platform_id or f"test:{name}", private_chat_id=private_chat_id))
        session.add(member)
        session.flush()
        return member.id


def deliveries(database: Database, **where: Any) -> list[Delivery]:
    with database.session() as session:
        query = select(Delivery).order_by(Delivery.id)
        for name, value in where.items():
            query = query.where(getattr(Delivery, name) == value)
        return list(session.scalars(query))


class ScriptedOutbound:
    """An in-memory channel: records what it sent; failures are scripted per chat (consumed in order)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, dict[str, Any] | None]] = []
        self.failures: dict[str, deque[Exception]] = {}
        self.always: dict[str, Exception] = {}
        self.calls = Counter[str]()
        self.delay = 0.0

    def fail(self, chat_id: str, *errors: Exception) -> None:
        self.failures.setdefault(chat_id, deque()).extend(errors)

    async def send(self, chat_id: str, text: str, payload: dict[str, Any] | None) -> str:
        self.calls[chat_id] += 1
        await asyncio.sleep(self.delay)
        if chat_id in self.always:
            raise self.always[chat_id]
        queue = self.failures.get(chat_id)
        if queue:
            raise queue.popleft()
        self.sent.append((chat_id, text, payload))
        return str(len(self.sent))

    def texts_to(self, chat_id: str) -> list[str]:
        return [text for chat, text, _ in self.sent if chat == chat_id]


@pytest.fixture
def outbound() -> ScriptedOutbound:
    return ScriptedOutbound()


BUNDLE_HEAD = "🗂 Hôm nay có "


def parts(texts: list[str]) -> list[str]:
    """Each push a chat received: a bundle's numbered parts one by one, a single message as it is."""
    found: list[str] = []
    for text in texts:
        if not text.startswith(BUNDLE_HEAD):
            found.append(text)
            continue
        for chunk in text.split("\n\n")[1:]:
            number, separator, rest = chunk.partition(") ")
            if separator and number.isdigit():
                found.append(rest)
    return found
