"""Text as every channel needs it: a reply longer than the platform allows goes as several messages."""

from __future__ import annotations


def split_long_text(text: str, limit: int) -> list[str]:
    """Never cut a message: split at line breaks (inside a line only when it alone is too long), in order."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        while len(line) > limit:
            parts.append(line[:limit])
            line = line[limit:]
        current = line
    if current:
        parts.append(current)
    return [part for part in parts if part.strip()]
