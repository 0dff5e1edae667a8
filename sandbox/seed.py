"""The sandbox's own database: a separate SQLite file, built fresh at each start (or kept), seeded with the demo.

Seeding uses the domain operations, as the CLI would: the plan from its YAML file, enterprises through the
registry's schema, members with their Telegram identities, wave 1's assignments, and the two bound chats.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.database import upgrade
from models.conversation import InboxUpdate
from models.db import Database, rows_affected
from models.people import ChatPurpose, Identity, Member, Role, bind_chat
from models.plan import Milestone, Plan, import_plan, load_plan_file
from models.registry import Enterprise, create_enterprise, parse_enterprise
from models.visits import Wave
from models.waves import assign
from sandbox import demo_data

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_PATH = Path("data") / "sandbox.sqlite3"
DEFAULT_PLAN_FILE = PROJECT_ROOT / "plans" / "2021-2025.yaml"
ACTOR = "sandbox"


@dataclass(frozen=True)
class SeedReport:
    fresh: bool            # False when an existing sandbox database was kept
    members: int
    enterprises: int
    milestones: int


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def remove_database_files(path: Path) -> None:
    """The SQLite file and its WAL companions."""
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        candidate.unlink(missing_ok=True)


def open_sandbox_database(path: Path, *, keep: bool) -> tuple[Database, bool]:
    """The sandbox database, migrated; returns it and whether it was built fresh (and so needs seeding)."""
    fresh = not (keep and path.exists())
    if fresh:
        remove_database_files(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    database = Database(sqlite_url(path))
    upgrade(database)
    if not fresh and not _is_seeded(database):
        fresh = True   # kept, but an earlier start stopped before seeding
    return database, fresh


def _is_seeded(database: Database) -> bool:
    with database.session() as session:
        return bool(session.scalar(select(func.count()).select_from(Plan)))


def seed_demo(database: Database, *, plan_file: Path = DEFAULT_PLAN_FILE) -> SeedReport:
    """Write the demo into an empty, migrated database in one transaction."""
    spec, digest = load_plan_file(plan_file)
    with database.session() as session:
        import_plan(session, spec, source_digest=digest, actor=ACTOR)
        members = {person.user_id: _add_member(session, person) for person in demo_data.PEOPLE if person.is_member}
        enterprise_ids = [create_enterprise(session, parse_enterprise(demo_data.enterprise_fields(enterprise)),
                                            actor=ACTOR).id
                          for enterprise in demo_data.ENTERPRISES]
        _assign_first_wave(session, [m for m in members.values() if m.role is Role.member], enterprise_ids)
        milestones = len(session.scalars(select(Plan).where(Plan.code == spec.code)).one().milestones)
        return SeedReport(fresh=True, members=len(members), enterprises=len(enterprise_ids), milestones=milestones)


def describe_kept(database: Database) -> SeedReport:
    with database.session() as session:
        def count(model: type) -> int:
            return session.scalar(select(func.count()).select_from(model)) or 0

        return SeedReport(fresh=False, members=count(Member), enterprises=count(Enterprise),
                          milestones=count(Milestone))


def _add_member(session: Session, person: demo_data.Person) -> Member:
    assert person.role is not None
    member = Member(full_name=person.full_name, role=person.role, language="vi")
    member.identities.append(Identity(platform_id=f"telegram:{person.user_id}",
                                      private_chat_id=f"telegram:{person.user_id}"))
    session.add(member)
    session.flush()
    return member


def _assign_first_wave(session: Session, members: list[Member], enterprise_ids: list[int]) -> None:
    """Wave 1's enterprises shared out among the members, so the wave's nudges have someone to remind."""
    first_wave = session.scalar(select(Wave).order_by(Wave.starts_on).limit(1))
    if first_wave is None or not members:
        return
    for index, member in enumerate(members):
        share = enterprise_ids[index::len(members)]
        if share:
            assign(session, first_wave.id, share, member.id, by=None)


def bind_demo_chats(database: Database, *, group_chat_id: int, coordinators_chat_id: int) -> None:
    """Bind the emulator's group and coordinators' chat (again at each start: the emulator keeps nothing)."""
    admin_platform_id = f"telegram:{demo_data.admin().user_id}"
    with database.session() as session:
        admin = session.scalar(select(Member).join(Identity).where(Identity.platform_id == admin_platform_id))
        if admin is None:
            raise RuntimeError("the sandbox database has no admin; start without --keep to rebuild it")
        bind_chat(session, purpose=ChatPurpose.group, chat_id=f"telegram:{group_chat_id}",
                  title=demo_data.GROUP_TITLE, by=admin)
        bind_chat(session, purpose=ChatPurpose.coordinators, chat_id=f"telegram:{coordinators_chat_id}",
                  title=demo_data.COORDINATORS_TITLE, by=admin)


def forget_earlier_emulator_updates(database: Database) -> int:
    """A kept database remembers the update ids of the last run's emulator; this run's emulator counts from the
    same first id again, so the inbox would take its updates for ones already handled."""
    with database.session() as session:
        return rows_affected(session.execute(delete(InboxUpdate)))
