"""The sandbox's demo: its people, Nam Định's industrial zones and made-up enterprises in them.

The zones are the province's real ones; their coordinates are close to where they lie. The enterprises,
their tax codes (Nam Định's prefix 06) and their figures are invented for the demo, placed a few hundred
metres apart inside their zone so a location check-in at one of them verifies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from models.people import Role

SANDBOX_BOT_TOKEN = "7000000001:SANDBOX-local-only"
SANDBOX_BOT_USERNAME = "doan_cong_tac_bot"
SANDBOX_BOT_NAME = "Bot Đoàn công tác"

# Mid-September 2021: the plan has started, item 1.1's deadline (30/9/2021) is two weeks away.
SANDBOX_START_LOCAL = dt.datetime(2021, 9, 15, 9, 0)

GROUP_TITLE = "Đoàn công tác KCN Nam Định"
COORDINATORS_TITLE = "Điều phối — Ban Tổ chức ĐUK"


@dataclass(frozen=True)
class Person:
    """Someone the visitor can be on the page; `role` None means not (yet) a member of the delegation."""

    user_id: int
    full_name: str
    role: Role | None
    works_at: str
    in_group: bool = True
    in_coordinators_chat: bool = False

    @property
    def is_member(self) -> bool:
        return self.role is not None


PEOPLE: tuple[Person, ...] = (
    Person(700001, "Phạm Văn Bình", Role.member, "Ban Quản lý các KCN tỉnh"),
    Person(700002, "Lê Thị Chi", Role.member, "Đảng ủy Khối"),
    Person(700003, "Nguyễn Thị Lan", Role.coordinator, "Ban Tổ chức Đảng ủy Khối", in_coordinators_chat=True),
    Person(700004, "Trần Văn Hùng", Role.admin, "Văn phòng Đảng ủy Khối", in_coordinators_chat=True),
    Person(700005, "Vũ Thị Mai", None, "muốn tham gia Đoàn công tác", in_group=False),
)


def person(user_id: int) -> Person:
    for candidate in PEOPLE:
        if candidate.user_id == user_id:
            return candidate
    raise KeyError(f"no demo person with id {user_id}")


def admin() -> Person:
    return next(p for p in PEOPLE if p.role is Role.admin)


@dataclass(frozen=True)
class Zone:
    name: str          # as the registry stores it: "KCN Hòa Xá"
    district: str
    latitude: float
    longitude: float


ZONES: tuple[Zone, ...] = (
    Zone("KCN Hòa Xá", "TP Nam Định", 20.4175, 106.1395),
    Zone("KCN Mỹ Trung", "Mỹ Lộc", 20.4475, 106.1355),
    Zone("KCN Mỹ Thuận", "Mỹ Lộc", 20.4920, 106.1130),
    Zone("KCN Bảo Minh", "Vụ Bản", 20.3960, 106.0790),
    Zone("KCN Trung Thành", "Ý Yên", 20.3250, 106.0350),
    Zone("KCN Hồng Tiến", "Ý Yên", 20.2850, 106.0050),
    Zone("KCN Dệt may Rạng Đông", "Nghĩa Hưng", 19.9850, 106.1650),
)

# Places on the map besides the zones, to find one's way.
LANDMARKS: tuple[tuple[str, float, float], ...] = (
    ("TP Nam Định", 20.4340, 106.1770),
    ("Thịnh Long", 19.9850, 106.2300),
)


@dataclass(frozen=True)
class DemoEnterprise:
    name: str
    tax_code: str
    zone: str
    north_m: float      # where it lies from the zone's centre, in metres
    east_m: float
    employees: int
    official_members: int = 0
    probationary_members: int = 0
    country: str | None = None            # foreign-invested when set
    has_trade_union: bool = False
    has_youth_union: bool = False
    extra: dict[str, object] = field(default_factory=dict)


ENTERPRISES: tuple[DemoEnterprise, ...] = (
    DemoEnterprise("Công ty TNHH May mặc Thành Nam", "0600812347", "KCN Hòa Xá", 250, -300, 850,
                   official_members=2, probationary_members=1, has_trade_union=True),
    DemoEnterprise("Công ty CP Cơ khí Vị Hoàng", "0600731562", "KCN Hòa Xá", -200, 350, 320, has_trade_union=True),
    DemoEnterprise("Công ty TNHH Điện tử Sông Đào Vina", "0601045873", "KCN Hòa Xá", -400, -250, 1200,
                   official_members=1, country="Hàn Quốc", has_trade_union=True, has_youth_union=True),
    DemoEnterprise("Công ty TNHH Nội thất Gỗ Mỹ Trung", "0600958214", "KCN Mỹ Trung", 300, 200, 410),
    DemoEnterprise("Công ty TNHH Linh kiện Ô tô Kim Long Việt Nam", "0601123698", "KCN Mỹ Trung", -250, -300, 960,
                   official_members=3, country="Nhật Bản", has_trade_union=True),
    DemoEnterprise("Công ty TNHH Vật liệu Xây dựng Thuận Phát", "0600874125", "KCN Mỹ Thuận", 200, -200, 150),
    DemoEnterprise("Công ty CP Thực phẩm Đồng Quê Nam Định", "0600990437", "KCN Mỹ Thuận", -300, 250, 270,
                   official_members=1, has_trade_union=True),
    DemoEnterprise("Công ty TNHH Giày da Bảo Minh Phát", "0601078456", "KCN Bảo Minh", 350, -150, 2400,
                   official_members=2, probationary_members=1, country="Đài Loan", has_trade_union=True,
                   has_youth_union=True),
    DemoEnterprise("Công ty TNHH Bao bì Vụ Bản", "0600917283", "KCN Bảo Minh", -250, 300, 180),
    DemoEnterprise("Công ty CP Thiết bị Y tế Hoa Sen Nam", "0601156320", "KCN Bảo Minh", -350, -400, 540,
                   official_members=1, has_trade_union=True),
    DemoEnterprise("Công ty TNHH Đồ gỗ Mỹ nghệ Ý Yên", "0600845691", "KCN Trung Thành", 250, 250, 230),
    DemoEnterprise("Công ty TNHH Cơ điện Trung Thành", "0601032574", "KCN Trung Thành", -300, -200, 380,
                   official_members=2, has_trade_union=True),
    DemoEnterprise("Công ty TNHH Dệt kim Hồng Tiến", "0601089732", "KCN Hồng Tiến", 200, -300, 1100,
                   official_members=1, country="Trung Quốc", has_trade_union=True),
    DemoEnterprise("Công ty CP Nhựa Sao Việt Nam Định", "0600968145", "KCN Hồng Tiến", -250, 250, 290),
    DemoEnterprise("Công ty TNHH Sợi Rạng Đông Xanh", "0601201846", "KCN Dệt may Rạng Đông", 300, 300, 1650,
                   official_members=4, country="Trung Quốc", has_trade_union=True, has_youth_union=True),
    DemoEnterprise("Công ty CP Nhuộm Hoàn tất Nghĩa Hưng", "0601187459", "KCN Dệt may Rạng Đông", -300, -250, 620,
                   has_trade_union=True),
)

METRES_PER_DEGREE_LATITUDE = 111_320.0


def zone(name: str) -> Zone:
    for candidate in ZONES:
        if candidate.name == name:
            return candidate
    raise KeyError(f"no demo zone {name!r}")


def coordinates(enterprise: DemoEnterprise) -> tuple[float, float]:
    """The enterprise's latitude and longitude, from its zone's centre and its offset in metres."""
    import math

    centre = zone(enterprise.zone)
    latitude = centre.latitude + enterprise.north_m / METRES_PER_DEGREE_LATITUDE
    longitude = centre.longitude + enterprise.east_m / (
        METRES_PER_DEGREE_LATITUDE * math.cos(math.radians(centre.latitude)))
    return round(latitude, 6), round(longitude, 6)


def enterprise_fields(enterprise: DemoEnterprise) -> dict[str, object]:
    """The registry's input (`models.registry.EnterpriseInput`) for one demo enterprise."""
    latitude, longitude = coordinates(enterprise)
    district = zone(enterprise.zone).district
    fields: dict[str, object] = {
        "name": enterprise.name,
        "tax_code": enterprise.tax_code,
        "zone": enterprise.zone,
        "address": f"{enterprise.zone}, {district}, Nam Định",
        "latitude": latitude,
        "longitude": longitude,
        "employees": enterprise.employees,
        "official_members": enterprise.official_members,
        "probationary_members": enterprise.probationary_members,
        "has_trade_union": enterprise.has_trade_union,
        "has_youth_union": enterprise.has_youth_union,
        **enterprise.extra,
    }
    if enterprise.country:
        fields.update(ownership="foreign", country=enterprise.country)
    return fields
