"""The import arrows of ../shared/DESIGN.md («Which way the arrows point»), kept by a test.

Every `import` of our own packages counts, at a module's top, inside a function or under TYPE_CHECKING: a lazy
import is still a dependency, only a later one. Read with the standard library's ast, nothing imported.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = sorted(path.name for path in ROOT.iterdir() if (path / "__init__.py").is_file() and path.name != "tests")

# What each package must not import, and why (DESIGN.md's words where it has them).
FORBIDDEN: dict[str, tuple[set[str], str]] = {
    "models": (set(PACKAGES) - {"models"}, "models ──► nothing of ours (no Telegram, no chat, no scheduler)"),
    "emulator": (set(PACKAGES) - {"emulator"}, "the Bot API emulators stand in for Telegram and Zalo: they know none "
                                               "of the bot"),
    "texts": (set(PACKAGES) - {"texts", "models"}, "the catalogue is a leaf over models (no texts ⇄ reports cycle)"),
    "handlers": ({"scheduler", "bot", "channels", "cli", "sandbox", "bench", "emulator"},
                 "handlers ──► models: what users say and see knows no scheduler, no channel, no bot"),
    "scheduler": ({"handlers", "bot", "channels", "cli", "sandbox", "bench", "emulator", "reports"},
                  "scheduler ──► models: time reads the database and sends through its outbound port"),
    "reports": ({"handlers", "scheduler", "bot", "channels", "cli", "sandbox", "bench", "emulator"},
                "reports are figures → files, from models and the catalogue"),
    "channels": ({"bot", "cli", "sandbox", "bench", "emulator"},
                 "a channel is an adapter at the edge; only bot/ knows which channels run"),
    "migrations": (set(PACKAGES) - {"migrations", "models"}, "migrations build the schema of models"),
}

# Nothing imports bot except the programs that run a whole bot: the command line (the entry point) and the two
# programs it starts, the browser sandbox and the benchmarks. None of them is imported back by bot.
BOT_IMPORTERS = {"cli", "sandbox", "bench"}
# `python -m bot` is the command line: its one line imports cli. The only arrow allowed against the rules above.
ALLOWED = {("bot/__main__.py", "cli")}

# python-telegram-bot's private modules (`telegram._bot`, `telegram._utils…`) change without notice; use the public
# names. Where one is rightly needed, add the file here with the reason.
PRIVATE_TELEGRAM_ALLOWED: dict[str, str] = {}


@dataclass(frozen=True)
class Import:
    file: str     # relative to the repository, with /
    line: int
    module: str   # the full dotted name imported

    @property
    def package(self) -> str:
        return self.module.split(".")[0]

    def __str__(self) -> str:
        return f"{self.file}:{self.line} imports {self.module}"


def _imports(path: Path, root: Path = ROOT) -> list[Import]:
    relative = path.relative_to(root).as_posix()
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=relative)):
        if isinstance(node, ast.Import):
            found += [Import(relative, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(Import(relative, node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            found.append(Import(relative, node.lineno, f"{relative.split('/')[0]}.<relative>"))
    return found


def _files(*packages: str) -> list[Path]:
    return sorted(path for package in packages for path in (ROOT / package).rglob("*.py")
                  if ".venv" not in path.parts)


@pytest.fixture(scope="module")
def imports() -> dict[str, list[Import]]:
    """Package → every import of one of our packages made in it."""
    ours = set(PACKAGES)
    by_package: dict[str, list[Import]] = defaultdict(list)
    for path in _files(*PACKAGES):
        package = path.relative_to(ROOT).parts[0]
        by_package[package] += [i for i in _imports(path) if i.package in ours and i.package != package]
    return by_package


def _broken(found: list[Import], forbidden: set[str]) -> list[Import]:
    return [i for i in found if i.package in forbidden and (i.file, i.package) not in ALLOWED]


def _message(rule: str, broken: list[Import]) -> str:
    return f"{rule}; these imports point the wrong way:\n  " + "\n  ".join(map(str, broken))


def test_the_packages_are_the_ones_the_rules_name():
    # A new top-level package needs a line in FORBIDDEN (or a reason not to), else nothing checks its arrows.
    assert set(PACKAGES) == set(FORBIDDEN) | {"bot", "cli", "sandbox", "bench"}, \
        "a new top-level package: say in tests/test_architecture.py which packages it may import"


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_each_package_imports_only_what_the_design_allows(imports, package):
    forbidden, rule = FORBIDDEN[package]
    broken = _broken(imports[package], forbidden)
    assert not broken, _message(f"{package}: {rule}", broken)


def test_nothing_imports_bot_except_the_programs_that_run_it(imports):
    broken = [i for package, found in imports.items() if package not in BOT_IMPORTERS
              for i in _broken(found, {"bot"})]
    assert not broken, _message("nothing imports bot except the entry point (cli) and the sandbox and benchmarks "
                                "it starts", broken)
    back = _broken(imports["bot"], BOT_IMPORTERS)
    assert not back, _message("bot imports neither the command line nor the programs it starts (no loop)", back)


def test_the_packages_form_no_cycle(imports):
    graph = {package: {i.package for i in _broken(imports[package], set(PACKAGES))} for package in PACKAGES}
    cycles = []

    def visit(package: str, path: list[str]) -> None:
        for target in sorted(graph[package]):
            if target in path:
                cycles.append(path[path.index(target):] + [target])
            elif len(path) < len(PACKAGES):
                visit(target, path + [target])

    for package in PACKAGES:
        visit(package, [package])
    assert not cycles, "package cycles (an arrow back up the layers):\n  " + "\n  ".join(
        " → ".join(cycle) for cycle in sorted({tuple(c) for c in cycles}))


def test_no_import_from_the_telegram_librarys_private_modules():
    found = [i for path in _files(*PACKAGES, "tests") for i in _imports(path)
             if i.package == "telegram" and any(part.startswith("_") for part in i.module.split(".")[1:])
             and i.file not in PRIVATE_TELEGRAM_ALLOWED]
    assert not found, _message("python-telegram-bot's private modules are not its API (use telegram, telegram.ext, "
                               "telegram.request, …)", found)


def test_the_checker_sees_a_wrong_arrow(tmp_path):
    """The rules are only as good as the reader: a lazy import and a TYPE_CHECKING one are both seen."""
    source = tmp_path / "example.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from scheduler.tick import run_tick\n"
                      "def later():\n    import bot.runtime\n    from telegram._bot import Bot\n", encoding="utf-8")
    assert sorted(i.module for i in _imports(source, tmp_path)) == [
        "bot.runtime", "scheduler.tick", "telegram._bot", "typing"]


IMPORT_EVERYTHING = """
import importlib, pkgutil, sys, warnings
for library in ("numpy", "matplotlib.pyplot", "telegram.ext", "sqlalchemy", "pydantic", "openpyxl", "docx", "aiohttp"):
    importlib.import_module(library)   # the libraries' own filters (numpy sets some) are theirs
before = list(warnings.filters)
for package in sys.argv[1:]:
    for module in pkgutil.walk_packages(importlib.import_module(package).__path__, package + "."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
print([f"{f[0]} {f[1].pattern if f[1] else ''} {f[2].__name__}" for f in warnings.filters if f not in before])
"""


@pytest.mark.slow
def test_importing_our_code_sets_no_warning_filter():
    """A warnings filter changes the whole process: it is set where the bot is built, never by an import."""
    import subprocess
    import sys

    packages = ["models", "texts", "handlers", "scheduler", "reports", "channels", "bot", "cli"]
    result = subprocess.run([sys.executable, "-c", IMPORT_EVERYTHING, *packages], cwd=ROOT, capture_output=True,
                            text=True, timeout=100)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"importing our modules set warnings filters: {result.stdout}"
