"""Coordinators open the waves after the plan file's: checked against the plan and the other waves, kept by a
re-import of the plan file."""

import datetime as dt

import pytest
from sqlalchemy import select

from models.audit import AuditEntry
from models.errors import InvalidInput, PermissionDenied
from models.people import Role
from models.plan import Closure, close_plan, get_plan, import_plan, load_plan_file
from models.waves import current_wave, open_wave
from tests.conftest import make_member
from tests.scheduler.conftest import PLAN_FILE

CODE = "01-KH/ĐUK-BQLCKCN"


@pytest.fixture
def plan(session):
    spec, _ = load_plan_file(PLAN_FILE)
    import_plan(session, spec)
    return get_plan(session, CODE)


def test_a_wave_opened_by_a_coordinator_runs_and_survives_a_reimport(session, plan):
    coordinator = make_member(session, "Điều phối", Role.coordinator)
    wave = open_wave(session, plan.id, dt.date(2022, 4, 4), dt.date(2022, 6, 30), coordinator)
    assert (wave.code, wave.name, wave.opened_by_id) == ("dot-3", "Đợt 3", coordinator.id)
    assert current_wave(session, dt.date(2022, 5, 1)).id == wave.id
    named = open_wave(session, plan.id, dt.date(2022, 7, 1), dt.date(2022, 9, 30), coordinator, name="Đợt quý III")
    assert (named.code, named.name) == ("dot-4", "Đợt quý III")
    assert session.scalar(select(AuditEntry.action).where(AuditEntry.entity_id == wave.id)) == "wave.open"
    spec, _ = load_plan_file(PLAN_FILE)
    report = import_plan(session, spec)
    assert report.waves.kept == {"dot-3": "opened from the chat", "dot-4": "opened from the chat"}
    assert report.waves.removed == []


@pytest.mark.parametrize("starts, ends, message", [
    (dt.date(2022, 3, 1), dt.date(2022, 4, 30), "trùng với Đợt 2 (01/01/2022 – 31/03/2022)"),
    (dt.date(2022, 6, 30), dt.date(2022, 6, 1), "phải sau ngày bắt đầu"),
    (dt.date(2025, 12, 1), dt.date(2026, 1, 31), "trong thời gian của kế hoạch (24/09/2021 – 31/12/2025)"),
])
def test_a_wave_outside_the_plan_or_over_another_is_refused(session, plan, starts, ends, message):
    coordinator = make_member(session, "Điều phối", Role.coordinator)
    with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        open_wave(session, plan.id, starts, ends, coordinator)


def test_only_a_coordinator_opens_a_wave_and_not_past_the_plans_early_end(session, plan):
    with pytest.raises(PermissionDenied):
        open_wave(session, plan.id, dt.date(2022, 4, 4), dt.date(2022, 6, 30), make_member(session, "Thành viên"))
    close_plan(session, CODE, Closure.ended, reason="Hợp nhất tỉnh", on=dt.date(2025, 7, 1), by=None,
               today=dt.date(2025, 7, 1))
    coordinator = make_member(session, "Điều phối", Role.coordinator)
    with pytest.raises(InvalidInput, match="30/06/2025"):
        open_wave(session, plan.id, dt.date(2025, 6, 1), dt.date(2025, 8, 31), coordinator)
