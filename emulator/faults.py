"""Network and server faults injected on demand, reproducibly.

A rule picks a fraction of calls (optionally only some methods) and answers them
with 502 Bad Gateway ("5xx"), after a delay ("slow"), or by closing the
connection without a response ("drop"). ``after_processing`` makes a 5xx or a drop
happen after the call took effect, like a response lost on the way back: the
message exists although the bot saw an error.
"""

from __future__ import annotations

import builtins
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

FAULT_KINDS = ("5xx", "slow", "drop")


@dataclass(frozen=True)
class FaultRule:
    fraction: float
    kind: str
    methods: frozenset[str] | None = None
    delay: float = 1.0
    after_processing: bool = False

    def applies_to(self, method: str) -> bool:
        return self.methods is None or method in self.methods

    def to_json(self) -> dict[str, Any]:
        return {
            "fraction": self.fraction,
            "kind": self.kind,
            "methods": sorted(self.methods) if self.methods is not None else None,
            "delay": self.delay,
            "after_processing": self.after_processing,
        }


class Faults:
    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self.injected: Counter[str] = Counter()
        self.injected_by_method: Counter[str] = Counter()
        self._random = random.Random()

    def set(
        self,
        fraction: float = 1.0,
        kind: str = "5xx",
        *,
        methods: builtins.set[str] | frozenset[str] | list[str] | None = None,
        seed: int | None = None,
        delay: float = 1.0,
        after_processing: bool = False,
    ) -> FaultRule:
        """Replace all rules with one."""
        self.rules = []
        if seed is not None:
            self._random.seed(seed)
        return self.add(fraction, kind, methods=methods, delay=delay, after_processing=after_processing)

    def add(
        self,
        fraction: float = 1.0,
        kind: str = "5xx",
        *,
        methods: builtins.set[str] | frozenset[str] | list[str] | None = None,
        delay: float = 1.0,
        after_processing: bool = False,
    ) -> FaultRule:
        if kind not in FAULT_KINDS:
            raise ValueError(f"fault kind must be one of {FAULT_KINDS}, not {kind!r}")
        if not 0.0 <= fraction <= 1.0:
            raise ValueError("fraction must be between 0 and 1")
        rule = FaultRule(
            fraction=fraction,
            kind=kind,
            methods=frozenset(methods) if methods is not None else None,
            delay=delay,
            after_processing=after_processing,
        )
        self.rules.append(rule)
        return rule

    def seed(self, seed: int) -> None:
        self._random.seed(seed)

    def clear(self) -> None:
        self.rules = []

    def decide(self, method: str) -> FaultRule | None:
        for rule in self.rules:
            if rule.applies_to(method) and self._random.random() < rule.fraction:
                self.injected[rule.kind] += 1
                self.injected_by_method[method] += 1
                return rule
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "rules": [rule.to_json() for rule in self.rules],
            "injected": dict(self.injected),
            "injected_by_method": dict(self.injected_by_method),
        }
