"""Google Maps' short links as «Chia sẻ» on a phone makes them (https://maps.app.goo.gl/…), answered the way their
host answers: a redirect to the long address. A bot is pointed here instead of Google's hosts with `origins()`."""

from __future__ import annotations

import secrets
from collections.abc import Callable

SHORT_LINKS_PREFIX = "/_shortlinks"
HOSTS = ("maps.app.goo.gl", "goo.gl")


class ShortLinks:
    def __init__(self, base_url: Callable[[], str]) -> None:
        self._base_url = base_url
        self._targets: dict[tuple[str, str], str] = {}
        self.asked = 0

    def shorten(self, target: str, *, host: str = "maps.app.goo.gl") -> str:
        """A short link that leads to `target`, as the person would paste it."""
        path = ("/maps/" if host == "goo.gl" else "/") + secrets.token_urlsafe(12)
        self._targets[(host, path)] = target
        return f"https://{host}{path}"

    def origins(self) -> dict[str, str]:
        """For `channels.maplinks.ShortLinkExpander(origins=…)`: this server in place of each short-link host."""
        return {host: f"{self._base_url()}{SHORT_LINKS_PREFIX}/{host}" for host in HOSTS}

    def target(self, host: str, path: str) -> str | None:
        self.asked += 1
        return self._targets.get((host, path))
