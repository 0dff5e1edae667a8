"""Photos kept by the bot itself, for channels whose photos arrive as links that expire (Zalo): a visit's photo
reference ("zalo:photo:<digest>") stays readable after the platform forgot the file."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, utcnow


class KeptPhoto(Base):
    __tablename__ = "kept_photos"

    ref: Mapped[str] = mapped_column(String(120), primary_key=True)
    mime_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    kept_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


def keep_photo(session: Session, ref: str, data: bytes, mime_type: str, now: dt.datetime) -> str:
    """Store the photo under `ref` once (the same photo sent twice is kept once); returns `ref`."""
    if session.get(KeptPhoto, ref) is None:
        session.add(KeptPhoto(ref=ref, mime_type=mime_type, size=len(data), data=data, kept_at=now))
    return ref
