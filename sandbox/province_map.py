"""What the page's small map draws: the province's industrial zones and the registry's enterprises with their
coordinates (no tiles, no server outside: the page draws them as SVG from these numbers)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from models.db import Database
from models.registry import Enterprise
from sandbox import demo_data


async def map_data(database: Database, *, checkin_radius_m: float) -> dict[str, Any]:
    def enterprises(session) -> list[dict[str, Any]]:
        rows = session.scalars(select(Enterprise).where(Enterprise.latitude.is_not(None))
                               .order_by(Enterprise.name))
        return [{"id": e.id, "name": e.name, "tax_code": e.tax_code, "zone": e.zone.name if e.zone else None,
                 "latitude": e.latitude, "longitude": e.longitude} for e in rows]

    return {
        "zones": [{"name": z.name, "district": z.district, "latitude": z.latitude, "longitude": z.longitude}
                  for z in demo_data.ZONES],
        "landmarks": [{"name": name, "latitude": lat, "longitude": lon} for name, lat, lon in demo_data.LANDMARKS],
        "enterprises": await database.run(enterprises),
        "checkin_radius_m": checkin_radius_m,
    }
