"""A real form on both kinds of channel: logging a visit the quick way, and what each channel is sent."""

from __future__ import annotations

from sqlalchemy import select

from models.people import ChatBinding, ChatPurpose
from models.visits import Visit
from tests.core.conftest import add_enterprise


async def test_a_visit_is_logged_the_quick_way_on_either_channel(core):
    enterprise_id = add_enterprise(core, "Công ty TNHH Dệt may Nam Định", "0600111222")
    lan = core.person("Lan")
    core.person("Bình")
    with core.database.session() as session:
        session.add(ChatBinding(purpose=ChatPurpose.coordinators, chat_id=core.group()))
    sent = []
    sent += await lan.send("/tham")
    sent += await lan.send("det may")
    sent += await lan.press("Công ty TNHH Dệt may Nam Định — KCN Hòa Xá")
    sent += await lan.press("Hôm nay")
    sent += await lan.press("Bình")
    sent += await lan.press("Xong")
    sent += await lan.send("4 1 350 2")
    sent += await lan.press("Xong")
    summary = lan.last
    assert "Dệt may Nam Định" in summary.text and "Bình" in summary.text and "đảng viên chính thức 4" in summary.text
    sent += await lan.press("Lưu")
    assert "Đã ghi" in lan.last.text or "Đã lưu" in lan.last.text
    with core.database.session() as session:
        visit = session.scalars(select(Visit)).one()
        assert visit.enterprise_id == enterprise_id and visit.official_members_found == 4
    longest = max(len(m.text) for m in sent)
    assert longest <= core.capabilities.max_text
    edited = any(m.edited for m in sent)
    assert edited is core.capabilities.edit
    # A pressed answer and the next question are one message either way: 8 steps, not 15 messages.
    assert len({m.id for m in sent}) <= (6 if core.capabilities.edit else 9)
