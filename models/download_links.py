"""One-time download links for files a channel cannot send (Zalo has no documents): the bot's own web server hands
the file once, before it expires. Only a digest of the link's token is stored: the database does not hold a
working link."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import String, delete, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow
from models.db import rows_affected


class DownloadLink(Base):
    __tablename__ = "download_links"

    token_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    path: Mapped[str] = mapped_column(String(500))
    filename: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)
    used_at: Mapped[dt.datetime | None]


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def offer_download(session: Session, *, token: str, path: str, filename: str, now: dt.datetime,
                   expires_at: dt.datetime) -> None:
    session.add(DownloadLink(token_digest=digest_of(token), path=path, filename=filename, created_at=now,
                             expires_at=expires_at))


def take_download(session: Session, token: str, now: dt.datetime) -> tuple[str, str] | None:
    """(path, filename) of a link not used and not expired, marked used in the same statement (a second request,
    even at the same moment, gets nothing); None otherwise."""
    digest = digest_of(token)
    taken = session.execute(
        update(DownloadLink)
        .where(DownloadLink.token_digest == digest, DownloadLink.used_at.is_(None), DownloadLink.expires_at > now)
        .values(used_at=now)
        .execution_options(synchronize_session=False))
    if not rows_affected(taken):
        return None
    row = session.execute(select(DownloadLink.path, DownloadLink.filename)
                          .where(DownloadLink.token_digest == digest)).one()
    return row.path, row.filename


def forget_downloads(session: Session, now: dt.datetime) -> list[str]:
    """Links used or expired are forgotten; returns the files still to delete (an expired link's file)."""
    done = or_(DownloadLink.used_at.is_not(None), DownloadLink.expires_at <= now)
    paths = list(session.scalars(select(DownloadLink.path).where(done)))
    session.execute(delete(DownloadLink).where(done))
    return paths
