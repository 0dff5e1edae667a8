"""Erasure that erases (issue 16 §1): once a nominee's data is erased, the name is in no table, no file the bot
wrote and no message the bot sent that it could delete; the messages that named them went out protected from
forwarding and saving."""

import json
import tempfile
from pathlib import Path

from sqlalchemy import select

from models.base import Base
from models.named_messages import NamedMessage
from tests.conftest import eventually
from tests.flows.test_nominees import NAME, nominate, people

BIRTH = ("20/05/1995", "1995-05-20")


def every_value(world) -> list[tuple[str, str]]:
    """(table, value as text) for every column of every row of every table."""
    found = []
    with world.database.session() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)):
                for value in row:
                    if value is not None:
                        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
                        found.append((table.name, text))
    return found


def files_naming(folder: Path, *secrets: str) -> list[str]:
    """Files under `folder` whose bytes hold one of `secrets` (as UTF-8, also inside a DOCX/XLSX: unzipped)."""
    import zipfile

    hits = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        contents = [path.read_bytes()]
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                contents += [archive.read(name) for name in archive.namelist()]
        if any(secret.encode() in content for secret in secrets for content in contents):
            hits.append(str(path))
    return hits


def noted(world) -> set[tuple[str, str]]:
    with world.database.session() as session:
        return {(n.chat_id, n.message_id) for n in session.scalars(select(NamedMessage))}


def bot_messages_naming(world, chats, secret: str) -> list:
    return [m for chat in chats for m in world.emu.messages(chat)
            if m.from_bot and (secret in (m.text or m.caption or "") or m.document is not None)]


async def test_an_erased_nominee_is_in_no_table_no_file_and_no_message_the_bot_could_delete(world, tmp_path,
                                                                                              monkeypatch):
    written = tmp_path / "written"
    written.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(written))   # the consent form and reports are written there
    binh, _ = people(world)
    await world.ask(world.admin, "/start")
    group, coordinators = await world.bind_chats(binh)
    await nominate(world, binh)
    binh_chat, admin_chat = binh.private_chat(world.bot), world.admin.private_chat(world.bot)
    chats = (binh_chat, admin_chat, group, coordinators)
    # Every message that shows the name: the member's summary, the coordinator's list, card, consent form and a
    # stage form's preface.
    listing = await world.ask(world.admin, "/dsungvien")
    assert NAME in listing.text and listing.data.get("has_protected_content")
    await world.admin.press(listing, f"#1 {NAME}")
    card = await world.emu.wait_for_edit(listing)
    await world.admin.press(card, "📄 Phiếu đồng ý để ký (DOCX)")
    consent_form = await world.emu.wait_for_message(admin_chat, predicate=lambda m: m.document is not None)
    assert consent_form.document is not None and consent_form.data.get("has_protected_content")
    await world.admin.press(card, "➡️ Đăng ký lớp")
    preface = await world.next(world.admin)
    assert NAME in preface.text and preface.data.get("has_protected_content")
    question = await world.next(world.admin)
    await world.admin.press(question, "Hôm nay")
    stage_summary = await world.next(world.admin)   # a step's summary may hold introducers' names, notes
    await world.admin.press(stage_summary, "💾 Lưu")
    await world.shown(world.admin, "📁")
    named = bot_messages_naming(world, chats, NAME)
    assert {m.chat for m in named} == {binh_chat, admin_chat}        # never in a group
    assert len(named) >= 4
    await eventually(lambda: {(f"telegram:{m.chat.id}", str(m.message_id)) for m in named} <= noted(world),
                     "every message naming her noted")   # noted once sent

    await world.admin.send("/dsungvien")
    again = await world.emu.wait_for_message(admin_chat, predicate=lambda m: f"#1 {NAME}" in m.button_texts)
    # Erased from the newest list: that message says so and stays; every other one that named her is deleted.
    await world.admin.press(again, f"#1 {NAME}")
    await world.emu.wait_for_edit(again)
    await world.admin.press(again, "🗑 Xóa dữ liệu cá nhân")
    await world.emu.wait_for_edit(again)
    await world.admin.press(again, "🗑 Xóa")
    done = await world.shown(world.admin, "Đã xóa dữ liệu cá nhân")
    await eventually(lambda: not bot_messages_naming(world, chats, NAME), "the messages naming her deleted")
    assert not done.deleted and "Đã xóa dữ liệu cá nhân" in done.text
    deleted = [m for chat in chats for m in world.emu.messages(chat, include_deleted=True) if m.deleted]
    assert consent_form in deleted and preface in deleted and listing in deleted and stage_summary in deleted
    # What the member typed in his private chat for the record (her name, her birth date) goes too: a bot may
    # delete what it is sent there.
    typed = [m.text for m in world.emu.messages(binh_chat) if not m.from_bot]
    assert typed and not [text for text in typed if NAME in (text or "") or BIRTH[0] in (text or "")]

    # No table holds the name or the birth date, and no file the bot wrote does.
    leftovers = [(table, value[:80]) for table, value in every_value(world)
                 if NAME in value or any(day in value for day in BIRTH)]
    assert leftovers == []
    # tmp_path holds the database's files too (SQLite: the file and its write-ahead log).
    assert files_naming(tmp_path, NAME, *BIRTH) == []
    with world.database.session() as session:
        assert session.scalars(select(NamedMessage)).all() == []

