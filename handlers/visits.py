"""Logging a visit from the phone, and a member's own visits (view, edit within the allowed time, delete)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from handlers.conversation import Button, Turn
from handlers.enterprise_field import enterprise_name, search_enterprises
from handlers.forms import (
    ENGINE,
    AttachmentsField,
    ChoiceField,
    CountsField,
    DateField,
    Form,
    MultiField,
    Option,
    SearchField,
    TextField,
)
from handlers.organisations import alert_thresholds
from handlers.routing import Router, button_args, page_buttons, paged
from models.errors import PermissionDenied
from models.people import ChatPurpose, Member, Role, member_names
from models.registry import OwnerStance, get_enterprise
from models.visits import Visit, VisitInput, delete_visit, distance_m, edit_visit, get_visit, record_visit, visits_of
from models.waves import assignments_of, current_wave
from texts import forms as tf, visits as t
from texts.format import distance, number, sentence

router = Router("visits")
PER_PAGE = 8
ASSIGNED_SHOWN = 6   # a member's assigned enterprises offered at /tham, a page at a time («Xem thêm»)
ORGANISATIONS = (Option("trade_union", t.ORG_TRADE_UNION), Option("youth_union", t.ORG_YOUTH_UNION),
                 Option("veterans", t.ORG_VETERANS))
YES_NO = (Option(True, tf.YES), Option(False, tf.NO))
STANCES = tuple(Option(stance.value, t.STANCE[stance.value]) for stance in OwnerStance)


def _assigned(turn: Turn, answers: dict[str, Any]) -> list[Option]:
    """The member's enterprises in the running wave, the ones still to visit first."""
    wave = current_wave(turn.session, turn.today)
    if turn.member is None or wave is None:
        return []
    return [Option(item.enterprise_id, item.name) for item in assignments_of(turn.session, turn.member.id, wave.id)]


def _checkin_verdict(turn: Turn, answers: dict[str, Any], latitude: float, longitude: float) -> str | None:
    """At the location step, before «Lưu»: how far the location is from the enterprise, and whether it counts as
    being there, so a member can send another while still at the gate."""
    enterprise_id = answers.get("enterprise_id")
    if enterprise_id is None:
        return None
    enterprise = get_enterprise(turn.session, int(enterprise_id))
    if enterprise.latitude is None or enterprise.longitude is None:
        return t.LOCATION_NO_COORDINATES
    metres = distance_m(latitude, longitude, enterprise.latitude, enterprise.longitude)
    radius = turn.services.config.checkin_radius_m
    template = t.LOCATION_VERIFIED if metres <= radius else t.LOCATION_FAR if turn.channel.location \
        else t.LOCATION_FAR_BY_LINK
    return template.format(distance=distance(metres))


def _ask_evidence(turn: Turn, answers: dict[str, Any]) -> str:
    """Where the app shares no location (Zalo), the question says what to paste or type instead."""
    return t.ASK_EVIDENCE if turn.channel.location else t.ASK_EVIDENCE_BY_LINK


def _colleagues(turn: Turn, answers: dict[str, Any]) -> list[Option]:
    me = turn.member.id if turn.member else None
    return [Option(member_id, name) for member_id, name in member_names(turn.session) if member_id != me]


def _member_names(turn: Turn, member_ids: list[int]) -> str:
    names = dict(member_names(turn.session, include_inactive=True))
    return ", ".join(names.get(i, "?") for i in member_ids)


def _organisation_names(turn: Turn, codes: list[str]) -> str:
    labels = {o.value: o.label for o in ORGANISATIONS}
    return ", ".join(labels[c] for c in codes if c in labels) or tf.NO_VALUE


VISIT_FIELDS = (
    SearchField("enterprise_id", t.LABEL_ENTERPRISE, t.ASK_ENTERPRISE, search=search_enterprises,
                options=_assigned, show=enterprise_name, page_size=ASSIGNED_SHOWN),
    DateField("visited_on", t.LABEL_DATE, t.ASK_DATE, past_only=True),
    MultiField("member_ids", t.LABEL_MEMBERS, t.ASK_MEMBERS, options=_colleagues, show=_member_names,
               value_from=lambda visit: [m.id for m in visit.members if m.id != visit.reported_by_id]),
    CountsField("counts", t.LABEL_COUNTS, t.ASK_COUNTS, optional=True, count_labels=t.COUNT_LABELS,
                schema_fields=("official_members_found", "probationary_members_found", "workers",
                               "outstanding_workers")),
    AttachmentsField("evidence", t.LABEL_EVIDENCE, t.ASK_EVIDENCE, optional=True, accept_location=True,
                     accept_photos=True, location_fields=("latitude", "longitude"), photos_field="photo_refs",
                     on_location=_checkin_verdict, ask=_ask_evidence),
    TextField("met_name", t.LABEL_MET_NAME, t.ASK_MET_NAME, optional=True, detail=True, max_length=200),
    TextField("met_position", t.LABEL_MET_POSITION, t.ASK_MET_POSITION, optional=True, detail=True,
              max_length=200, when=lambda a: bool(a.get("met_name"))),
    TextField("discussion", t.LABEL_DISCUSSION, t.ASK_DISCUSSION, optional=True, detail=True,
              max_length=4000),
    MultiField("organisations", t.LABEL_ORGANISATIONS, t.ASK_ORGANISATIONS, optional=True, detail=True,
               options=ORGANISATIONS, show=_organisation_names,
               flags={option.value: f"has_{option.value}" for option in ORGANISATIONS}),
    ChoiceField("agrees_to_review", t.LABEL_REVIEW, t.ASK_REVIEW, optional=True, detail=True,
                options=YES_NO),
    # What the plan needs to know for founding party and mass organisations: behind «Bổ sung chi tiết», so a
    # quick visit stays short; the summary names them among the details still open.
    ChoiceField("owner_stance", t.LABEL_STANCE, t.ASK_STANCE, optional=True, detail=True,
                options=STANCES, show=lambda _turn, value: t.STANCE.get(value, value)),
    CountsField("mass_counts", t.LABEL_MASS_COUNTS, t.ASK_MASS_COUNTS, optional=True, detail=True,
                count_labels=t.MASS_COUNT_LABELS,
                schema_fields=("youth_union_members_met", "veterans_met", "trade_union_members_met")),
    ChoiceField("difficulties_raised", t.LABEL_DIFFICULTIES, t.ASK_DIFFICULTIES, optional=True,
                detail=True, options=YES_NO),
    TextField("next_step", t.LABEL_NEXT_STEP, t.ASK_NEXT_STEP, optional=True, detail=True, max_length=2000),
    DateField("next_step_due", t.LABEL_NEXT_DUE, t.ASK_NEXT_DUE, optional=True, detail=True,
              future_only=True, when=lambda a: bool(a.get("next_step"))),
)


def save_visit(turn: Turn, answers: dict[str, Any]) -> None:
    member = _require_member(turn)
    config = turn.services.config
    visit_id = answers.get("_visit_id")
    data = VISIT_FORM.to_input(answers)
    if visit_id:
        visit = edit_visit(turn.session, int(visit_id), data, by=member, now=turn.now, rules=turn.rules,
                           checkin_radius_m=config.checkin_radius_m)
        alert_thresholds(turn, visit.enterprise)
        turn.say(t.SAVED_EDITED.format(enterprise=visit.enterprise.name, date=_date(visit.visited_on)))
        turn.push(ChatPurpose.coordinators, f"visit:{visit.id}:edited:{turn.now.isoformat()}",
                  t.COORDINATOR_EDITED.format(who=member.full_name, visit_id=visit.id,
                                              enterprise=visit.enterprise.name, date=_date(visit.visited_on)))
        return
    visit = record_visit(turn.session, data, reporter=member, today=turn.today,
                         checkin_radius_m=config.checkin_radius_m)
    alert_thresholds(turn, visit.enterprise)   # the visit may have updated the counts
    enterprise = visit.enterprise
    lines = [t.SAVED.format(enterprise=enterprise.name, date=_date(visit.visited_on))]
    if visit.checkin_distance_m is not None:
        template = t.SAVED_CHECKIN if visit.checkin_verified else t.SAVED_FAR
        lines.append(template.format(distance=distance(visit.checkin_distance_m)))
    buttons = [[Button.option(t.EDIT_VISIT, f"ve:{visit.id}"), Button.option(t.DELETE_VISIT, f"vx:{visit.id}")]]
    if turn.services.routes is not None and "vd" in turn.services.routes.buttons:   # difficulties installed
        buttons.insert(0, [Button.option(t.OFFER_DIFFICULTY, f"vd:{enterprise.id}:{visit.id}")])
    turn.say("\n".join(lines), buttons)
    zone = f" (KCN {enterprise.zone.name.removeprefix('KCN ')})" if enterprise.zone else ""
    turn.push(ChatPurpose.group, f"visit:{visit.id}:group",
              t.GROUP_NOTICE.format(enterprise=enterprise.name, zone=zone, date=_date(visit.visited_on),
                                    people=len(visit.members)), kind="notice")
    turn.push(ChatPurpose.coordinators, f"visit:{visit.id}:coordinators", coordinator_alert(visit, member, zone))


def coordinator_alert(visit: Visit, reporter: Member, zone: str) -> str:
    lines = []
    if visit.met_name:
        lines.append(t.DETAIL_MET.format(name=visit.met_name,
                                         position=f", {visit.met_position}" if visit.met_position else ""))
    if visit.discussion:
        lines.append(t.DETAIL_DISCUSSION.format(text=visit.discussion))
    if visit.agrees_to_review is not None:
        lines.append(t.DETAIL_REVIEW.format(answer=tf.YES if visit.agrees_to_review else tf.NO))
    if visit.owner_stance is not None:
        lines.append(t.DETAIL_STANCE.format(stance=t.STANCE[visit.owner_stance.value].lower()))
    met = (visit.youth_union_members_met, visit.veterans_met, visit.trade_union_members_met)
    if any(value is not None for value in met):
        youth, veterans, union = (t.UNKNOWN if value is None else number(value) for value in met)
        lines.append(t.DETAIL_MASS_COUNTS.format(youth=youth, veterans=veterans, union=union))
    if visit.difficulties_raised:
        lines.append(t.DETAIL_DIFFICULTIES)
    if visit.next_step:
        due = t.DETAIL_NEXT_DUE.format(day=_date(visit.next_step_due)) if visit.next_step_due else ""
        lines.append(t.DETAIL_NEXT.format(step=visit.next_step, due=due))
    details = "".join(f"{sentence(line)}\n" for line in lines)
    if visit.checkin_distance_m is not None:
        template = t.CHECKIN_VERIFIED if visit.checkin_verified else t.CHECKIN_FAR
        checkin = template.format(distance=distance(visit.checkin_distance_m))
    elif visit.latitude is not None:
        checkin = t.CHECKIN_NO_COORDINATES
    else:
        checkin = t.CHECKIN_NONE
    others = [m.full_name for m in visit.members if m.id != reporter.id]

    def count(value: int | None) -> str:
        return t.UNKNOWN if value is None else number(value)

    return t.COORDINATOR_ALERT.format(
        enterprise=visit.enterprise.name, zone=zone, date=_date(visit.visited_on), reporter=reporter.full_name,
        members=", ".join(others) or tf.NO_VALUE, official=count(visit.official_members_found),
        probationary=count(visit.probationary_members_found), workers=count(visit.workers),
        outstanding=count(visit.outstanding_workers), details=details, checkin=checkin)


VISIT_FORM = router.form(Form(
    name="visit", title=t.TITLE, schema=VisitInput, fields=VISIT_FIELDS, save=save_visit, details_label=t.DETAILS,
))


def _date(day: dt.date | str | None) -> str:
    if day is None:
        return ""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return day.strftime("%d/%m/%Y")


def _require_member(turn: Turn) -> Member:
    if turn.member is None:
        raise PermissionDenied(t.NOT_A_MEMBER)
    return turn.member


@router.command("tham", "visit", private_only=True)
def start_visit(turn: Turn) -> None:
    initial = {}
    args = turn.incoming.args
    if re.fullmatch(r"[0-9]{1,9}", args):   # /tham <enterprise id> from an enterprise card
        initial["enterprise_id"] = int(args)
        get_enterprise(turn.session, initial["enterprise_id"])
    ENGINE.start(turn, VISIT_FORM, initial)


@router.button("vn")
def start_visit_for_enterprise(turn: Turn) -> None:
    (enterprise_id,) = button_args(turn, int)
    get_enterprise(turn.session, enterprise_id)
    ENGINE.start(turn, VISIT_FORM, {"enterprise_id": enterprise_id})


@router.button("ve")
def edit_existing(turn: Turn) -> None:
    (visit_id,) = button_args(turn, int)
    visit = get_visit(turn.session, visit_id)
    _check_may_change(turn, visit)
    answers = {**VISIT_FORM.answers_from(visit), "_visit_id": visit.id}
    ENGINE.start(turn, VISIT_FORM, answers)


def _check_may_change(turn: Turn, visit: Visit) -> None:
    member = _require_member(turn)
    if member.has_role(Role.coordinator):
        return
    if visit.reported_by_id != member.id:
        raise PermissionDenied(t.ONLY_OWN_VISITS)
    hours = turn.rules.value("visit_edit_hours", turn.today)
    if turn.now - visit.created_at > dt.timedelta(hours=hours):
        raise PermissionDenied(t.EDIT_TOO_LATE.format(hours=hours))


@router.button("vx")
def ask_delete(turn: Turn) -> None:
    (visit_id,) = button_args(turn, int)
    visit = get_visit(turn.session, visit_id)
    _check_may_change(turn, visit)
    turn.say(t.CONFIRM_DELETE.format(enterprise=visit.enterprise.name, date=_date(visit.visited_on)),
             [[Button.option(t.CONFIRM_DELETE_YES, f"vy:{visit.id}"),
               Button.option(t.CONFIRM_DELETE_NO, f"vk:{visit.id}")]])


@router.button("vy")
def confirm_delete(turn: Turn) -> None:
    (visit_id,) = button_args(turn, int)
    member = _require_member(turn)
    visit = get_visit(turn.session, visit_id)
    delete_visit(turn.session, visit_id, by=member, now=turn.now, rules=turn.rules)
    text = t.DELETED.format(enterprise=visit.enterprise.name, date=_date(visit.visited_on))
    turn.edit(text)
    turn.push(ChatPurpose.coordinators, f"visit:{visit.id}:deleted",
              t.COORDINATOR_DELETED.format(who=member.full_name, visit_id=visit.id, enterprise=visit.enterprise.name,
                                           date=_date(visit.visited_on)))


@router.button("vk")
def keep_visit(turn: Turn) -> None:
    (visit_id,) = button_args(turn, int)
    _show_visit(turn, visit_id)


@router.command("cuatoi", "myvisits", private_only=True)
def my_visits(turn: Turn) -> None:
    _list_my_visits(turn, 0, edit=False)


@router.button("mv")
def my_visits_page(turn: Turn) -> None:
    (page,) = button_args(turn, int)
    _list_my_visits(turn, page, edit=True)


def _list_my_visits(turn: Turn, page: int, *, edit: bool) -> None:
    member = _require_member(turn)
    visits = visits_of(turn.session, member_id=member.id)
    if not visits:
        turn.say(t.MY_VISITS_EMPTY)
        return
    lines = [t.MY_VISIT_LINE.format(index=i, date=_date(v.visited_on), enterprise=v.enterprise.name)
             for i, v in enumerate(visits, 1)]
    shown, page, pages = paged(lines, page, PER_PAGE)
    rows = [[Button.option(f"{_date(v.visited_on)} {v.enterprise.name}"[:60], f"vv:{v.id}")]
            for v in visits[page * PER_PAGE:(page + 1) * PER_PAGE]]
    rows += page_buttons("mv", page, pages)
    (turn.edit if edit else turn.say)("\n".join([t.MY_VISITS_TITLE.format(count=len(visits)), *shown]), rows)


@router.button("vv")
def show_visit(turn: Turn) -> None:
    (visit_id,) = button_args(turn, int)
    _show_visit(turn, visit_id)


def _show_visit(turn: Turn, visit_id: int) -> None:
    member = _require_member(turn)
    visit = get_visit(turn.session, visit_id)
    if not member.has_role(Role.coordinator) and member.id not in {m.id for m in visit.members}:
        raise PermissionDenied(t.ONLY_VISITS_TAKEN_PART)
    zone = f" (KCN {visit.enterprise.zone.name.removeprefix('KCN ')})" if visit.enterprise.zone else ""
    reporter = next((m for m in visit.members if m.id == visit.reported_by_id), member)
    # The alert's body says the date, who logged it and who went along: the detail does not repeat them.
    text = t.VISIT_DETAIL.format(visit_id=visit.id, enterprise=visit.enterprise.name, zone=zone,
                                 details=coordinator_alert(visit, reporter, zone).split("\n", 1)[1])
    turn.edit(text, [[Button.option(t.EDIT_VISIT, f"ve:{visit.id}"), Button.option(t.DELETE_VISIT, f"vx:{visit.id}")]])
