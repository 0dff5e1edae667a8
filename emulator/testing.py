"""Helpers for tests that drive a python-telegram-bot Application against the emulator.

* ``SAMPLE_PNG`` / ``SAMPLE_JPEG``: tiny valid images (Telegram refuses photos
  that are not images, and so does the emulator).
* ``application_builder(emu, bot)`` and ``polling(app)``: a real Application
  pointed at the emulator, running with long polling inside an ``async with``.
* ``assert_conforms(value, "Message")``: check an object against the Bot API
  specification (required fields, field types, no unknown fields).
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

from telegram.ext import Application, ApplicationBuilder

from emulator.emulator import Emulator
from emulator.spec import Spec
from emulator.world import Bot

# The smallest valid PNG (1x1) and a JPEG header with 640x480 dimensions.
SAMPLE_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
SAMPLE_JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    b"\xff\xc0\x00\x11\x08\x01\xe0\x02\x80\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    b"\xff\xd9"
)


def application_builder(emu: Emulator, bot: Bot) -> ApplicationBuilder:
    return (
        ApplicationBuilder()
        .token(bot.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
    )


@contextlib.asynccontextmanager
async def polling(app: Application, **kwargs: Any) -> AsyncIterator[Application]:
    """Run ``app`` with long polling for the duration of the block."""
    async with app:
        await app.start()
        assert app.updater is not None, "built without an updater: nothing polls"
        await app.updater.start_polling(poll_interval=0, timeout=5, **kwargs)
        try:
            yield app
        finally:
            await app.updater.stop()  # checked before polling started
            await app.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ------------------------------------------------------------------ spec conformance

_SPEC = Spec.load()
_PRIMITIVE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "String": lambda v: isinstance(v, str),
    "Boolean": lambda v: isinstance(v, bool),
    "True": lambda v: v is True,
    "Float": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


def spec_problems(value: Any, type_expression: str, path: str = "$") -> list[str]:
    """Where ``value`` departs from the Bot API type (required fields, field types)."""
    if type_expression.startswith("Array of "):
        if not isinstance(value, list):
            return [f"{path}: expected {type_expression}"]
        inner = type_expression[len("Array of "):]
        return [p for i, item in enumerate(value) for p in spec_problems(item, inner, f"{path}[{i}]")]
    if type_expression in _PRIMITIVE_CHECKS:
        if _PRIMITIVE_CHECKS[type_expression](value):
            return []
        return [f"{path}: expected {type_expression}, got {value!r}"]
    if not _SPEC.knows_type(type_expression):
        return []  # outside the slice the emulator keeps
    if not isinstance(value, dict):
        return [f"{path}: expected {type_expression} object"]
    subtypes = _SPEC.subtypes(type_expression)
    if subtypes:
        attempts = [spec_problems(value, subtype, path) for subtype in subtypes]
        return [] if any(not attempt for attempt in attempts) else min(attempts, key=len)
    problems = []
    fields = _SPEC.type_fields(type_expression) or []
    known = {field.name for field in fields}
    for field in fields:
        if field.name not in value:
            if field.required:
                problems.append(f"{path}.{field.name}: required by {type_expression}")
            continue
        options = [spec_problems(value[field.name], t, f"{path}.{field.name}") for t in field.types]
        if all(options):
            problems.extend(options[0])
    problems.extend(f"{path}.{name}: not a field of {type_expression}" for name in value if name not in known)
    return problems


def assert_conforms(value: Any, type_expression: str) -> None:
    problems = spec_problems(value, type_expression)
    assert not problems, "\n".join(problems)
