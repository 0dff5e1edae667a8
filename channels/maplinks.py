"""A location from what people paste where their app cannot share one: a Google Maps link, a geo: URI, a link
with `q=`/`ll=`/`lat=`&`lng=`, or the coordinates alone ("20.4212, 106.1683").

Short links (maps.app.goo.gl, goo.gl/maps: what «Chia sẻ» in Google Maps on a phone gives) hide the coordinates
behind a redirect. `ShortLinkExpander` asks Google's short-link host where the link leads and reads the coordinates
from that address, without following it: only those hosts are ever asked, so a typed address never makes the bot
fetch anything else. A link that leads to no coordinates (a place by name only) is told what to paste instead.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlparse

import aiohttp

log = logging.getLogger(__name__)

_NUMBER = r"(-?\d{1,3}(?:\.\d+)?)"
_PAIR = re.compile(rf"{_NUMBER}\s*,\s*\+?\s*{_NUMBER}")
_PLACE = re.compile(rf"!3d{_NUMBER}!4d{_NUMBER}")           # a place's own position in a Maps link's data
_AT = re.compile(rf"@{_NUMBER},{_NUMBER}(?:,[\d.]+[zm])?")   # the map's centre: /@20.42,106.16,17z
_GEO = re.compile(rf"geo:{_NUMBER},{_NUMBER}")
_URL = re.compile(r"(?:https?://|geo:)\S+", re.IGNORECASE)
SHORT_LINK_HOSTS = ("maps.app.goo.gl", "goo.gl", "g.co")
# The short links that lead to a map, by host: the path they begin with (goo.gl served more than maps).
EXPANDABLE = {"maps.app.goo.gl": "/", "goo.gl": "/maps/"}
REDIRECTS = frozenset({301, 302, 303, 307, 308})
COORDINATE_KEYS = ("q", "query", "ll", "center", "destination", "daddr", "sll", "location")


@dataclass(frozen=True)
class MapPoint:
    latitude: float
    longitude: float


class ShortMapLink(ValueError):
    """A shortened Maps link: its coordinates cannot be read without asking where it leads."""

    @property
    def url(self) -> str:
        return str(self.args[0]) if self.args else ""


def _point(latitude: str, longitude: str) -> MapPoint | None:
    lat, lng = float(latitude), float(longitude)
    if -90 <= lat <= 90 and -180 <= lng <= 180 and (lat, lng) != (0.0, 0.0):
        return MapPoint(lat, lng)
    return None


def point_from_link(text: str) -> MapPoint | None:
    """The position a pasted map link points at; None when the text holds no such link.

    Raises `ShortMapLink` for a shortened Maps link."""
    for raw in _URL.findall(text):
        url = unquote(raw.rstrip(").,;"))
        if url.lower().startswith("geo:"):
            found = _GEO.match(url)
            if found and (point := _point(*found.groups())):
                return point
            continue
        parsed = urlparse(url)
        host = (parsed.hostname or "").lower()
        if host in SHORT_LINK_HOSTS or host.endswith(".app.goo.gl"):
            raise ShortMapLink(url)
        for pattern in (_PLACE, _AT):
            found = pattern.search(url)
            if found and (point := _point(*found.groups())):
                return point
        query = parse_qs(parsed.query)
        for key in COORDINATE_KEYS:
            for value in query.get(key, []):
                found = _PAIR.search(value)
                if found and (point := _point(*found.groups())):
                    return point
        lat = next(iter(query.get("lat") or query.get("latitude") or []), None)
        lng = next(iter(query.get("lng") or query.get("lon") or query.get("long") or query.get("longitude") or []),
                   None)
        if lat and lng:
            try:
                point = _point(lat, lng)
            except ValueError:
                point = None
            if point:
                return point
        found = re.search(rf"/(?:search|place|dir)/{_NUMBER},\s*\+?{_NUMBER}", url)
        if found and (point := _point(*found.groups())):
            return point
    return None


class ShortLinkExpander:
    """Where a short Google Maps link leads, as a point: the short-link host's redirect is read (its `Location`),
    never followed. `origins` puts another server in place of a host (tests: the emulator's stand-in)."""

    def __init__(self, origins: dict[str, str] | None = None, *, timeout_seconds: float = 5.0) -> None:
        self.origins = dict(origins or {})
        self.timeout = aiohttp.ClientTimeout(total=timeout_seconds)

    def asked_url(self, url: str) -> str | None:
        """The address asked for `url`: only a map's short link on Google's own hosts; None for anything else."""
        parsed = urlparse(url)
        host = (parsed.hostname or "").lower()
        prefix = EXPANDABLE.get(host)
        if parsed.scheme not in ("https", "http") or prefix is None or not parsed.path.startswith(prefix) \
                or parsed.username or parsed.password or parsed.port not in (None, 80, 443):
            return None
        origin = self.origins.get(host, f"https://{host}")
        return f"{origin}{parsed.path}" + (f"?{parsed.query}" if parsed.query else "")

    async def point(self, http: aiohttp.ClientSession, url: str) -> MapPoint | None:
        """The position the short link leads to; None when it leads to none (or the host could not be asked)."""
        for _ in range(2):   # a goo.gl/maps link may lead to a maps.app.goo.gl one
            asked = self.asked_url(url)
            if asked is None:
                return None
            try:
                async with http.get(asked, allow_redirects=False, timeout=self.timeout) as response:
                    location = response.headers.get("Location") if response.status in REDIRECTS else None
            except (aiohttp.ClientError, TimeoutError, ValueError) as error:
                log.info("a short map link could not be expanded (%s)", type(error).__name__)
                return None
            if not location:
                return None
            try:
                return point_from_link(location)
            except ShortMapLink as again:
                url = again.url
        return None
