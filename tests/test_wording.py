"""The register and spelling every Vietnamese text keeps, wherever it is written: the catalogue (texts/), the report
builders, the models' messages, the plan and rules files, the README, the docs and the sandbox page.

- Members are addressed as "đồng chí", never "bạn".
- "buổi làm việc", never "lần làm việc".
- One tone-mark style: the mark on the main vowel of an open oa, oe, uy syllable (hòa, xóa, tọa độ, khỏe, hủy,
  Đảng ủy, thủy), not on the glide (hoà, xoá, toạ, khoẻ, huỷ, uỷ, thuỷ). "qu" is a consonant: quý stays quý.
- Every file is NFC: a decomposed "ủ" looks the same but is not found by search nor matched by the bot.

Where a word is legitimately otherwise, ALLOWED says where and why; an entry that no longer matches anything
fails too, so the list stays short and true.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Where Vietnamese is written for people to read.
SCANNED = ("texts", "reports", "models", "handlers", "channels", "scheduler", "bot", "cli", "plans", "sandbox",
           "docs", "deploy", "README.md", ".env.example")
SUFFIXES = {".py", ".yaml", ".yml", ".md", ".html", ".js", ".css", ".txt", ".example", ".service", ".timer"}

_LETTER = r"[^\W\d_]"
CHECKS = {
    "address as «đồng chí», not «bạn»": re.compile(rf"(?<!{_LETTER})bạn(?!{_LETTER})", re.IGNORECASE),
    "«buổi làm việc», not «lần làm việc»": re.compile(r"lần làm việc", re.IGNORECASE),
    # oa/oe/uy with the mark on the glide and nothing after it (hoà, xoá, toạ, khoẻ, huỷ, uỷ); "qu" + y excepted.
    "tone mark on the main vowel (hòa, xóa, tọa, hủy, ủy)": re.compile(
        rf"(?<![qQ])(?:[oO][àáảãạÀÁẢÃẠ]|[oO][èéẻẽẹÈÉẺẼẸ]|[uU][ỳýỷỹỵỲÝỶỸỴ])(?!{_LETTER})"),
}


@dataclass(frozen=True)
class Allowed:
    path: str      # relative to the project
    text: str      # the exact text around the match, as it stands on its line
    why: str


ALLOWED = (
    Allowed("texts/channels.py", '("hủy", "huỷ")',
            "what a member may type on Zalo to cancel: the old spelling typed is understood, never written"),
)


def _files() -> list[Path]:
    found: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += [file for file in path.rglob("*") if file.is_file() and file.suffix in SUFFIXES
                      and "__pycache__" not in file.parts and "screenshots" not in file.parts]
    return sorted(found)


def _allowed(relative: str, line: str) -> Allowed | None:
    return next((entry for entry in ALLOWED if entry.path == relative and entry.text in line), None)


def test_the_scan_reaches_every_place_texts_are_written():
    scanned = {file.relative_to(ROOT).as_posix() for file in _files()}
    for expected in ("texts/common.py", "texts/reports.py", "reports/drafting.py", "models/visits.py",
                     "models/bodies.yaml", "models/rules.yaml", "plans/2021-2025.yaml", "README.md",
                     "sandbox/static/index.html", "sandbox/static/app.js"):
        assert expected in scanned


def test_register_spelling_and_normal_form():
    problems, used = [], set()
    for file in _files():
        relative = file.relative_to(ROOT).as_posix()
        text = file.read_text(encoding="utf-8")
        if unicodedata.normalize("NFC", text) != text:
            problems.append(f"{relative}: not NFC (normalise with unicodedata.normalize('NFC', …))")
        for number, line in enumerate(text.splitlines(), start=1):
            for why, pattern in CHECKS.items():
                if not pattern.search(line):
                    continue
                entry = _allowed(relative, line)
                if entry is not None:
                    used.add(entry)
                    continue
                problems.append(f"{relative}:{number}: {why}: {line.strip()[:140]}")
    stale = [f"{entry.path}: {entry.text!r} is allowed but no longer there" for entry in ALLOWED if entry not in used]
    assert not problems + stale, "\n".join(problems + stale)


def test_the_checks_catch_what_they_are_for():
    spelled = CHECKS["tone mark on the main vowel (hòa, xóa, tọa, hủy, ủy)"]
    for wrong in ("Huỷ", "xoá", "toạ độ", "KCN Hoà Xá", "Đảng uỷ", "thuỷ lợi", "khoẻ", "ĐẢNG UỶ", "hoá"):
        assert spelled.search(wrong), wrong
    for right in ("Hủy", "xóa", "tọa độ", "Hòa Xá", "Đảng ủy", "thủy lợi", "khỏe", "quý", "quỹ", "hoàn thành",
                  "Hoàng", "toán", "khoảng", "xoạc", "tuyến", "huyện", "thuyết"):
        assert not spelled.search(right), right
    address = CHECKS["address as «đồng chí», not «bạn»"]
    assert address.search("Mời bạn chọn") and address.search("Bạn chưa ghi")
    assert not address.search("ban hành") and not address.search("Ban Quản lý")
