"""The enterprise question most forms start with: type part of a name or the tax code, pick a match."""

from __future__ import annotations

from typing import Any

from handlers.button_ids import record_id
from handlers.conversation import Turn
from handlers.forms import Option, SearchField
from models import registry
from models.errors import NotFound
from models.registry import get_enterprise
from texts import record_answers as t

MATCHES_SHOWN = 6


def search_enterprises(turn: Turn, text: str) -> list[Option]:
    hits = turn.services.search_index.search(turn.session, text, limit=MATCHES_SHOWN)
    return [Option(h.enterprise_id, h.name + (f" — {h.zone}" if h.zone else "")) for h in hits]


def enterprise_name(turn: Turn, enterprise_id: Any) -> str:
    return registry.enterprise_name(turn.session, int(enterprise_id))


def enterprise_field(label: str, question: str) -> SearchField:
    """Field `enterprise_id`, filled by a search; a form started from an enterprise's button has it already."""
    return SearchField("enterprise_id", label, question, search=search_enterprises, show=enterprise_name)


def enterprise_from_args(turn: Turn) -> dict[str, Any]:
    """`/command <enterprise id>` (from an enterprise card) pre-fills the form; other arguments are ignored."""
    argument = turn.incoming.args.strip()
    if not argument.isdigit():
        return {}
    try:
        enterprise_id = record_id(argument)
    except ValueError:
        raise NotFound(t.ENTERPRISE_NOT_FOUND) from None
    return {"enterprise_id": get_enterprise(turn.session, enterprise_id).id}
