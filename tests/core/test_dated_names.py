"""A form's question names a body of its day (the core's clock): a department given as an example, on either
kind of channel."""

from __future__ import annotations

import datetime as dt

from tests.core.conftest import add_enterprise


async def test_a_question_gives_a_department_of_its_day_as_example(core):
    add_enterprise(core, "Công ty TNHH Dệt may Nam Định", "0600111222")
    lan = core.person("Lan")
    core.clock.set(dt.datetime(2025, 8, 4, 2, 0, tzinfo=dt.UTC))
    await lan.send("/khokhan")
    await lan.send("det may")
    await lan.press("Công ty TNHH Dệt may Nam Định — KCN Hòa Xá")
    await lan.press("Đất đai, mặt bằng")
    await lan.send("Chậm cấp phép xây dựng nhà xưởng")
    await lan.press("Bỏ qua")
    await lan.press("Sở, ngành")
    question = lan.last.text
    assert "Sở, ngành nào? (ví dụ: Sở Nông nghiệp và Môi trường)" in question and "{" not in question
