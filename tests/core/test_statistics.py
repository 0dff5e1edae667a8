"""/thongke says what it counts: a wave's figures while one runs, the figures since the beginning otherwise —
never "no wave" followed by a wave's percentage."""

from __future__ import annotations

import datetime as dt

from models.plan import Plan
from models.visits import Wave
from tests.core.conftest import add_enterprise


async def test_without_a_wave_the_statistics_name_no_wave(core):
    add_enterprise(core, "Công ty TNHH Dệt may Nam Định", "0600111222")
    lan = core.person("Lan")
    (shown,) = await lan.send("/thongke")
    assert "không có đợt công tác nào đang diễn ra" in shown.text
    assert "đợt:" not in shown.text and "trong đợt" not in shown.text, shown.text
    assert "Doanh nghiệp chưa có tổ chức đảng: 1" in shown.text and "(0%)" in shown.text


async def test_during_a_wave_the_statistics_are_the_waves(core):
    add_enterprise(core, "Công ty TNHH Dệt may Nam Định", "0600111222")
    with core.database.session() as session:
        plan = Plan(code="KH-1", title="Kế hoạch", starts_on=dt.date(2021, 9, 1), ends_on=dt.date(2025, 12, 31))
        session.add(plan)
        session.flush()
        session.add(Wave(plan_id=plan.id, code="D1", name="Đợt 1", starts_on=dt.date(2021, 10, 1),
                         ends_on=dt.date(2021, 12, 31)))
    lan = core.person("Lan")
    (shown,) = await lan.send("/thongke")
    assert shown.text.startswith("📊 Đợt 1 (01/10/2021 – 31/12/2021)")
    assert "Đã làm việc trong đợt: 0 (0%)" in shown.text
