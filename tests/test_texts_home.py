"""Every text a chat user sees lives in the catalogue (texts/), so wording is reviewed, and changed, in one place.

The guard reads the code with ast and fails on any string literal written with a Vietnamese letter outside texts/
(docstrings and comments aside), naming file:line. Where Vietnamese is rightly elsewhere, OWN_WORDS or ALLOWED says
where and why.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from bot.routes import ROUTERS
from texts.commands import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = sorted(path.name for path in ROOT.iterdir() if (path / "__init__.py").is_file())

# Letters only Vietnamese writes here: đ, ă, â, ê, ô, ơ, ư and the vowels with a tone mark.
VIETNAMESE = re.compile("[đĐăĂâÂêÊôÔơƠưƯ"
                        "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
                        "ÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ]")

# Packages whose Vietnamese is their own, not the chat's.
OWN_WORDS = {
    "texts": "the catalogue itself",
    "tests": "tests write what they type and what they expect to read",
    "models": "the domain's refusals and the registry's column headers: a deliberate trade, so that models imports "
              "nothing of ours (DESIGN.md); tests/test_wording.py keeps their register",
    "cli": "the operator's command line on the server: its help and output, not a chat's",
    "sandbox": "the demo: its people, enterprises and page",
    "bench": "generated enterprises, names and answers the benchmarks type",
}

ALLOWED: tuple[tuple[str, str, str], ...] = (
    # (file, the literal, why)
)


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_vietnamese_text_outside_the_catalogue():
    allowed = {(file, text) for file, text, _ in ALLOWED}
    found, used = [], set()
    for package in PACKAGES:
        if package in OWN_WORDS:
            continue
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            for line, text in _literals(path):
                if not VIETNAMESE.search(text):
                    continue
                if (relative, text) in allowed:
                    used.add((relative, text))
                else:
                    found.append(f"{relative}:{line} {text[:70]!r}")
    assert not found, ("user-facing text belongs in texts/ (or, where it rightly stays, in ALLOWED with why):\n  "
                       + "\n  ".join(found))
    assert used == allowed, f"ALLOWED entries that no longer match anything: {sorted(allowed - used)}"


def test_the_guard_finds_vietnamese_in_code(tmp_path):
    source = tmp_path / "example.py"
    source.write_text('"""Tài liệu."""\nX = f"hạn {1}"\nY = "plain"\nZ = "Đã xong"\n', encoding="utf-8")
    assert sorted(text for _, text in _literals(source) if VIETNAMESE.search(text)) == ["hạn ", "Đã xong"]


def test_every_command_has_its_description_in_the_catalogue():
    names = [command.name for router in ROUTERS for command in router.commands]
    missing = [name for name in names if name not in COMMANDS]
    assert not missing, f"commands without a description in texts/commands.py: {missing}"
    stale = sorted(set(COMMANDS) - set(names))
    assert not stale, f"texts/commands.py describes commands no router has: {stale}"
