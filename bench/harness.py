"""Throughput harness: a bot in a subprocess, many simulated users, numbers out.

The emulator runs in this process; the bot runs as a subprocess started from a
command line with ``TELEGRAM_BASE_URL``, ``TELEGRAM_BASE_FILE_URL`` and
``TELEGRAM_BOT_TOKEN`` pointing at the emulator. Each user follows a script: a
callable that, given how many steps were taken and the bot's last reply, returns
the next step (text to send, a ``Press``) or ``None`` when done. Every step waits
for the bot's answer before the next, so latency is measured per update: from
the moment the update becomes available to the bot (queued for getUpdates or
handed to the webhook) to the moment the bot's reply reaches the chat.

    result = await run_harness(python_command("bench/echo_bot.py"), users=50,
                               script_for_user=lambda i: fixed_messages([...]))
    result.summary()   # updates, replies, missing_replies, updates_per_s, p50/p99 ms, peak_rss_mb (VmHWM)

With ``think_s`` (the mean pause between a reply and the user's next step) users also start at random moments within
one think time, so the bot is offered the pace asked for rather than one burst of ``users`` updates. The harness shares
its process and event loop with the emulator, so it freezes what set-up created (``gc.freeze()``) while measuring:
full collections over the specification, modules and ``prepare``'s data would stall the emulator.
"""

from __future__ import annotations

import asyncio
import gc
import math
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from emulator.emulator import Emulator
from emulator.limits import Limits
from emulator.world import Bot, CallbackQueryRecord, Chat, ChatMessage, User

DEFAULT_TOKEN = "7000000001:harness-token"
DEFAULT_USERNAME = "harness_bot"


@dataclass(frozen=True)
class Press:
    """Press an inline button on the last reply; ``expect`` says what answers it."""

    text: str | None = None
    callback_data: str | None = None
    expect: str = "message"  # "message" (a new message), "edit" of the pressed one, or "answer"


Step = str | Press | None
Script = Callable[[int, ChatMessage | None], Step]


class HarnessError(RuntimeError):
    pass


@dataclass
class HarnessResult:
    users: int
    updates: int
    replies: int
    missing_replies: int
    duration_s: float
    latencies_ms: list[float] = field(repr=False)
    peak_rss_mb: float | None
    invalid_calls: int

    @property
    def updates_per_s(self) -> float:
        return self.updates / self.duration_s if self.duration_s > 0 else 0.0

    def percentile_ms(self, percent: float) -> float | None:
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        rank = max(1, math.ceil(percent / 100 * len(ordered)))  # nearest-rank
        return ordered[rank - 1]

    def summary(self) -> dict[str, Any]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 2)

        return {
            "users": self.users,
            "updates": self.updates,
            "replies": self.replies,
            "missing_replies": self.missing_replies,
            "duration_s": rounded(self.duration_s),
            "updates_per_s": rounded(self.updates_per_s),
            "p50_ms": rounded(self.percentile_ms(50)),
            "p99_ms": rounded(self.percentile_ms(99)),
            "peak_rss_mb": rounded(self.peak_rss_mb),
            "invalid_calls": self.invalid_calls,
        }


def fixed_messages(texts: Sequence[str]) -> Script:
    """A script that sends ``texts`` one after another, whatever the bot answers."""

    def script(step: int, last_reply: ChatMessage | None) -> Step:
        return texts[step] if step < len(texts) else None

    return script


@contextmanager
def _setup_frozen() -> Iterator[None]:
    """Keep what exists before the run (modules, the API specification, the emulator, the
    users, whatever ``prepare`` loaded) out of the collector's way while measuring.

    The harness shares its process with the emulator, so a full collection walking
    every object of the set-up stalls the emulator's event loop (tens of ms, seen as
    late getUpdates answers and late sendMessage reads); frozen objects are not walked.
    """
    gc.collect()
    already_frozen = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not already_frozen:
            gc.unfreeze()


class BotProcess:
    """The bot under test as a subprocess, with its output kept in a log file."""

    def __init__(self, command: Sequence[str], env: dict[str, str], cwd: str | Path | None) -> None:
        self.log = tempfile.NamedTemporaryFile(prefix="harness-bot-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            list(command), env=env, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def exited(self) -> bool:
        return self.process.poll() is not None

    def log_tail(self, lines: int = 40) -> str:
        self.log.flush()
        text = Path(self.log.name).read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def peak_rss_mb(self) -> float | None:
        """VmHWM (peak resident set) while the process is alive; RSS as a fallback."""
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        try:
            return psutil.Process(self.pid).memory_info().rss / (1024 * 1024)
        except psutil.Error:
            return None

    async def stop(self, timeout: float = 10.0) -> None:
        if not self.exited():
            self.process.send_signal(signal.SIGTERM)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            while not self.exited() and loop.time() < deadline:
                await asyncio.sleep(0.05)
            if not self.exited():
                self.process.kill()
                self.process.wait()
        self.log.close()
        os.unlink(self.log.name)


class Harness:
    def __init__(
        self,
        command: Sequence[str],
        *,
        users: int,
        script_for_user: Callable[[int], Script],
        token: str = DEFAULT_TOKEN,
        username: str = DEFAULT_USERNAME,
        limits: Limits | None = None,
        env: dict[str, str] | None = None,
        cwd: str | Path | None = None,
        startup_timeout: float = 30.0,
        reply_timeout: float = 10.0,
        prepare: Callable[[list[User]], None] | None = None,
        think_s: float = 0.0,
    ) -> None:
        self.command = command
        self.user_count = users
        self.script_for_user = script_for_user
        self.token = token
        self.username = username
        self.limits = limits
        self.extra_env = env or {}
        self.cwd = cwd
        self.startup_timeout = startup_timeout
        self.reply_timeout = reply_timeout
        self.prepare = prepare  # e.g. register the simulated users in the bot's database before it starts
        # Mean pause between a reply and the user's next step (0: as fast as the bot answers, to saturate it).
        self.think_s = think_s
        self._random = random.Random(7)
        self.latencies_ms: list[float] = []
        self.updates = 0
        self.replies = 0
        self.missing = 0
        self._available_at: dict[str, float] = {}

    async def run(self) -> HarnessResult:
        async with Emulator(limits=self.limits or Limits(enabled=False)) as emu:
            bot = emu.add_bot(self.token, self.username)
            bot.updates.on_available = lambda update: self._note_available(bot, update)
            people = [emu.add_user(f"User{index}", language_code="vi") for index in range(self.user_count)]
            if self.prepare is not None:
                self.prepare(people)
            env = {
                **os.environ,
                "TELEGRAM_BASE_URL": emu.base_url,
                "TELEGRAM_BASE_FILE_URL": emu.base_file_url,
                "TELEGRAM_BOT_TOKEN": bot.token,
                **self.extra_env,
            }
            process = BotProcess(self.command, env, self.cwd)
            try:
                await self._wait_until_listening(bot, process)
                with _setup_frozen():
                    started = time.monotonic()
                    await asyncio.gather(*(
                        self._converse(emu, bot, person, self.script_for_user(index))
                        for index, person in enumerate(people)
                    ))
                    duration = time.monotonic() - started
                peak_rss = process.peak_rss_mb()
            finally:
                await process.stop()
            return HarnessResult(
                users=self.user_count,
                updates=self.updates,
                replies=self.replies,
                missing_replies=self.missing,
                duration_s=duration,
                latencies_ms=self.latencies_ms,
                peak_rss_mb=peak_rss,
                invalid_calls=len(emu.invalid_calls),
            )

    def _note_available(self, bot: Bot, update: dict[str, Any]) -> None:
        body = update.get("message") or update.get("edited_message") or (
            update.get("callback_query") or {}
        ).get("message")
        if body and body.get("chat", {}).get("type") == "private":
            self._available_at[f"private:{bot.id}:{body['chat']['id']}"] = time.monotonic()

    async def _wait_until_listening(self, bot: Bot, process: BotProcess) -> None:
        """The bot is ready once its first getUpdates arrives or it has set a webhook."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.startup_timeout
        while not bot.updates.listening.is_set():
            if process.exited():
                raise HarnessError(f"the bot exited during start-up:\n{process.log_tail()}")
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise HarnessError(f"the bot did not start listening in time:\n{process.log_tail()}")
            try:
                # Wake when it listens, but look at the process at least twice a second.
                await asyncio.wait_for(bot.updates.listening.wait(), min(0.5, remaining))
            except TimeoutError:
                pass

    async def _converse(self, emu: Emulator, bot: Bot, person: User, script: Script) -> None:
        chat = person.private_chat(bot)
        last_reply: ChatMessage | None = None
        step = 0
        while True:
            action = script(step, last_reply)
            if action is None:
                return
            if self.think_s:
                # Paced users start at random moments over one think time, as they would
                # already be mid-conversation: all starting together would offer the bot a
                # burst of `users` updates at once instead of the pace asked for.
                pause = self._random.uniform(0.5, 1.5) if step else self._random.uniform(0.0, 1.0)
                await asyncio.sleep(pause * self.think_s)
            step += 1
            self.updates += 1
            try:
                last_reply, answered = await self._act(emu, person, chat, action, last_reply)
            except TimeoutError:
                self.missing += 1
                continue
            self.replies += 1
            available = self._available_at.get(chat.key)
            if available is not None:
                self.latencies_ms.append((answered - available) * 1000)

    async def _act(
        self, emu: Emulator, person: User, chat: Chat, action: str | Press, last_reply: ChatMessage | None
    ) -> tuple[ChatMessage | None, float]:
        """Perform one step; return the bot's answer and when it arrived."""
        if isinstance(action, str):
            await person.send(action, chat=chat)
            reply = await emu.wait_for_message(chat, timeout=self.reply_timeout)
            return reply, self._event_time(emu, "message", chat, reply)
        if last_reply is None:
            raise HarnessError("a Press needs a previous bot reply with buttons")
        if action.text is not None and action.text not in last_reply.button_texts:
            # The button is on a later message of the same answer (a bot may answer with several).
            last_reply = await emu.wait_for_message(
                chat, timeout=self.reply_timeout, predicate=lambda m: action.text in m.button_texts)
        query = await person.press(last_reply, action.text, callback_data=action.callback_data)
        if action.expect == "edit":
            await emu.wait_for_edit(last_reply, timeout=self.reply_timeout)
            return last_reply, self._event_time(emu, "edit", chat, last_reply)
        if action.expect == "answer":
            assert isinstance(query, CallbackQueryRecord), "a button press is a callback query"
            await emu.wait_for_callback_answer(query, timeout=self.reply_timeout)
            return last_reply, time.monotonic()
        reply = await emu.wait_for_message(chat, timeout=self.reply_timeout)
        return reply, self._event_time(emu, "message", chat, reply)

    @staticmethod
    def _event_time(emu: Emulator, kind: str, chat: Chat, message: ChatMessage) -> float:
        for event in reversed(emu.events.history):
            if (
                event.kind == kind
                and event.data.get("chat_key") == chat.key
                and event.data.get("message_id") == message.message_id
            ):
                return event.monotonic
        return time.monotonic()


async def run_harness(
    command: Sequence[str],
    *,
    users: int,
    script_for_user: Callable[[int], Script],
    **options: Any,
) -> HarnessResult:
    """Run ``command`` as the bot against ``users`` scripted users; see ``Harness``."""
    return await Harness(command, users=users, script_for_user=script_for_user, **options).run()


def python_command(script: str | Path, *args: str) -> list[str]:
    """The command line for a Python bot script, run by this interpreter."""
    return [sys.executable, str(script), *args]
