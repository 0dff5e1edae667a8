"""How every text writes numbers, distances and the end of a sentence: one place, so the chat, the command line
and the reports write them alike (1.350; 3,9 km; one full stop)."""

from __future__ import annotations

SENTENCE_ENDS = (".", "!", "?", "…")


def number(value: int | float) -> str:
    """A whole number with Vietnamese thousands separators: 1350 → "1.350"."""
    return f"{round(value):,}".replace(",", ".")


def decimal(value: float, places: int = 1) -> str:
    """A decimal the Vietnamese way: 3.87 → "3,9" (comma for the decimals, dots for the thousands)."""
    whole, _, fraction = f"{value:,.{places}f}".partition(".")
    return whole.replace(",", ".") + (f",{fraction}" if fraction else "")


def distance(metres: float) -> str:
    """A distance as people say it: "350 m" under a kilometre, "3,9 km" from there."""
    if metres < 1000:
        return f"{number(metres)} m"
    return f"{decimal(metres / 1000)} km"


def sentence(text: str) -> str:
    """`text` ending with one full stop: added only where it does not already end a sentence (a coordinator's
    answer that ends with its own full stop must not end in "..")."""
    text = text.rstrip()
    return text if text.endswith(SENTENCE_ENDS) else f"{text}."
