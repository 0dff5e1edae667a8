"""The systemd units in deploy/ are valid (`systemd-analyze verify`, where that binary exists)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
INSTALLED = "/opt/delegation-bot/.venv/bin/delegation-bot"
UNITS = sorted(path.name for path in DEPLOY.glob("delegation-bot*.*"))


def test_every_unit_the_docs_install_is_there():
    assert UNITS == ["delegation-bot-backup.service", "delegation-bot-backup.timer", "delegation-bot-prune.service",
                     "delegation-bot-prune.timer", "delegation-bot-standby.service", "delegation-bot.service"]
    docs = (DEPLOY.parent / "docs" / "deploy.md").read_text()
    for unit in UNITS:
        assert unit in docs


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_units_verify(tmp_path):
    # The units name the installed command; here it is this checkout's.
    here = str(Path(sys.executable).with_name("delegation-bot"))
    for name in UNITS:
        text = (DEPLOY / name).read_text().replace(INSTALLED, here)
        (tmp_path / name).write_text(text)
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *(str(tmp_path / n) for n in UNITS)],
                            capture_output=True, text=True)
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if line.strip() and "Failed to connect to bus" not in line and "EnvironmentFile" not in line]
    assert result.returncode == 0 and problems == [], result.stdout + result.stderr
