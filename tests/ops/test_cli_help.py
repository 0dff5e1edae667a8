"""`delegation-bot --help` answers without loading the bot: the command groups are listed from their help alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# What a command group brings in when it is imported: none of it is needed to list the groups.
HEAVY = ("sqlalchemy", "openpyxl", "alembic", "telegram", "aiohttp", "matplotlib", "docx", "pydantic",
         "models", "handlers", "scheduler", "channels", "reports", "bot")

LOADED_BY_HELP = f"""
import sys
sys.argv = ["delegation-bot", "--help"]
import cli
try:
    cli.main()
except SystemExit:
    pass
print("LOADED", sorted({{name.split(".")[0] for name in sys.modules}} & set({HEAVY!r})))
"""


def test_help_lists_every_group_without_importing_them():
    result = subprocess.run([sys.executable, "-c", LOADED_BY_HELP], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    for group in ("run", "doctor", "db", "enterprises", "plan", "bench", "sandbox", "report", "audit", "bodies",
                  "members"):
        assert f" {group} " in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "LOADED []"


def test_a_group_asked_for_is_loaded_with_its_own_help():
    from typer.testing import CliRunner

    from cli import COMMAND_GROUPS, build_app

    for name, (_, group_help) in COMMAND_GROUPS.items():
        result = CliRunner().invoke(build_app([name, "--help"]), [name, "--help"], terminal_width=200)
        assert result.exit_code == 0, result.output
        assert group_help.split(" (")[0] in result.output, name
