"""Files the world knows: uploads, their file ids and the paths they download from.

Telegram hands out a ``file_id`` (to use the file again) and a ``file_unique_id``
(stable, not reusable) for every stored file, and a ``file_path`` from getFile
under which ``/file/bot<token>/<file_path>`` serves the bytes.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import mimetypes
import struct
from dataclasses import dataclass, field
from typing import Any

MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024  # getFile refuses bigger files
PHOTO_SIDE_STEPS = (90, 320, 800, 1280)  # the sizes Telegram generates for a photo


@dataclass
class UploadedFile:
    """One file part of a multipart request."""

    name: str
    filename: str | None
    content_type: str | None
    data: bytes

    def describe(self) -> dict[str, Any]:
        return {"file": self.filename or self.name, "size": len(self.data)}


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str  # "photo" or "document"
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.data)

    def to_file(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }


class FileStore:
    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._counter = itertools.count(1)

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)

    def __len__(self) -> int:
        return len(self._by_id)

    def store(
        self,
        data: bytes,
        kind: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int | None = None,
        height: int | None = None,
    ) -> StoredFile:
        number = next(self._counter)
        # Prefixes like Telegram's (AgAC... photos, BQAC... documents); the rest is
        # unique per stored file.
        prefix = b"\x02\x00\x02" if kind == "photo" else b"\x05\x00\x02"
        digest = hashlib.sha256(data + number.to_bytes(8, "big")).digest()
        file_id = _b64(prefix + number.to_bytes(8, "big") + digest[:24])
        file_unique_id = _b64(b"\x01\x00" + number.to_bytes(6, "big") + digest[:4])
        extension = _extension(file_name, mime_type, kind)
        folder = "photos" if kind == "photo" else "documents"
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=file_unique_id,
            kind=kind,
            data=data,
            file_path=f"{folder}/file_{number}{extension}",
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
        )
        self._by_id[file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def store_photo(self, data: bytes) -> list[StoredFile]:
        """Store a photo as Telegram does: several sizes, smallest first.

        The emulator does not resample images; every size serves the original bytes
        but carries the dimensions Telegram would give it.
        """
        width, height = image_size(data) or (1280, 960)
        sizes: list[tuple[int, int]] = []
        longest = max(width, height)
        for step in PHOTO_SIDE_STEPS:
            if step < longest:
                scale = step / longest
                sizes.append((max(1, round(width * scale)), max(1, round(height * scale))))
        sizes.append((width, height) if longest <= 2560 else _scaled(width, height, 2560))
        stored = [self.store(data, "photo", mime_type="image/jpeg", width=w, height=h) for w, h in sizes]
        for size in stored:
            # Sending any size's file_id again sends the whole photo.
            size.extra["sizes"] = [other.file_id for other in stored]
        return stored


def photo_size_dict(stored: StoredFile) -> dict[str, Any]:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
        "width": stored.width,
        "height": stored.height,
    }


def document_dict(stored: StoredFile) -> dict[str, Any]:
    document: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
    }
    if stored.file_name:
        document["file_name"] = stored.file_name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return document


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF, JPEG or WebP image, or None if it is not one."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return (1, 1)  # dimensions need a VP8 decoder; a plausible placeholder
    if data[:2] == b"\xff\xd8":
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    position = 2
    while position + 9 < len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2:position + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[position + 5:position + 9])
            return width, height
        position += 2 + length
    return (1, 1) if len(data) > 2 else None


def _scaled(width: int, height: int, longest_side: int) -> tuple[int, int]:
    scale = longest_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _extension(file_name: str | None, mime_type: str | None, kind: str) -> str:
    if kind == "photo":
        return ".jpg"
    if file_name and "." in file_name:
        return "." + file_name.rsplit(".", 1)[1][:10]
    if mime_type:
        return mimetypes.guess_extension(mime_type) or ""
    return ""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def guess_mime_type(file_name: str | None, declared: str | None) -> str | None:
    if declared and declared != "application/octet-stream":
        return declared
    if file_name:
        guessed, _ = mimetypes.guess_type(file_name)
        if guessed:
            return guessed
    return declared
