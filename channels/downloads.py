"""One-time download links served by the bot's own web server, for files a channel cannot send (Zalo has no
documents): a random token in the address, an expiry, a single use, and the file deleted once handed out.

Only where the bot has a public address (webhook mode: the origin of the webhook's URL, the TLS proxy forwarding
`/files/` too). `DownloadLinks.offer` copies the file aside (the original may be a temporary build's) and returns the
link; `add_route` puts `GET /files/{token}` on the webhook's aiohttp application.
"""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
import secrets
import shutil
from pathlib import Path
from urllib.parse import quote, urlparse

from models.clock import Clock
from models.db import Database
from models.download_links import digest_of, forget_downloads, offer_download, take_download
from models.named_messages import download_message, record_named
from texts import channels as t

log = logging.getLogger(__name__)
ROUTE = "/files/{token}"
DEFAULT_TTL = dt.timedelta(hours=24)
DEFAULT_FOLDER = Path("data") / "downloads"


def public_origin(webhook_url: str) -> str:
    """`https://bot.example.vn/zalo` → `https://bot.example.vn`."""
    parts = urlparse(webhook_url)
    return f"{parts.scheme}://{parts.netloc}"


class DownloadLinks:
    def __init__(self, database: Database, clock: Clock, public_base: str, *, folder: Path = DEFAULT_FOLDER,
                 ttl: dt.timedelta = DEFAULT_TTL) -> None:
        self.database, self.clock = database, clock
        self.public_base = public_base.rstrip("/")
        self.folder, self.ttl = folder, ttl

    async def offer(self, path: str | Path, filename: str, *, chat_id: str = "",
                    names: tuple[str, ...] = ()) -> tuple[str, dt.datetime]:
        """A link to a copy of the file, posted in `chat_id`: (address, when it expires). A file naming someone
        (`names`) stops being served when they are erased."""
        await self.prune()
        token = secrets.token_urlsafe(32)
        kept = self.folder / secrets.token_hex(12) / Path(filename).name
        kept.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        shutil.copyfile(path, kept)
        kept.chmod(0o600)
        now = self.clock.now()
        expires = now + self.ttl

        def unit(session) -> None:
            offer_download(session, token=token, path=str(kept), filename=Path(filename).name, now=now,
                           expires_at=expires)
            record_named(session, names, chat_id=chat_id, message_id=download_message(digest_of(token)), now=now)

        await self.database.run(unit)
        return f"{self.public_base}/files/{token}", expires

    async def prune(self) -> int:
        """Forget used and expired links and delete what is left of their files."""
        now = self.clock.now()
        paths = await self.database.run(lambda session: forget_downloads(session, now))
        for path in paths:
            _delete(Path(path))
        return len(paths)

    def add_route(self, app) -> None:
        app.router.add_get(ROUTE, self.serve)

    async def serve(self, request):
        from aiohttp import web

        token = request.match_info.get("token", "")
        now = self.clock.now()
        taken = None
        if 20 <= len(token) <= 100:
            taken = await self.database.run(lambda session: take_download(session, token, now))
        if taken is None:
            await self.prune()
            return web.Response(status=410, text=t.DOWNLOAD_GONE, content_type="text/plain", charset="utf-8")
        path, filename = Path(taken[0]), taken[1]
        try:
            data = path.read_bytes()
        except OSError:
            log.warning("a download link's file is missing")
            return web.Response(status=410, text=t.DOWNLOAD_GONE, content_type="text/plain", charset="utf-8")
        finally:
            _delete(path)
        await self.prune()
        mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
        return web.Response(body=data, content_type=mime, headers={
            "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "no-store"})


def _delete(path: Path) -> None:
    path.unlink(missing_ok=True)
    try:
        path.parent.rmdir()   # the link's own folder, once empty
    except OSError:
        pass
