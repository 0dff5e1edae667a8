"""Reports on Zalo, which cannot send files: to the member's Telegram when they have it, else a one-time expiring
download link on the bot's own web server (webhook mode), else where to get them; a review draft pushed to a Zalo
coordinators' group likewise. Over real HTTP: the Zalo emulator, and the link fetched like a phone would."""

from __future__ import annotations

import datetime as dt
import re

import httpx
from aiohttp import web
from sqlalchemy import select

from channels.downloads import DownloadLinks
from channels.zalo.documents import Documents
from emulator.testing import free_port
from models.deliveries import Delivery, enqueue_delivery
from models.people import Identity, member_by_platform_id
from tests.conftest import eventually
from tests.zalo.conftest import ADMIN_ID

LINK = re.compile(r"http://127\.0\.0\.1:\d+/files/[A-Za-z0-9_-]+")


async def serve_links(world, tmp_path):
    origin = f"http://127.0.0.1:{free_port()}"
    links = DownloadLinks(world.database, world.clock, origin, folder=tmp_path / "downloads")
    app = web.Application()
    links.add_route(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", int(origin.rsplit(":", 1)[1])).start()
    documents = Documents(world.channel.services, links, forward_dir=tmp_path / "forwarded")
    world.channel.documents = documents
    world.dispatcher.outbound.documents = documents
    return links, runner


async def report_message(world, user):
    """The next message that hands the files over (after the «working» one)."""
    chat = user.private_chat(world.bot)
    seen = len(world.emu.bot_messages(chat))

    def handed_over():
        return [m for m in world.emu.bot_messages(chat)[seen:] if "📎" in (m.text or "") or "🔗" in (m.text or "")]

    await eventually(handed_over, "the report's message", timeout=120)
    return handed_over()[0]


async def test_a_report_as_one_time_links_then_to_telegram_and_without_either(zalo_world, tmp_path):
    world = zalo_world
    admin = world.admin
    await world.ask(admin, "/start")
    links, runner = await serve_links(world, tmp_path)
    try:
        await admin.send("/baocao 2021")
        message = await report_message(world, admin)
        urls = LINK.findall(message.text)
        assert len(urls) == 2 and "một lần" in message.text and "hết hạn" in message.text, message.text
        assert len(world.emu.bot_messages(admin.private_chat(world.bot))) == 3   # welcome, working, the links
        async with httpx.AsyncClient() as http:
            first = await http.get(urls[0])
            assert first.status_code == 200 and first.content[:2] == b"PK"    # a DOCX or XLSX (zip)
            assert "attachment" in first.headers["content-disposition"]
            again = await http.get(urls[0])
            assert again.status_code == 410 and "đã được dùng hoặc đã hết hạn" in again.text
            forged = await http.get(urls[1][:-3] + "abc")
            assert forged.status_code == 410
            world.clock.advance(dt.timedelta(hours=25))                         # the second one expired unused
            expired = await http.get(urls[1])
            assert expired.status_code == 410
        assert not [path for path in (tmp_path / "downloads").rglob("*") if path.is_file()]   # no file left

        with world.database.session() as session:   # the same member on Telegram
            member = member_by_platform_id(session, f"zalo:{ADMIN_ID}")
            member.identities.append(Identity(platform_id="telegram:4242", private_chat_id="telegram:4242"))
        await admin.send("/baocao 2021")
        message = await report_message(world, admin)
        assert "Telegram" in message.text and not LINK.search(message.text), message.text
        with world.database.session() as session:
            forwarded = session.scalars(select(Delivery).where(Delivery.kind == "report_file")).all()
            assert {row.chat_id for row in forwarded} == {"telegram:4242"} and len(forwarded) == 2
            assert all(row.payload["delete_after"] and (tmp_path / "forwarded") in
                       __import__("pathlib").Path(row.payload["document"]).parents for row in forwarded)
            session.delete(next(i for i in member_by_platform_id(session, f"zalo:{ADMIN_ID}").identities
                                if i.platform_id == "telegram:4242"))
    finally:
        await runner.cleanup()

    world.channel.documents = Documents(world.channel.services)    # polling: no public address, no Telegram
    await admin.send("/baocao 2021")
    message = await report_message(world, admin)
    assert "/lienket" in message.text and ".docx" in message.text and not LINK.search(message.text), message.text


async def test_a_review_draft_for_a_zalo_coordinators_group_comes_as_a_link(zalo_world, tmp_path):
    world = zalo_world
    group = world.emu.add_group("Điều phối", [world.admin], [world.bot])
    await world.admin.mention(group, "/gandieuphoi")
    await world.emu.wait_for_message(group)
    links, runner = await serve_links(world, tmp_path)
    draft = tmp_path / "draft.docx"
    draft.write_bytes(b"PK\x03\x04 a review draft")
    try:
        with world.database.session() as session:
            enqueue_delivery(session, key="review:2.7:docx", kind="review_draft", chat_id=f"zalo:{group.id}",
                             text="📄 Dự thảo báo cáo sơ kết", due_at=world.clock.now(),
                             payload={"document": str(draft)})
        await world.dispatcher.dispatch_due()
        message = world.emu.bot_messages(group)[-1]
        (url,) = LINK.findall(message.text)
        assert message.text.startswith("📄 Dự thảo báo cáo sơ kết")
        async with httpx.AsyncClient() as http:
            answer = await http.get(url)
        assert answer.status_code == 200 and answer.content == draft.read_bytes()
        assert draft.exists()   # the draft itself is kept (retention deletes it); the link's copy is gone
    finally:
        await runner.cleanup()


async def test_the_consolidated_recommendations_on_zalo_by_number_as_a_link(zalo_world, tmp_path):
    """The recommendations document from the /baocao list by its number: one Word file behind a one-time link."""
    from docx import Document

    world = zalo_world
    admin = world.admin
    await world.ask(admin, "/start")
    links, runner = await serve_links(world, tmp_path)
    try:
        menu = await world.ask(admin, "/baocao")
        (number,) = re.findall(r"(\d+)\. 📮 Tổng hợp kiến nghị gửi Tỉnh ủy, UBND tỉnh", menu.text)
        await admin.send(number)
        message = await report_message(world, admin)
        (url,) = LINK.findall(message.text)
        async with httpx.AsyncClient() as http:
            answer = await http.get(url)
        assert answer.status_code == 200 and "kien-nghi-" in answer.headers["content-disposition"]
        path = tmp_path / "kien-nghi.docx"
        path.write_bytes(answer.content)
        texts = [p.text for p in Document(str(path)).paragraphs]
        assert any(text.startswith("Tổng hợp khó khăn, đề xuất, kiến nghị của doanh nghiệp gửi") for text in texts)
    finally:
        await runner.cleanup()


async def test_a_named_workbook_behind_a_link_stops_being_served_when_a_nominee_is_erased(zalo_world, tmp_path):
    """Issue 16 §1 on Zalo, which deletes no message: the named workbook's one-time link is what still shows the
    names, so erasing any nominee ends it at once (its file goes with the expired links)."""
    from models.nominees import ConsentInput, NomineeInput, erase_personal_data, nominate
    from models.rules import load_rules

    world = zalo_world
    admin = world.admin
    await world.ask(admin, "/start")
    enterprise_id = world.add_enterprise(name="Công ty TNHH Dệt may Nam Định", tax_code="0600111222", zone="Hòa Xá")
    with world.database.session() as session:
        boss = member_by_platform_id(session, f"zalo:{ADMIN_ID}")
        hoa = nominate(session, NomineeInput(
            enterprise_id=enterprise_id, full_name="Trần Thị Hoa", date_of_birth=dt.date(1995, 5, 20),
            nominated_on=dt.date(2021, 10, 14), consent=ConsentInput(granted=True, given_at=world.clock.now(),
                                                                      wording_version="test")),
            by=boss, rules=load_rules())
        hoa_id = hoa.id
    links, runner = await serve_links(world, tmp_path)
    try:
        menu = await world.ask(admin, "/baocao")
        named = next(line.split(".", 1)[0] for line in menu.text.splitlines() if "có tên" in line)
        periods = await world.ask(admin, named)
        year = next(line.split(".", 1)[0] for line in periods.text.splitlines() if line.endswith("Năm 2021"))
        await admin.send(year)
        message = await report_message(world, admin)
        (xlsx,) = [LINK.search(line).group() for line in message.text.splitlines() if "co-ten.xlsx:" in line]
        with world.database.session() as session:
            erase_personal_data(session, hoa_id, by=member_by_platform_id(session, f"zalo:{ADMIN_ID}"),
                                now=world.clock.now())
        async with httpx.AsyncClient() as http:
            assert (await http.get(xlsx)).status_code == 410
        await links.prune()
        assert not [path for path in (tmp_path / "downloads").rglob("*.xlsx") if path.is_file()]
    finally:
        await runner.cleanup()
