"""Files (reports, review drafts) for a Zalo chat, which cannot receive documents: they go to the member's Telegram
when the member has it (through the outbox), else as one-time download links when the bot has a public address
(webhook mode), else the chat is told where to get them."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from channels.downloads import DownloadLinks
from handlers.conversation import Services
from models.deliveries import enqueue_delivery
from models.named_messages import outbox_message, record_named
from models.people import chat_on_other_app
from texts import channels as t

FORWARD_DIR = Path("data") / "reports" / "forwarded"   # kept until sent, then deleted (retention prunes leftovers)


@dataclass(frozen=True)
class File:
    path: str
    name: str
    caption: str
    names: tuple[str, ...] = ()   # the records it names (`Reply.names`): protected where it goes, gone on erasure


class Documents:
    def __init__(self, services: Services, links: DownloadLinks | None = None, *,
                 forward_dir: Path = FORWARD_DIR) -> None:
        self.services = services
        self.links = links
        self.forward_dir = forward_dir

    async def hand_over(self, chat_id: str, files: Sequence[File]) -> str:
        """What to say in the Zalo chat `chat_id` instead of sending `files` (one message for them all)."""
        captions = [file.caption for file in files if file.caption]
        telegram = await self.services.database.run(lambda session: chat_on_other_app(session, chat_id, "telegram"))
        if telegram is not None:
            await self._forward(telegram, files)
            return "\n\n".join([*captions, t.FILES_SENT_TO_TELEGRAM.format(count=len(files))])
        if self.links is not None:
            lines, expires = [], None
            for file in files:
                url, expires = await self.links.offer(file.path, file.name, chat_id=chat_id, names=file.names)
                lines.append(t.FILE_LINK.format(name=file.name, url=url))
            assert expires is not None
            when = expires.astimezone(self.services.clock.tz).strftime("%H:%M %d/%m/%Y")
            return "\n\n".join([*captions, "\n".join(lines), t.FILE_LINKS_FOOTER.format(expires=when)])
        return "\n\n".join([*captions, t.FILES_NOT_HERE.format(names=", ".join(file.name for file in files))])

    async def _forward(self, chat_id: str, files: Sequence[File]) -> None:
        """Copies of the files into the outbox for the member's Telegram chat (deleted once sent)."""
        now = self.services.clock.now()
        copies = []
        for file in files:
            copy = self.forward_dir / secrets.token_hex(12) / Path(file.name).name
            copy.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copyfile(file.path, copy)
            copies.append((copy, file.caption, file.names))

        def unit(session) -> None:
            for copy, caption, names in copies:
                payload = {"document": str(copy), "delete_after": True, **({"protect": True} if names else {})}
                key = f"file-forward:{copy.parent.name}"
                enqueue_delivery(session, key=key, kind="report_file", chat_id=chat_id, text=caption, due_at=now,
                                 payload=payload)
                record_named(session, names, chat_id=chat_id, message_id=outbox_message(key), now=now)

        await self.services.database.run(unit)
        if self.services.outbox is not None:
            self.services.outbox.kick()
