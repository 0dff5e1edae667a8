"""`delegation-bot sandbox`: registered, documented, and clear when its port is taken."""

from __future__ import annotations

import socket

from typer.testing import CliRunner

from cli import build_app


def test_the_sandbox_command_is_listed_and_explains_its_options():
    runner = CliRunner()
    listed = runner.invoke(build_app([]), ["--help"])
    assert listed.exit_code == 0 and "sandbox" in listed.output
    helped = runner.invoke(build_app(["sandbox"]), ["sandbox", "--help"])
    assert helped.exit_code == 0
    for option in ("--port", "--keep", "--database"):
        assert option in helped.output


def test_a_taken_port_stops_start_up_with_one_clear_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(build_app(["sandbox"]), [
            "sandbox", "--port", str(port), "--database", str(tmp_path / "sandbox.sqlite3")])
    assert result.exit_code == 1
    assert f"cổng {port}" in result.output and "--port" in result.output
