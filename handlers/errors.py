"""One way to report an unexpected failure: an error id for the person, where it failed for the coordinators.

The coordinators' chat is a group: it gets the error id and the frames (file:line in function), never the
exception's text or values, which may carry a nominee's personal data or SQL parameters. The full trace stays
in the server's log under the same id.
"""

from __future__ import annotations

import logging
import traceback
import uuid

from sqlalchemy.orm import Session

from handlers.conversation import Services
from models.conversation import claim_for_handling
from models.deliveries import enqueue_delivery
from models.people import ChatPurpose, active_admins, bound_chat, push_chat_of
from texts import common as t

log = logging.getLogger(__name__)
FRAMES_SHOWN = 8


def new_error_id() -> str:
    return uuid.uuid4().hex[:8].upper()


def where_it_failed(error: BaseException) -> str:
    """The last frames as file:line in function, and the exception's type: nothing of its message."""
    frames = traceback.extract_tb(error.__traceback__)[-FRAMES_SHOWN:]
    lines = [f"{frame.filename.rsplit('/', 2)[-1]}:{frame.lineno} in {frame.name}" for frame in frames]
    return "\n".join([t.TRACE_HEADER, *lines, type(error).__name__])


async def report_error(services: Services, error: BaseException, *, who: str, what: str = "",
                       source: str = "", update_key: str | None = None) -> str:
    """Log `error` and queue its report to the coordinators' chat; returns the id to give the person.

    With `update_key`, the update that failed is marked handled in the same transaction, so a restart does not
    fail on it again."""
    error_id = new_error_id()
    log.error("error %s%s", error_id, f" ({what})" if what else "", exc_info=error)
    trace = where_it_failed(error)
    if what:
        trace = f"{what}\n{trace}"
    now = services.clock.now()

    def record(session: Session) -> bool:
        if update_key is not None:
            claim_for_handling(session, source, update_key, now)
        coordinators = bound_chat(session, ChatPurpose.coordinators)
        text = t.ERROR_REPORT.format(error_id=error_id, who=who, trace=trace[-3000:])
        if coordinators is not None:
            return enqueue_delivery(session, key=f"error:{error_id}", kind="error", chat_id=coordinators,
                                    text=text, due_at=now)
        told = False   # no coordinators' chat bound yet: each admin privately, so that it is not lost
        for admin in active_admins(session):
            private = push_chat_of(admin)
            if private is not None:
                told |= enqueue_delivery(session, key=f"error:{error_id}:admin:{admin.id}", kind="error",
                                         chat_id=private, text=text, due_at=now, member_id=admin.id)
        return told

    try:
        if await services.database.run(record) and services.outbox is not None:
            services.outbox.kick()
    except Exception:  # the database itself may be what failed: the log has it
        log.exception("could not record error %s", error_id)
    return error_id
