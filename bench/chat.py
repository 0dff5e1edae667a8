"""Chat benchmark: simulated members log visits concurrently; the bare echo bot is the yardstick, same run.

    python -m bench.chat [--members 100] [--visits 2] [--repeat 3] [--json]

Both bots run as subprocesses against the project's Bot API emulator (limits off). Ours runs on SQLite with a
registry of 300 enterprises; every member logs `visits` visits (8 updates each: command, search, pick, date,
members, counts, skip the check-in, save). The echo bot gets the same number of users and updates. Each bot
runs saturated (throughput, peak RSS; three alternating runs, the median counts) and at members' pace
(latency). Prints updates/s, p50/p99 update-to-reply latency and peak RSS of both, and the ratios, and the memory
floor: the peak RSS of a process that only imports the libraries the bot is built on; with --json the last line
is a JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.echo import ECHO_BOT
from bench.harness import HarnessResult, Press, Script, fixed_messages, python_command, run_harness
from bench.search import generate_registry
from bot.database import upgrade
from emulator.limits import Limits
from emulator.world import ChatMessage, User
from models.db import Database
from models.people import Identity, Member, Role
from models.registry import create_enterprise, parse_enterprise

ENTERPRISES = 300
STEPS_PER_VISIT = 8


def _fill(database: Database, rng: random.Random) -> list[str]:
    """The registry the members search; returns a search text for each enterprise (a distinctive name part)."""
    searches = []
    with database.session() as session:
        for row in generate_registry(ENTERPRISES, rng):
            create_enterprise(session, parse_enterprise({"name": row["name"], "tax_code": row["tax_code"],
                                                         "zone": f"KCN {row['zone']}",
                                                         "ownership": row["ownership"],
                                                         "country": "Hàn Quốc" if row["ownership"].value == "foreign"
                                                         else None}), actor="bench")
            searches.append(row["tax_code"][:10])
    return searches


def _register(database: Database, people: list[User]) -> None:
    with database.session() as session:
        for person in people:
            member = Member(full_name=f"{person.first_name} Nguyễn", role=Role.member)
            member.identities.append(Identity(platform_id=f"telegram:{person.id}",
                                              private_chat_id=f"telegram:{person.id}"))
            session.add(member)


def visit_script(searches: list[str], visits: int, rng: random.Random) -> Script:
    """One member logging `visits` visits the quick way."""
    targets = [rng.choice(searches) for _ in range(visits)]

    def script(step: int, last_reply: ChatMessage | None):
        visit, position = divmod(step, STEPS_PER_VISIT)
        if visit >= visits:
            return None
        if position == 0:
            return "/tham"
        if position == 1:
            return targets[visit]
        # A pressed question turns into the next question in place: those presses are answered by an edit.
        if position == 2:
            return Press(text=last_reply.button_texts[0] if last_reply and last_reply.button_texts else None,
                         expect="edit")
        if position == 3:
            return Press(text="Hôm nay", expect="edit")
        if position == 4:
            return Press(text="✅ Xong", expect="edit")
        if position == 5:
            return f"{rng.randint(0, 5)} {rng.randint(0, 2)} {rng.randint(20, 900)} {rng.randint(0, 3)}"
        if position == 6:
            return "/boqua"
        return Press(text="💾 Lưu", expect="edit")   # the summary turns into what was saved

    return script


def _figures(result: HarnessResult) -> dict:
    return {"updates": result.updates, "replies": result.replies, "missing": result.missing_replies,
            "updates_per_s": round(result.updates_per_s, 1), "p50_ms": _round(result.percentile_ms(50)),
            "p99_ms": _round(result.percentile_ms(99)), "peak_rss_mb": _round(result.peak_rss_mb),
            "invalid_calls": result.invalid_calls}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _run_ours(members: int, visits: int, seed: int, think_s: float) -> HarnessResult:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="bench-chat-") as workdir:
        database = Database(f"sqlite:///{Path(workdir) / 'bench.sqlite3'}")
        upgrade(database)
        searches = _fill(database, rng)
        scripts = [visit_script(searches, visits, random.Random(seed * 1000 + i)) for i in range(members)]
        try:
            return asyncio.run(run_harness(
                [sys.executable, "-m", "bot", "run"], users=members, script_for_user=lambda i: scripts[i],
                # The emulator's limits are off for both bots, so ours lifts its own 30 messages/s ceiling
                # too: otherwise the benchmark would measure that ceiling (about 15 updates/s at two calls each).
                limits=Limits(enabled=False), env={"DATABASE_URL": database.url, "BOOTSTRAP_ADMIN_IDS": "",
                                                   "TELEGRAM_MESSAGES_PER_SECOND": "0"},
                cwd=workdir, prepare=lambda people: _register(database, people), think_s=think_s))
        finally:
            database.dispose()


def _run_echo(members: int, updates_each: int, think_s: float) -> HarnessResult:
    return asyncio.run(run_harness(
        python_command(ECHO_BOT), users=members,
        script_for_user=lambda i: fixed_messages([f"Tin nhắn {k} của người {i}" for k in range(updates_each)]),
        limits=Limits(enabled=False), think_s=think_s))


# What the bot cannot run without (the design's Telegram library, SQLAlchemy's ORM, pydantic and its settings,
# aiohttp under the Bot API calls), imported by a process that does nothing else.
LIBRARIES = ("telegram.ext", "sqlalchemy.orm", "pydantic", "pydantic_settings", "aiohttp")


def library_floor_rss_mb() -> float:
    """Peak RSS of a bare interpreter that only imports LIBRARIES: the floor under the bot's own memory."""
    probe = (f"import {', '.join(LIBRARIES)}\n"
             "print(next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:')))")
    kilobytes = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return int(kilobytes) / 1024


def _median_run(runs: list[HarnessResult]) -> HarnessResult:
    """The run with the median throughput; its peak memory is the highest of all runs."""
    ordered = sorted(runs, key=lambda run: run.updates_per_s)
    peaks = [run.peak_rss_mb for run in runs if run.peak_rss_mb is not None]
    return dataclasses.replace(ordered[len(ordered) // 2], peak_rss_mb=max(peaks) if peaks else None)


def run_chat_bench(members: int = 100, visits: int = 2, as_json: bool = False, seed: int = 1,
                   think_s: float = 2.0, repeat: int = 3) -> dict:
    """Two passes per bot. Saturated (each member taps again the moment the reply arrives): throughput and peak
    memory. Paced (a member taps every `think_s` seconds on average, as people on phones do — 100 members then
    offer about 50 updates/s): latency, which in the saturated pass is only queueing (members / throughput)."""
    updates_each = visits * STEPS_PER_VISIT
    # The echo bot's saturated pass lasts a few seconds, so one run of it swings by half with the machine's
    # mood: the saturated passes alternate, `repeat` times each, and each bot's median run counts.
    saturated_runs, echo_runs = [], []
    for _ in range(repeat):
        saturated_runs.append(_run_ours(members, visits, seed, 0.0))
        echo_runs.append(_run_echo(members, updates_each, 0.0))
    saturated, echo_saturated = _median_run(saturated_runs), _median_run(echo_runs)
    paced, echo_paced = _run_ours(members, visits, seed, think_s), _run_echo(members, updates_each, think_s)
    mine, yardstick = _figures(saturated), _figures(echo_saturated)
    floor_mb = library_floor_rss_mb()
    mine_paced, yardstick_paced = _figures(paced), _figures(echo_paced)
    report = {
        "members": members,
        "updates_per_s": mine["updates_per_s"], "p50_ms": mine_paced["p50_ms"], "p99_ms": mine_paced["p99_ms"],
        "peak_rss_mb": mine["peak_rss_mb"],
        "echo_updates_per_s": yardstick["updates_per_s"], "echo_peak_rss_mb": yardstick["peak_rss_mb"],
        "throughput_ratio": round(mine["updates_per_s"] / yardstick["updates_per_s"], 3)
        if yardstick["updates_per_s"] else None,
        "rss_ratio": round(mine["peak_rss_mb"] / yardstick["peak_rss_mb"], 3)
        if mine["peak_rss_mb"] and yardstick["peak_rss_mb"] else None,
        "library_floor_rss_mb": round(floor_mb, 2),
        "floor_rss_ratio": round(floor_mb / yardstick["peak_rss_mb"], 3) if yardstick["peak_rss_mb"] else None,
        "echo_p50_ms": yardstick_paced["p50_ms"], "echo_p99_ms": yardstick_paced["p99_ms"],
        "saturated_p50_ms": mine["p50_ms"], "saturated_p99_ms": mine["p99_ms"],
        "echo_saturated_p50_ms": yardstick["p50_ms"], "echo_saturated_p99_ms": yardstick["p99_ms"],
        "think_s": think_s, "updates": mine["updates"], "repeat": repeat,
        "updates_per_s_runs": [round(run.updates_per_s, 1) for run in saturated_runs],
        "echo_updates_per_s_runs": [round(run.updates_per_s, 1) for run in echo_runs],
        "missing_replies": sum(run.missing_replies for run in [*saturated_runs, paced]),
        "invalid_calls": sum(run.invalid_calls for run in [*saturated_runs, paced]),
    }
    print(f"delegation bot, saturated: {mine}")
    print(f"delegation bot, paced:     {mine_paced}")
    print(f"echo bot, saturated:       {yardstick}")
    print(f"echo bot, paced:           {yardstick_paced}")
    print(f"throughput ratio {report['throughput_ratio']} (goal ≥ 0.6), p99 at members' pace {report['p99_ms']} ms "
          f"(goal < 50), RSS ratio {report['rss_ratio']} (goal ≤ 1.5)")
    print(f"memory floor: {', '.join(LIBRARIES)} imported and nothing else: {report['library_floor_rss_mb']} MB, "
          f"{report['floor_rss_ratio']} × the echo bot's peak; the bot's own code and data: "
          f"{_round(mine['peak_rss_mb'] - floor_mb) if mine['peak_rss_mb'] else None} MB")
    if as_json:
        print(json.dumps(report))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--visits", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between a member's taps (paced pass)")
    parser.add_argument("--repeat", type=int, default=3, help="saturated runs per bot (the median counts)")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    run_chat_bench(options.members, options.visits, options.json, options.seed, options.think, options.repeat)


if __name__ == "__main__":
    main()
