"""The neutral turn: every channel hands each update, as an `Incoming`, to one runner.

For one update the runner claims it in the inbox, recognises the person, routes it (`dispatch`) and acts, all
in one unit of work; a refusal (`DomainError`) undoes everything the action wrote and the update is claimed
again with only the refusal said; an unexpected failure is reported (`handlers.errors`) and apologised for.
The channel then shows the `Outcome` with what its platform can do.

What a turn decides to say is kept with its update in the same transaction (`journal_replies`) and forgotten once
the channel has said it: a process killed between the commit and the send leaves it for the leader to say
(`resend_unsaid`), so a reply is never lost with the process. While this process is saying it, it renews its
hold (`REPLY_HOLD`), and nobody else takes it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable, Coroutine, Sequence
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from handlers.conversation import Channel, Incoming, InputKind, Outcome, Reply, Services, Turn
from handlers.errors import report_error
from handlers.routing import Action, run_button, run_command
from models.base import use_time
from models.conversation import claim_for_handling, forget_replies, journal_replies, renew_replies, take_unsaid
from models.errors import DomainError
from models.people import Identity, Role, identity_of, note_account_used, register_bootstrap_admin
from texts import common as t

log = logging.getLogger(__name__)
# A process saying a turn's replies holds them this long, renewing every third of it while it says them (a chat's
# rate limit can keep a reply waiting); replies held by nobody for longer are another process's to say.
REPLY_HOLD = dt.timedelta(seconds=20)


def wall_clock() -> dt.datetime:
    """The machine's time for holds between processes (not a sandbox's shifted clock)."""
    return dt.datetime.now(dt.UTC)


def recognise(turn: Turn, identity: Identity | None, bootstrap_ids: Sequence[str]) -> None:
    """Bootstrap admins, the private chat to push to, and reachability once the person writes again."""
    incoming = turn.incoming
    if identity is None:
        turn.member = register_bootstrap_admin(turn.session, incoming.user_id, incoming.user_name,
                                               incoming.chat_id if incoming.is_private else None,
                                               list(bootstrap_ids))
        if turn.member is not None and incoming.is_private:
            turn.menus_to_refresh.append((incoming.chat_id, Role.admin))
        return
    member = identity.member
    note_account_used(member, incoming.user_id)   # pushes follow the app the member last wrote from
    if incoming.is_private:
        if identity.private_chat_id != incoming.chat_id:
            identity.private_chat_id = incoming.chat_id
        if not member.reachable:
            member.reachable = True


def dispatch(turn: Turn) -> None:
    """Match the update against the installed routes: a command by name, a button by its data's prefix, an
    event by its kind; what none claims goes to the fallbacks (a form's answer, a search)."""
    routes = turn.services.routes
    assert routes is not None, "bot installs the routers before the first turn"
    incoming = turn.incoming
    if incoming.kind is InputKind.command:
        command = routes.commands.get(incoming.command)
        if command is None:
            routes.on_unknown_command(turn)
        else:
            run_command(turn, command)
        return
    if incoming.kind is InputKind.button:
        route = routes.buttons.get(incoming.button_data.partition(":")[0])
        if route is None:
            routes.on_input(turn)   # the form engine's buttons, and stale ones
        else:
            run_button(turn, route)
        return
    event = routes.events.get(incoming.kind)
    if event is not None:
        event(turn)
        return
    if incoming.kind in (InputKind.bot_added, InputKind.bot_removed):
        return
    if incoming.is_private:
        routes.on_input(turn)
    # A group's own conversation is not for the bot (in privacy mode it sees little of it anyway).


class TurnRunner:
    """Runs turns for every channel; `handle` is what a channel calls with each update."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._background: set[asyncio.Task[Any]] = set()
        self._to_forget: list[tuple[str, str]] = []   # (source, key) whose replies were said, to forget
        # Told of each turn once its replies are shown: (the update, its outcome, seconds since it started).
        self.observers: list[Callable[[Incoming, Outcome, float], None]] = []

    async def handle(self, channel: Channel, incoming: Incoming, action: Action | None = None) -> Outcome:
        """Run the turn, let the channel show its outcome, then start what goes on afterwards."""
        started = time.perf_counter()
        outcome = await self.run(channel, incoming, action)
        await self.show(channel, incoming, outcome)
        self.observe(incoming, outcome, started)
        for later in outcome.later:
            self.start_background(later(channel), name=f"after {incoming.update_key or incoming.chat_id}")
        return outcome

    async def run(self, channel: Channel, incoming: Incoming, action: Action | None = None) -> Outcome:
        """One update in one unit of work; `action` defaults to `dispatch`."""
        services = self.services
        act = action or dispatch
        capabilities = channel.capabilities
        now = services.clock.now()

        def claimed(session: Session) -> bool:
            if incoming.update_key is None:
                return True
            return claim_for_handling(session, incoming.source, incoming.update_key, now)

        def begin(session: Session) -> Turn:
            use_time(session, now)   # what the turn writes is stamped with its clock's time
            identity = identity_of(session, incoming.user_id)
            turn = Turn(session=session, services=services, incoming=incoming,
                        member=identity.member if identity else None, now=now, channel=capabilities)
            recognise(turn, identity, services.config.bootstrap_admin_ids)
            return turn

        def work(session: Session) -> Turn | None:
            if not claimed(session):
                return None   # handled before a restart: do not do it twice
            turn = begin(session)
            try:
                act(turn)
            except DomainError as error:
                # Refused: undo everything the action wrote (no half-written record) and handle the update
                # again as only a refusal. Rare, so the common path goes without a savepoint. Its replies go
                # too, edits included: they would show a choice the rolled-back transaction did not record.
                session.rollback()   # the claim's lock goes too: another worker may have handled it meanwhile
                if not claimed(session):
                    return None
                turn = begin(session)
                turn.toast(error.message)
                if not (turn.notice and not incoming.is_private):
                    # A refused press in a group is the presser's business: on the button only, where it shows.
                    turn.say(f"⚠️ {error.message}")
            if incoming.update_key is not None and turn.replies:
                journal_replies(session, incoming.source, incoming.update_key,
                                {"chat_id": incoming.chat_id, "private": incoming.is_private,
                                 "replies": [reply.as_record() for reply in turn.replies]},
                                wall_clock() + REPLY_HOLD)
            self._forget_said(session)
            return turn

        try:
            turn = await services.database.run(work)
        except Exception as error:
            error_id = await report_error(services, error, who=incoming.user_id, source=incoming.source,
                                          update_key=incoming.update_key)
            return Outcome(replies=[Reply(incoming.chat_id, t.ERROR_APOLOGY.format(error_id=error_id))], failed=True)
        if turn is None:
            return Outcome(handled_before=True)
        if turn.pushed and services.outbox is not None:
            services.outbox.kick()
        return Outcome(replies=turn.replies, notice=turn.notice, menus_to_refresh=turn.menus_to_refresh,
                       later=turn.later, journalled=incoming.update_key is not None and bool(turn.replies))

    def observe(self, incoming: Incoming, outcome: Outcome, started: float) -> None:
        """Tell the observers (the metrics) about a turn that started at `started` (`time.perf_counter()`)."""
        seconds = time.perf_counter() - started
        for observer in self.observers:
            try:
                observer(incoming, outcome, seconds)
            except Exception:
                log.exception("a turn's observer failed")

    async def show(self, channel: Channel, incoming: Incoming, outcome: Outcome, *, say: bool = True) -> None:
        """Let the channel show the outcome of `run` (with `say=False`, nothing: a step whose replies the next one
        replaces); the replies kept with the update are held meanwhile, then forgotten."""
        source, key = incoming.source, incoming.update_key
        if not outcome.journalled or key is None:
            if say:
                await channel.respond(incoming, outcome)
            return
        if say:
            holding = asyncio.create_task(self._hold(source, key), name=f"hold replies {key}")
            try:
                await channel.respond(incoming, outcome)
            finally:
                holding.cancel()
        # Forgotten by the next unit of work to start — in a burst a turn already waiting for the database, not one
        # queued behind all of them: the shorter the time between a reply leaving and its record going, the rarer
        # a kill in between, which has the reply said twice.
        self._to_forget.append((source, key))
        try:
            await self.services.database.run(self._forget_said)
        except Exception:   # said already; at worst the leader says it again once the hold runs out
            log.exception("could not forget the replies said to update %s", key)

    def _forget_said(self, session: Session) -> None:
        """In a unit of work: forget the replies said since the last one (taken at once: one list swap)."""
        said, self._to_forget = self._to_forget, []
        if said:
            try:
                forget_replies(session, said)
            except Exception:
                self._to_forget.extend(said)
                raise

    async def _hold(self, source: str, key: str) -> None:
        every = REPLY_HOLD.total_seconds() / 3
        while True:
            await asyncio.sleep(every)
            try:
                await self.services.database.run(partial(renew_replies, source=source, update_key=key,
                                                         until=wall_clock() + REPLY_HOLD))
            except Exception:
                log.warning("could not renew the hold on the replies to update %s", key)

    async def resend_unsaid(self, channels: dict[str, Channel], *, any_holder: bool = False) -> int:
        """Say the replies that turns decided and a process that died did not say (with `any_holder`: every one
        kept, for a process alone on its database at its start). The number of updates whose replies went."""
        said = 0
        while True:
            now = wall_clock()
            taken = await self.services.database.run(
                partial(take_unsaid, now=now, until=now + REPLY_HOLD, any_holder=any_holder))
            for source, key, record in taken:
                channel = channels.get(source)
                if channel is None:   # a channel not run here (its token unset): leave it to one that runs it
                    continue
                # Whether the dead process's edits were made is not known: a message again, never an edit (an edit
                # made already would be refused as "not modified"); a change of buttons alone is left out.
                replies = [dataclasses.replace(reply, edit_message_id=None)
                           for reply in map(Reply.from_record, record.get("replies", [])) if not reply.buttons_only]
                incoming = Incoming(platform=channel.capabilities.platform, user_id="", chat_id=record["chat_id"],
                                    is_private=bool(record.get("private")), kind=InputKind.other, source=source,
                                    update_key=key)
                log.info("saying the %d replies to update %s that a stopped process decided and did not say",
                         len(replies), key)
                await self.show(channel, incoming, Outcome(replies=replies, journalled=True))
                said += 1
            if len(taken) < 100 or any_holder:
                return said

    async def mark_handled(self, source: str, update_key: str) -> None:
        """An update that is nothing for a turn (an edited message, a change of the bot's rights): marked handled,
        so a restart does not offer it again and the inbox's pruning removes it."""
        now = self.services.clock.now()
        await self.services.database.run(lambda session: claim_for_handling(session, source, update_key, now))

    def start_background(self, work: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
        task = asyncio.create_task(work, name=name)
        self._background.add(task)   # held until done: the event loop keeps only weak references
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background work %s failed", task.get_name(), exc_info=task.exception())

    async def aclose(self) -> None:
        """At shutdown: what still runs in the background is stopped."""
        tasks = list(self._background)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

