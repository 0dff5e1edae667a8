"""Access control from every side (the security audit's matrix, kept as a regression test): an unregistered
person, a deactivated coordinator still in the coordinators' Telegram group and an active member each press 33
forged buttons in their private chat and 5 in the group, and send 18 commands and deep links in both. Nobody gets
a name, a role, an invite or an erasure; nothing is read on their behalf; the group sees no name."""

import asyncio

from sqlalchemy import func, select

from models.audit import AuditEntry
from models.nominees import Nominee
from models.organisations import Transfer
from models.people import Invite, Member, Role
from tests.flows.test_nominees import NAME, nominate, people


def member_id(world, user) -> int:
    from models.people import Identity
    with world.database.session() as session:
        return session.scalar(select(Identity.member_id).where(Identity.platform_id == f"telegram:{user.id}"))


def all_bot_texts(world, *chats) -> list[str]:
    texts = []
    for chat in chats:
        for message in world.emu.bot_messages(chat):
            texts.append(message.text or message.caption or "")
            texts.extend(edit.get("text", "") if isinstance(edit, dict) else str(edit) for edit in message.edits)
    return texts


def snapshot(world) -> dict:
    with world.database.session() as session:
        return {
            "roles": {m.id: (m.role.value, m.active, m.position, m.side) for m in session.scalars(select(Member))},
            "invites": session.scalar(select(func.count()).select_from(Invite)),
            "erased": [n.id for n in session.scalars(select(Nominee)) if n.erased_at],
            "stages": [n.stage.value for n in session.scalars(select(Nominee))],
            "name_reads": session.scalar(select(func.count()).select_from(AuditEntry).where(
                AuditEntry.action.in_(("nominee.read", "nominee.list", "transfer.read", "transfer.list")))),
        }


async def test_no_name_role_or_erasure_for_the_unregistered_the_deactivated_or_a_member(world):
    binh, enterprise_id = people(world)                                   # an active member
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats(binh)
    await nominate(world, binh)
    with world.database.session() as session:
        session.add(Transfer(enterprise_id=enterprise_id, recorded_by_id=member_id(world, binh),
                             member_name="Trần Văn Bí Mật", member_count=1, from_org="A", to_org="B",
                             moved_on=world.clock.now().date(), begin_by=world.clock.now().date()))
    cuong = world.emu.add_user("Cường", "Lê", language_code="vi")
    world.add_member(cuong, Role.coordinator)
    with world.database.session() as session:                             # a deactivated coordinator
        session.get(Member, member_id(world, cuong)).active = False
    dung = world.emu.add_user("Dũng", "Võ", language_code="vi")           # never registered
    world.emu.add_member(group, dung)
    world.emu.add_member(group, cuong)
    world.emu.add_member(coordinators, cuong)                              # left in the chat after deactivation
    admin_id, binh_id, cuong_id = member_id(world, world.admin), member_id(world, binh), member_id(world, cuong)
    before = snapshot(world)

    buttons = ["nv:1", "nl:0", "ns:1:class_registered", "ns:1:stopped", "nx:1", "ny:1", "tc:1", "tp:0", "tx:1:i",
               "inv:member", "inv:coordinator", "ml:0", f"mb:{admin_id}:0", f"mr:{binh_id}:admin:0",
               f"mr:{cuong_id}:admin:0", f"md:{admin_id}:0", f"mp:{binh_id}:0", f"mq:{cuong_id}:head:0",
               f"mx:{cuong_id}:head:party_body:0", "ks:1:forwarded", "kk:1", "kl:all:0", "ms:done:1",
               "fd:1", "tg:2021", "rpn:2021", "rp:2021", "rpm:n", "asg:1:1", "f0:R", "f1:S", "wave:x:1", "ec:1",
               "vn:1", "mv:0", "nc:y:x"]
    commands = ["/dsungvien", "/dschuyensh", "/thanhvien", "/moi", "/baocao", "/tondong", "/lich", "/phancong",
                "/datchitieu", "/thanhlap", "/dophu", "/ungvien", "/start go_dsungvien", "/start go_thanhvien",
                "/start go_dschuyensh", "/tieptuc", "/nominees@doan_bot", "/DSUNGVIEN"]
    results = []
    for user in (dung, cuong, binh):
        host = await world.ask(user, "/start")
        for data in buttons:
            answer = await world.press_forged(user, host, data)
            results.append((user.first_name, "button", data, answer[:70]))
        for text in commands:
            await user.send(text)
            await asyncio.sleep(0.05)
        # in the group too
        group_host = await world.ask(world.admin, "/thongke", chat=group)
        for data in ("nv:1", "tc:1", "kk:1", "f0:R", "ml:0"):
            answer = await world.press_forged(user, group_host, data)
            results.append((user.first_name, "group-button", data, answer[:70]))
        for text in ("/dsungvien", "/dschuyensh", "/tondong", "/baocao 2021"):
            await user.send(text, chat=group)
    # One person's updates are handled in order: once a last /start is answered, everything before it was.
    for user in (dung, cuong, binh):
        await world.ask(user, "/start")
    refused = [row for row in results if row[0] != "Bình" and not row[3].startswith(("Xin chào!", "Lựa chọn này"))]
    assert not refused, refused
    after = snapshot(world)
    leaks = [(who.first_name, text[:120]) for who in (dung, cuong, binh)
             for text in all_bot_texts(world, who.private_chat(world.bot))
             if NAME in text or "Bí Mật" in text or "?start=inv_" in text]
    # Bình typed the name himself: his own nomination summary holds it; anything else is a leak.
    assert [who for who, _ in leaks if who != "Bình"] == []
    assert before == after   # roles, invites, erasures, stages, and not one name read on their behalf
    assert not [text for text in all_bot_texts(world, group, coordinators) if NAME in text or "Bí Mật" in text]

    # Someone not (or no longer) registered is told how to join at every /start (deep links included) and once
    # more for everything else they tried, not once per attempt (issue 16 §6); in the group, not at all.
    for user in (dung, cuong):
        told = [m for m in world.emu.bot_messages(user.private_chat(world.bot)) if "Bot này dành cho" in (m.text or "")]
        assert len(told) == 6, user.first_name   # 5 /start, and one for the 33 buttons and 15 commands
    assert not [m for m in world.emu.bot_messages(group) if "Bot này dành cho" in (m.text or "")]
