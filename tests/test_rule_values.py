"""Rule values and the names of bodies are data, never written into what users read (issue 17): a text says
"{months} tháng", and the rules file says 12; a text says "{party_body}", and the bodies file names it on the
day. This scans every string the code holds — not comments, not docstrings — in the catalogue and the code
that words messages and documents."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).parents[1]
SCANNED = ("texts", "handlers", "scheduler", "reports", "models", "bot", "channels", "cli")
# A number followed by the unit of a rule in models/rules.yaml: "12 tháng", "18 tuổi", "30 ngày làm việc", …
RULE_VALUE = re.compile(r"\b\d+ (tháng dự bị|tháng|tuổi|ngày làm việc|năm|đảng viên chính thức|đoàn viên"
                        r"|cấp ủy viên)\b")
# Where a number before such a word is not a rule's value.
ALLOWED_VALUES = {
    "6 tháng",          # a half-year report ("6 tháng đầu năm 2022"), the seed's own period
    "5 năm",            # the five-year review (sơ kết 5 năm), the plan's own name
    # Who may introduce (Điều lệ Đảng, Điều 4): the ways themselves, offered as choices, not a dated threshold.
    "2 đảng viên chính thức", "01 đảng viên chính thức",
}


def _strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def _files() -> list[Path]:
    return sorted(path for folder in SCANNED for path in (ROOT / folder).rglob("*.py"))


def test_no_rule_value_is_written_into_a_text():
    found = [f"{path.relative_to(ROOT)}:{line}: {match.group(0)!r} in {text[:80]!r}"
             for path in _files() for line, text in _strings(path)
             for match in RULE_VALUE.finditer(text) if match.group(0) not in ALLOWED_VALUES]
    assert not found, "take the value from the rules instead:\n" + "\n".join(found)


def _body_names() -> set[str]:
    bodies = yaml.safe_load((ROOT / "models" / "bodies.yaml").read_text(encoding="utf-8"))
    names = set()
    for entries in bodies["roles"].values():
        for entry in entries:
            names |= {entry.get("name") or "", entry.get("short") or ""}
    # Names that are also common words of the domain ("Tỉnh ủy" is what recommendations go to, by role).
    return {name for name in names if len(name) > 12}


def test_no_body_or_department_name_is_written_into_the_code():
    names = _body_names()
    assert "Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh" in names and "Sở Kế hoạch và Đầu tư" in names
    found = [f"{path.relative_to(ROOT)}:{line}: {name!r}"
             for path in _files() for line, text in _strings(path) for name in names if name in text]
    assert not found, "name bodies by their role (models/bodies.yaml), never in the code:\n" + "\n".join(found)
