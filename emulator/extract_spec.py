"""Extract the slice of the Bot API specification the emulator validates against.

Reads the full specification (``api.min.json``, Bot API as data, MIT-licensed; see
``LICENSE.api-spec``) and writes ``bot_api_spec.json`` next to this file with only
method names, field names, field types, required flags and return types -- no
descriptions. Object types are kept when they are needed to validate nested JSON
parameters of the methods the emulator implements, or to check the objects the
emulator answers with.

Usage::

    python -m emulator.extract_spec [/path/to/api.min.json]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

DEFAULT_SOURCE = Path("/work/shared/telegram/api.min.json")
TARGET = Path(__file__).with_name("bot_api_spec.json")

# Objects the emulator produces; kept (one level, not their whole closure) so the
# tests can check every answer carries each required field with the right type.
RESPONSE_TYPES = [
    "Update", "Message", "MaybeInaccessibleMessage", "InaccessibleMessage", "User", "Chat",
    "ChatFullInfo", "AcceptedGiftTypes", "ChatMember", "ChatMemberOwner",
    "ChatMemberAdministrator", "ChatMemberMember", "ChatMemberRestricted", "ChatMemberLeft",
    "ChatMemberBanned", "ChatMemberUpdated", "File", "PhotoSize", "Document", "Location",
    "CallbackQuery", "WebhookInfo",
]

_PRIMITIVES = {"Integer", "String", "Boolean", "Float", "True", "InputFile"}


def _type_names(type_expression: str) -> set[str]:
    """'Array of Array of InlineKeyboardButton' -> {'InlineKeyboardButton'}."""
    name = re.sub(r"^(Array of )+", "", type_expression)
    return set() if name in _PRIMITIVES else {name}


def _strip_fields(fields: list[dict]) -> list[dict]:
    return [
        {"name": f["name"], "types": list(f["types"]), "required": bool(f["required"])}
        for f in fields
    ]


def extract(source: dict, implemented_methods: list[str]) -> dict:
    all_types = source["types"]
    methods = {
        name: {
            "fields": _strip_fields(method.get("fields", [])),
            "returns": list(method.get("returns", [])),
        }
        for name, method in sorted(source["methods"].items())
    }

    # Closure of object types reachable from the parameters of implemented methods.
    needed: set[str] = set()
    pending: list[str] = []
    for name in implemented_methods:
        for field in source["methods"][name].get("fields", []):
            for type_expression in field["types"]:
                pending.extend(_type_names(type_expression))
    while pending:
        type_name = pending.pop()
        if type_name in needed or type_name not in all_types:
            continue
        needed.add(type_name)
        spec_type = all_types[type_name]
        pending.extend(spec_type.get("subtypes", []))
        for field in spec_type.get("fields", []):
            for type_expression in field["types"]:
                pending.extend(_type_names(type_expression))
    needed.update(RESPONSE_TYPES)

    types = {}
    for type_name in sorted(needed):
        spec_type = all_types[type_name]
        entry: dict = {}
        if "subtypes" in spec_type:
            entry["subtypes"] = list(spec_type["subtypes"])
        if "fields" in spec_type:
            entry["fields"] = _strip_fields(spec_type["fields"])
        types[type_name] = entry

    return {
        "version": source.get("version"),
        "release_date": source.get("release_date"),
        "license": "Derived from the Bot API spec data, MIT License; see LICENSE.api-spec",
        "implemented_methods": sorted(implemented_methods),
        "methods": methods,
        "types": types,
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    source_path = Path(args[0]) if args else DEFAULT_SOURCE
    source = json.loads(source_path.read_text(encoding="utf-8"))

    from emulator.methods import IMPLEMENTED_METHODS  # the one list of what we serve

    spec = extract(source, sorted(IMPLEMENTED_METHODS))
    TARGET.write_text(json.dumps(spec, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {TARGET} ({len(spec['methods'])} methods, {len(spec['types'])} types)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
