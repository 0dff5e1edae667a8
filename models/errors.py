"""Typed domain errors. Each carries a Vietnamese message, because every channel (chat, CLI, import report) shows it
as is."""

from __future__ import annotations

from pydantic import ValidationError
from pydantic_core import ErrorDetails


class DomainError(Exception):
    """Base of every rule the domain refuses; `message` is Vietnamese and safe to show a user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    pass


class NotFound(DomainError):
    pass


class Conflict(DomainError):
    pass


class PermissionDenied(DomainError):
    pass


class ConsentRequired(DomainError):
    pass


class InvalidTransition(DomainError):
    pass


FIELD_LABELS: dict[str, str] = {
    "name": "Tên",
    "tax_code": "Mã số thuế",
    "zone": "Khu công nghiệp",
    "address": "Địa chỉ",
    "employees": "Số lao động",
    "official_members": "Số đảng viên chính thức",
    "probationary_members": "Số đảng viên dự bị",
    "latitude": "Vĩ độ",
    "longitude": "Kinh độ",
    "country": "Quốc gia",
    "ownership": "Loại hình sở hữu",
    "visited_on": "Ngày làm việc",
    "full_name": "Họ và tên",
    "date_of_birth": "Ngày sinh",
    "description": "Nội dung",
    "decision_number": "Số quyết định",
    "decided_on": "Ngày quyết định",
    "introducers_tenure_ok": "Thời gian cùng công tác",
}


def _vietnamese_for(error: ErrorDetails) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "bắt buộc phải có"
    if kind in ("string_too_short",):
        return "không được để trống" if ctx.get("min_length", 1) <= 1 else f"cần ít nhất {ctx['min_length']} ký tự"
    if kind == "string_too_long":
        return f"dài quá {ctx.get('max_length')} ký tự"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "phải là một số nguyên"
    if kind in ("float_parsing", "float_type"):
        return "phải là một số"
    if kind in ("greater_than_equal",):
        return f"phải lớn hơn hoặc bằng {ctx.get('ge')}"
    if kind in ("less_than_equal",):
        return f"phải nhỏ hơn hoặc bằng {ctx.get('le')}"
    if kind in ("greater_than",):
        return f"phải lớn hơn {ctx.get('gt')}"
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return "không phải là ngày hợp lệ (ví dụ 25/12/2021)"
    if kind in ("literal_error", "enum"):
        return "không phải là lựa chọn hợp lệ"
    if kind == "bool_parsing":
        return "phải là có hoặc không"
    if kind == "value_error":
        # Our own validators raise ValueError with a Vietnamese text.
        return str(ctx.get("error", error.get("msg", "")))
    return "không hợp lệ"


def from_validation_error(exc: ValidationError) -> InvalidInput:
    """Turn pydantic's English errors into one Vietnamese message naming the field."""
    parts = []
    first_field = None
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ()) if not isinstance(p, int)]
        field = loc[-1] if loc else ""
        first_field = first_field or field or None
        label = FIELD_LABELS.get(field, field)
        text = _vietnamese_for(error)
        parts.append(f"{label}: {text}" if label else text)
    return InvalidInput("; ".join(parts), field=first_field)
