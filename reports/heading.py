"""Who issues the report and where: the organisation names and the place come from settings, the number's
suffix from the plan's own number ("01-KH/ĐUK-BQLCKCN" → "ĐUK-BQLCKCN"), so the next plan needs no code."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportHeading:
    party_body: str                 # "Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh"
    zones_body: str                 # "Ban Quản lý các khu công nghiệp tỉnh"
    place: str                      # "Nam Định": the place of the dated line
    issuer_code: str | None = None  # "ĐUK-BQLCKCN"; None: taken from the plan's number

    def issuer_for(self, plan_code: str | None) -> str:
        if self.issuer_code:
            return self.issuer_code
        if plan_code and "/" in plan_code:
            return plan_code.rsplit("/", 1)[1]
        return "…"
