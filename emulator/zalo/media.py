"""Photos people send, served by URL the way Zalo's CDN serves them: for a while, then gone.

A bot gets `photo_url` in the update and must download the photo itself; the URL stops working after
`ttl_seconds` (on the emulator's clock) or when a test calls `expire_all()`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_TTL_SECONDS = 3600.0
MEDIA_PREFIX = "/_media"


@dataclass
class StoredMedia:
    data: bytes
    mime_type: str
    stored_at: float
    expired: bool = False


class MediaStore:
    def __init__(self, clock: Callable[[], float], base_url: Callable[[], str]) -> None:
        self._clock = clock
        self._base_url = base_url
        self._items: dict[str, StoredMedia] = {}
        self.ttl_seconds = DEFAULT_TTL_SECONDS
        self.downloads = 0

    def store(self, data: bytes, mime_type: str = "image/jpeg") -> str:
        name = secrets.token_hex(12) + (".png" if mime_type == "image/png" else ".jpg")
        self._items[name] = StoredMedia(data, mime_type, self._clock())
        return f"{self._base_url()}{MEDIA_PREFIX}/{name}"

    def get(self, name: str) -> StoredMedia | None:
        item = self._items.get(name)
        if item is None or item.expired or self._clock() - item.stored_at > self.ttl_seconds:
            return None
        self.downloads += 1
        return item

    def expire_all(self) -> None:
        for item in self._items.values():
            item.expired = True
