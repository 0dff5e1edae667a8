"""Echo benchmark: the bare echo bot against the emulator, limits off.

    python -m bench.echo [--users 50] [--messages 20] [--json]

Prints updates/s and p50/p99 update-to-reply latency; with ``--json`` the last
line is a JSON object with users, updates, updates_per_s, p50_ms, p99_ms and
peak_rss_mb.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from bench.harness import fixed_messages, python_command, run_harness
from emulator.limits import Limits

ECHO_BOT = Path(__file__).with_name("echo_bot.py")


def run_echo_bench(users: int = 50, messages_per_user: int = 20, as_json: bool = False) -> dict:
    """Run the echo bot with ``users`` users sending ``messages_per_user`` messages each."""

    def script_for_user(index: int):
        return fixed_messages([f"Tin nhắn {number} của người {index}" for number in range(messages_per_user)])

    result = asyncio.run(
        run_harness(
            python_command(ECHO_BOT),
            users=users,
            script_for_user=script_for_user,
            limits=Limits(enabled=False),
        )
    )
    summary = result.summary()
    report = {
        "users": summary["users"],
        "updates": summary["updates"],
        "updates_per_s": summary["updates_per_s"],
        "p50_ms": summary["p50_ms"],
        "p99_ms": summary["p99_ms"],
        "peak_rss_mb": summary["peak_rss_mb"],
    }
    print(
        f"echo bench: {report['users']} users, {report['updates']} updates, "
        f"{report['updates_per_s']} updates/s, p50 {report['p50_ms']} ms, p99 {report['p99_ms']} ms, "
        f"peak RSS {report['peak_rss_mb']} MB, missing replies {summary['missing_replies']}"
    )
    if as_json:
        print(json.dumps(report))
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.echo", description="Echo bot throughput benchmark")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--messages", type=int, default=20, help="messages per user")
    parser.add_argument("--json", action="store_true", help="end with a JSON line")
    arguments = parser.parse_args(argv)
    run_echo_bench(arguments.users, arguments.messages, as_json=arguments.json)


if __name__ == "__main__":
    main()
