"""/baocao over the emulator: the period menu, "sending a file…" while it builds, both documents; other people —
and the coordinator — are answered while a report builds; only coordinators; names only in a private chat."""

import asyncio
import datetime as dt
import io
import threading

from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from models.named_messages import NamedMessage, subject
from models.people import Role
from models.rules import load_rules
from reports.build import build_report
from tests.conftest import eventually
from tests.reports.conftest import build_scenario
from texts import reports as t

DOCUMENT_TIMEOUT = 90   # a generous bound for a loaded CI machine; the test waits for events, not for time


def prepare(world):
    world.clock.set(dt.datetime(2022, 7, 1, 2, 0, tzinfo=dt.UTC))
    with world.database.session() as session:
        scenario = build_scenario(session, load_rules())
    coordinator = world.emu.add_user("Hà", "Vũ", language_code="vi")
    world.add_member(coordinator, Role.coordinator)
    member = world.emu.add_user("Bình", "Phạm", language_code="vi")
    world.add_member(member)
    return scenario, coordinator, member


def file_bytes(world, message) -> bytes:
    return world.emu.world.files.get(message.document["file_id"]).data


async def documents(world, user, count=2, chat=None):
    target = chat or user.private_chat(world.bot)
    return [await world.emu.wait_for_message(target, timeout=DOCUMENT_TIMEOUT, predicate=lambda m: bool(m.document))
            for _ in range(count)]


async def test_a_coordinator_picks_a_period_and_receives_both_documents(world):
    _, coordinator, _ = prepare(world)
    menu = await world.ask(coordinator, "/baocao")
    assert menu.text.startswith("📄") and {"Đợt 2 (01/2022–03/2022)", "6 tháng đầu 2022", "Năm 2022",
                                           "Toàn kế hoạch (2021–2025)", t.NAMED_BUTTON} <= set(menu.button_texts)
    await coordinator.press(menu, "6 tháng đầu 2022")
    await world.emu.wait_for_edit(menu)
    assert "Đang lập báo cáo 6 tháng đầu năm 2022" in menu.text and not menu.buttons
    docx, xlsx = await documents(world, coordinator)
    assert docx.document["file_name"] == "bao-cao-ket-qua-2022-H1.docx"
    assert xlsx.document["file_name"] == "bao-cao-ket-qua-2022-H1.xlsx"
    assert docx.caption == t.DOCX_CAPTION.format(phrase="6 tháng đầu năm 2022")
    assert "upload_document" in world.emu.chat_actions(coordinator.private_chat(world.bot))
    paragraphs = [p.text for p in Document(io.BytesIO(file_bytes(world, docx))).paragraphs]
    assert any("đã có 4 buổi làm việc với 3 doanh nghiệp" in p for p in paragraphs)
    assert load_workbook(io.BytesIO(file_bytes(world, xlsx)))["Làm việc"].max_row == 5


async def test_everybody_is_answered_while_a_report_builds(world):
    _, coordinator, member = prepare(world)
    runner = world.runtime.reports
    building, release = threading.Event(), threading.Event()

    def held_build(*args, **kwargs):
        building.set()
        assert release.wait(60), "the test never released the build"
        return build_report(*args, **kwargs)

    runner.build = held_build
    try:
        menu = await world.ask(coordinator, "/baocao")
        await coordinator.press(menu, "Năm 2022")
        assert await asyncio.to_thread(building.wait, 30)
        # The build is under way and cannot finish: every answer now proves the bot is not waiting for it.
        help_text = (await world.ask(member, "/trogiup")).text
        assert help_text.startswith("Các việc đồng chí có thể làm")
        assert "/baocao" not in help_text                     # a member's help leaves out coordinators' commands
        assert (await world.ask(coordinator, "/trogiup")).text.startswith("Các việc đồng chí có thể làm")
        again = await world.ask(coordinator, "/baocao 2021")
        assert again.text == t.ALREADY_WORKING
        assert not [m for m in world.emu.bot_messages(coordinator.private_chat(world.bot)) if m.document]
    finally:
        release.set()
    docx, _ = await documents(world, coordinator)
    assert docx.document["file_name"] == "bao-cao-so-ket-2022.docx"


async def test_only_coordinators_and_names_only_in_private(world):
    scenario, coordinator, member = prepare(world)
    refused = await world.ask(member, "/baocao")
    assert "chỉ dành cho điều phối viên" in refused.text
    group = world.emu.add_supergroup("Điều phối", members=[coordinator], bots=[world.bot])
    in_group = await world.ask(coordinator, "/baocao", chat=group)
    assert t.NAMED_BUTTON not in in_group.button_texts      # names are never offered in a group

    menu = await world.ask(coordinator, "/baocao")
    await coordinator.press(menu, t.NAMED_BUTTON)
    await world.emu.wait_for_edit(menu)
    assert menu.text == t.MENU_TITLE_NAMED and t.UNNAMED_BUTTON in menu.button_texts
    await coordinator.press(menu, "6 tháng đầu 2022")
    _, xlsx = await documents(world, coordinator)
    assert xlsx.document["file_name"] == "bao-cao-ket-qua-2022-H1-co-ten.xlsx"
    sheet = load_workbook(io.BytesIO(file_bytes(world, xlsx)))[t.SHEET["nominee_names"]]
    names = {row[1] for row in sheet.iter_rows(values_only=True)}
    assert set(scenario.nominee_names) <= names
    # Not to be forwarded or saved, and deleted when any nominee or moving member it names is erased.
    assert xlsx.data.get("has_protected_content") and not docx_of(world, coordinator).data.get("has_protected_content")

    def noted() -> set[str]:
        with world.database.session() as session:
            return set(session.scalars(select(NamedMessage.subject).where(
                NamedMessage.message_id == str(xlsx.message_id))))

    await eventually(lambda: noted() == {subject("nominee"), subject("transfer")}, "the named workbook noted")


def docx_of(world, user):
    return [m for m in world.emu.bot_messages(user.private_chat(world.bot)) if m.document
            and m.document["file_name"].endswith(".docx")][-1]


async def test_a_period_can_be_named_in_the_command(world):
    _, coordinator, _ = prepare(world)
    working = await world.ask(coordinator, "/baocao wave:2")
    assert working.text.startswith("⏳ Đang lập báo cáo Đợt 2")
    docx, _ = await documents(world, coordinator)
    assert docx.document["file_name"] == "bao-cao-ket-qua-dot-2.docx"
    wrong = await world.ask(coordinator, "/baocao 2022-H3")
    assert "Không hiểu kỳ báo cáo" in wrong.text


async def test_a_failed_build_is_apologised_for_with_an_id(world):
    _, coordinator, _ = prepare(world)

    def broken_build(*args, **kwargs):
        raise RuntimeError("disk full")

    world.runtime.reports.build = broken_build
    await world.ask(coordinator, "/baocao 2022")
    apology = await world.next(coordinator, timeout=DOCUMENT_TIMEOUT)
    assert apology.text.startswith("⚠️ Không lập được báo cáo (mã lỗi ")
    assert not world.runtime.reports.busy(f"telegram:{coordinator.id}")   # the next request may go


async def test_the_draft_before_a_review_reaches_the_coordinators_chat(world, tmp_path):
    prepare(world)
    _, coordinators = await world.bind_chats()
    runner = world.runtime.reports
    runner.drafts_dir = tmp_path / "drafts"
    world.clock.set(dt.datetime(2022, 12, 1, 1, 0, tzinfo=dt.UTC))   # 08:00 as review 2.7's month begins
    await world.runtime.tick()   # the bot's one repeating job builds and queues it, in the background
    assert len(await runner.review_check) == 2
    assert await runner.send_review_drafts() == []          # once
    docx = await world.emu.wait_for_message(coordinators, timeout=DOCUMENT_TIMEOUT,
                                            predicate=lambda m: bool(m.document))
    xlsx = await world.emu.wait_for_message(coordinators, timeout=DOCUMENT_TIMEOUT,
                                            predicate=lambda m: bool(m.document))
    assert docx.document["file_name"] == "bao-cao-so-ket-2022.docx" and "mục 2.7" in docx.caption
    assert xlsx.document["file_name"] == "bao-cao-so-ket-2022.xlsx"


async def test_a_draft_whose_build_outlasts_the_review_date_is_sent_marked_late(world, tmp_path):
    """The sandbox's clock can run past the review's date while a draft builds: it still goes out, marked late."""
    prepare(world)
    _, coordinators = await world.bind_chats()
    runner = world.runtime.reports
    runner.drafts_dir = tmp_path / "drafts"

    def slow_build(*arguments, **options):
        world.clock.set(dt.datetime(2023, 1, 3, 1, 0, tzinfo=dt.UTC))   # past 2.7's date (31/12/2022)
        return build_report(*arguments, **options)

    runner.build = slow_build
    world.clock.set(dt.datetime(2022, 12, 1, 1, 0, tzinfo=dt.UTC))
    await world.runtime.tick()
    assert len(await runner.review_check) == 2
    docx = await world.emu.wait_for_message(coordinators, timeout=DOCUMENT_TIMEOUT,
                                            predicate=lambda m: bool(m.document))
    assert docx.caption.startswith("⏰ Gửi muộn (sau ngày 31/12/2022). 📝 Dự thảo báo cáo")
    assert "mục 2.7" in docx.caption


async def test_a_review_draft_that_fails_to_build_is_tried_again_an_hour_later_not_every_minute(world, tmp_path):
    prepare(world)
    await world.bind_chats()
    runner = world.runtime.reports
    runner.drafts_dir = tmp_path / "drafts"
    attempts = []

    def broken_build(*_args, **_kwargs):
        attempts.append(world.clock.now())
        raise OSError("disk full")

    runner.build = broken_build
    world.clock.set(dt.datetime(2022, 12, 1, 1, 0, tzinfo=dt.UTC))   # 08:00 as review 2.7's month begins
    await world.runtime.tick()
    assert await runner.review_check == []
    for minutes in (1, 2, 59):   # the next ticks within the hour leave it
        world.clock.set(dt.datetime(2022, 12, 1, 1, minutes, tzinfo=dt.UTC))
        await world.runtime.tick()
    assert len(attempts) == 1
    runner.build = None   # fixed: built in a child process as in production
    world.clock.set(dt.datetime(2022, 12, 1, 2, 1, tzinfo=dt.UTC))
    await world.runtime.tick()
    assert len(await runner.review_check) == 2


async def test_in_a_group_the_report_is_the_counts_only_variant(world):
    """The audit asked /baocao in the delegation's group: the workbook posted there listed the person met at
    each visit, the members who went and every difficulty's full text, for anyone in the group to download.
    In a group the report is now the counts-only variant, however it is asked for."""
    from models.visits import parse_visit, record_visit
    from tests.reports.conftest import TODAY

    scenario, coordinator, member = prepare(world)
    with world.database.session() as session:
        record_visit(session, parse_visit({"enterprise_id": 1, "visited_on": dt.date(2022, 5, 6),
                                           "met_name": "Ông Lý Văn Giám Đốc", "met_position": "Giám đốc nhân sự",
                                           "discussion": "Ông ấy nói công ty nợ lương 3 tháng"}),
                     reporter=session.get(type(scenario.member), scenario.member.id), today=TODAY)
    await world.ask(world.admin, "/start")
    group = world.emu.add_supergroup("Đoàn công tác", members=[world.admin, coordinator, member], bots=[world.bot])
    await world.ask(world.admin, "/ganhom", chat=group)
    menu = await world.ask(coordinator, "/baocao", chat=group)
    assert t.MENU_COUNTS_ONLY in menu.text and t.NAMED_BUTTON not in menu.button_texts
    await coordinator.press(menu, "6 tháng đầu 2022")
    docx, xlsx = await documents(world, coordinator, chat=group)
    assert xlsx.document["file_name"].endswith("-so-lieu.xlsx") and docx.document["file_name"].endswith("-so-lieu.docx")
    assert t.XLSX_CAPTION_COUNTS_ONLY in xlsx.caption
    book = load_workbook(io.BytesIO(file_bytes(world, xlsx)))
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value]
    paragraphs = [p.text for p in Document(io.BytesIO(file_bytes(world, docx))).paragraphs]
    shown = cells + paragraphs
    for secret in ("Lý Văn Giám Đốc", "Giám đốc nhân sự", "nợ lương", "Chậm hoàn thuế", "Thiếu mặt bằng",
                   "Thiếu công nhân may", "Thủ tục phòng cháy", "tuyến xe buýt", scenario.transferred_name,
                   *scenario.nominee_names):
        assert not any(secret in value for value in shown), secret
    assert t.SHEET["visits"] not in book.sheetnames and t.SHEET["difficulties"] not in book.sheetnames
    # The same command with a period, in the group: counts only too.
    await world.ask(coordinator, "/baocao 2022-H1", chat=group)
    _, again = await documents(world, coordinator, chat=group)
    assert again.document["file_name"].endswith("-so-lieu.xlsx")


async def test_the_consolidated_recommendations_from_the_menu_and_by_name_only_in_private(world):
    """The plan's first duty from the chat: the recommendations waiting on the provincial bodies, as one Word file
    (the same document as `report recommendations`); never in a group, where anyone could open it."""
    _, coordinator, _ = prepare(world)
    menu = await world.ask(coordinator, "/baocao")
    button = "📮 Tổng hợp kiến nghị gửi Tỉnh ủy, UBND tỉnh"      # the bodies of the day, from the bodies file
    assert button in menu.button_texts
    await coordinator.press(menu, button)
    await world.emu.wait_for_edit(menu)
    assert menu.text == t.REC_WORKING and not menu.buttons
    (docx,) = await documents(world, coordinator, count=1)
    assert docx.document["file_name"] == "kien-nghi-20220701.docx"
    assert docx.caption == t.REC_CAPTION.format(count="3", as_of="01/07/2022")
    texts = [p.text for p in Document(io.BytesIO(file_bytes(world, docx))).paragraphs]
    assert "Tổng hợp khó khăn, đề xuất, kiến nghị của doanh nghiệp gửi Tỉnh ủy và Ủy ban nhân dân tỉnh" in texts
    assert any(p.endswith("KIẾN NGHỊ GỬI ỦY BAN NHÂN DÂN TỈNH") for p in texts)
    assert "Chậm hoàn thuế giá trị gia tăng" in str(
        [c.text for table in Document(io.BytesIO(file_bytes(world, docx))).tables for c in table._cells])

    working = await world.ask(coordinator, "/baocao kiennghi")
    assert working.text == t.REC_WORKING
    await documents(world, coordinator, count=1)

    group = world.emu.add_supergroup("Điều phối", members=[coordinator], bots=[world.bot])
    in_group = await world.ask(coordinator, "/baocao", chat=group)
    assert button not in in_group.button_texts
    refused = await world.ask(coordinator, "/baocao kiennghi", chat=group)
    assert refused.text == t.REC_ONLY_PRIVATE
    assert not [m for m in world.emu.bot_messages(group) if m.document]
