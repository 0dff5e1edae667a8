"""Party organisations in enterprises: transfers of party activity, foundings, and the member-count thresholds.

- Transfers (chuyển sinh hoạt đảng) are recorded by name or as a count; the deadlines the rules set, in working
  days, are computed by the model and shown at once, in the coordinators' list and on each transfer.
  A member's name is political data: it is shown to coordinators in their private chat only.
- Foundings (coordinators) update the enterprise's status and counts; the group hears the good news.
- When an enterprise's official members reach the number to found its own party organisation or to elect a
  chi ủy, the coordinators are told once: the outbox key `threshold:<kind>:<enterprise id>` is unique, so
  "once" holds across later visits, restarts and a second process.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from handlers.bodies import founding_decider, transfer_receiver, zones_party_body
from handlers.button_ids import page_number, record_id
from handlers.conversation import Button, Nav, Turn
from handlers.enterprise_field import enterprise_field, enterprise_from_args
from handlers.forms import ENGINE, ChoiceField, DateField, Field, Form, NumberField, Option, TextField
from handlers.private_chat import start_form_privately
from handlers.record_answers import document_number, person_name
from handlers.routing import Router, button_args, page_buttons, paged
from models.bodies import PROVINCE
from models.errors import PermissionDenied
from models.named_messages import subject
from models.organisations import (
    FoundingInput,
    OrgKind,
    PartyOrgKind,
    Transfer,
    TransferInput,
    audit_names_shown,
    erase_transfer_name,
    get_transfer,
    parse_founding,
    parse_transfer,
    pending_transfers,
    record_founding,
    record_letter_issued,
    record_letter_presented,
    record_transfer,
    rule_name,
)
from models.people import ChatPurpose, Member, Role
from models.registry import Enterprise, eligibility, get_enterprise
from texts import common as tc, forms as tf, organisations as t

router = Router("organisations")
PER_PAGE = 8


# ---------------------------------------------------------------- threshold alerts (after visits and foundings)

def alert_thresholds(turn: Turn, enterprise: Enterprise) -> int:
    """Tell the coordinators, once per enterprise and threshold, that its official members reached one."""
    result = eligibility(enterprise, turn.rules, turn.today)
    zone = _zone(enterprise)
    told = 0
    if result.may_found_party_org:
        kind = t.KIND_DANG_BO if result.party_org_kind == "dang_bo" else t.KIND_CHI_BO
        told += turn.push(
            ChatPurpose.coordinators, f"threshold:party_org:{enterprise.id}",
            t.THRESHOLD_PARTY_ORG.format(enterprise=enterprise.name, zone=zone, official=enterprise.official_members,
                                         kind=kind, deciding_body=founding_decider(turn, enterprise),
                                         threshold=turn.rules.value("party_org_min_official_members", turn.today)),
            payload={"buttons": [[Button.option(t.RECORD_FOUNDING, f"fd:{enterprise.id}").as_payload()]]})
    if result.elects_chi_uy:
        told += turn.push(
            ChatPurpose.coordinators, f"threshold:chi_uy:{enterprise.id}",
            t.THRESHOLD_CHI_UY.format(enterprise=enterprise.name, zone=zone, official=enterprise.official_members,
                                      threshold=turn.rules.value("chi_uy_min_official_members", turn.today)))
    return told


# ---------------------------------------------------------------- transfers of party activity

BY_NAME, BY_COUNT = "name", "count"
TO_ZONES, TO_OWN, TO_OTHER = "zones", "own", "other"


def _destinations(turn: Turn, answers: dict[str, Any]) -> list[Option]:
    """Where the members go: the receiving body the bodies file names (sinh hoạt ghép), their enterprise's own
    organisation, or elsewhere."""
    return [Option(TO_ZONES, t.DESTINATION_ZONES.format(body=transfer_receiver(turn))),
            Option(TO_OWN, t.DESTINATION_OWN), Option(TO_OTHER, t.DESTINATION_OTHER)]


def _destination_shown(turn: Turn, value: Any) -> str:
    """The summary shows the destination's label, not its code (the options are worked out per turn)."""
    return next((o.label for o in _destinations(turn, {}) if o.value == value), str(value))


MODES = (Option(BY_NAME, t.MODE_NAME), Option(BY_COUNT, t.MODE_COUNT))
OFFICIAL, TEMPORARY = "official", "temporary"
TRANSFER_KINDS = (Option(OFFICIAL, t.KIND_OFFICIAL), Option(TEMPORARY, t.KIND_TEMPORARY))


def _temporary(answers: dict[str, Any]) -> bool:
    return answers.get("transfer_kind") == TEMPORARY

TRANSFER_FIELDS = (
    enterprise_field(t.LABEL_ENTERPRISE, t.ASK_TRANSFER_ENTERPRISE),
    ChoiceField("mode", t.LABEL_MODE, t.ASK_MODE, options=MODES),
    TextField("member_name", t.LABEL_MEMBER_NAME, t.ASK_MEMBER_NAME, min_length=3, max_length=200,
              parse=person_name, when=lambda answers: answers.get("mode") == BY_NAME),
    NumberField("member_count", t.LABEL_MEMBER_COUNT, t.ASK_MEMBER_COUNT,
                when=lambda answers: answers.get("mode") == BY_COUNT),
    TextField("from_org", t.LABEL_FROM_ORG, t.ASK_FROM_ORG, min_length=2, max_length=300),
    ChoiceField("destination", t.LABEL_DESTINATION, t.ASK_DESTINATION, options=_destinations,
                show=_destination_shown),
    TextField("to_org", t.LABEL_TO_ORG, t.ASK_TO_ORG, min_length=2, max_length=300,
              when=lambda answers: answers.get("destination") != TO_ZONES),
    DateField("moved_on", t.LABEL_MOVED_ON, t.ASK_MOVED_ON, past_only=True),
    DateField("letter_issued_on", t.LABEL_LETTER_ISSUED, t.ASK_LETTER_ISSUED, optional=True, past_only=True),
    DateField("letter_presented_on", t.LABEL_LETTER_PRESENTED, t.ASK_LETTER_PRESENTED, optional=True,
              past_only=True, when=lambda answers: bool(answers.get("letter_issued_on"))),
    # Most transfers are official: a temporary one (chuyển sinh hoạt tạm thời) is opened from the summary.
    ChoiceField("transfer_kind", t.LABEL_TRANSFER_KIND, t.ASK_TRANSFER_KIND, options=TRANSFER_KINDS, detail=True),
    DateField("temporary_until", t.LABEL_TEMPORARY_UNTIL, t.ASK_TEMPORARY_UNTIL, detail=True, when=_temporary),
)


def save_transfer(turn: Turn, answers: dict[str, Any]) -> None:
    member = _member(turn)
    named = answers.get("mode") == BY_NAME
    data = parse_transfer({
        "enterprise_id": answers["enterprise_id"],
        "member_name": answers.get("member_name") if named else None,
        "member_count": 1 if named else answers.get("member_count"),
        "from_org": answers["from_org"],
        "to_org": transfer_receiver(turn) if answers.get("destination") == TO_ZONES else answers["to_org"],
        "to_zones_party_body": answers.get("destination") == TO_ZONES, "moved_on": answers["moved_on"],
        "letter_issued_on": answers.get("letter_issued_on"), "letter_presented_on": answers.get("letter_presented_on"),
        "temporary": _temporary(answers),
        "temporary_until": answers.get("temporary_until") if _temporary(answers) else None,
    })
    transfer = record_transfer(turn.session, data, by=member, rules=turn.rules)
    deadlines = _deadlines(turn, transfer)
    names = _names(transfer)
    where = transfer.enterprise.name + _kind_mark(transfer)
    turn.say("\n".join([t.TRANSFER_SAVED.format(id=transfer.id, enterprise=where, who=_who(transfer, named=True)),
                         deadlines]), names=names)
    turn.pressed_message_named(*names)   # the summary «Lưu» was pressed on shows the name typed
    turn.typed_messages_named(*names)    # and the name as typed
    turn.push(ChatPurpose.coordinators, f"transfer:{transfer.id}:new",
              t.COORDINATOR_TRANSFER.format(id=transfer.id, enterprise=where,
                                            who=_who(transfer, named=False), from_org=transfer.from_org,
                                            to_org=transfer.to_org, deadlines=deadlines), kind="notice")


TRANSFER_FORM = router.form(Form(name="transfer", title=t.TRANSFER_TITLE, schema=TransferInput,
                                   fields=TRANSFER_FIELDS, save=save_transfer, intro=t.TRANSFER_INTRO,
                                   details_label=t.TEMPORARY_DETAILS))


@router.command("chuyensh", "transfer", private_only=True)
def start_transfer(turn: Turn) -> None:
    ENGINE.start(turn, TRANSFER_FORM)


def _deadlines(turn: Turn, transfer: Transfer) -> str:
    """Each deadline with the rule behind it, and how late it is today."""
    rules, lines = turn.rules, []
    if transfer.completed_on is not None:
        return t.DEADLINE_DONE.format(date=_date(transfer.completed_on))
    if transfer.temporary_until is not None:
        lines.append(_temporary_line(transfer))
    lines.append(t.DEADLINE_BEGIN.format(
        date=_date(transfer.begin_by), days=rules.value(rule_name(transfer.temporary, "begin"), transfer.moved_on),
        start=_date(transfer.moved_on), late=_late(turn, transfer.begin_by, transfer.letter_issued_on is None)))
    if transfer.letter_issued_on and transfer.letter_due_on:
        lines.append(t.DEADLINE_LETTER.format(
            date=_date(transfer.letter_due_on),
            days=rules.value(rule_name(transfer.temporary, "letter"), transfer.letter_issued_on),
            start=_date(transfer.letter_issued_on), late=_late(turn, transfer.letter_due_on, True)))
    return "\n".join(lines)


def _temporary_line(transfer: Transfer) -> str:
    return t.TEMPORARY_PERIOD.format(start=_date(transfer.temporary_from or transfer.moved_on),
                                     until=_date(transfer.temporary_until))


def _kind_mark(transfer: Transfer) -> str:
    """«tạm thời đến dd/mm/yyyy» after a temporary transfer's enterprise; nothing for an official one."""
    return t.TEMPORARY_MARK.format(until=_date(transfer.temporary_until)) if transfer.temporary_until else ""


def _late(turn: Turn, due: dt.date, still_open: bool) -> str:
    days = (turn.today - due).days
    return t.LATE.format(days=days) if still_open and days > 0 else ""


def _names(transfer: Transfer) -> tuple[str, ...]:
    """What a message showing this transfer's member by name names (`Reply.names`)."""
    return (subject("transfer", transfer.id),) if transfer.member_name else ()


def _who(transfer: Transfer, *, named: bool) -> str:
    if transfer.member_name and named:
        return transfer.member_name
    if transfer.member_name:
        return t.TRANSFER_WHO_NAMED
    return t.TRANSFER_WHO_COUNT.format(count=transfer.member_count)


@router.command("dschuyensh", "transfers", role=Role.coordinator)
def transfers(turn: Turn) -> None:
    _show_transfers(turn, 0, edit=False)


@router.button("tp", role=Role.coordinator)
def transfers_page(turn: Turn) -> None:
    (page,) = button_args(turn, page_number)
    _show_transfers(turn, page, edit=True)


def _show_transfers(turn: Turn, page: int, *, edit: bool) -> None:
    pending = pending_transfers(turn.session)   # the nearest deadline first
    if not pending:
        (turn.edit if edit else turn.say)(t.TRANSFERS_NONE)
        return
    named = turn.incoming.is_private   # names in the coordinator's private chat only
    lines = []
    for index, transfer in enumerate(pending, 1):
        if transfer.letter_issued_on and transfer.letter_due_on:
            step = t.TRANSFER_NEXT_LETTER.format(date=_date(transfer.letter_due_on),
                                                 late=_late(turn, transfer.letter_due_on, True))
        else:
            step = t.TRANSFER_NEXT_BEGIN.format(date=_date(transfer.begin_by),
                                                late=_late(turn, transfer.begin_by, True))
        lines.append(t.TRANSFER_LINE.format(index=index, id=transfer.id,
                                            enterprise=transfer.enterprise.name + _kind_mark(transfer),
                                            who=_who(transfer, named=named), next=step))
    lines, page, pages = paged(lines, page, PER_PAGE)
    shown = pending[page * PER_PAGE:(page + 1) * PER_PAGE]
    if named and turn.member is not None:
        audit_names_shown(turn.session, shown, by=turn.member)
    rows = [[Button.option(f"#{x.id} {x.enterprise.name}"[:60], f"tc:{x.id}")] for x in shown]
    rows += page_buttons("tp", page, pages)
    names = tuple(name for x in shown for name in _names(x)) if named else ()
    (turn.edit if edit else turn.say)("\n".join([t.TRANSFERS_TITLE.format(count=len(pending)), *lines]), rows,
                                      names=names)


@router.button("tc", role=Role.coordinator)
def transfer_card(turn: Turn) -> None:
    (transfer_id,) = button_args(turn, record_id)
    _show_transfer(turn, get_transfer(turn.session, transfer_id))


def _show_transfer(turn: Turn, transfer: Transfer) -> None:
    """The card, in place of the pressed message; the name only in the coordinator's private chat (audited)."""
    private = turn.incoming.is_private
    if private and turn.member is not None:
        audit_names_shown(turn.session, [transfer], by=turn.member)
    who = _who(transfer, named=private)
    if transfer.name_erased_at is not None:
        who = t.NAME_ERASED_WHO.format(date=transfer.name_erased_at.astimezone(turn.services.clock.tz)
                                       .strftime("%d/%m/%Y"))
    text = t.TRANSFER_CARD.format(id=transfer.id, enterprise=transfer.enterprise.name + _kind_mark(transfer), who=who,
                                  from_org=transfer.from_org, to_org=transfer.to_org, moved=_date(transfer.moved_on),
                                  deadlines=_deadlines(turn, transfer))
    rows = []
    if transfer.completed_on is None:
        rows.append([Button.option(t.LETTER_PRESENTED if transfer.letter_issued_on else t.LETTER_ISSUED,
                            f"tx:{transfer.id}:{'p' if transfer.letter_issued_on else 'i'}")])
    if private and transfer.member_name:
        rows.append([Button.option(t.ERASE_NAME, f"tn:{transfer.id}")])
    rows.append([Button.navigation(t.BACK_TO_TRANSFERS, "tp:0", Nav.to_list)])
    turn.edit(text, rows, names=_names(transfer) if private else ())


def _transfer_with_name(turn: Turn) -> Transfer | None:
    """The pressed transfer, in a private chat, if it still has a name; otherwise says it was already erased."""
    (transfer_id,) = button_args(turn, record_id)
    _require_private(turn)
    transfer = get_transfer(turn.session, transfer_id)
    if transfer.member_name is None:
        turn.edit(t.NAME_ALREADY_ERASED.format(id=transfer.id),
                  [[Button.navigation(t.BACK_TO_TRANSFERS, "tp:0", Nav.to_list)]])
        return None
    return transfer


@router.button("tn", role=Role.coordinator)
def ask_erase_name(turn: Turn) -> None:
    transfer = _transfer_with_name(turn)
    if transfer is None:
        return
    turn.edit(t.ERASE_NAME_CONFIRM.format(id=transfer.id), [[Button.option(t.ERASE_NAME_YES, f"tm:{transfer.id}"),
                                                            Button.option(t.ERASE_NAME_NO, f"tc:{transfer.id}")]])


@router.button("tm", role=Role.coordinator)
def erase_name(turn: Turn) -> None:
    transfer = _transfer_with_name(turn)
    if transfer is None:
        return
    turn.pressed_message_unnamed()   # the card becomes «erased» and stays; every other that named them goes
    erase_transfer_name(turn.session, transfer.id, by=_member(turn), now=turn.now)
    turn.edit(t.NAME_ERASED.format(id=transfer.id), [[Button.navigation(t.BACK_TO_TRANSFERS, "tp:0", Nav.to_list)]])


def save_letter_issued(turn: Turn, answers: dict[str, Any]) -> None:
    transfer = record_letter_issued(turn.session, int(answers["_transfer_id"]),
                                    dt.date.fromisoformat(answers["letter_issued_on"]), by=_member(turn),
                                    rules=turn.rules)
    turn.say("\n".join([t.TRANSFER_UPDATED.format(id=transfer.id), _deadlines(turn, transfer)]))


def save_letter_presented(turn: Turn, answers: dict[str, Any]) -> None:
    transfer = record_letter_presented(turn.session, int(answers["_transfer_id"]),
                                       dt.date.fromisoformat(answers["letter_presented_on"]), by=_member(turn))
    lines = [t.TRANSFER_UPDATED.format(id=transfer.id), _deadlines(turn, transfer)]
    if transfer.member_name:   # done: the name is no longer needed
        turn.say("\n".join([*lines, t.COMPLETED_NAME_HINT]), [[Button.option(t.ERASE_NAME, f"tn:{transfer.id}")]])
        return
    turn.say("\n".join(lines))


LETTER_FORMS = {
    "i": router.form(Form(
        name="transfer_letter_issued", title=t.STEP_TITLE_ISSUED, schema=TransferInput, save=save_letter_issued,
        fields=(DateField("letter_issued_on", t.LABEL_STEP_DATE, t.ASK_STEP_DATE_ISSUED, past_only=True),),
        min_role=Role.coordinator)),
    "p": router.form(Form(
        name="transfer_letter_presented", title=t.STEP_TITLE_PRESENTED, schema=TransferInput,
        save=save_letter_presented, min_role=Role.coordinator,
        fields=(DateField("letter_presented_on", t.LABEL_STEP_DATE, t.ASK_STEP_DATE_PRESENTED,
                          past_only=True),))),
}


@router.button("tx", role=Role.coordinator)
def transfer_step(turn: Turn) -> None:
    transfer_id, step = button_args(turn, record_id, str)
    transfer = get_transfer(turn.session, transfer_id)
    expected = None if transfer.completed_on else ("p" if transfer.letter_issued_on else "i")
    if step != expected:
        raise PermissionDenied(tc.STALE_ACTION)
    about = t.TRANSFER_ABOUT.format(id=transfer.id, enterprise=transfer.enterprise.name,
                                    who=_who(transfer, named=False))
    start_form_privately(turn, LETTER_FORMS[step], {"_transfer_id": transfer.id}, preface=about)


# ---------------------------------------------------------------- foundings

KINDS = tuple(Option(kind.value, t.ORG[kind.value]) for kind in OrgKind)
PARTY_ORG_KINDS = tuple(Option(kind.value, t.PARTY_ORG_KIND[kind.value]) for kind in PartyOrgKind)
NOT_TIED = "_not_tied"   # a chi bộ under a đảng ủy cơ sở, not tied to one enterprise (item 1.4)


def _party_org(answers: dict[str, Any]) -> bool:
    return bool(answers.get(NOT_TIED)) or answers.get("kind") == OrgKind.party_org.value


def _under_a_dang_uy(answers: dict[str, Any]) -> bool:
    return bool(answers.get(NOT_TIED)) or answers.get("party_org_kind") == PartyOrgKind.chi_bo_truc_thuoc.value


def _ask_parent(turn: Turn, _answers: dict[str, Any]) -> str:
    return t.ASK_PARENT.format(example=zones_party_body(turn))


def _ask_deciding_body(turn: Turn, answers: dict[str, Any]) -> str:
    return t.ASK_DECIDING_BODY.format(default=_default_decider(turn, answers))


def _default_decider(turn: Turn, answers: dict[str, Any]) -> str:
    """A chi bộ trực thuộc is decided by its đảng ủy cơ sở; a grassroots organisation by the body the bodies file
    names for the enterprise (its zone's or its own where they differ) on the decision's date."""
    if _under_a_dang_uy(answers) and answers.get("parent"):
        return str(answers["parent"])
    enterprise = get_enterprise(turn.session, answers["enterprise_id"]) if answers.get("enterprise_id") else None
    decided = dt.date.fromisoformat(answers["decided_on"]) if answers.get("decided_on") else turn.today
    return founding_decider(turn, enterprise, decided)


def _decision_fields() -> tuple[Field, ...]:
    return (
        TextField("decision_number", t.LABEL_DECISION, t.ASK_FOUNDING_DECISION, max_length=100,
                  parse=document_number),
        DateField("decided_on", t.LABEL_DECISION_DATE, t.ASK_FOUNDING_DATE, past_only=True),
        NumberField("members_at_founding", t.LABEL_MEMBERS, t.ASK_FOUNDING_MEMBERS, optional=True),
        TextField("deciding_body", t.LABEL_DECIDING_BODY, "", optional=True, min_length=3, max_length=300,
                  detail=True, ask=_ask_deciding_body, when=_party_org),
        TextField("note", t.LABEL_NOTE, t.ASK_FOUNDING_NOTE, optional=True, max_length=2000, detail=True),
    )


FOUNDING_FIELDS = (
    enterprise_field(t.LABEL_ENTERPRISE, t.ASK_FOUNDING_ENTERPRISE),
    ChoiceField("kind", t.LABEL_KIND, t.ASK_KIND, options=KINDS),
    ChoiceField("party_org_kind", t.LABEL_PARTY_ORG_KIND, t.ASK_PARTY_ORG_KIND, options=PARTY_ORG_KINDS,
                when=_party_org, show=lambda _turn, value: t.PARTY_ORG_KIND.get(value, value)),
    TextField("parent", t.LABEL_PARENT, "", min_length=3, max_length=300, ask=_ask_parent,
              when=_under_a_dang_uy),
    *_decision_fields(),
)
NOT_TIED_FIELDS = (
    TextField("org_name", t.LABEL_ORG_NAME, t.ASK_ORG_NAME, min_length=3, max_length=300),
    TextField("parent", t.LABEL_PARENT, "", min_length=3, max_length=300, ask=_ask_parent),
    *_decision_fields(),
)


def save_founding(turn: Turn, answers: dict[str, Any]) -> None:
    member = _member(turn)
    values = {key: answers.get(key) for key in ("decision_number", "decided_on", "members_at_founding", "note",
                                                "org_name", "parent", "enterprise_id", "kind", "party_org_kind")}
    if answers.get(NOT_TIED):
        values.update(enterprise_id=None, kind=OrgKind.party_org.value,
                      party_org_kind=PartyOrgKind.chi_bo_truc_thuoc.value)
    else:
        values["org_name"] = None
    if not _under_a_dang_uy(answers):
        values["parent"] = None
    values["deciding_body"] = (answers.get("deciding_body") or _default_decider(turn, answers)) \
        if _party_org(answers) else None
    founding = record_founding(turn.session, parse_founding(values), by=member, rules=turn.rules)
    enterprise = founding.enterprise
    date = _date(founding.decided_on)
    org = (t.PARTY[founding.party_org_kind.value] if founding.party_org_kind is not None
           else t.ORG_IN_SENTENCE[founding.kind.value])
    what = (t.FOUNDING_AT.format(org=org, enterprise=enterprise.name) if enterprise
            else t.FOUNDING_NOT_TIED.format(name=founding.org_name, parent=founding.parent))
    lines = [t.FOUNDING_SAVED.format(what=what, number=founding.decision_number, date=date)]
    if enterprise is not None:
        lines.append(_enterprise_now(enterprise))
    turn.say("\n".join(lines))
    turn.push(ChatPurpose.group, f"founding:{founding.id}:group",
              t.GROUP_FOUNDED.format(what=what, number=founding.decision_number, date=date),
              kind="notice")
    turn.push(ChatPurpose.coordinators, f"founding:{founding.id}:coordinators",
              t.COORDINATOR_FOUNDED.format(who=member.full_name, what=what,
                                           number=founding.decision_number, date=date), kind="notice")
    if enterprise is not None:
        alert_thresholds(turn, enterprise)


FOUNDING_FORM = router.form(Form(name="founding", title=t.FOUNDING_TITLE, schema=FoundingInput,
                                   fields=FOUNDING_FIELDS, save=save_founding, min_role=Role.coordinator))
NOT_TIED_FORM = router.form(Form(name="founding_not_tied", title=t.FOUNDING_NOT_TIED_TITLE, schema=FoundingInput,
                                   fields=NOT_TIED_FIELDS, save=save_founding, min_role=Role.coordinator,
                                   intro=t.FOUNDING_NOT_TIED_INTRO))


@router.command("thanhlap", "founding", role=Role.coordinator, private_only=True)
def start_founding(turn: Turn) -> None:
    ENGINE.start(turn, FOUNDING_FORM, enterprise_from_args(turn))


@router.command("thanhlapchibo", "foundingchibo", role=Role.coordinator, private_only=True)
def start_founding_not_tied(turn: Turn) -> None:
    ENGINE.start(turn, NOT_TIED_FORM, {NOT_TIED: True})


@router.button("fd", role=Role.coordinator)
def founding_from_alert(turn: Turn) -> None:
    """«Ghi quyết định thành lập» under a threshold alert: the enterprise, the kind and (what its counts make it)
    the kind of party organisation are known; the summary shows them, «Sửa» changes them."""
    (enterprise_id,) = button_args(turn, record_id)
    enterprise = get_enterprise(turn.session, enterprise_id)
    kind = eligibility(enterprise, turn.rules, turn.today).party_org_kind or PartyOrgKind.chi_bo.value
    start_form_privately(turn, FOUNDING_FORM, {"enterprise_id": enterprise.id, "kind": OrgKind.party_org.value,
                                                    "party_org_kind": kind})


def _enterprise_now(enterprise: Enterprise) -> str:
    organisations = [t.ORG_IN_SENTENCE[kind] for kind in ("trade_union", "youth_union", "veterans")
                     if getattr(enterprise, f"has_{kind}")]
    party = t.PARTY[enterprise.party_org_status.value]
    if enterprise.party_org_parent:
        party = t.PARTY_UNDER.format(party=party, parent=enterprise.party_org_parent)
    return t.ENTERPRISE_NOW.format(party=party,
                                   official=enterprise.official_members,
                                   probationary=enterprise.probationary_members,
                                   organisations=", ".join(organisations) or t.NO_ORGANISATIONS)


# ---------------------------------------------------------------- small helpers

def _require_private(turn: Turn) -> None:
    """A moving member's name is handled in a private chat only (a forged button in a group gets nothing)."""
    if not turn.incoming.is_private:
        raise PermissionDenied(tf.PRIVATE_ONLY)


def _member(turn: Turn) -> Member:
    if turn.member is None:
        raise PermissionDenied(tc.UNREGISTERED.format(province=turn.body(PROVINCE)))
    return turn.member


def _zone(enterprise: Enterprise) -> str:
    return f" (KCN {enterprise.zone.name.removeprefix('KCN ')})" if enterprise.zone else ""


def _date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""
