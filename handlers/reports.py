"""Review reports in the chat: a coordinator asks (/baocao, /report), picks the period with buttons, and gets the
Word report and the Excel figures as documents.

The bot shows it is working (the "sending a file" status and a short message) and builds the files off the
event loop — in a child process (`reports.worker`), after the update's own transaction has ended (the turn
leaves the build to `Turn.later`) — so everybody else's messages are answered meanwhile. One report at a time
per chat, and a bounded number at once. A named export (the nominees' names, audited) is only built in a
coordinator's private chat; in a group (anyone in it can open the files) the counts-only variant is built: no
person met, no difficulty's full text, no count per enterprise. The files go out through the channel the request
came from.

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
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handlers.conversation import Activity, Button, Channel, Reply, Services, Turn
from handlers.errors import report_error
from handlers.routing import Router
from models.errors import DomainError, InvalidInput
from models.named_messages import subject
from models.people import Role
from reports.heading import ReportHeading
from reports.periods import Period, PeriodKind, from_token, parse_period, period_choices, review_choices, running_plan
from texts import common as tc, reports as t

if TYPE_CHECKING:
    from reports.build import ReportFiles

log = logging.getLogger(__name__)
router = Router("reports")

BUILD, BUILD_NAMED, MENU, RECOMMENDATIONS = "rp", "rpn", "rpm", "rpk"
RECOMMENDATIONS_ARGUMENT = "kiennghi"   # /baocao kiennghi: the consolidated recommendations at once
MAX_PARALLEL_BUILDS = 1           # a build keeps a CPU busy for seconds; more wait their turn
CHAT_ACTION_EVERY_S = 4.0         # Telegram shows a chat action for about 5 seconds
DRAFTS_DIR = Path("data") / "reports"   # drafts outlive the build: the dispatcher sends them later
REVIEW_RETRY_AFTER = dt.timedelta(hours=1)   # a draft that failed to build is not rebuilt every minute
REVIEW_BUILD_TIMEOUT_S = 600                 # a build takes seconds; a stuck one is stopped and retried later

Builder = Callable[..., "ReportFiles"]


@dataclass(frozen=True)
class ReportJob:
    chat_id: str
    period: Period | None         # None: the consolidated recommendations, as of today
    named_by: int | None          # the coordinator who asked for names (private chat only); None: no names
    menu_message_id: str | None   # the menu whose button was pressed: it becomes the "working" notice
    counts_only: bool = False     # asked in a group: no person met, no difficulty's text, no count per enterprise


class ReportRunner:
    """Builds reports off the event loop and sends them; one per chat at a time, a bounded number at once."""

    def __init__(self, services: Services, *, drafts_dir: Path = DRAFTS_DIR, build: Builder | None = None,
                 max_parallel: int = MAX_PARALLEL_BUILDS) -> None:
        self.services = services
        # Absolute: the outbox keeps a draft's path until it is sent, perhaps by another process of the same
        # installation started in another working directory (a standby), which must find the same file.
        self.drafts_dir = drafts_dir.absolute()
        # None: each report is built in a child process (`reports.worker`), the bot's own process stays free.
        # A function: called in a worker thread instead (tests hold it there to show the bot keeps answering).
        self.build = build
        self.max_parallel = max_parallel
        self._slots = asyncio.Semaphore(max_parallel)
        self._building: set[str] = set()   # chats with a report being built or waiting for a slot
        self._tasks: set[asyncio.Task[Any]] = set()   # builds under way (the event loop holds tasks weakly)
        self.review_check: asyncio.Task[list[str]] | None = None   # the review drafts' check, while it runs
        self._review_retry_at: dt.datetime | None = None

    @property
    def heading(self) -> ReportHeading:
        return ReportHeading(bodies=self.services.config.bodies)

    def busy(self, chat_id: str) -> bool:
        return chat_id in self._building

    async def start(self, channel: Channel, job: ReportJob) -> None:
        """Say it is working (or that this chat already waits for one), then build in the background."""
        if self.busy(job.chat_id):
            await channel.deliver([Reply(job.chat_id, t.ALREADY_WORKING)])
            return
        self._building.add(job.chat_id)
        text = t.WORKING.format(phrase=job.period.phrase) if job.period is not None else t.REC_WORKING
        if len(self._building) > self.max_parallel:
            text += "\n" + t.BUSY.format(count=len(self._building) - 1)
        edit = job.menu_message_id if channel.capabilities.edit else None
        await channel.deliver([Reply(job.chat_id, text, edit_message_id=edit)])
        task = asyncio.create_task(self._produce(channel, job), name=f"report {job.chat_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _produce(self, channel: Channel, job: ReportJob) -> None:
        out_dir = Path(tempfile.mkdtemp(prefix="report-"))
        try:
            try:
                async with self._slots, showing_upload(channel, job.chat_id):
                    if job.period is None:
                        replies = [await self._recommendations(job, out_dir)]
                    else:
                        replies = self._documents(job, await self._build(job, out_dir))
            except DomainError as error:
                replies = [Reply(job.chat_id, f"⚠️ {error.message}")]
            except Exception as error:
                what = f"report {job.period.code}" if job.period is not None else "report recommendations"
                error_id = await report_error(self.services, error, who=job.chat_id, what=what)
                replies = [Reply(job.chat_id, t.FAILED.format(error_id=error_id))]
            finally:
                self._building.discard(job.chat_id)   # done: the chat may ask for the next one
            await channel.deliver(replies)
        finally:
            shutil.rmtree(out_dir, ignore_errors=True)

    async def _recommendations(self, job: ReportJob, out_dir: Path) -> Reply:
        """The consolidated recommendations to the provincial bodies (one Word file, quick: built in a thread)."""
        from reports.recommendations import build_recommendations  # python-docx loads only when asked

        services = self.services
        written = await asyncio.to_thread(build_recommendations, services.database, self.heading, out_dir,
                                          rules=services.rules, tz=services.clock.tz, now=services.clock.now())
        return Reply(job.chat_id, t.REC_CAPTION.format(count=t.number(written.count), as_of=t.day(written.as_of)),
                     document_path=str(written.path), document_name=written.path.name)

    @staticmethod
    def _documents(job: ReportJob, files: ReportFiles) -> list[Reply]:
        assert job.period is not None
        phrase = job.period.phrase
        named = t.XLSX_CAPTION_NAMED if files.named else t.XLSX_CAPTION_COUNTS_ONLY if files.counts_only else ""
        # The named workbook lists every nominee and moving member by name: any one's erasure deletes it.
        names = (subject("nominee"), subject("transfer")) if files.named else ()
        return [
            Reply(job.chat_id, t.DOCX_CAPTION.format(phrase=phrase), document_path=str(files.docx),
                  document_name=files.docx.name),
            Reply(job.chat_id, t.XLSX_CAPTION.format(phrase=phrase, named=named), document_path=str(files.xlsx),
                  document_name=files.xlsx.name, names=names),
        ]

    async def _build(self, job: ReportJob, out_dir: Path) -> ReportFiles:
        assert job.period is not None
        return await self._build_files(job.period, out_dir, named_by=job.named_by, counts_only=job.counts_only)

    async def _build_files(self, period: Period, out_dir: Path, *, named_by: int | None,
                           counts_only: bool = False) -> ReportFiles:
        services = self.services
        arguments = (services.database, period, self.heading, out_dir)
        options: dict[str, Any] = dict(rules=services.rules, tz=services.clock.tz, now=services.clock.now(),
                                       named_by=named_by, counts_only=counts_only)
        if self.build is not None:
            return await asyncio.to_thread(self.build, *arguments, **options)
        from reports.worker import build_in_child_process

        return await build_in_child_process(*arguments, **options)

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
        """At shutdown: a review draft or a report being built is stopped (its child process too); the next start
        builds the draft again."""
        tasks = [task for task in (self.review_check, *self._tasks) if task is not None and not task.done()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def send_review_drafts(self) -> list[str]:
        """The drafts due before a review of the plan, built (each in a child process) and put into the outbox;
        returns the keys added."""
        from reports.review_drafts import due_drafts, enqueue_draft

        services = self.services
        now = services.clock.now()
        due = await services.database.run(lambda session: due_drafts(session, now, services.clock.tz,
                                                                     rules=services.rules))
        added: list[str] = []
        for draft in due:
            files = await self._build_files(draft.period, draft.out_dir(self.drafts_dir), named_by=None)
            # Ready now: if the clock passed the review's date meanwhile (the sandbox's time travel), it says late.
            ready = services.clock.now()
            added += await services.database.run(partial(enqueue_draft, draft=draft, files=files, now=ready))
        if added and services.outbox is not None:
            services.outbox.kick()
        return added


@contextlib.asynccontextmanager
async def showing_upload(channel: Channel, chat_id: str, every: float = CHAT_ACTION_EVERY_S
                         ) -> AsyncIterator[None]:
    """Keep "sending a file…" showing in the chat while the body runs."""

    async def keep_showing() -> None:
        while True:
            await channel.show_activity(chat_id, Activity.uploading_document)
            await asyncio.sleep(every)

    task = asyncio.create_task(keep_showing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


# --------------------------------------------------------------------------- what the coordinator sees

@router.command("baocao", "report", role=Role.coordinator)
def report_command(turn: Turn) -> None:
    """/baocao: the period menu; /baocao 2022-H1: that period at once."""
    if not turn.channel.documents and not turn.channel.files_elsewhere:
        turn.say(tc.NO_FILES_ON_THIS_CHANNEL)
        return
    argument = turn.incoming.args.strip()
    if argument.lower() == RECOMMENDATIONS_ARGUMENT:
        _recommendations_later(turn, None)
        return
    if argument:
        period = parse_period(turn.session, argument, today=turn.today)
        _build_later(turn, ReportJob(turn.incoming.chat_id, period, None, None,
                                     counts_only=not turn.incoming.is_private))
        return
    title, rows = _menu(turn, named=False)
    if not turn.incoming.is_private:
        title = f"{title}\n{t.MENU_COUNTS_ONLY}"
    turn.say(title, rows)


def _build_later(turn: Turn, job: ReportJob) -> None:
    """The build starts once the turn's replies are out (`Turn.later`), outside its unit of work."""
    runner: ReportRunner = turn.services.reports
    turn.later.append(partial(runner.start, job=job))


def _menu(turn: Turn, *, named: bool) -> tuple[str, list[list[Button]]]:
    plan = running_plan(turn.session, turn.today)
    prefix = BUILD_NAMED if named else BUILD
    rows: list[list[Button]] = []
    waves: list[Button] = []
    by_year: dict[int, list[Button]] = {}
    for period in period_choices(turn.session, plan, turn.today):
        button = Button.option(period.button, f"{prefix}:{period.token}")
        if period.kind is PeriodKind.wave:
            waves.append(button)
        elif period.kind in (PeriodKind.half_year, PeriodKind.year):
            by_year.setdefault(period.start.year, []).append(button)
        else:
            rows.append([button])
    # The plan's reviews whose time has come, each titled as the plan calls it and covering what it covers.
    reviews = [[Button.option(period.button, f"{prefix}:{period.token}")]
               for period in review_choices(turn.session, plan, turn.today)]
    rows = reviews + [waves[i:i + 2] for i in range(0, len(waves), 2)] + list(by_year.values()) + rows
    if turn.incoming.is_private:
        rows.append([Button.option(t.UNNAMED_BUTTON, f"{MENU}:u") if named
                     else Button.option(t.NAMED_BUTTON, f"{MENU}:n")])
        # The plan's first duty: the enterprises' recommendations reported up, as one document.
        rows.append([Button.option(turn.services.config.bodies.fill(t.REC_BUTTON, turn.today), RECOMMENDATIONS)])
    title = t.MENU_TITLE_NAMED if named else t.MENU_TITLE
    return (title if plan is not None else f"{title}\n{t.MENU_NO_PLAN}"), rows


@router.button(MENU, role=Role.coordinator)
def _switch_menu(turn: Turn) -> None:
    named = turn.incoming.button_data.split(":", 1)[1] == "n"
    if named and not turn.incoming.is_private:
        turn.say(t.NAMED_ONLY_PRIVATE)
        return
    turn.edit(*_menu(turn, named=named))


@router.button(BUILD, role=Role.coordinator)
@router.button(BUILD_NAMED, role=Role.coordinator)
def _pressed(turn: Turn) -> None:
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
    # In a group, whoever is in it (registered or not) can open the files: the counts-only variant, always.
    _build_later(turn, ReportJob(turn.incoming.chat_id, period, turn.member.id if named else None,
                                 turn.incoming.message_id, counts_only=not turn.incoming.is_private))


def _recommendations_later(turn: Turn, menu_message_id: str | None) -> None:
    """The difficulties' texts are in it: a coordinator's private chat only."""
    if not turn.incoming.is_private:
        turn.say(t.REC_ONLY_PRIVATE)
        return
    _build_later(turn, ReportJob(turn.incoming.chat_id, None, None, menu_message_id))


@router.button(RECOMMENDATIONS, role=Role.coordinator)
def _recommendations_pressed(turn: Turn) -> None:
    _recommendations_later(turn, turn.incoming.message_id)
