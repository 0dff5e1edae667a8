"""A small, fully known first half of 2022, recorded through the domain's own operations, so every figure of the
report can be checked against what the test itself did; and the chat world of the flow tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.difficulties import DifficultyInput, change_difficulty_status, parse_status_change, report_difficulty
from models.nominees import ConsentInput, NomineeInput, StageChange, move_stage, nominate
from models.organisations import FoundingInput, OrgKind, parse_transfer, record_founding, record_transfer
from models.people import Member, Role
from models.plan import Milestone, import_plan, load_plan_file, mark_milestone_done
from models.registry import create_enterprise, parse_enterprise
from models.rules import Rules, load_rules
from models.targets import TargetKind, set_target
from models.visits import Wave, parse_visit, record_visit
from models.waves import assign
from reports.build import ReportFiles
from reports.heading import ReportHeading
from reports.periods import half_year_period, parse_period
from tests.conftest import make_member
from tests.flows.conftest import world  # noqa: F401  (the chat world, for this package's flow tests)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
REPO = Path(__file__).resolve().parents[2]
PLAN_FILE = REPO / "plans" / "2021-2025.yaml"
TODAY = dt.date(2022, 7, 1)
NOW = dt.datetime(2022, 7, 1, 9, 0, tzinfo=TZ)
HEADING = ReportHeading()   # the bodies file shipped with the project


def local(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=TZ)


def import_real_plan(session: Session) -> None:
    spec, digest = load_plan_file(PLAN_FILE)
    import_plan(session, spec, source_digest=digest, actor="test")
    session.flush()


@dataclass
class Scenario:
    """What the first half of 2022 holds; names and ids to look for in the report."""

    coordinator: Member
    member: Member
    eligible: str         # may found a party organisation, has none
    transferring: str     # too few members: they should transfer
    founded: str          # founded its chi bộ in the period
    unvisited: str        # assigned in wave 2, never visited
    nominee_names: tuple[str, ...]
    transferred_name: str
    overdue_difficulty: str   # the description of one open and older than the rule allows


@pytest.fixture
def scenario(session: Session, rules: Rules) -> Scenario:
    return build_scenario(session, rules)


@dataclass(frozen=True)
class Rendered:
    """The scenario's half-year report, built once for a module's tests that only read the files."""

    files: ReportFiles
    review: ReportFiles       # the June 2022 assessment (item 2.5), the plan's first review
    scenario: Scenario
    database_url: str


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, sqlite_database_at) -> Iterator[Rendered]:
    from reports.build import build_report

    folder = tmp_path_factory.mktemp("rendered")
    database = sqlite_database_at(folder / "scenario.sqlite3")
    with database.session() as session:
        scenario = build_scenario(session, load_rules())
    period = half_year_period(2022, 1)
    with database.read_session() as session:
        period = parse_period(session, period.code, today=TODAY)
        review = parse_period(session, "review:2.5", today=TODAY)
    files = build_report(database, period, HEADING, folder / "out", rules=load_rules(), tz=TZ, now=NOW)
    review_files = build_report(database, review, HEADING, folder / "review", rules=load_rules(), tz=TZ,
                                now=local(2022, 6, 23, 8))
    yield Rendered(files, review_files, scenario, database.url)
    database.dispose()


def build_scenario(session: Session, rules: Rules) -> Scenario:
    import_real_plan(session)
    coordinator = make_member(session, "Trần Điều Phối", Role.coordinator)
    member = make_member(session, "Nguyễn Thị Lan")

    def enterprise(name: str, tax_code: str, **fields) -> int:
        return create_enterprise(session, parse_enterprise({"name": name, "tax_code": tax_code,
                                                            "zone": "KCN Hòa Xá", **fields}), actor="test").id

    a = enterprise("Công ty TNHH Dệt may Hòa Xá", "0600000001", official_members=4, employees=400,
                   has_trade_union=True)
    b = enterprise("Công ty Cổ phần Cơ khí Bảo Minh", "0600000002", official_members=1, probationary_members=1,
                   employees=80, has_trade_union=True)
    c = enterprise("Công ty TNHH Điện tử Mỹ Trung", "0600000003-001", official_members=5, employees=900,
                   has_trade_union=True)
    d = enterprise("Công ty TNHH Bao bì Rạng Đông", "0600000004", employees=100)

    wave_2 = session.scalars(select(Wave).where(Wave.code == "dot-2")).one()
    assign(session, wave_2.id, [a, b, d], member.id, by=coordinator)

    def visit(enterprise_id: int, day: dt.date) -> None:
        record_visit(session, parse_visit({"enterprise_id": enterprise_id, "visited_on": day}), reporter=member,
                     today=TODAY)

    visit(a, dt.date(2021, 11, 20))     # wave 1: before the period
    visit(a, dt.date(2022, 1, 10))
    visit(a, dt.date(2022, 2, 15))
    visit(b, dt.date(2022, 3, 1))
    visit(c, dt.date(2022, 5, 5))

    def difficulty(enterprise_id: int, category: str, text: str, received: dt.datetime,
                   closed: tuple[str, dt.datetime] | None = None) -> None:
        item = report_difficulty(session, DifficultyInput(enterprise_id=enterprise_id, category=category,
                                                          description=text, recipient="ubnd"),
                                 reporter=member, rules=rules)
        item.created_at = item.events[0].at = received
        if closed is not None:
            status, when = closed
            change = {"status": status, **({"reason": "Ngoài thẩm quyền"} if status == "declined" else {})}
            change_difficulty_status(session, item.id, parse_status_change(change), by=coordinator, now=when)

    difficulty(a, "land", "Thiếu mặt bằng mở rộng nhà xưởng", local(2022, 1, 20), ("resolved", local(2022, 3, 1)))
    difficulty(b, "taxes", "Chậm hoàn thuế giá trị gia tăng", local(2022, 2, 1))
    difficulty(d, "labour", "Thiếu công nhân may", local(2022, 6, 20))
    difficulty(a, "procedures", "Thủ tục phòng cháy kéo dài", local(2021, 11, 25),
               ("resolved", local(2022, 8, 10)))
    difficulty(c, "other", "Đề nghị mở tuyến xe buýt", local(2022, 3, 5), ("declined", local(2022, 4, 1)))

    def nominee(enterprise_id: int, name: str, nominated: dt.date, *steps: StageChange) -> None:
        person = nominate(session, NomineeInput(
            enterprise_id=enterprise_id, full_name=name, date_of_birth=dt.date(1995, 5, 20), nominated_on=nominated,
            consent=ConsentInput(granted=True, given_at=local(nominated.year, nominated.month, nominated.day),
                                 wording_version="v1")), by=member, rules=rules)
        for step in steps:
            move_stage(session, person.id, step, by=coordinator, rules=rules)

    nominee(a, "Phạm Thị Hoa", dt.date(2022, 1, 15),
            StageChange(stage="class_registered", effective_on=dt.date(2022, 2, 1)),
            StageChange(stage="class_completed", effective_on=dt.date(2022, 3, 15),
                        certificate_date=dt.date(2022, 3, 15)),
            StageChange(stage="application_filed", effective_on=dt.date(2022, 3, 20)),
            StageChange(stage="background_filed", effective_on=dt.date(2022, 3, 25)),
            StageChange(stage="introducers_named", effective_on=dt.date(2022, 4, 1), introducers="Hai đảng viên"),
            StageChange(stage="background_verified", effective_on=dt.date(2022, 4, 10)),
            StageChange(stage="resolution_passed", effective_on=dt.date(2022, 4, 15), official_members=5, votes_for=5),
            StageChange(stage="decided", effective_on=dt.date(2022, 5, 5), decision_number="12-QĐ/ĐUK",
                        received_on=dt.date(2022, 5, 6)),
            StageChange(stage="admitted", effective_on=dt.date(2022, 5, 20)))
    nominee(b, "Lê Văn Tâm", dt.date(2022, 3, 1))
    nominee(a, "Đỗ Minh Khoa", dt.date(2021, 12, 1),
            StageChange(stage="class_registered", effective_on=dt.date(2021, 12, 20)),
            StageChange(stage="class_completed", effective_on=dt.date(2022, 2, 10),
                        certificate_date=dt.date(2022, 2, 10)))

    record_transfer(session, parse_transfer({
        "enterprise_id": b, "member_count": 2, "from_org": "Đảng bộ xã Mỹ Tân", "to_org": "Đảng bộ BQL các KCN",
        "moved_on": "2022-02-01", "letter_issued_on": "2022-02-10"}), by=member, rules=rules)
    record_transfer(session, parse_transfer({
        "enterprise_id": a, "member_name": "Nguyễn Văn Bình", "from_org": "Đảng bộ phường Lộc Hạ",
        "to_org": "Đảng bộ BQL các KCN", "moved_on": "2022-04-01", "letter_issued_on": "2022-04-05",
        "letter_presented_on": "2022-04-20"}), by=member, rules=rules)

    record_founding(session, FoundingInput(enterprise_id=c, kind=OrgKind.party_org, decision_number="45-QĐ/ĐUK",
                                           decided_on=dt.date(2022, 3, 10), members_at_founding=5),
                    by=coordinator, rules=rules)
    record_founding(session, FoundingInput(enterprise_id=d, kind=OrgKind.trade_union, decision_number="7/QĐ-CĐ",
                                           decided_on=dt.date(2022, 4, 15), members_at_founding=20),
                    by=coordinator, rules=rules)

    for kind, value in ((TargetKind.new_members, 2), (TargetKind.party_orgs_founded, 3),
                        (TargetKind.enterprises_visited, 10), (TargetKind.nominees_to_class, 5)):
        set_target(session, 2022, kind, value, by=coordinator, now=NOW)
    review = session.scalars(select(Milestone).where(Milestone.code == "2.5")).one()
    mark_milestone_done(session, review.id, coordinator, now=local(2022, 6, 28))
    session.flush()
    return Scenario(coordinator=coordinator, member=member, eligible="Công ty TNHH Dệt may Hòa Xá",
                    transferring="Công ty Cổ phần Cơ khí Bảo Minh", founded="Công ty TNHH Điện tử Mỹ Trung",
                    unvisited="Công ty TNHH Bao bì Rạng Đông",
                    nominee_names=("Phạm Thị Hoa", "Lê Văn Tâm", "Đỗ Minh Khoa"),
                    transferred_name="Nguyễn Văn Bình", overdue_difficulty="Chậm hoàn thuế giá trị gia tăng")
