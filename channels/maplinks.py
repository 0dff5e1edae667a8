"""A location from what people paste where their app cannot share one: a Google Maps link, a geo: URI, a link
with `q=`/`ll=`/`lat=`&`lng=`, or the coordinates alone ("20.4212, 106.1683").

Short links (maps.app.goo.gl, goo.gl/maps) hide the coordinates behind a redirect the bot does not follow (it
would fetch an address someone typed): they are recognised, so the person is told what to paste instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlparse

_NUMBER = r"(-?\d{1,3}(?:\.\d+)?)"
_PAIR = re.compile(rf"{_NUMBER}\s*,\s*\+?\s*{_NUMBER}")
_PLACE = re.compile(rf"!3d{_NUMBER}!4d{_NUMBER}")           # a place's own position in a Maps link's data
_AT = re.compile(rf"@{_NUMBER},{_NUMBER}(?:,[\d.]+[zm])?")   # the map's centre: /@20.42,106.16,17z
_GEO = re.compile(rf"geo:{_NUMBER},{_NUMBER}")
_URL = re.compile(r"(?:https?://|geo:)\S+", re.IGNORECASE)
SHORT_LINK_HOSTS = ("maps.app.goo.gl", "goo.gl", "g.co")
COORDINATE_KEYS = ("q", "query", "ll", "center", "destination", "daddr", "sll", "location")


@dataclass(frozen=True)
class MapPoint:
    latitude: float
    longitude: float


class ShortMapLink(ValueError):
    """A shortened Maps link: its coordinates cannot be read without following it."""


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
