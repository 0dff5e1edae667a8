"""Validate Bot API calls against the specification slice in ``bot_api_spec.json``.

Parameters arrive as Telegram receives them: native JSON values from a JSON body,
or strings from a query string, a form or a multipart body (where nested objects
are JSON-serialised). ``Spec.validate`` checks presence and types, decodes the
JSON-serialised ones and returns the parameters as native Python values.
Unknown parameters are dropped silently, as Telegram ignores them.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from emulator.errors import ApiError, bad_request
from emulator.files import UploadedFile

SPEC_PATH = Path(__file__).with_name("bot_api_spec.json")

_INTEGER = re.compile(r"^-?\d+$")
_FLOAT = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_TRUE = {"true", "True", "1"}
_FALSE = {"false", "False", "0"}

# The Bot API server answers some missing parameters with its own words.
_MISSING_PARAMETER_REASONS = {
    "chat_id": "chat_id is empty",
    "text": "message text is empty",
    "message_id": "message identifier is not specified",
    "photo": "there is no photo in the request",
    "document": "there is no document in the request",
    "user_id": "invalid user_id specified",
    "callback_query_id": "query is too old and response timeout expired or query id is invalid",
    "file_id": "invalid file_id",
    "action": "wrong parameter action in request",
}

# Subtypes of a union whose discriminator value does not spell the subtype's name.
_DISCRIMINATED_EXCEPTIONS = {
    ("ChatMember", "creator"): "ChatMemberOwner",
    ("ChatMember", "kicked"): "ChatMemberBanned",
}
_DISCRIMINATORS = ("type", "status", "source")

# Readable names for nested objects in error messages, as Telegram words them.
_OBJECT_CONTEXT = {
    "InlineKeyboardButton": "inline keyboard button",
    "KeyboardButton": "keyboard button",
    "InlineKeyboardMarkup": "inline keyboard",
    "ReplyKeyboardMarkup": "reply keyboard markup",
}


class _FieldError(Exception):
    """A type problem inside a nested object; turned into an ApiError at the top."""

    def __init__(self, message: str, context: str | None = None, depth: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.context = context
        # How far into the object the problem lies; among the members of a union the
        # deepest error explains best which one the caller meant.
        self.depth = depth


@dataclass(frozen=True)
class Field:
    name: str
    types: tuple[str, ...]
    required: bool


class Spec:
    """The Bot API as data: methods with their fields, object types with theirs."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = data.get("version", "")
        self._methods = data["methods"]
        self._types = data["types"]
        self._lowercase_methods = {name.lower(): name for name in self._methods}

    @classmethod
    def load(cls, path: Path = SPEC_PATH) -> Spec:
        return _load_cached(path)

    @cached_property
    def method_names(self) -> frozenset[str]:
        return frozenset(self._methods)

    def canonical_method(self, name: str) -> str | None:
        """Telegram method names are case-insensitive; return the spelled-out name."""
        return self._lowercase_methods.get(name.lower())

    def fields(self, method: str) -> list[Field]:
        return [
            Field(f["name"], tuple(f["types"]), f["required"])
            for f in self._methods[method]["fields"]
        ]

    def returns(self, method: str) -> list[str]:
        return list(self._methods[method].get("returns", []))

    def type_fields(self, type_name: str) -> list[Field] | None:
        spec_type = self._types.get(type_name)
        if spec_type is None or "fields" not in spec_type:
            return None
        return [Field(f["name"], tuple(f["types"]), f["required"]) for f in spec_type["fields"]]

    def subtypes(self, type_name: str) -> list[str]:
        return list(self._types.get(type_name, {}).get("subtypes", []))

    def knows_type(self, type_name: str) -> bool:
        return type_name in self._types

    # ------------------------------------------------------------------ requests

    def validate(
        self,
        method: str,
        params: dict[str, Any],
        uploads: dict[str, UploadedFile] | None = None,
    ) -> dict[str, Any]:
        """Return the parameters as native values, or raise ``ApiError`` (400)."""
        uploads = uploads or {}
        result: dict[str, Any] = {}
        for field in self.fields(method):
            raw = params.get(field.name)
            if raw is None or (isinstance(raw, str) and raw == "" and field.required):
                if field.required:
                    reason = _MISSING_PARAMETER_REASONS.get(
                        field.name, f'parameter "{field.name}" is required'
                    )
                    raise bad_request(reason)
                continue
            try:
                result[field.name] = self._coerce_any(raw, field.types, uploads, top_level=True)
            except _FieldError as error:
                raise self._top_level_error(field, error) from None
        return result

    def _top_level_error(self, field: Field, error: _FieldError) -> ApiError:
        if error.context:
            return bad_request(f"can't parse {error.context}: {error.message}")
        if error.message.startswith(("Field ", "Can't find", "Unsupported")):
            # A nested object: Telegram names the parameter whose JSON it could not parse.
            return bad_request(f"can't parse {field.name} JSON object: {error.message}")
        return bad_request(error.message.replace("{name}", field.name))

    def _coerce_any(
        self,
        raw: Any,
        type_expressions: tuple[str, ...],
        uploads: dict[str, UploadedFile],
        *,
        top_level: bool,
    ) -> Any:
        errors: list[_FieldError] = []
        for type_expression in type_expressions:
            try:
                return self._coerce(raw, type_expression, uploads, top_level=top_level)
            except _FieldError as error:
                errors.append(error)
        best = max(errors, key=lambda error: error.depth)  # first of the deepest
        if len(type_expressions) > 1 and best.depth == 0 and not best.context:
            best = _FieldError(f'field "{{name}}" must be of type {" or ".join(type_expressions)}')
        raise best

    def _coerce(
        self,
        raw: Any,
        type_expression: str,
        uploads: dict[str, UploadedFile],
        *,
        top_level: bool,
    ) -> Any:
        if type_expression.startswith("Array of "):
            element_type = type_expression[len("Array of "):]
            value = _decode_json(raw, top_level)
            if not isinstance(value, list):
                raise _FieldError(f'field "{{name}}" must be of type {type_expression}')
            return [
                self._coerce(item, element_type, uploads, top_level=False) for item in value
            ]
        if type_expression == "Integer":
            return _as_integer(raw)
        if type_expression == "Float":
            return _as_float(raw)
        if type_expression in ("Boolean", "True"):
            return _as_boolean(raw)
        if type_expression == "String":
            return _as_string(raw)
        if type_expression == "InputFile":
            return _as_input_file(raw, uploads)
        return self._coerce_object(raw, type_expression, uploads, top_level=top_level)

    def _coerce_object(
        self,
        raw: Any,
        type_name: str,
        uploads: dict[str, UploadedFile],
        *,
        top_level: bool,
    ) -> dict[str, Any] | str:
        value = _decode_json(raw, top_level)
        if type_name == "KeyboardButton" and isinstance(value, str):
            return value  # Telegram takes a plain string as a text-only keyboard button
        if not isinstance(value, dict):
            raise _FieldError(f'field "{{name}}" must be of type {type_name}')
        subtypes = self.subtypes(type_name)
        if subtypes:
            return self._coerce_union(value, type_name, subtypes, uploads)
        fields = self.type_fields(type_name)
        if fields is None:
            return value  # a type the slice does not describe: accept as-is
        result: dict[str, Any] = {}
        context = _OBJECT_CONTEXT.get(type_name)
        for field in fields:
            if field.name not in value or value[field.name] is None:
                if field.required:
                    raise _FieldError(f'Can\'t find field "{field.name}"', context)
                continue
            try:
                result[field.name] = self._coerce_nested(value[field.name], field, uploads)
            except _FieldError as error:
                if error.context:
                    error.depth += 1
                    raise
                raise _FieldError(_field_message(field, error), context, error.depth + 1) from None
        return result

    def _coerce_nested(self, raw: Any, field: Field, uploads: dict[str, UploadedFile]) -> Any:
        # Inside a JSON object values are native JSON: no string-to-number leniency
        # for strings, but numbers are accepted where Telegram takes strings.
        for type_expression in field.types:
            if type_expression == "String" and isinstance(raw, str):
                return raw
            if type_expression == "Integer" and isinstance(raw, int) and not isinstance(raw, bool):
                return raw
            if type_expression in ("Boolean", "True") and isinstance(raw, bool):
                return raw
            if type_expression == "Float" and isinstance(raw, (int, float)) and not isinstance(
                raw, bool
            ):
                return float(raw)
        structured = [t for t in field.types if t not in ("String", "Integer", "Boolean", "True", "Float")]
        if not structured:
            raise _FieldError(f'Field "{field.name}" must be of type {" or ".join(field.types)}')
        return self._coerce_any(raw, tuple(structured), uploads, top_level=False)

    def _coerce_union(
        self,
        value: dict[str, Any],
        type_name: str,
        subtypes: list[str],
        uploads: dict[str, UploadedFile],
    ) -> dict[str, Any] | str:
        for discriminator in _DISCRIMINATORS:
            tag = value.get(discriminator)
            if not isinstance(tag, str):
                continue
            candidate = _DISCRIMINATED_EXCEPTIONS.get((type_name, tag)) or type_name + "".join(
                part.capitalize() for part in tag.split("_")
            )
            if candidate in subtypes:
                return self._coerce_object(value, candidate, uploads, top_level=False)
            raise _FieldError(f"Unsupported {type_name} type \"{tag}\"")
        errors: list[_FieldError] = []
        for subtype in subtypes:
            try:
                return self._coerce_object(value, subtype, uploads, top_level=False)
            except _FieldError as error:
                errors.append(error)
        raise max(errors, key=lambda error: error.depth)


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path) -> Spec:
    # Read-only after construction, so one instance serves every emulator.
    return Spec(json.loads(path.read_text(encoding="utf-8")))


def _field_message(field: Field, error: _FieldError) -> str:
    if error.message.startswith("Field ") or error.message.startswith("Can't find"):
        return error.message
    return f'Field "{field.name}" must be of type {" or ".join(field.types)}'


def _decode_json(raw: Any, top_level: bool) -> Any:
    """Form and multipart posts carry nested objects JSON-serialised."""
    if isinstance(raw, str) and top_level:
        try:
            return json.loads(raw)
        except ValueError:
            raise _FieldError("can't parse {name} JSON object", depth=1) from None
    return raw


def _as_integer(raw: Any) -> int:
    if isinstance(raw, bool):
        raise _FieldError('field "{name}" must be of type Integer')
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and _INTEGER.match(raw.strip()):
        return int(raw.strip())
    raise _FieldError('field "{name}" must be of type Integer')


def _as_float(raw: Any) -> float:
    if isinstance(raw, bool):
        raise _FieldError('field "{name}" must be of type Float')
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str) and _FLOAT.match(raw.strip()):
        return float(raw.strip())
    raise _FieldError('field "{name}" must be of type Float')


def _as_boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw in _TRUE:
        return True
    if isinstance(raw, str) and raw in _FALSE:
        return False
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    raise _FieldError('field "{name}" must be of type Boolean')


def _as_string(raw: Any) -> str:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return str(raw)  # Telegram reads every parameter as text
    raise _FieldError('field "{name}" must be of type String')


def _as_input_file(raw: Any, uploads: dict[str, UploadedFile]) -> UploadedFile:
    if isinstance(raw, UploadedFile):
        return raw
    if isinstance(raw, str) and raw.startswith("attach://"):
        upload = uploads.get(raw[len("attach://"):])
        if upload is not None:
            return upload
    raise _FieldError('field "{name}" must be of type InputFile')
