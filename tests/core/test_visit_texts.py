"""What a logged visit reads like: its detail says each thing once, numbers carry Vietnamese thousands
separators, and no sentence ends in "..". On a channel like Telegram's and on one without buttons or edits."""

from __future__ import annotations

from sqlalchemy import select

from models.deliveries import Delivery
from models.people import ChatBinding, ChatPurpose
from tests.core.conftest import add_enterprise


async def log_a_visit(core, person, *, details: bool = False) -> None:
    await person.send("/tham")
    await person.send("det may")
    await person.press("Công ty TNHH Dệt may Nam Định — KCN Hòa Xá")
    await person.press("Hôm nay")
    await person.press("Bình")
    await person.press("Xong")
    await person.send("4 1 1350 2")
    await person.press("Xong")
    if details:
        await person.press("Bổ sung chi tiết (người tiếp, nội dung, kiến nghị…)")
        await person.send("Trần Văn Nam")
        await person.send("Giám đốc.")
        for _ in range(6):   # discussion, organisations, review, owner's stance, members met, difficulties
            await person.send("/boqua")
        await person.send("Họp chi bộ ghép.")
        await person.send("/boqua")
    await person.press("Lưu")


async def test_a_visits_detail_says_the_date_and_who_went_once(core):
    add_enterprise(core, "Công ty TNHH Dệt may Nam Định", "0600111222")
    lan = core.person("Lan")
    core.person("Bình")
    await log_a_visit(core, lan)
    await lan.send("/cuatoi")
    await lan.press("15/10/2021 Công ty TNHH Dệt may Nam Định")
    detail = lan.last.text
    assert detail.count("Ngày") == 1 and detail.count("Cùng đi") == 1, detail
    assert "Ngày: 15/10/2021" in detail and "Người ghi: Lan" in detail and "Cùng đi: Bình" in detail


async def test_numbers_have_thousands_separators_and_sentences_one_full_stop(core):
    add_enterprise(core, "Công ty TNHH Dệt may Nam Định", "0600111222")
    coordinators = core.group()
    with core.database.session() as session:
        session.add(ChatBinding(purpose=ChatPurpose.coordinators, chat_id=coordinators))
    lan = core.person("Lan")
    core.person("Bình")
    await log_a_visit(core, lan, details=True)
    summary = next(m for m in lan.chat if "Kiểm tra lại" in m.text)
    assert "người lao động 1.350" in summary.text
    with core.database.session() as session:
        alert = session.scalars(select(Delivery.text).where(Delivery.key.like("visit:%:coordinators"))).one()
    assert "Người lao động: 1.350" in alert
    assert "Người tiếp đoàn: Trần Văn Nam, Giám đốc." in alert and "Bước tiếp theo: Họp chi bộ ghép." in alert
    assert ".." not in alert
