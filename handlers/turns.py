"""The neutral turn: every channel hands each update, as an `Incoming`, to one runner.

For one update the runner claims it in the inbox, recognises the person, routes it (`dispatch`) and acts, all
in one unit of work; a refusal (`DomainError`) undoes everything the action wrote and the update is claimed
again with only the refusal said; an unexpected failure is reported (`handlers.errors`) and apologised for.
The channel then shows the `Outcome` with what its platform can do.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from typing import Any

from sqlalchemy.orm import Session

from handlers.conversation import Channel, Incoming, InputKind, Outcome, Reply, Services, Turn
from handlers.errors import report_error
from handlers.routing import Action, run_button, run_command
from models.base import use_time
from models.conversation import claim_for_handling
from models.errors import DomainError
from models.people import Identity, Role, identity_of, note_account_used, register_bootstrap_admin
from texts import common as t

log = logging.getLogger(__name__)


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

    async def handle(self, channel: Channel, incoming: Incoming, action: Action | None = None) -> Outcome:
        """Run the turn, let the channel show its outcome, then start what goes on afterwards."""
        outcome = await self.run(channel, incoming, action)
        await channel.respond(incoming, outcome)
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
                # again as only a refusal. Rare, so the common path goes without a savepoint.
                kept_edits = [r for r in turn.replies if r.edit_message_id is not None]
                session.rollback()   # the claim's lock goes too: another worker may have handled it meanwhile
                if not claimed(session):
                    return None
                turn = begin(session)
                turn.replies = kept_edits
                turn.toast(error.message)
                if not (turn.notice and not incoming.is_private):
                    # A refused press in a group is the presser's business: on the button only, where it shows.
                    turn.say(f"⚠️ {error.message}")
            return turn

        try:
            turn = await services.database.run(work)
        except Exception as error:
            error_id = await report_error(services, error, who=incoming.user_id, source=incoming.source,
                                          update_key=incoming.update_key)
            return Outcome(replies=[Reply(incoming.chat_id, t.ERROR_APOLOGY.format(error_id=error_id))])
        if turn is None:
            return Outcome(handled_before=True)
        if turn.pushed and services.outbox is not None:
            services.outbox.kick()
        return Outcome(replies=turn.replies, notice=turn.notice, menus_to_refresh=turn.menus_to_refresh,
                       later=turn.later)

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

