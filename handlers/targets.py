"""Yearly targets (chỉ tiêu): coordinators set them, everyone sees the progress computed from the records."""

from __future__ import annotations

import dataclasses
from typing import Any

from handlers.conversation import Button, Nav, Turn
from handlers.enterprise_field import enterprise_field
from handlers.forms import ENGINE, ChoiceField, CountsField, DateField, Form, NumberField, Option, TextField
from handlers.private_chat import start_form_privately
from handlers.routing import Router, button_args
from models.bodies import PROVINCE
from models.errors import InvalidInput, PermissionDenied
from models.organisations import OrgKind
from models.people import ChatPurpose, Member, Role
from models.targets import (
    OutsideAdmissionInput,
    TargetKind,
    TargetsInput,
    foundings_by_kind,
    outside_admissions,
    parse_outside_admission,
    parse_targets,
    progress,
    record_outside_admission,
    set_targets,
    share_of_year_elapsed,
    targets_of,
)
from texts import common as tc, targets as t

router = Router("targets")
FIRST_YEAR, LAST_YEAR = 2000, 2100
BEHIND_MARGIN = 0.1   # "behind" when the share achieved trails the share of the year elapsed by more than this


@router.command("chitieu", "targets")
def show_targets(turn: Turn) -> None:
    argument = turn.incoming.args.strip()
    year = turn.today.year
    if argument:
        year = _year(argument)
    _show(turn, year, edit=False)


@router.button("ty")
def show_other_year(turn: Turn) -> None:
    (year,) = button_args(turn, _button_year)
    _show(turn, year, edit=True)


def _year(text: str) -> int:
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise InvalidInput(t.BAD_YEAR)
    return int(text)


def _button_year(text: str) -> int:
    """A year in a button's data; anything else is a forged or old button (ValueError → «đã cũ»)."""
    year = int(text)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(text)
    return year


def _show(turn: Turn, year: int, *, edit: bool) -> None:
    elapsed = share_of_year_elapsed(year, turn.today)
    lines = [t.TITLE.format(year=year) + (t.ELAPSED.format(percent=round(100 * elapsed)) if elapsed else "")]
    rows = progress(turn.session, year)
    for row in rows:
        label = t.KIND[row.kind.value]
        if row.target is None:
            lines.append(t.LINE_NO_TARGET.format(label=label, achieved=row.achieved))
        else:
            line = t.LINE.format(label=label, achieved=row.achieved, target=row.target, percent=row.percent or 0)
            if row.achieved >= row.target:
                line += t.DONE
            elif elapsed is not None and row.achieved / max(row.target, 1) < elapsed - BEHIND_MARGIN:
                line += t.BEHIND
            lines.append(line)
        if row.kind is TargetKind.mass_orgs_founded and row.achieved:
            details = ", ".join(f"{count} {t.ORG_SHORT[kind.value]}"
                                for kind, count in foundings_by_kind(turn.session, year).items()
                                if kind is not OrgKind.party_org)
            lines.append(t.FOUNDED_DETAIL.format(details=details))
        if row.kind is TargetKind.new_members and (outside := outside_admissions(turn.session, year)):
            lines.append(t.OUTSIDE_DETAIL.format(count=outside))
    if all(row.target is None for row in rows):
        lines += ["", t.NONE_SET.format(year=year), t.HOW_TO_SET]
    buttons = [[Button.navigation(f"◀️ {t.OTHER_YEAR.format(year=year - 1)}", f"ty:{year - 1}", Nav.previous_page),
                Button.navigation(f"{t.OTHER_YEAR.format(year=year + 1)} ▶️", f"ty:{year + 1}", Nav.next_page)]]
    if turn.member is not None and turn.member.has_role(Role.coordinator):
        buttons.append([Button.option(t.SET_BUTTON.format(year=year), f"tg:{year}")])
        buttons.append([Button.option(t.OUTSIDE_BUTTON, "to")])
    (turn.edit if edit else turn.say)("\n".join(lines), buttons)


# ---------------------------------------------------------------- setting them

def _years(turn: Turn, _answers: dict[str, Any]) -> list[Option]:
    return [Option(year, str(year)) for year in (turn.today.year - 1, turn.today.year, turn.today.year + 1)]


TARGET_FIELDS = (
    ChoiceField("year", t.LABEL_YEAR, t.ASK_YEAR, options=_years),
    CountsField("values", t.LABEL_VALUES, t.ASK_VALUES, count_labels=t.VALUE_LABELS,
                schema_fields=tuple(kind.value for kind in TargetKind)),
)


def save_targets(turn: Turn, answers: dict[str, Any]) -> None:
    member = _member(turn)
    data = parse_targets({"year": answers["year"],
                          **dict(zip((kind.value for kind in TargetKind), answers["values"], strict=True))})
    set_targets(turn.session, data, by=member, now=turn.now)
    values = _values(turn, data.year)
    turn.say(t.SAVED.format(year=data.year))
    _show(turn, data.year, edit=False)
    turn.push(ChatPurpose.coordinators, f"targets:{data.year}:{turn.now.isoformat()}",
              t.COORDINATOR_SET.format(who=member.full_name, year=data.year, values=values), kind="notice")


TARGETS_FORM = router.form(Form(name="targets", title=t.FORM_TITLE, schema=TargetsInput, fields=TARGET_FIELDS,
                                  save=save_targets, min_role=Role.coordinator))


@router.command("datchitieu", "settargets", role=Role.coordinator, private_only=True)
def start_setting(turn: Turn) -> None:
    ENGINE.start(turn, TARGETS_FORM)


@router.button("tg", role=Role.coordinator)
def start_setting_year(turn: Turn) -> None:
    (year,) = button_args(turn, _button_year)
    current = _values(turn, year)
    preface = t.CURRENT.format(year=year, values=current) if current else None
    start_form_privately(turn, TARGETS_FORM, {"year": year}, preface=preface,
                         moved_notice=t.CONTINUE_PRIVATELY)


def _values(turn: Turn, year: int) -> str:
    current = targets_of(turn.session, year)
    return ", ".join(f"{t.KIND[kind.value].lower()} {current[kind]}" for kind in TargetKind if kind in current)


def _member(turn: Turn) -> Member:
    if turn.member is None:
        raise PermissionDenied(tc.UNREGISTERED.format(province=turn.body(PROVINCE)))
    return turn.member


# ---------------------------------------------------------------- admissions made outside the bot

def save_outside(turn: Turn, answers: dict[str, Any]) -> None:
    member = _member(turn)
    admission = record_outside_admission(turn.session, parse_outside_admission({
        key: answers.get(key) for key in ("enterprise_id", "admitted_on", "count", "note")}), by=member,
        today=turn.today)
    where = t.OUTSIDE_WHERE.format(enterprise=admission.enterprise.name) if admission.enterprise else ""
    date = admission.admitted_on.strftime("%d/%m/%Y")
    turn.say(t.OUTSIDE_SAVED.format(count=admission.count, date=date, where=where, year=admission.admitted_on.year))
    turn.push(ChatPurpose.coordinators, f"outside_admission:{admission.id}",
              t.COORDINATOR_OUTSIDE.format(who=member.full_name, count=admission.count, date=date, where=where),
              kind="notice")
    if admission.enterprise is not None:
        from handlers.organisations import alert_thresholds

        alert_thresholds(turn, admission.enterprise)


OUTSIDE_FORM = router.form(Form(
    name="outside_admission", title=t.OUTSIDE_TITLE, schema=OutsideAdmissionInput, save=save_outside,
    min_role=Role.coordinator, intro=t.OUTSIDE_INTRO,
    fields=(DateField("admitted_on", t.LABEL_OUTSIDE_DATE, t.ASK_OUTSIDE_DATE, past_only=True),
            NumberField("count", t.LABEL_OUTSIDE_COUNT, t.ASK_OUTSIDE_COUNT),
            dataclasses.replace(enterprise_field(t.LABEL_OUTSIDE_ENTERPRISE, t.ASK_OUTSIDE_ENTERPRISE),
                                optional=True),
            TextField("note", t.LABEL_OUTSIDE_NOTE, t.ASK_OUTSIDE_NOTE, optional=True, max_length=500))))


@router.button("to", role=Role.coordinator)
def start_outside(turn: Turn) -> None:
    start_form_privately(turn, OUTSIDE_FORM, {}, moved_notice=t.CONTINUE_PRIVATELY)
