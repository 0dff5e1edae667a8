"""Every record a turn writes takes its time from the turn's clock (the sandbox's shifted clock included), not
from the machine's: the 48-hour edit limit then holds wherever the clock stands."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from models.base import use_time
from models.registry import Enterprise, create_enterprise, parse_enterprise
from models.visits import Visit
from tests.core.conftest import add_enterprise
from tests.core.harness import START


async def log_a_visit(core, person) -> None:
    await person.send("/tham")
    await person.send("det may")
    await person.press("Công ty TNHH Dệt may Nam Định — KCN Hòa Xá")
    await person.press("Hôm nay")
    await person.press("Xong")
    await person.send("4 1 350 2")
    await person.press("Xong")
    await person.press("Lưu")


async def test_a_visit_carries_the_turns_time_and_the_edit_limit_applies_by_that_clock(core):
    add_enterprise(core, "Công ty TNHH Dệt may Nam Định", "0600111222")
    lan = core.person("Lan")
    await log_a_visit(core, lan)
    with core.database.session() as session:
        visit = session.scalars(select(Visit)).one()
        assert visit.created_at == START and visit.updated_at == START   # not the machine's 2026
        enterprise = session.get(Enterprise, visit.enterprise_id)
        assert enterprise.updated_at == START          # the visit updated its counts in the same turn
    core.clock.advance(dt.timedelta(hours=47))
    await lan.send("/cuatoi")
    await lan.press("15/10/2021 Công ty TNHH Dệt may Nam Định")
    await lan.press("Sửa")
    assert "Kiểm tra lại" in lan.last.text                  # within 48 hours: the form opens
    await lan.send("/huy")
    if "Hủy" in " ".join(lan.last.labels):
        await lan.press("Hủy")                               # answers were prefilled: asked first
    core.clock.advance(dt.timedelta(hours=2))                # 49 hours after it was logged
    await lan.send("/cuatoi")
    await lan.press("15/10/2021 Công ty TNHH Dệt may Nam Định")
    shown = await lan.press("Sửa")
    assert any("Đã quá 48 giờ" in m.text for m in shown)


def test_stamps_follow_the_unit_of_works_time_and_a_time_set_by_the_code_stays(database):
    then = dt.datetime(2021, 9, 15, 2, 0, tzinfo=dt.UTC)
    later = then + dt.timedelta(days=16)
    with database.session() as session:
        use_time(session, then)
        enterprise = create_enterprise(session, parse_enterprise({"name": "Công ty A", "tax_code": "0600999888"}),
                                       actor="test")
        session.flush()
        assert enterprise.created_at == then and enterprise.updated_at == then
    with database.session() as session:
        use_time(session, later)
        enterprise = session.scalars(select(Enterprise)).one()
        enterprise.employees = 120
        session.flush()
        assert enterprise.created_at == then and enterprise.updated_at == later
        enterprise.employees = 130
        enterprise.updated_at = then                       # the code's own time is kept
        session.flush()
        assert enterprise.updated_at == then
