"""A missing or invalid setting stops start-up with one line naming it, not a traceback."""

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("env, named", [
    ({}, "TELEGRAM_BOT_TOKEN: missing"),
    ({"TELEGRAM_BOT_TOKEN": "not-a-token"}, "TELEGRAM_BOT_TOKEN: invalid"),
    ({"TELEGRAM_BOT_TOKEN": "1:A", "TIMEZONE": "Mars/Olympus"}, "TIMEZONE: unknown time zone"),
    ({"TELEGRAM_BOT_TOKEN": "1:A", "DATABASE_URL": "mysql://x"}, "DATABASE_URL:"),
    ({"TELEGRAM_BOT_TOKEN": "1:A", "BOOTSTRAP_ADMIN_IDS": "telegram:"}, "BOOTSTRAP_ADMIN_IDS:"),
])
def test_bad_settings_stop_start_up_with_one_line(tmp_path, env, named):
    clean = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "TIMEZONE", "DATABASE_URL")}
    result = subprocess.run([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env={**clean, **env},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0], result.stderr
    assert "Traceback" not in result.stderr
