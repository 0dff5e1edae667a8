"""Which features the bot has, in one list: their routers, in the order the menu and /trogiup list their commands.

A command name or a button prefix claimed twice stops start-up (`handlers.routing.install`). What none of them
claims goes to common's fallbacks: a form's answer, a search, "not understood".
"""

from __future__ import annotations

from handlers import (
    common,
    difficulties,
    directives,
    members,
    nominees,
    organisations,
    plan,
    queries,
    reports,
    targets,
    visits,
)
from handlers.routing import Router, Routes, install

ROUTERS: tuple[Router, ...] = (
    members.router, visits.router, queries.router, plan.router, difficulties.router, nominees.router,
    organisations.router, directives.router, targets.router, reports.router, common.router,
)


def build_routes(extra: tuple[Router, ...] = ()) -> Routes:
    """The installed routes; `extra` routers (a test's) come before the common fallbacks' router."""
    return install((*ROUTERS[:-1], *extra, ROUTERS[-1]), on_input=common.on_input,
                   on_unknown_command=common.on_unknown_command)
