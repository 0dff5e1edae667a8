"""The zones board's directive to enterprises without a party organisation (plan items 1.1, 1.2, 2.2, III.3):
coordinators record it and when it went out; anyone records, from the enterprise's card, when it was sent to
that enterprise and when its written report and its review of party members came back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from handlers.bodies import body_name
from handlers.button_ids import record_id
from handlers.conversation import Button, Turn
from handlers.forms import ChoiceField, DateField, Form, Option, TextField
from handlers.private_chat import start_form_privately
from handlers.routing import Router, button_args
from models.bodies import PROVINCE, ZONES_BOARD
from models.directives import (
    DirectiveInput,
    ReplyKind,
    directive_figures,
    directives,
    get_directive,
    parse_directive,
    record_directive,
    record_reply,
    send_to_all_without_party_org,
)
from models.errors import InvalidInput, PermissionDenied
from models.people import ChatPurpose, Member, Role
from models.registry import get_enterprise
from texts import common as tc, directives as t

router = Router("directives")


@router.command("vanban", "directives", role=Role.coordinator)
def show_directives(turn: Turn) -> None:
    lines = [t.LIST_TITLE]
    figures = directive_figures(turn.session, turn.today)
    lines += [directive_line(figure) for figure in reversed(figures)] or [t.LIST_NONE]
    rows = [[Button.option(t.ADD, "da")]]
    rows += [[Button.option(t.SEND_ALL.format(number=f.number)[:60], f"dw:{f.id}")]
             for f in reversed(figures) if f.not_sent_without_party_org]
    turn.say("\n".join(lines), rows)


def directive_line(figure: Any) -> str:
    without_party_org = figure.not_sent_without_party_org
    not_sent = t.LIST_NOT_SENT.format(count=without_party_org) if without_party_org else ""
    return t.LIST_LINE.format(number=figure.number, issued=_date(figure.issued_on), issuer=figure.issuer,
                              summary=figure.summary, sent=figure.sent, reports=figure.reports_received,
                              reviews=figure.member_reviews_received, not_sent=not_sent)


def coverage_lines(turn: Turn) -> list[str]:
    """For the wave's coverage: how the directives stand today."""
    return [t.COVERAGE_LINE.format(number=f.number, sent=f.sent, reports=f.reports_received,
                                   reviews=f.member_reviews_received)
            for f in directive_figures(turn.session, turn.today)]


# ---------------------------------------------------------------- recording a directive

def _ask_issuer(turn: Turn, answers: dict[str, Any]) -> str:
    return t.ASK_ISSUER.format(default=_default_issuer(turn, answers))


def _default_issuer(turn: Turn, answers: dict[str, Any]) -> str:
    issued = dt.date.fromisoformat(answers["issued_on"]) if answers.get("issued_on") else turn.today
    return body_name(turn, ZONES_BOARD, on=issued)


def save_directive(turn: Turn, answers: dict[str, Any]) -> None:
    member = _member(turn)
    directive = record_directive(turn.session, parse_directive({
        "number": answers["number"], "issued_on": answers["issued_on"], "summary": answers["summary"],
        "issuer": answers.get("issuer") or _default_issuer(turn, answers)}), by=member)
    turn.say(t.SAVED.format(number=directive.number, issued=_date(directive.issued_on)),
             [[Button.option(t.SEND_ALL.format(number=directive.number)[:60], f"dw:{directive.id}")]])


DIRECTIVE_FORM = router.form(Form(
    name="directive", title=t.FORM_TITLE, schema=DirectiveInput, save=save_directive, min_role=Role.coordinator,
    fields=(TextField("number", t.LABEL_NUMBER, t.ASK_NUMBER, max_length=100),
            DateField("issued_on", t.LABEL_ISSUED, t.ASK_ISSUED, past_only=True),
            TextField("issuer", t.LABEL_ISSUER, "", optional=True, min_length=3, max_length=300,
                      ask=_ask_issuer),
            TextField("summary", t.LABEL_SUMMARY, t.ASK_SUMMARY, min_length=3, max_length=2000))))


@router.button("da", role=Role.coordinator)
def start_directive(turn: Turn) -> None:
    start_form_privately(turn, DIRECTIVE_FORM, {}, moved_notice=tc.CONTINUE_IN_PRIVATE)


class _SentOn(BaseModel):
    sent_on: dt.date


def _ask_sent_on(turn: Turn, answers: dict[str, Any]) -> str:
    return t.ASK_SENT_ON.format(number=get_directive(turn.session, int(answers["_directive_id"])).number)


def save_sent_to_all(turn: Turn, answers: dict[str, Any]) -> None:
    directive = get_directive(turn.session, int(answers["_directive_id"]))
    count = send_to_all_without_party_org(turn.session, directive.id, dt.date.fromisoformat(answers["sent_on"]),
                                          by=_member(turn))
    turn.say(t.SENT_ALL.format(number=directive.number, count=count))


SEND_FORM = router.form(Form(
    name="directive_sent", title=t.SEND_TITLE, schema=_SentOn, save=save_sent_to_all, min_role=Role.coordinator,
    fields=(DateField("sent_on", t.LABEL_SENT_ON, "", past_only=True, ask=_ask_sent_on),)))


@router.button("dw", role=Role.coordinator)
def start_sent_to_all(turn: Turn) -> None:
    (directive_id,) = button_args(turn, record_id)
    get_directive(turn.session, directive_id)
    start_form_privately(turn, SEND_FORM, {"_directive_id": directive_id}, moved_notice=tc.CONTINUE_IN_PRIVATE)


# ---------------------------------------------------------------- an enterprise's answer

class _Reply(BaseModel):
    directive_id: int
    kind: ReplyKind
    on: dt.date


def _directive_options(turn: Turn, _answers: dict[str, Any]) -> list[Option]:
    return [Option(d.id, t.DIRECTIVE_OPTION.format(number=d.number, issued=_date(d.issued_on)))
            for d in directives(turn.session)]


REPLY_KINDS = tuple(Option(kind.value, t.KIND[kind.value]) for kind in ReplyKind)


def save_reply(turn: Turn, answers: dict[str, Any]) -> None:
    member = _member(turn)
    enterprise = get_enterprise(turn.session, int(answers["_enterprise_id"]))
    kind, on = ReplyKind(answers["kind"]), dt.date.fromisoformat(answers["on"])
    reply = record_reply(turn.session, int(answers["directive_id"]), enterprise.id, kind, on, by=member)
    number = reply.directive.number
    turn.say(t.REPLY_SAVED.format(kind=t.KIND[kind.value], enterprise=enterprise.name, number=number,
                                  date=_date(on)))
    turn.push(ChatPurpose.coordinators, f"directive:{reply.directive_id}:{enterprise.id}:{kind.value}:{on}",
              t.COORDINATOR_REPLY.format(who=member.full_name, enterprise=enterprise.name, kind=t.KIND[kind.value],
                                         number=number, date=_date(on)), kind="notice")


REPLY_FORM = router.form(Form(
    name="directive_reply", title=t.REPLY_TITLE, schema=_Reply, save=save_reply,
    fields=(ChoiceField("directive_id", t.LABEL_DIRECTIVE, t.ASK_DIRECTIVE, options=_directive_options,
                        show=lambda turn, value: next(
                            (o.label for o in _directive_options(turn, {}) if o.value == value), str(value))),
            ChoiceField("kind", t.LABEL_KIND, t.ASK_KIND, options=REPLY_KINDS,
                        show=lambda _turn, value: t.KIND.get(value, value)),
            DateField("on", t.LABEL_ON, t.ASK_ON, past_only=True))))


@router.button("dr")
def start_reply(turn: Turn) -> None:
    (enterprise_id,) = button_args(turn, record_id)
    enterprise = get_enterprise(turn.session, enterprise_id)
    known = directives(turn.session)
    if not known:
        raise InvalidInput(t.NONE_YET)
    initial: dict[str, Any] = {"_enterprise_id": enterprise.id}
    if len(known) == 1:
        initial["directive_id"] = known[0].id   # one directive: nothing to choose
    start_form_privately(turn, REPLY_FORM, initial, preface=enterprise.name,
                         moved_notice=tc.CONTINUE_IN_PRIVATE)


def reply_button(enterprise_id: int) -> Button:
    return Button.option(t.REPLY_BUTTON, f"dr:{enterprise_id}")


def _member(turn: Turn) -> Member:
    if turn.member is None:
        raise PermissionDenied(tc.UNREGISTERED.format(province=turn.body(PROVINCE)))
    return turn.member


def _date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""
