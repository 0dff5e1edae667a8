"""Where and by whom a form may be finished: its buttons work only in its own chat (a forged or stray press in a
group is stale and says nothing there), and its role is checked at every answer and at save, so a coordinator
demoted mid-form cannot finish a coordinator's form; a demotion deletes such a draft."""

import asyncio

from sqlalchemy import select

from models.audit import AuditEntry
from models.conversation import FormDraft
from models.organisations import Transfer
from models.people import Identity, Member, Role
from tests.flows.test_nominees import NAME, people
from texts import forms as tf
from texts.members import MAKE_MEMBER
from texts.organisations import STEP_TITLE_ISSUED


def member_id(world, user) -> int:
    with world.database.session() as session:
        return session.scalar(select(Identity.member_id).where(Identity.platform_id == f"telegram:{user.id}"))


def draft_of(world, user) -> FormDraft | None:
    with world.database.session() as session:
        draft = session.scalar(select(FormDraft).where(FormDraft.member_id == member_id(world, user)))
        if draft is not None:
            session.expunge(draft)
        return draft


async def nomination_at_summary(world, user):
    consent = await world.ask(user, "/ungvien")
    await user.press(consent, "✅ Đồng ý — đã đọc cho người lao động nghe")
    await world.emu.wait_for_edit(consent)
    await world.next(user)
    matches = await world.ask(user, "det may")
    await user.press(matches, matches.button_texts[0])
    await world.next(user)
    await world.ask(user, NAME)
    position = await world.ask(user, "20/05/1995")
    await user.press(position, "⏭ Bỏ qua")
    unions = await world.next(user)
    await user.press(unions, "✅ Xong")
    education = await world.emu.wait_for_edit(unions)   # the schooling question, in place
    await user.press(education, "⏭ Bỏ qua")
    await world.emu.wait_for_edit(education)
    summary = await world.ask(user, "Tổ trưởng sản xuất, nhiều năm là lao động giỏi")
    assert NAME in summary.text
    return summary


async def test_a_form_button_pressed_in_a_group_is_stale_and_the_draft_stays_private(world):
    """The audit forged `f0:R` (and any form action) on a bot message in the group while a nomination waited at
    its summary: the group got the summary with the worker's name and birth date. Now the press is refused as
    stale on the button, the group gets nothing, and the draft is untouched."""
    binh, _ = people(world)
    await world.ask(world.admin, "/start")
    group, _ = await world.bind_chats(binh)
    summary = await nomination_at_summary(world, binh)
    before = draft_of(world, binh)
    host = await world.ask(binh, "/thongke", chat=group)              # any bot message in the group
    in_group_before = len(world.emu.bot_messages(group))
    answers = [await world.press_forged(binh, host, data)
               for data in ("f0:R", f"f{before.nonce}:R", f"f{before.nonce}:S", f"f{before.nonce}:E",
                            f"f{before.nonce}:x", f"f{before.nonce}:b", f"f{before.nonce}:c:0")]
    await asyncio.sleep(0.5)
    assert answers == [tf.STALE_BUTTON] * len(answers)
    assert len(world.emu.bot_messages(group)) == in_group_before      # nothing said in the group
    assert not any(NAME in (m.text or "") or "20/05/1995" in (m.text or "") for m in world.emu.bot_messages(group))
    assert host.text.startswith("📊") and not host.edits               # the pressed message is not changed either
    after = draft_of(world, binh)
    assert (after.step, after.nonce, after.answers, after.chat_id) == (before.step, before.nonce, before.answers,
                                                                       before.chat_id)
    # In its own chat the summary still saves.
    await binh.press(summary, "💾 Lưu")
    saved = await world.shown(binh, "Đã ghi hồ sơ")
    assert "#1" in saved.text and draft_of(world, binh) is None


async def test_a_demoted_coordinator_cannot_finish_a_coordinators_form(world):
    """The audit's coordinator opened the transfer letter's form, was demoted, and still saved the date. Now the
    save is refused, nothing is recorded, and the draft is gone; the letter's model functions themselves are the
    coordinators' only."""
    binh, enterprise_id = people(world)
    cuong = world.emu.add_user("Cường", "Lê", language_code="vi")
    world.add_member(cuong, Role.coordinator)
    with world.database.session() as session:
        session.add(Transfer(enterprise_id=enterprise_id, recorded_by_id=member_id(world, binh), member_name=None,
                             member_count=2, from_org="Đảng bộ xã A", to_org="Chi bộ B",
                             moved_on=world.clock.now().date(), begin_by=world.clock.now().date()))
    host = await world.ask(cuong, "/dschuyensh")
    await world.press_forged(cuong, host, "tx:1:i")   # the card's «Đã cấp giấy giới thiệu»
    await world.next(cuong)                            # the preface
    question = await world.next(cuong)
    with world.database.session() as session:
        session.get(Member, member_id(world, cuong)).role = Role.member   # demoted meanwhile
    await cuong.press(question, "Hôm nay")
    refused = await world.shown(cuong, "không còn quyền")
    assert tf.FORM_NO_LONGER_ALLOWED.format(title=STEP_TITLE_ISSUED) in refused.text
    with world.database.session() as session:
        assert session.get(Transfer, 1).letter_issued_on is None
        assert not session.scalars(select(AuditEntry).where(AuditEntry.action == "transfer.letter_issued")).all()
    assert draft_of(world, cuong) is None


async def test_a_demotion_deletes_the_draft_of_a_coordinators_form_and_keeps_a_members(world):
    binh, enterprise_id = people(world)
    cuong = world.emu.add_user("Cường", "Lê", language_code="vi")
    world.add_member(cuong, Role.coordinator)
    await world.ask(world.admin, "/start")
    with world.database.session() as session:
        session.add(Transfer(enterprise_id=enterprise_id, recorded_by_id=member_id(world, binh), member_name=None,
                             member_count=2, from_org="Đảng bộ xã A", to_org="Chi bộ B",
                             moved_on=world.clock.now().date(), begin_by=world.clock.now().date()))
    host = await world.ask(cuong, "/dschuyensh")
    await world.press_forged(cuong, host, "tx:1:i")
    await world.next(cuong)
    await world.next(cuong)
    assert draft_of(world, cuong).form == "transfer_letter_issued"
    await world.ask(binh, "/khokhan")                   # a member's own form, which a demotion leaves alone
    assert draft_of(world, binh).form == "difficulty"
    with world.database.session() as session:           # binh is made a coordinator first, then a member again
        session.get(Member, member_id(world, binh)).role = Role.coordinator

    async def demote(user) -> None:
        listing = await world.ask(world.admin, "/thanhvien")
        name = next(label for label in listing.button_texts if label.startswith(user.first_name))
        await world.admin.press(listing, name)
        card = await world.emu.wait_for_edit(listing)
        await world.admin.press(card, MAKE_MEMBER)
        await world.emu.wait_for_edit(card)

    await demote(cuong)
    await demote(binh)
    assert draft_of(world, cuong) is None
    assert draft_of(world, binh).form == "difficulty"
