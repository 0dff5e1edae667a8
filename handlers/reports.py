"""Review reports in the chat: a coordinator asks (/baocao, /report), picks the period with buttons, and gets the
Word report and the Excel figures as documents.

The bot shows it is working (the "sending a file" status and a short message) and builds the files off the
event loop — in a child process (`reports.worker`), after the update's own transaction has ended — so
everybody else's messages are answered meanwhile. One report at a time per chat, and a bounded number at once.
A named export (the nominees' names, audited) is only built in a coordinator's private chat.

Also here: the scheduler's tick starts `ReportRunner.check_review_drafts_in_background`, which builds the drafts
due before a review of the plan (in a child process too) and puts them into the outbox (`reports.review_drafts`)
once: their keys.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import shutil
import tempfile
import traceback
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from telegram import Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ExtBot

from handlers.conversation import Button, Reply, Services, Turn
from handlers.routing import Router, refuse_if_not_allowed
from handlers.telegram_io import BotContext, deliver, raw_chat_id, run_turn
from models.deliveries import enqueue_delivery
from models.errors import DomainError, InvalidInput
from models.people import ChatPurpose, Role, bound_chat
from reports.heading import ReportHeading
from reports.periods import Period, PeriodKind, from_token, parse_period, period_choices, running_plan
from texts import common as tc
from texts import reports as t

if TYPE_CHECKING:
    from reports.build import ReportFiles

log = logging.getLogger(__name__)
router = Router("reports")

BUILD, BUILD_NAMED, MENU = "rp", "rpn", "rpm"
BUTTON_PATTERN = rf"^(?:{BUILD}|{BUILD_NAMED}|{MENU}):"
MAX_PARALLEL_BUILDS = 1           # a build keeps a CPU busy for seconds; more wait their turn
CHAT_ACTION_EVERY_S = 4.0         # Telegram shows a chat action for about 5 seconds
DRAFTS_DIR = Path("data") / "reports"   # drafts outlive the build: the dispatcher sends them later
REVIEW_RETRY_AFTER = dt.timedelta(hours=1)   # a draft that failed to build is not rebuilt every minute
REVIEW_BUILD_TIMEOUT_S = 600                 # a build takes seconds; a stuck one is stopped and retried later

Builder = Callable[..., "ReportFiles"]


@dataclass(frozen=True)
class ReportJob:
    chat_id: str
    period: Period
    named_by: int | None          # the coordinator who asked for names; None: counts only
    menu_message_id: int | None   # the menu whose button was pressed: it becomes the "working" notice


class ReportRunner:
    """Builds reports off the event loop and sends them; one per chat at a time, a bounded number at once."""

    def __init__(self, services: Services, *, drafts_dir: Path = DRAFTS_DIR, build: Builder | None = None,
                 max_parallel: int = MAX_PARALLEL_BUILDS) -> None:
        self.services = services
        self.drafts_dir = drafts_dir
        # None: each report is built in a child process (`reports.worker`), the bot's own process stays free.
        # A function: called in a worker thread instead (tests hold it there to show the bot keeps answering).
        self.build = build
        self.max_parallel = max_parallel
        self._slots = asyncio.Semaphore(max_parallel)
        self._building: set[str] = set()   # chats with a report being built or waiting for a slot
        self.review_check: asyncio.Task[list[str]] | None = None   # the review drafts' check, while it runs
        self._review_retry_at: dt.datetime | None = None

    @property
    def heading(self) -> ReportHeading:
        return ReportHeading(bodies=self.services.config.bodies)

    def busy(self, chat_id: str) -> bool:
        return chat_id in self._building

    async def start(self, app: Application, bot: ExtBot, job: ReportJob) -> None:
        """Say it is working (or that this chat already waits for one), then build in the background."""
        if self.busy(job.chat_id):
            await deliver(bot, [Reply(job.chat_id, t.ALREADY_WORKING)])
            return
        self._building.add(job.chat_id)
        text = t.WORKING.format(phrase=job.period.phrase)
        if len(self._building) > self.max_parallel:
            text += "\n" + t.BUSY.format(count=len(self._building) - 1)
        try:
            await deliver(bot, [Reply(job.chat_id, text, edit_message_id=job.menu_message_id)])
        except TelegramError:
            log.warning("could not say a report is being built in %s; building it anyway", job.chat_id)
        app.create_task(self._produce(bot, job), name=f"report {job.chat_id}")

    async def _produce(self, bot: ExtBot, job: ReportJob) -> None:
        out_dir = Path(tempfile.mkdtemp(prefix="report-"))
        try:
            try:
                async with self._slots, showing_upload(bot, job.chat_id):
                    replies = self._documents(job, await self._build(job, out_dir))
            except DomainError as error:
                replies = [Reply(job.chat_id, f"⚠️ {error.message}")]
            except Exception:
                replies = [Reply(job.chat_id, t.FAILED.format(error_id=await self._record_failure(job)))]
            finally:
                self._building.discard(job.chat_id)   # done: the chat may ask for the next one
            with contextlib.suppress(TelegramError):
                await deliver(bot, replies)
        finally:
            shutil.rmtree(out_dir, ignore_errors=True)

    @staticmethod
    def _documents(job: ReportJob, files: ReportFiles) -> list[Reply]:
        phrase = job.period.phrase
        named = t.XLSX_CAPTION_NAMED if files.named else ""
        return [
            Reply(job.chat_id, t.DOCX_CAPTION.format(phrase=phrase), document_path=str(files.docx),
                  document_name=files.docx.name),
            Reply(job.chat_id, t.XLSX_CAPTION.format(phrase=phrase, named=named), document_path=str(files.xlsx),
                  document_name=files.xlsx.name),
        ]

    async def _build(self, job: ReportJob, out_dir: Path) -> ReportFiles:
        return await self._build_files(job.period, out_dir, named_by=job.named_by)

    async def _build_files(self, period: Period, out_dir: Path, *, named_by: int | None) -> ReportFiles:
        services = self.services
        arguments = (services.database, period, self.heading, out_dir)
        options = dict(rules=services.rules, tz=services.clock.tz, now=services.clock.now(), named_by=named_by)
        if self.build is not None:
            return await asyncio.to_thread(self.build, *arguments, **options)
        from reports.worker import build_in_child_process

        return await build_in_child_process(*arguments, **options)

    async def _record_failure(self, job: ReportJob) -> str:
        """Log the error and tell the coordinators' chat; the id is what the person who asked is given."""
        error_id = uuid.uuid4().hex[:8].upper()
        log.exception("report %s for %s failed", error_id, job.period.code)
        trace = f"report {job.period.code}\n{traceback.format_exc()[-3000:]}"
        now = self.services.clock.now()

        def record(session) -> bool:  # type: ignore[no-untyped-def]
            coordinators = bound_chat(session, ChatPurpose.coordinators)
            if coordinators is None:
                return False
            return enqueue_delivery(session, key=f"error:{error_id}", kind="error", chat_id=coordinators,
                                    text=tc.ERROR_REPORT.format(error_id=error_id, who=job.chat_id, trace=trace),
                                    due_at=now)

        try:
            if await self.services.database.run(record) and self.services.outbox is not None:
                self.services.outbox.kick()
        except Exception:   # the database may be what failed: the log has it
            log.exception("could not record report error %s", error_id)
        return error_id

    def check_review_drafts_in_background(self) -> asyncio.Task[list[str]] | None:
        """For the scheduler's tick, which must not wait on a build (reminders would): the check starts unless
        one is still running, or a failed build is being waited out."""
        if self.review_check is not None and not self.review_check.done():
            return self.review_check
        if self._review_retry_at is not None and self.services.clock.now() < self._review_retry_at:
            return None
        self.review_check = asyncio.create_task(self.check_review_drafts(), name="review-drafts")
        return self.review_check

    async def check_review_drafts(self) -> list[str]:
        """`send_review_drafts`, logged; after a failure (or a build stuck for ten minutes, stopped with its
        child process) the next try waits an hour."""
        try:
            added = await asyncio.wait_for(self.send_review_drafts(), REVIEW_BUILD_TIMEOUT_S)
        except Exception:   # a timeout included
            self._review_retry_at = self.services.clock.now() + REVIEW_RETRY_AFTER
            log.exception("review drafts: building failed; trying again in an hour")
            return []
        self._review_retry_at = None
        if added:
            log.info("review drafts enqueued: %s", added)
        return added

    async def aclose(self) -> None:
        """At shutdown: a review draft being built is stopped (its child process too); the next start builds it."""
        if self.review_check is not None and not self.review_check.done():
            self.review_check.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.review_check

    async def send_review_drafts(self) -> list[str]:
        """The drafts due before a review of the plan, built (each in a child process) and put into the outbox;
        returns the keys added."""
        from reports.review_drafts import due_drafts, enqueue_draft

        services = self.services
        now = services.clock.now()
        due = await services.database.run(lambda session: due_drafts(session, now, services.clock.tz))
        added: list[str] = []
        for draft in due:
            files = await self._build_files(draft.period, draft.out_dir(self.drafts_dir), named_by=None)
            added += await services.database.run(partial(enqueue_draft, draft=draft, files=files, now=now))
        if added and services.outbox is not None:
            services.outbox.kick()
        return added


@contextlib.asynccontextmanager
async def showing_upload(bot: ExtBot, chat_id: str, every: float = CHAT_ACTION_EVERY_S) -> AsyncIterator[None]:
    """Keep "sending a file…" showing in the chat while the body runs."""

    async def keep_showing() -> None:
        while True:
            try:
                await bot.send_chat_action(raw_chat_id(chat_id), ChatAction.UPLOAD_DOCUMENT)
            except TelegramError:
                log.debug("chat action to %s failed", chat_id)   # a nicety: never worth failing the report
            await asyncio.sleep(every)

    task = asyncio.create_task(keep_showing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


# --------------------------------------------------------------------------- what the coordinator sees

@router.command("baocao", "report", role=Role.coordinator, vi=t.COMMAND_VI, en=t.COMMAND_EN)
def report_command(turn: Turn, jobs: list[ReportJob] | None = None) -> None:
    """/baocao: the period menu; /baocao 2022-H1: that period at once (when the caller can start a build)."""
    argument = turn.incoming.args.strip()
    if argument and jobs is not None:
        period = parse_period(turn.session, argument, today=turn.today)
        jobs.append(ReportJob(turn.incoming.chat_id, period, None, None))
        return
    turn.say(*_menu(turn, named=False))


def _menu(turn: Turn, *, named: bool) -> tuple[str, list[list[Button]]]:
    plan = running_plan(turn.session, turn.today)
    prefix = BUILD_NAMED if named else BUILD
    rows: list[list[Button]] = []
    waves: list[Button] = []
    by_year: dict[int, list[Button]] = {}
    for period in period_choices(turn.session, plan, turn.today):
        button = Button(period.button, f"{prefix}:{period.token}")
        if period.kind is PeriodKind.wave:
            waves.append(button)
        elif period.kind in (PeriodKind.half_year, PeriodKind.year):
            by_year.setdefault(period.start.year, []).append(button)
        else:
            rows.append([button])
    rows = [waves[i:i + 2] for i in range(0, len(waves), 2)] + list(by_year.values()) + rows
    if turn.incoming.is_private:
        rows.append([Button(t.UNNAMED_BUTTON, f"{MENU}:u") if named else Button(t.NAMED_BUTTON, f"{MENU}:n")])
    title = t.MENU_TITLE_NAMED if named else t.MENU_TITLE
    return (title if plan is not None else f"{title}\n{t.MENU_NO_PLAN}"), rows


def _switch_menu(turn: Turn) -> None:
    named = turn.incoming.button_data.split(":", 1)[1] == "n"
    if named and not turn.incoming.is_private:
        turn.say(t.NAMED_ONLY_PRIVATE)
        return
    turn.edit(*_menu(turn, named=named))


def _pressed(turn: Turn, jobs: list[ReportJob]) -> None:
    prefix, _, token = turn.incoming.button_data.partition(":")
    try:
        period = from_token(turn.session, token, today=turn.today)
    except (ValueError, DomainError):
        raise InvalidInput(tc.STALE_ACTION) from None
    named = prefix == BUILD_NAMED
    if named and not turn.incoming.is_private:
        turn.say(t.NAMED_ONLY_PRIVATE)
        return
    assert turn.member is not None
    jobs.append(ReportJob(turn.incoming.chat_id, period, turn.member.id if named else None, turn.incoming.message_id))


# --------------------------------------------------------------------------- wiring

async def _on_command(runner: ReportRunner, update: Update, context: BotContext) -> None:
    jobs: list[ReportJob] = []

    def action(turn: Turn) -> None:
        if not refuse_if_not_allowed(turn, Role.coordinator):
            report_command(turn, jobs)

    await run_turn(update, context, action)
    for job in jobs:
        await runner.start(context.application, context.bot, job)


async def _on_button(runner: ReportRunner, update: Update, context: BotContext) -> None:
    jobs: list[ReportJob] = []

    def action(turn: Turn) -> None:
        if refuse_if_not_allowed(turn, Role.coordinator):
            return
        if turn.incoming.button_data.startswith(f"{MENU}:"):
            _switch_menu(turn)
        else:
            _pressed(turn, jobs)

    await run_turn(update, context, action)
    for job in jobs:
        await runner.start(context.application, context.bot, job)


def register(app: Application) -> None:
    services: Services = app.bot_data["services"]
    runner = ReportRunner(services)
    app.bot_data["reports"] = runner
    # /trogiup and the menus list the command; the handlers are our own, because a report goes on after the
    # update's transaction: build in the background, then send.
    services.commands.extend(router.commands)
    (command,) = router.commands

    async def on_command(update: Update, context: BotContext) -> None:
        await _on_command(runner, update, context)

    async def on_button(update: Update, context: BotContext) -> None:
        await _on_button(runner, update, context)

    app.add_handler(CommandHandler(list(command.names), on_command))
    app.add_handler(CallbackQueryHandler(on_button, pattern=BUTTON_PATTERN))

