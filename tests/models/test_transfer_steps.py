"""A transfer of party activity after it is recorded: the letter issued, then presented; names are names."""

import datetime as dt

import pytest
from pydantic import ValidationError

from models.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from models.nominees import ConsentInput, NomineeInput
from models.organisations import (
    get_transfer,
    parse_transfer,
    pending_transfers,
    record_letter_issued,
    record_letter_presented,
    record_transfer,
)
from models.registry import create_enterprise, parse_enterprise
from models.text import is_person_name


@pytest.fixture
def enterprise(session):
    return create_enterprise(session, parse_enterprise({"name": "Công ty TNHH Điện tử Mỹ Trung",
                                                        "tax_code": "0600000002"}), actor="test")


def transfer(session, member, rules, enterprise, moved_on, **fields):
    return record_transfer(session, parse_transfer({
        "enterprise_id": enterprise.id, "member_count": 1, "from_org": "Đảng bộ xã Mỹ Hà",
        "to_org": "Đảng bộ BQL các KCN", "moved_on": moved_on, **fields}), by=member, rules=rules)


def test_the_letter_starts_its_own_working_day_clock_then_completes_the_transfer(session, member, coordinator,
                                                                              enterprise, rules):
    late = transfer(session, member, rules, enterprise, "2021-10-01")
    early = transfer(session, member, rules, enterprise, "2021-11-01")
    assert [t.id for t in pending_transfers(session)] == [late.id, early.id]   # nearest deadline first
    record_letter_issued(session, early.id, dt.date(2021, 11, 2), by=coordinator, rules=rules)
    assert early.letter_due_on == rules.add_working_days(dt.date(2021, 11, 2), 30) == dt.date(2021, 12, 14)
    assert [t.id for t in pending_transfers(session)] == [early.id, late.id]
    with pytest.raises(InvalidInput, match="không thể trước ngày cấp"):
        record_letter_presented(session, early.id, dt.date(2021, 11, 1), by=coordinator)
    record_letter_presented(session, early.id, dt.date(2021, 11, 20), by=coordinator)
    assert early.completed_on == dt.date(2021, 11, 20)
    assert [t.id for t in pending_transfers(session)] == [late.id]
    with pytest.raises(Conflict):
        record_letter_issued(session, early.id, dt.date(2021, 11, 25), by=coordinator, rules=rules)


def test_steps_refuse_what_cannot_be(session, member, coordinator, enterprise, rules):
    recorded = transfer(session, member, rules, enterprise, "2021-10-01")
    with pytest.raises(InvalidInput, match="Chưa ghi ngày cấp"):
        record_letter_presented(session, recorded.id, dt.date(2021, 10, 5), by=coordinator)
    with pytest.raises(InvalidInput, match="trước ngày chuyển đến"):
        record_letter_issued(session, recorded.id, dt.date(2021, 9, 30), by=coordinator, rules=rules)
    # The letter's steps are the coordinators' (a member records the move itself, not its follow-up).
    with pytest.raises(PermissionDenied):
        record_letter_issued(session, recorded.id, dt.date(2021, 10, 5), by=member, rules=rules)
    with pytest.raises(PermissionDenied):
        record_letter_presented(session, recorded.id, dt.date(2021, 10, 5), by=member)
    with pytest.raises(NotFound):
        get_transfer(session, 999)


@pytest.mark.parametrize("name, ok", [
    ("Nguyễn Thị Mai", True), ("Nguyễn Thị Mai", True), ("H'Hen Niê", True), ("Trần Văn A.", True),
    ("Mai 2", False), ("<b>Mai</b>", False), ("Robert'); DROP TABLE nominees;--", False), ("😀", False),
    ("Mai@gmail.com", False), ("   ", False), ("Nguyễn_Mai", False),
    # One script: a Cyrillic «а» or a Greek «ο» among Latin letters is a look-alike (audit L12).
    ("Nguyễn Thị Mаi", False), ("Nguyễn Vοn", False), ("Иван Петров", True), ("Đặng Ðức", True),
])
def test_a_person_name_is_letters_only(name, ok):
    assert is_person_name(name) is ok


def test_nominee_and_transfer_names_refuse_markup(enterprise):
    consent = ConsentInput(granted=True, given_at=dt.datetime(2021, 10, 1, tzinfo=dt.UTC), wording_version="v")
    with pytest.raises(ValidationError):
        NomineeInput(enterprise_id=enterprise.id, full_name="<b>Mai</b>", date_of_birth=dt.date(1995, 1, 1),
                     consent=consent, nominated_on=dt.date(2021, 10, 1))
    with pytest.raises(InvalidInput, match="Họ và tên"):
        parse_transfer({"enterprise_id": enterprise.id, "member_name": "x'; DROP TABLE transfers;--",
                        "from_org": "Đảng bộ A", "to_org": "Đảng bộ B", "moved_on": "2021-10-01"})


def test_a_moving_members_name_is_erased_by_a_coordinator_and_the_transfer_stays(session, member, coordinator,
                                                                                 enterprise, rules):
    from sqlalchemy import select

    from models.audit import AuditEntry
    from models.organisations import erase_transfer_name

    now = dt.datetime(2021, 11, 3, 2, 0, tzinfo=dt.UTC)
    named = transfer(session, member, rules, enterprise, "2021-10-01", member_name="Trần Văn Nam")
    with pytest.raises(PermissionDenied):
        erase_transfer_name(session, named.id, by=member, now=now)
    erase_transfer_name(session, named.id, by=coordinator, now=now)
    assert named.member_name is None and named.name_erased_at == now
    assert named.member_count == 1 and named.begin_by and named in pending_transfers(session)
    with pytest.raises(Conflict):
        erase_transfer_name(session, named.id, by=coordinator, now=now)   # nothing left to erase
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity == "transfer",
                                                              AuditEntry.entity_id == named.id)).all()
    assert actions == ["transfer.create", "transfer.erase_name"]
