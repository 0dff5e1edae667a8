"""Report benchmark: the five-year review report (Word and Excel) built from a generated five years of work,
and how quickly the bot answers another member's /help while it builds.

    python -m bench.report [--json]

The generated database (SQLite): the real plan file, 300 enterprises, 3,000 visits, 1,000 difficulties and
500 nominees over 2021–2025 (with transfers, foundings and yearly targets). First the report is built alone
(the time printed); then the bot runs in this process against the project's Bot API emulator, a coordinator
asks for the same report in the chat, and another member sends /help again and again until the documents
arrive (ten a second at most): the p50/p99 of /help's latency, from sending to the answer. With --json the last line is
{"seconds": …, "help_p50_ms": …, "help_p99_ms": …}. Goals: under 5 s; /help under 200 ms meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.database import upgrade
from models.db import Database
from models.difficulties import Difficulty, DifficultyEvent, DifficultyStatus
from models.nominees import Consent, Nominee, NomineeEvent, Stage, add_months, add_years
from models.organisations import Founding, OrgKind, Transfer
from models.people import Identity, Member, Role
from models.plan import import_plan, load_plan_file
from models.registry import Enterprise, IndustrialZone, Ownership, PartyOrgStatus
from models.rules import load_rules
from models.targets import Target, TargetKind
from models.text import fold
from models.visits import Assignment, Visit, VisitMember, Wave

PLAN_FILE = Path(__file__).resolve().parents[1] / "plans" / "2021-2025.yaml"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DATA_END = dt.date(2025, 12, 31)
BENCH_NOW = dt.datetime(2025, 12, 31, 16, 0, tzinfo=TZ)   # the day the five-year report is built
ZONES = ("Hòa Xá", "Bảo Minh", "Mỹ Trung", "Dệt may Rạng Đông", "Mỹ Thuận", "Trung Thành", "Hồng Tiến")
FORMS = ("Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV")
TRADES = ("Dệt may", "May mặc", "Cơ khí", "Điện tử", "Bao bì", "Thực phẩm", "Gỗ", "Nhựa", "Giày da", "Dược phẩm",
          "Vật liệu xây dựng", "Linh kiện ô tô", "Sợi", "In ấn", "Hóa chất")
BRANDS = ("Thành Công", "Hưng Thịnh", "Phú Cường", "Việt Hàn", "Minh Anh", "Đại Phát", "Sông Hồng", "Nam Việt",
          "Hoàng Long", "An Phát", "Tân Tiến", "Hải Âu", "Bình Minh", "Kim Ngân", "Toàn Cầu", "Sao Mai", "Hòa Bình",
          "Đông Á", "Quang Minh", "Thiên Phúc")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Thu", "Đức", "Ngọc", "Quang")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Phương", "Quân", "Thảo", "Tuấn")


@dataclass(frozen=True)
class DatasetSize:
    enterprises: int = 300
    visits: int = 3000
    difficulties: int = 1000
    nominees: int = 500
    transfers: int = 80
    members: int = 12


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randrange(7, 17), rng.randrange(60)), tzinfo=TZ).astimezone(
        dt.UTC)


def generate_dataset(database: Database, size: DatasetSize = DatasetSize(), *, seed: int = 1,
                     coordinator_platform_id: str | None = None) -> None:
    """Five years of the delegation's work, written directly (bulk, no per-record checks) for speed.

    `coordinator_platform_id`: the Telegram account ("telegram:…") of the generated coordinator, for chat runs.
    """
    rng = random.Random(seed)
    rules = load_rules()
    spec, digest = load_plan_file(PLAN_FILE)
    with database.session() as session:
        import_plan(session, spec, source_digest=digest, actor="bench")
    with database.session() as session:
        members = []
        for index in range(size.members):
            role = Role.coordinator if index == 0 else Role.member
            member = Member(full_name=_person(rng), role=role)
            platform_id = coordinator_platform_id if index == 0 and coordinator_platform_id else f"bench:{index}"
            member.identities.append(Identity(platform_id=platform_id, private_chat_id=platform_id
                                              if platform_id.startswith("telegram:") else None))
            members.append(member)
        session.add_all(members)
        zones = [IndustrialZone(name=f"KCN {name}", name_folded=fold(f"KCN {name}")) for name in ZONES]
        session.add_all(zones)
        session.flush()

        enterprises = []
        codes: set[str] = set()
        for index in range(size.enterprises):
            name = f"{rng.choice(FORMS)} {rng.choice(TRADES)} {rng.choice(BRANDS)} {index + 1}"
            code = f"06{rng.randrange(10 ** 8):08d}"
            while code in codes:
                code = f"06{rng.randrange(10 ** 8):08d}"
            codes.add(code)
            foreign = rng.random() < 0.3
            official = rng.choice((0, 0, 0, 1, 2, 3, 4, 5, 8, 12))
            enterprises.append(Enterprise(
                name=name, name_folded=fold(name), tax_code=code, zone_id=rng.choice(zones).id,
                ownership=Ownership.foreign if foreign else Ownership.domestic,
                country=rng.choice(("Hàn Quốc", "Nhật Bản", "Đài Loan", "Trung Quốc")) if foreign else None,
                employees=rng.randrange(30, 3000), official_members=official,
                probationary_members=rng.choice((0, 0, 0, 1, 2)),
                party_org_status=PartyOrgStatus.members_elsewhere if official else PartyOrgStatus.none,
                has_trade_union=rng.random() < 0.6, has_youth_union=rng.random() < 0.3,
                has_veterans=rng.random() < 0.1, youth_union_members=rng.choice((None, 2, 5, 12))))
        session.add_all(enterprises)
        session.flush()

        waves = list(session.scalars(select(Wave).order_by(Wave.starts_on)))
        for wave in waves:
            for enterprise in rng.sample(enterprises, min(len(enterprises), 60)):
                session.add(Assignment(wave_id=wave.id, enterprise_id=enterprise.id,
                                       member_id=rng.choice(members).id))

        start = dt.date(2021, 10, 1)
        visits = []
        for _ in range(size.visits):
            day = _day_between(rng, start, DATA_END)
            in_wave = next((w for w in waves if w.starts_on <= day <= w.ends_on), None)
            enterprise = rng.choice(enterprises)
            reporter = rng.choice(members)
            visit = Visit(enterprise_id=enterprise.id, wave_id=in_wave.id if in_wave else None,
                          reported_by_id=reporter.id,
                          visited_on=day, met_name=_person(rng), met_position=rng.choice(("Giám đốc", "Phó Giám đốc",
                                                                                           "Trưởng phòng Nhân sự")),
                          discussion="Trao đổi về thành lập tổ chức đảng, đoàn thể.",
                          official_members_found=enterprise.official_members,
                          probationary_members_found=enterprise.probationary_members,
                          workers=enterprise.employees, outstanding_workers=rng.randrange(0, 4),
                          difficulties_raised=rng.random() < 0.3,
                          next_step=rng.choice((None, "Gửi danh sách đảng viên")),
                          next_step_due=day + dt.timedelta(days=30) if rng.random() < 0.3 else None,
                          checkin_verified=rng.random() < 0.7, created_at=_moment(day, rng))
            visits.append((visit, {reporter.id, rng.choice(members).id}))
        session.add_all(v for v, _ in visits)
        session.flush()
        session.add_all(VisitMember(visit_id=v.id, member_id=m) for v, team in visits for m in team)

        categories = [c.code for c in rules.difficulty_categories]
        recipients = [c.code for c in rules.difficulty_recipients]
        for _ in range(size.difficulties):
            received = _day_between(rng, start, DATA_END)
            created = _moment(received, rng)
            age = (DATA_END - received).days
            roll = rng.random()
            if age > 90 and roll < 0.75:
                status = rng.choice((DifficultyStatus.resolved,) * 4 + (DifficultyStatus.declined,))
            elif roll < 0.4:
                status = rng.choice((DifficultyStatus.forwarded, DifficultyStatus.answered))
            else:
                status = DifficultyStatus.open
            closed = created + dt.timedelta(days=rng.randrange(5, min(age, 200) + 6)) if status.is_closed else None
            if closed is not None and closed.astimezone(TZ).date() > DATA_END:
                closed = _moment(DATA_END, rng)
            difficulty = Difficulty(
                enterprise_id=rng.choice(enterprises).id, reported_by_id=rng.choice(members).id,
                category=rng.choice(categories), description="Thiếu mặt bằng mở rộng nhà xưởng; thủ tục cấp phép chậm.",
                proposal=rng.choice((None, "Đề nghị hỗ trợ làm việc với sở, ngành.")), recipient=rng.choice(recipients),
                status=status, created_at=created, updated_at=closed or created, closed_at=closed)
            difficulty.events.append(DifficultyEvent(status=DifficultyStatus.open, at=created))
            if status is not DifficultyStatus.open:
                difficulty.events.append(DifficultyEvent(status=status, at=closed or created))
            session.add(difficulty)

        coordinator = members[0]
        for _ in range(size.nominees):
            nominated = _day_between(rng, start, DATA_END)
            born = nominated - dt.timedelta(days=rng.randrange(19 * 365, 40 * 365))
            nominee = Nominee(enterprise_id=rng.choice(enterprises).id, nominated_by_id=rng.choice(members).id,
                              full_name=_person(rng), date_of_birth=born, position="Công nhân", stage=Stage.nominated,
                              nominated_on=nominated, age_eligible_from=add_years(born, 18),
                              age_eligible_until=add_years(born, 61) - dt.timedelta(days=1))
            nominee.consents.append(Consent(taken_by_id=coordinator.id, given_at=_moment(nominated, rng),
                                            wording_version="v1"))
            nominee.events.append(NomineeEvent(stage=Stage.nominated, effective_on=nominated))
            day = nominated
            for stage, gap in ((Stage.class_registered, 45), (Stage.class_completed, 40),
                               (Stage.application_filed, 10), (Stage.background_filed, 10),
                               (Stage.introducers_named, 20), (Stage.background_verified, 30),
                               (Stage.resolution_passed, 20), (Stage.decided, 20), (Stage.admitted, 15),
                               (Stage.official, 365)):
                day = day + dt.timedelta(days=gap + rng.randrange(30))
                if day > DATA_END or rng.random() < 0.15:
                    break
                nominee.stage = stage
                nominee.events.append(NomineeEvent(stage=stage, effective_on=day))
                if stage is Stage.class_registered:
                    nominee.class_registered_on = day
                elif stage is Stage.class_completed:
                    nominee.certificate_date, nominee.certificate_expires_on = day, add_years(day, 5)
                elif stage is Stage.application_filed:
                    nominee.application_on = day
                elif stage is Stage.background_filed:
                    nominee.background_on = day
                elif stage is Stage.introducers_named:
                    nominee.introducers, nominee.introducers_named_on = "Hai đảng viên chính thức", day
                elif stage is Stage.background_verified:
                    nominee.verified_on = day
                elif stage is Stage.resolution_passed:
                    nominee.resolution_on, nominee.resolution_official_members, nominee.resolution_votes_for = day, 5, 5
                elif stage is Stage.decided:
                    nominee.decision_number, nominee.decided_on = f"{rng.randrange(100, 999)}-QĐ/ĐUK", day
                    nominee.decision_received_on = day
                elif stage is Stage.admitted:
                    nominee.admitted_on, nominee.probation_ends_on = day, add_months(day, 12)
                elif stage is Stage.official:
                    if nominee.probation_ends_on and day < nominee.probation_ends_on:
                        day = nominee.probation_ends_on
                    nominee.official_on = day
            if nominee.stage is Stage.nominated and rng.random() < 0.05:
                nominee.stage, nominee.stopped_on, nominee.stopped_reason = Stage.stopped, nominated, "Chuyển công tác"
            session.add(nominee)

        for _ in range(size.transfers):
            moved = _day_between(rng, start, DATA_END)
            issued = moved + dt.timedelta(days=rng.randrange(5, 60)) if rng.random() < 0.8 else None
            presented = issued + dt.timedelta(days=rng.randrange(3, 40)) if issued and rng.random() < 0.8 else None
            session.add(Transfer(
                enterprise_id=rng.choice(enterprises).id, member_name=_person(rng) if rng.random() < 0.5 else None,
                member_count=1, from_org="Đảng bộ xã nơi cư trú", to_org="Đảng bộ Ban Quản lý các KCN",
                moved_on=moved, begin_by=rules.add_working_days(moved, 60), letter_issued_on=issued,
                letter_due_on=rules.add_working_days(issued, 30) if issued else None, letter_presented_on=presented,
                completed_on=presented, recorded_by_id=rng.choice(members).id))

        eligible = [e for e in enterprises if e.official_members >= 3]
        for enterprise in rng.sample(eligible, len(eligible) // 2):
            decided = _day_between(rng, dt.date(2021, 12, 1), DATA_END)
            session.add(Founding(enterprise_id=enterprise.id, kind=OrgKind.party_org,
                                 decision_number=f"{rng.randrange(100, 999)}-QĐ/ĐUK", decided_on=decided,
                                 members_at_founding=enterprise.official_members, recorded_by_id=coordinator.id))
            enterprise.party_org_status = (PartyOrgStatus.dang_bo if enterprise.official_members >= 30
                                           else PartyOrgStatus.chi_bo)
            enterprise.party_org_founded_on = decided
        without_union = [e for e in enterprises if not e.has_trade_union]
        for enterprise in rng.sample(without_union, min(20, len(without_union))):
            decided = _day_between(rng, start, DATA_END)
            session.add(Founding(enterprise_id=enterprise.id, kind=OrgKind.trade_union,
                                 decision_number=f"{rng.randrange(10, 99)}/QĐ-CĐKCN", decided_on=decided,
                                 members_at_founding=rng.randrange(5, 200), recorded_by_id=coordinator.id))
            enterprise.has_trade_union, enterprise.trade_union_founded_on = True, decided
        for year in range(2022, 2026):
            for kind, value in ((TargetKind.new_members, 30), (TargetKind.party_orgs_founded, 10),
                                (TargetKind.enterprises_visited, 150), (TargetKind.nominees_to_class, 60)):
                session.add(Target(year=year, kind=kind, value=value, set_by_id=coordinator.id))


def _percentile(values: list[float], percent: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(percent / 100 * len(ordered))) - 1]


# --------------------------------------------------------------------------- the benchmark

TOKEN = "7000000002:report-bench"
COORDINATOR_ID, MEMBER_ID = 7101, 7102
IDLE_SAMPLES = 30
HELP_EVERY_S = 0.1


def _register_member(database: Database) -> None:
    with database.session() as session:
        member = Member(full_name="Phạm Văn Bình", role=Role.member)
        member.identities.append(Identity(platform_id=f"telegram:{MEMBER_ID}",
                                          private_chat_id=f"telegram:{MEMBER_ID}"))
        session.add(member)


def _build_alone(database: Database) -> tuple[float, float]:
    """(seconds to import the report's libraries, seconds to build the five-year report once they are loaded)."""
    started = time.perf_counter()
    from reports.build import build_report
    from reports.heading import ReportHeading
    from reports.periods import parse_period

    imported = time.perf_counter() - started
    heading = ReportHeading()   # the bodies file shipped with the project
    with database.read_session() as session:
        period = parse_period(session, "plan", today=BENCH_NOW.date())
    with tempfile.TemporaryDirectory(prefix="bench-report-out-") as out:
        started = time.perf_counter()
        build_report(database, period, heading, Path(out), rules=load_rules(), tz=TZ, now=BENCH_NOW)
        return imported, time.perf_counter() - started


async def _help_while_building(database: Database, idle_samples: int) -> dict:
    """The bot in this process on the emulator: /help's latency idle, then while /baocao plan builds."""
    from bot.runtime import build_runtime, running_bot
    from bot.settings import load_settings
    from emulator import Emulator
    from models.clock import ManualClock

    async with Emulator() as emu:
        emu.add_bot(token=TOKEN, username="report_bench_bot")
        coordinator = emu.add_user("Hà", "Vũ", language_code="vi", id=COORDINATOR_ID)
        member = emu.add_user("Bình", "Phạm", language_code="vi", id=MEMBER_ID)
        settings = load_settings(telegram_bot_token=TOKEN, telegram_base_url=emu.base_url,
                                 telegram_base_file_url=emu.base_file_url, database_url=database.url,
                                 _env_file=None)
        runtime = build_runtime(settings, database, clock=ManualClock(BENCH_NOW.astimezone(dt.UTC), TZ))
        async with running_bot(runtime, poll_timeout=1):
            member_chat, coordinator_chat = member.private_chat(), coordinator.private_chat()

            async def one_help() -> float:
                """One /help and its answer; then a pause, so the member asks ten times a second at most, as a busy
                chat might, instead of flooding the machine the build runs on."""
                started = time.perf_counter()
                await member.send("/help")
                await emu.wait_for_message(member_chat, timeout=30)
                took = time.perf_counter() - started
                await asyncio.sleep(max(0.0, HELP_EVERY_S - took))
                return took * 1000

            for _ in range(3):
                await one_help()   # warm up: the first turns load what the later ones reuse
            idle = [await one_help() for _ in range(idle_samples)]
            started = time.perf_counter()
            await coordinator.send("/baocao plan")
            arrived = asyncio.ensure_future(asyncio.gather(*(
                emu.wait_for_message(coordinator_chat, timeout=300, predicate=lambda m: bool(m.document))
                for _ in range(2))))
            busy: list[float] = []
            while not arrived.done():
                busy.append(await one_help())
            await arrived
            in_chat = time.perf_counter() - started
    return {"idle": idle, "busy": busy, "in_chat_seconds": in_chat}


def run_report_bench(as_json: bool = False, *, size: DatasetSize = DatasetSize(), seed: int = 1,
                     idle_samples: int = IDLE_SAMPLES) -> dict:
    """Build the five-year report from a generated five years of work; measure /help meanwhile."""
    with tempfile.TemporaryDirectory(prefix="bench-report-") as workdir:
        database = Database(f"sqlite:///{Path(workdir) / 'bench.sqlite3'}")
        upgrade(database)
        generate_dataset(database, size, seed=seed, coordinator_platform_id=f"telegram:{COORDINATOR_ID}")
        _register_member(database)
        imported, seconds = _build_alone(database)
        chat = asyncio.run(_help_while_building(database, idle_samples))
        database.dispose()
    busy, idle = chat["busy"], chat["idle"]
    report = {
        "seconds": round(seconds, 3),
        "help_p50_ms": _rounded(_percentile(busy, 50)),
        "help_p99_ms": _rounded(_percentile(busy, 99)),
        "help_requests": len(busy),
        "idle_help_p50_ms": _rounded(_percentile(idle, 50)),
        "idle_help_p99_ms": _rounded(_percentile(idle, 99)),
        "in_chat_seconds": round(chat["in_chat_seconds"], 3),
        "import_seconds": round(imported, 3),
    }
    print(f"data: {size.enterprises} enterprises, {size.visits} visits, {size.difficulties} difficulties, "
          f"{size.nominees} nominees, 2021–2025 (SQLite)")
    print(f"five-year report, both files: {report['seconds']} s (goal < 5 s; libraries loaded first, "
          f"which takes {report['import_seconds']} s once per process)")
    print(f"in the chat, /baocao plan to both documents: {report['in_chat_seconds']} s")
    print(f"/help meanwhile: p50 {report['help_p50_ms']} ms, p99 {report['help_p99_ms']} ms over "
          f"{report['help_requests']} requests (goal < 200 ms); idle: p50 {report['idle_help_p50_ms']} ms, "
          f"p99 {report['idle_help_p99_ms']} ms")
    if as_json:
        print(json.dumps(report))
    return report


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="make the last line a JSON object")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    run_report_bench(as_json=options.json, seed=options.seed)


if __name__ == "__main__":
    main()
