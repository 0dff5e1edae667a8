"""A corpus of bad inputs across the forms of difficulties, nominees, transfers, foundings and targets.

Overlong text, emoji only, HTML and SQL fragments, impossible dates, negative counts, photos where words are
wanted, forged callback data and forged webhook updates. Each is answered with a clear Vietnamese message —
for a form's answer, «⚠️ reason» and then the same question again — nothing crashes (no apology from the error
handler), and no row is written (the tables are counted before and after each group).

One running bot per group of inputs keeps the run short; every input gets its own reply checked, and a group
fails listing every input that was not answered as expected.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, select

from bot.runner import SECRET_HEADER, webhook_app
from models.audit import AuditEntry
from models.conversation import FormDraft
from models.deliveries import Delivery
from models.difficulties import Difficulty, DifficultyEvent, DifficultyInput, report_difficulty
from models.nominees import (
    Consent,
    ConsentInput,
    Nominee,
    NomineeEvent,
    NomineeInput,
    Stage,
    StageChange,
    move_stage,
    nominate,
)
from models.organisations import Founding, Transfer
from models.people import Member, Role
from models.registry import Enterprise
from models.rules import load_rules
from models.targets import Target
from models.visits import Visit
from tests.flows.cancelling import cancel_form
from texts.nominees import CONSENT_VERSION

PHOTO, LOCATION = "<a photo>", "<a location>"
APOLOGY = "đã có lỗi"
RECORD_TABLES = (Difficulty, DifficultyEvent, Nominee, Consent, NomineeEvent, Transfer, Founding, Target, Visit,
                 Enterprise, Delivery)


@dataclass(frozen=True)
class Bad:
    answer: str
    reason: str   # a fragment the refusal must contain


def text_cases(max_length: int, min_length: int = 1, *, full: bool = True) -> list[Bad]:
    cases = [Bad("x" * (max_length + 1), f"dài quá {max_length} ký tự"),
             Bad("😀😀😀", "không chỉ biểu tượng"),
             Bad(PHOTO, "trả lời bằng chữ")]
    if full:
        cases += [Bad("!!! ??? ...", "không chỉ biểu tượng"),
                  Bad("\u200b\u200b\u200b", "không chỉ biểu tượng"),   # zero-width spaces
                  Bad("🇻🇳🇻🇳", "không chỉ biểu tượng"),
                  Bad("<> </> <!-- -->", "không chỉ biểu tượng"),
                  Bad(LOCATION, "trả lời bằng chữ")]
    if min_length >= 3:
        cases.append(Bad("ab", f"ít nhất {min_length} ký tự"))
    return cases


NOT_A_DATE = "không phải là ngày hợp lệ"
DATE_CASES = [
    Bad("31/02/2021", NOT_A_DATE), Bad("29/02/2021", NOT_A_DATE), Bad("32/01/2021", NOT_A_DATE),
    Bad("00/00/0000", NOT_A_DATE), Bad("2021-13-01", NOT_A_DATE), Bad("99999999", NOT_A_DATE),
    Bad("abc", NOT_A_DATE), Bad("<b>1/1/2021</b>", NOT_A_DATE), Bad("1/1/2021' OR '1'='1", NOT_A_DATE),
    Bad("📅", NOT_A_DATE), Bad("-1/-1/2021", NOT_A_DATE), Bad("1" * 300, NOT_A_DATE),
    Bad("15/10/2099", "tương lai"), Bad("ngày mai", "tương lai"), Bad("01/01/1999", "quá xa trong quá khứ"),
    Bad(PHOTO, "trả lời bằng chữ"),
]
SHORT_DATE_CASES = [DATE_CASES[0], DATE_CASES[7], DATE_CASES[12], DATE_CASES[14], DATE_CASES[15]]

NOT_A_NAME = "chỉ gồm chữ cái"
NAME_CASES = [
    Bad("12345", NOT_A_NAME), Bad("Nguyễn Văn 3", NOT_A_NAME), Bad("<b>Mai</b>", NOT_A_NAME),
    Bad("Robert'); DROP TABLE nominees;--", NOT_A_NAME), Bad("Mai 😀", NOT_A_NAME), Bad("Mai@gmail.com", NOT_A_NAME),
    Bad("Nguyễn_Mai", NOT_A_NAME), Bad("https://mai.vn", NOT_A_NAME), Bad("' OR '1'='1", NOT_A_NAME),
    Bad("A", "ít nhất 3 ký tự"), Bad("Mai " * 60, "dài quá 200 ký tự"), Bad("😀😀", "không chỉ biểu tượng"),
    Bad("Nguyễn Thị Mаi", "hai bảng chữ cái"),   # a Cyrillic «а»: a look-alike of a name on record
]

BIRTH_CASES = [
    Bad("31/02/1995", NOT_A_DATE), Bad("29/02/1995", NOT_A_DATE), Bad("32/01/1990", NOT_A_DATE),
    Bad("00/00/0000", NOT_A_DATE), Bad("1995", NOT_A_DATE), Bad("abc", NOT_A_DATE),
    Bad("<b>20/05/1995</b>", NOT_A_DATE), Bad("20/05/1995'; DROP TABLE nominees;--", NOT_A_DATE),
    Bad("99/99/9999", NOT_A_DATE), Bad("20/05/2030", "tương lai"), Bad("ngày mai", "tương lai"),
    Bad("01/01/1850", "quá xa trong quá khứ"), Bad("01/01/2015", "chưa đủ 15 tuổi"),
    # Past the admission age is only a warning (a higher committee may admit); a wrong century is a mistake.
    Bad("01/01/1930", "80 tuổi trở lên"), Bad("📅", "không chỉ biểu tượng"),
]

NOT_A_DOCUMENT = "Số văn bản chỉ gồm chữ, số"
DOCUMENT_CASES = [
    Bad("abc", NOT_A_DOCUMENT), Bad("<script>1</script>", NOT_A_DOCUMENT),
    Bad("1; DROP TABLE foundings", NOT_A_DOCUMENT), Bad("😀1", NOT_A_DOCUMENT), Bad("12'--", NOT_A_DOCUMENT),
    Bad("Số: 125", NOT_A_DOCUMENT),
    Bad("1" * 101, "dài quá 100 ký tự"), Bad("!!!", "không chỉ biểu tượng"),
]

NOT_A_NUMBER = "không phải là một số"
COUNT_CASES = [
    Bad("-1", "không thể âm"), Bad("0", "lớn hơn hoặc bằng 1"), Bad("1001", "nhỏ hơn hoặc bằng 1000"),
    Bad("abc", NOT_A_NUMBER), Bad("1e5", NOT_A_NUMBER), Bad("1/2", NOT_A_NUMBER), Bad("9999999999999", NOT_A_NUMBER),
    Bad("😀", NOT_A_NUMBER), Bad("<b>2</b>", NOT_A_NUMBER), Bad("2; DROP TABLE transfers", NOT_A_NUMBER),
    Bad("−3", NOT_A_NUMBER),   # a typographic minus
]
FOUNDING_MEMBER_CASES = [Bad("-5", "không thể âm"), Bad("0", "lớn hơn hoặc bằng 1"),
                         Bad("100001", "nhỏ hơn hoặc bằng 100000"), Bad("năm người", NOT_A_NUMBER)]
TARGET_COUNT_CASES = [
    Bad("1 2 3 4", "gõ 5 số"), Bad("1 2 3 4 5 6", "gõ 5 số"), Bad("-1 2 3 4 5", "không thể âm"),
    Bad("a b c d e", NOT_A_NUMBER), Bad("1 2 3 4 100001", "nhỏ hơn hoặc bằng 100000"),
    Bad("😀 1 2 3 4", NOT_A_NUMBER), Bad("<b>1</b> 2 3 4 5", NOT_A_NUMBER), Bad("1;2;3;4;DROP", NOT_A_NUMBER),
    Bad("1 2 3 4 5'", NOT_A_NUMBER),
]

PRESS_A_BUTTON = "chọn một trong các lựa chọn"
CHOICE_CASES = [Bad("abc", PRESS_A_BUTTON), Bad("99", PRESS_A_BUTTON), Bad("0", PRESS_A_BUTTON),
                Bad("-1", PRESS_A_BUTTON), Bad("<b>1</b>", PRESS_A_BUTTON), Bad("1; DROP TABLE x", PRESS_A_BUTTON),
                Bad(PHOTO, PRESS_A_BUTTON), Bad(LOCATION, PRESS_A_BUTTON)]
SHORT_CHOICE_CASES = [CHOICE_CASES[0], CHOICE_CASES[1], CHOICE_CASES[6]]

NO_MATCH = "Không tìm thấy doanh nghiệp"
SEARCH_CASES = [Bad("x", "ít nhất 2 ký tự"), Bad("zzqqxxkk", NO_MATCH), Bad("<script>alert(1)</script>", NO_MATCH),
                Bad("'; DROP TABLE enterprises;--", NO_MATCH), Bad("😀😀", NO_MATCH), Bad(PHOTO, "trả lời bằng chữ")]


# ---------------------------------------------------------------- the harness

def row_counts(world, *, audit: bool = True) -> dict[str, int]:
    tables = RECORD_TABLES + ((AuditEntry,) if audit else ())
    with world.database.session() as session:
        return {table.__tablename__: session.scalar(select(func.count()).select_from(table)) for table in tables}


async def send(world, user, answer: str):
    if answer == PHOTO:
        await user.send_photo(b"\xff\xd8\xff\xe0not-really-a-jpeg")
    elif answer == LOCATION:
        await user.share_location(20.42, 106.17)
    else:
        await user.send(answer)
    return await world.next(user)


async def refuse_each(world, user, cases: list[Bad], question: str):
    """Every case: one «⚠️ reason» reply, then the same question again. Returns that question's last message."""
    problems, again = [], None
    for case in cases:
        refusal = await send(world, user, case.answer)
        again = await world.next(user)
        if not (refusal.text.startswith("⚠️") and case.reason in refusal.text and question in (again.text or "")):
            problems.append(f"{case.answer[:40]!r} → {refusal.text[:150]!r} / then {str(again.text)[:60]!r}")
    assert not problems, "\n".join(problems)
    return again


def assert_no_apology(world, *chats) -> None:
    for chat in chats:
        assert not any(APOLOGY in (m.text or "") for m in world.emu.bot_messages(chat))


def add_member(world, first="Bình", last="Phạm", role=Role.member):
    user = world.emu.add_user(first, last, language_code="vi")
    world.add_member(user, role)
    return user


def enterprise(world) -> int:
    return world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222", zone="KCN Hòa Xá",
                                official_members=4)


def admin_member(session) -> Member:
    return session.scalars(select(Member).where(Member.role == Role.admin)).one()


# ---------------------------------------------------------------- the forms

async def test_the_difficulty_form_refuses_bad_answers(world):
    binh = add_member(world)
    enterprise(world)
    before = row_counts(world)
    await world.ask(binh, "/khokhan")
    await refuse_each(world, binh, SEARCH_CASES, "doanh nghiệp nào")
    matches = await world.ask(binh, "det may")
    await binh.press(matches, matches.button_texts[0])
    await world.next(binh)
    question = await refuse_each(world, binh, CHOICE_CASES, "lĩnh vực nào")
    await binh.press(question, "Đất đai, mặt bằng")
    await world.next(binh)
    await refuse_each(world, binh, text_cases(4000, 3), "khó khăn gì")
    await world.ask(binh, "Thiếu mặt bằng")
    await refuse_each(world, binh, text_cases(4000, full=False), "đề xuất, kiến nghị gì")
    await world.ask(binh, "Đề nghị bố trí đất")
    question = await refuse_each(world, binh, SHORT_CHOICE_CASES, "gửi đến đâu")
    await binh.press(question, "Sở, ngành")
    await world.next(binh)
    await refuse_each(world, binh, text_cases(200, full=False), "Sở, ngành nào")
    await world.ask(binh, "Sở Công Thương")
    for typed in ("Lưu", "<b>save</b>"):   # typing at the summary points to its buttons
        reply = await world.ask(binh, typed)
        assert "chọn «Lưu»" in reply.text
        assert "Kiểm tra lại" in (await world.next(binh)).text
    assert "Đã hủy" in (await cancel_form(world, binh)).text
    assert row_counts(world) == before
    assert_no_apology(world, binh.private_chat(world.bot))


async def test_the_forms_that_move_a_difficulty_refuse_bad_answers(world):
    enterprise_id = enterprise(world)
    await world.ask(world.admin, "/start")
    with world.database.session() as session:
        report_difficulty(session, DifficultyInput(enterprise_id=enterprise_id, category="land",
                                                   description="Thiếu mặt bằng", recipient="ubnd"),
                          reporter=admin_member(session), rules=load_rules())
    admin = world.admin
    before = row_counts(world)
    card = await world.ask(admin, "/tondong")
    await admin.press(card, card.button_texts[0])
    await world.emu.wait_for_edit(card)
    await admin.press(card, "📤 Đã chuyển đi")
    await world.next(admin)
    await world.next(admin)   # the recipient the member suggested is filled in: the document's number comes first
    await refuse_each(world, admin, DOCUMENT_CASES, "Số văn bản chuyển")
    await world.ask(admin, "125/BQL-DN")
    await refuse_each(world, admin, DATE_CASES, "Ngày của văn bản")
    summary = await world.ask(admin, "15/10/2021")
    await admin.press(summary, "✏️ Sửa")
    fields = await world.next(admin)
    await admin.press(fields, "Chuyển đến")
    await world.next(admin)
    await refuse_each(world, admin, text_cases(200, 2, full=False), "cơ quan nào")
    await cancel_form(world, admin)
    for button, question in (("⛔ Không có cơ sở giải quyết", "Vì sao kiến nghị không có cơ sở giải quyết"),
                             ("💬 Đã có trả lời", "Nội dung trả lời")):
        await admin.press(card, button)
        await world.next(admin)
        await world.next(admin)
        await refuse_each(world, admin, text_cases(4000 if "trả lời" in button else 2000, full=False), question)
        await cancel_form(world, admin)
    assert row_counts(world) == before
    assert_no_apology(world, admin.private_chat(world.bot))


async def test_the_nominee_form_refuses_bad_answers_and_keeps_no_name(world):
    binh = add_member(world)
    enterprise(world)
    before = row_counts(world)
    consent = await world.ask(binh, "/ungvien")
    await binh.press(consent, "✅ Đồng ý — đã đọc cho người lao động nghe")
    await world.next(binh)
    await refuse_each(world, binh, SEARCH_CASES[:2], "doanh nghiệp nào")
    matches = await world.ask(binh, "det may")
    await binh.press(matches, matches.button_texts[0])
    await world.next(binh)
    await refuse_each(world, binh, NAME_CASES, "Họ và tên người lao động")
    await world.ask(binh, "Nguyễn Thị Mai")
    await refuse_each(world, binh, BIRTH_CASES, "Ngày sinh")
    await world.ask(binh, "20/05/1995")
    question = await refuse_each(world, binh, text_cases(200, full=False), "Vị trí công việc")
    await binh.press(question, "⏭ Bỏ qua")
    unions = await world.next(binh)
    unions = await refuse_each(world, binh, [Bad("abc", PRESS_A_BUTTON), Bad("9", PRESS_A_BUTTON),
                                             Bad(PHOTO, PRESS_A_BUTTON), Bad(LOCATION, PRESS_A_BUTTON)],
                               "đoàn viên tổ chức nào")
    await binh.press(unions, "✅ Xong")
    await world.emu.wait_for_edit(unions)   # the schooling question, in place
    education = await refuse_each(world, binh, [Bad("abc", PRESS_A_BUTTON), Bad(PHOTO, PRESS_A_BUTTON)],
                                  "Trình độ học vấn")
    await binh.press(education, "⏭ Bỏ qua")
    await world.emu.wait_for_edit(education)
    await refuse_each(world, binh, text_cases(2000, 3, full=False), "Vì sao giới thiệu")
    assert "Đã hủy" in (await cancel_form(world, binh)).text
    assert row_counts(world) == before
    with world.database.session() as session:
        assert session.scalar(select(func.count()).select_from(FormDraft)) == 0
    assert_no_apology(world, binh.private_chat(world.bot))


def nominees_at_stages(world, enterprise_id: int) -> None:
    """#1 nominated, #2 with the lý lịch done (introducers next), #3 with the chi bộ's resolution (decision next)."""
    rules = load_rules()
    steps: dict[Stage, dict[str, Any]] = {
        Stage.class_registered: {}, Stage.class_completed: {"certificate_date": "2021-10-01"},
        Stage.application_filed: {}, Stage.background_filed: {},
        Stage.introducers_named: {"introducers": "Trần Văn An", "introducers_tenure_ok": True},
        Stage.background_verified: {}, Stage.resolution_passed: {"official_members": 5, "votes_for": 5},
    }
    with world.database.session() as session:
        admin = admin_member(session)
        for index, last in enumerate((Stage.nominated, Stage.background_filed, Stage.resolution_passed)):
            nominee = nominate(session, NomineeInput(
                enterprise_id=enterprise_id, full_name=f"Nguyễn Thị {'ABC'[index]}", date_of_birth=dt.date(1995, 5, 20),
                consent=ConsentInput(granted=True, given_at=world.clock.now(), wording_version=CONSENT_VERSION),
                nominated_on=dt.date(2021, 9, 1)), by=admin, rules=rules)
            for stage, extra in steps.items():
                if list(Stage).index(stage) > list(Stage).index(last):
                    break
                move_stage(session, nominee.id, StageChange(stage=stage, effective_on=dt.date(2021, 10, 1), **extra),
                           by=admin, rules=rules)


async def test_the_stage_forms_refuse_bad_answers(world):
    enterprise_id = enterprise(world)
    await world.ask(world.admin, "/start")
    nominees_at_stages(world, enterprise_id)
    admin = world.admin
    before = row_counts(world, audit=False)

    async def open_card(label: str):
        listing = await world.ask(admin, "/dsungvien")
        await admin.press(listing, label)
        return await world.emu.wait_for_edit(listing)

    card = await open_card("#1 Nguyễn Thị A")
    await admin.press(card, "➡️ Đăng ký lớp")
    await world.next(admin)
    await world.next(admin)
    await refuse_each(world, admin, DATE_CASES, "Ngày đăng ký")
    await cancel_form(world, admin)
    await admin.press(card, "⛔ Dừng")
    await world.next(admin)
    await world.next(admin)
    await refuse_each(world, admin, text_cases(2000, 3, full=False), "Vì sao dừng")
    await cancel_form(world, admin)
    card = await open_card("#2 Nguyễn Thị B")
    await admin.press(card, "➡️ Có người giới thiệu")
    await world.next(admin)
    await world.next(admin)
    kind = await refuse_each(world, admin, [Bad("abc", PRESS_A_BUTTON)], "Ai giới thiệu quần chúng vào Đảng")
    await admin.press(kind, "2 đảng viên chính thức")
    await world.emu.wait_for_edit(kind)
    await refuse_each(world, admin, text_cases(400, 3, full=False), "Họ tên đảng viên giới thiệu")
    tenure = await world.ask(admin, "Trần Văn An, Lê Thị Bích")
    assert "ít nhất 12 tháng chưa?" in tenure.text
    refused_rule = "đảng viên giới thiệu chưa cùng công tác với quần chúng đủ thời gian"
    await admin.press(tenure, "Chưa đủ 12 tháng")   # the Party Statute's rule: refused at once
    refusal = await world.next(admin)
    assert refusal.text.startswith("⚠️") and refused_rule in refusal.text
    assert "ít nhất 12 tháng chưa?" in (await world.next(admin)).text   # the same question again
    typed = await world.ask(admin, "Chưa đủ 12 tháng")   # typed instead of pressed: the same rule
    assert typed.text.startswith("⚠️") and refused_rule in typed.text
    assert "ít nhất 12 tháng chưa?" in (await world.next(admin)).text
    await cancel_form(world, admin)
    card = await open_card("#3 Nguyễn Thị C")
    await admin.press(card, "➡️ Có quyết định kết nạp")
    await world.next(admin)
    await world.next(admin)                          # a chi bộ cơ sở: no đảng ủy cơ sở reviewed it
    committee = await refuse_each(world, admin, [Bad("abc", NOT_A_DATE)], "đảng ủy cơ sở họp xét duyệt ngày nào")
    await admin.press(committee, "⏭ Bỏ qua")
    await world.next(admin)
    await refuse_each(world, admin, DOCUMENT_CASES, "Số quyết định kết nạp")
    await cancel_form(world, admin)
    assert row_counts(world, audit=False) == before
    with world.database.session() as session:
        changes = session.scalars(select(AuditEntry.action).where(AuditEntry.action.in_(
            ("nominee.stage", "nominee.erase")))).all()
        assert len(changes) == 11   # the moves that set the records up (4 + 7), nothing since
    assert_no_apology(world, admin.private_chat(world.bot))


async def test_the_transfer_form_refuses_bad_answers(world):
    binh = add_member(world)
    enterprise(world)
    before = row_counts(world)
    await world.ask(binh, "/chuyensh")
    matches = await world.ask(binh, "det may")
    await binh.press(matches, matches.button_texts[0])
    await world.next(binh)
    question = await refuse_each(world, binh, CHOICE_CASES, "họ tên đảng viên hay chỉ báo số lượng")
    await binh.press(question, "Ghi họ tên (1 đảng viên)")
    await world.next(binh)
    await refuse_each(world, binh, NAME_CASES[:4], "Họ và tên đảng viên")
    question = await world.ask(binh, "/quaylai")
    await binh.press(question, "Chỉ ghi số lượng")
    await world.next(binh)
    await refuse_each(world, binh, COUNT_CASES, "Bao nhiêu đảng viên")
    await world.ask(binh, "2")
    await refuse_each(world, binh, text_cases(300, 2, full=False), "từ tổ chức đảng nào")
    destination = await world.ask(binh, "Đảng bộ xã Mỹ Hà")
    await binh.press(destination, "Nơi khác")
    await world.emu.wait_for_edit(destination)
    await refuse_each(world, binh, text_cases(300, 2, full=False)[:2], "tổ chức đảng nơi chuyển đến")
    await world.ask(binh, "Chi bộ Doanh nghiệp 1")
    await refuse_each(world, binh, SHORT_DATE_CASES, "từ ngày nào")
    await cancel_form(world, binh)
    assert row_counts(world) == before
    assert_no_apology(world, binh.private_chat(world.bot))


async def test_the_founding_and_target_forms_refuse_bad_answers(world):
    enterprise(world)
    await world.ask(world.admin, "/start")
    admin = world.admin
    before = row_counts(world)
    await world.ask(admin, "/thanhlap")
    matches = await world.ask(admin, "det may")
    await admin.press(matches, matches.button_texts[0])
    await world.next(admin)
    question = await refuse_each(world, admin, SHORT_CHOICE_CASES, "Thành lập tổ chức nào")
    await admin.press(question, "Công đoàn cơ sở")
    await world.next(admin)
    await refuse_each(world, admin, DOCUMENT_CASES[:4], "Số quyết định thành lập")
    await world.ask(admin, "12/QĐ-CĐ")
    await refuse_each(world, admin, SHORT_DATE_CASES, "Ngày quyết định")
    await world.ask(admin, "15/10/2021")
    await refuse_each(world, admin, FOUNDING_MEMBER_CASES, "Số thành viên khi thành lập")
    await cancel_form(world, admin)

    await world.ask(admin, "/datchitieu")
    question = await refuse_each(world, admin, [Bad("1999", PRESS_A_BUTTON), Bad("2030", PRESS_A_BUTTON),
                                                Bad("abc", PRESS_A_BUTTON), Bad(PHOTO, PRESS_A_BUTTON)], "năm nào")
    await admin.press(question, "2021")
    await world.next(admin)
    await refuse_each(world, admin, TARGET_COUNT_CASES, "Gõ 5 số")
    await cancel_form(world, admin)
    assert row_counts(world) == before
    assert_no_apology(world, admin.private_chat(world.bot))


# ---------------------------------------------------------------- forged callback data

STALE = "đã cũ"
NOT_FOUND = "Không tìm thấy"
COORDINATORS_ONLY = "chỉ dành cho điều phối viên"
PRIVATE = "tin nhắn riêng"
FORGED_BY_A_COORDINATOR = [
    ("ks:abc:forwarded", STALE), ("ks:99999:forwarded", NOT_FOUND), ("ks:1:open", STALE), ("ks:1:bogus", STALE),
    ("ks:1", STALE), ("ks:1:forwarded:x", STALE), ("ks:" + "9" * 40 + ":forwarded", STALE), ("ks:-1:forwarded", STALE),
    ("ks:0:forwarded", STALE), ("kk:0", STALE), ("kk:abc", STALE), ("kk:99999", NOT_FOUND), ("kl:nowhere:0", STALE),
    ("kl:all:x", STALE), ("kl:all:9999999", STALE), ("nv:99999", NOT_FOUND), ("nv:abc", STALE),
    ("ns:1:official", STALE), ("ns:1:nominated", STALE), ("ns:1:bogus", STALE),
    ("ns:99999:class_registered", NOT_FOUND),
    ("nx:99999", NOT_FOUND), ("ny:abc", STALE), ("ny:99999", NOT_FOUND), ("nl:abc", STALE), ("nc:maybe:x", STALE),
    ("nc:y", STALE), ("tc:99999", NOT_FOUND), ("tx:99999:i", NOT_FOUND), ("tp:abc", STALE), ("fd:99999", NOT_FOUND),
    ("fd:abc", STALE), ("tg:1999", STALE), ("tg:abc", STALE), ("ty:abc", STALE), ("ty:3000", STALE),
    ("vd:1:99999", NOT_FOUND), ("vd:abc:1", STALE), ("f999:S", "cũ"), ("f1:c:99", "cũ"), ("zz:1", "cũ"), ("x", "cũ"),
]
FORGED_BY_A_MEMBER = [
    ("ks:1:forwarded", COORDINATORS_ONLY), ("kk:1", COORDINATORS_ONLY), ("kl:all:0", COORDINATORS_ONLY),
    ("nv:1", COORDINATORS_ONLY), ("nl:0", COORDINATORS_ONLY), ("ns:1:class_registered", COORDINATORS_ONLY),
    ("nx:1", COORDINATORS_ONLY), ("ny:1", COORDINATORS_ONLY), ("tc:1", COORDINATORS_ONLY),
    ("tp:0", COORDINATORS_ONLY), ("tx:1:i", COORDINATORS_ONLY), ("fd:1", COORDINATORS_ONLY),
    ("tg:2021", COORDINATORS_ONLY),
]
FORGED_IN_A_GROUP = [   # named records are never opened in a group, even by a coordinator
    ("ns:1:class_registered", PRIVATE), ("nx:1", PRIVATE), ("ny:1", PRIVATE), ("nl:0", PRIVATE),
    (f"nc:y:{CONSENT_VERSION}", STALE),
]


async def test_forged_callback_data_is_refused_politely(world):
    enterprise_id = enterprise(world)
    await world.ask(world.admin, "/start")
    binh = add_member(world)
    group, _ = await world.bind_chats(binh)
    nominees_at_stages(world, enterprise_id)
    with world.database.session() as session:
        report_difficulty(session, DifficultyInput(enterprise_id=enterprise_id, category="land",
                                                   description="Thiếu mặt bằng", recipient="ubnd"),
                          reporter=admin_member(session), rules=load_rules())
    before = row_counts(world)
    problems = []
    for user, chat, cases in ((world.admin, None, FORGED_BY_A_COORDINATOR), (binh, None, FORGED_BY_A_MEMBER),
                              (world.admin, group, FORGED_IN_A_GROUP)):
        host = await world.ask(user, "/chitieu", chat=chat)   # any message of the bot's with buttons
        for data, expected in cases:
            answer = await world.press_forged(user, host, data)
            if expected not in answer:
                problems.append(f"{data!r} by {user.first_name}: {answer!r}")
    assert not problems, "\n".join(problems)
    assert row_counts(world) == before   # not even an audited read: a refused action leaves nothing
    with world.database.session() as session:
        assert all(n.full_name for n in session.scalars(select(Nominee)))   # nothing erased
    assert_no_apology(world, world.admin.private_chat(world.bot), binh.private_chat(world.bot), group)


async def test_a_consent_button_of_an_older_wording_starts_nothing(world):
    binh = add_member(world)
    host = await world.ask(binh, "/chitieu")
    answer = await world.press_forged(binh, host, "nc:y:1999-01.0")
    assert answer == ""
    edited = await world.emu.wait_for_edit(host)
    assert "vừa được cập nhật" in edited.text
    assert f"phiên bản {CONSENT_VERSION}" in (await world.next(binh)).text
    with world.database.session() as session:
        assert session.scalar(select(func.count()).select_from(FormDraft)) == 0


# ---------------------------------------------------------------- forged webhook updates

async def test_forged_webhook_updates_are_turned_away(world):
    """The webhook endpoint (bot.runner) beside the same Application: no secret, no entry."""
    stranger = world.emu.add_user("Lạ", "Người", language_code="vi")
    chat = stranger.private_chat(world.bot)
    assert "Bot này dành cho thành viên" in (await world.ask(stranger, "/start")).text
    before = row_counts(world)
    server = TestServer(webhook_app(world.runtime, "/telegram", "the-right-secret"))
    update = {"update_id": 424242, "message": {
        "message_id": 999, "date": 0, "chat": {"id": world.admin.id, "type": "private"},
        "from": {"id": world.admin.id, "is_bot": False, "first_name": "Hùng"}, "text": "/tondong"}}
    async with TestClient(server) as client:
        for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: ""}):
            response = await client.post("/telegram", data=json.dumps(update),
                                         headers={"Content-Type": "application/json", **headers})
            assert response.status == 403
        response = await client.post("/telegram", data="{not json",
                                     headers={"Content-Type": "application/json", SECRET_HEADER: "the-right-secret"})
        assert response.status == 400
        # With the secret the update is Telegram's: a stranger asking for a coordinator's list is turned away.
        from_stranger = {"update_id": 424243, "message": {
            "message_id": 998, "date": 0, "chat": {"id": stranger.id, "type": "private"},
            "from": {"id": stranger.id, "is_bot": False, "first_name": "Lạ"}, "text": "/tondong"}}
        response = await client.post("/telegram", data=json.dumps(from_stranger),
                                     headers={"Content-Type": "application/json", SECRET_HEADER: "the-right-secret"})
        assert response.status == 200
        refused = await world.emu.wait_for_message(chat)
        assert "Bot này dành cho thành viên" in refused.text
    assert world.emu.bot_messages(world.admin.private_chat(world.bot)) == []
    after = row_counts(world)
    assert after == before
    assert_no_apology(world, chat)
