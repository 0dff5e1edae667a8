"""The plan in chat: coming deadlines, marking a plan item done, a member's list, assignments and coverage."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field as SchemaField

from handlers.conversation import Button, Turn
from handlers.enterprise_field import enterprise_field
from handlers.forms import ENGINE, Field, Form, Kind, Option, register_form
from handlers.routing import Router, button_args
from models.people import Role, get_member, member_names
from models.plan import get_milestone, mark_milestone_done, reopen_milestone
from models.registry import get_enterprise
from models.waves import assign, assignments_of, current_wave, get_wave, wave_coverage
from models.visits import Wave
from scheduler.callbacks import milestone_undo_data
from scheduler.upcoming import coming_deadlines, format_coming_deadlines
from texts import common as tc
from texts import plan as t
from texts import scheduler as ts

router = Router("plan")
HORIZON_DAYS = 30


def _day(value) -> str:  # type: ignore[no-untyped-def]
    return value.strftime("%d/%m/%Y")


@router.command("lich", "deadlines", vi="Các hạn sắp tới của kế hoạch", en="Coming deadlines of the plan")
def deadlines(turn: Turn) -> None:
    member = turn.member
    assert member is not None
    items = coming_deadlines(turn.session, turn.today, rules=turn.rules, tz=turn.services.clock.tz,
                             horizon_days=HORIZON_DAYS)
    coordinator = member.has_role(Role.coordinator)
    if not coordinator:
        items = [item for item in items if item.kind == "milestone"]   # rule deadlines concern named records
    if not items:
        turn.say(t.NO_DEADLINES.format(days=HORIZON_DAYS))
        return
    buttons = []
    if coordinator and turn.incoming.is_private:
        buttons = [[Button.option(f"{ts.DONE_BUTTON} {item.label[:40]}", f"ms:done:{item.milestone_id}")]
                   for item in items if item.milestone_id is not None and item.overdue][:8]
    turn.say(format_coming_deadlines(items, HORIZON_DAYS), buttons)


@router.button("ms", role=Role.coordinator)
def milestone_button(turn: Turn) -> None:
    action, milestone_id = button_args(turn, str, int)
    member = turn.member
    assert member is not None
    milestone = get_milestone(turn.session, milestone_id)
    if action == "done":
        result = mark_milestone_done(turn.session, milestone_id, member, turn.now)
        if not result.newly_done:
            turn.notify(t.ALREADY_DONE.format(code=milestone.code))
        when = milestone.done_at.astimezone(turn.services.clock.tz).strftime("%H:%M %d/%m/%Y")
        turn.edit(t.MARKED_DONE.format(code=milestone.code, title=milestone.title, who=member.full_name, when=when),
                  [[Button.option(ts.UNDO_BUTTON, milestone_undo_data(milestone.id))]])
    elif action == "undo":
        reopen_milestone(turn.session, milestone_id, member)
        turn.edit(t.REOPENED.format(code=milestone.code, title=milestone.title))
    else:
        turn.notify(tc.STALE_ACTION)


@router.command("danhsach", "mylist", private_only=True, vi="Doanh nghiệp tôi được phân công",
                en="Enterprises assigned to me")
def my_list(turn: Turn) -> None:
    wave = current_wave(turn.session, turn.today)
    if wave is None:
        turn.say(t.MY_LIST_NO_WAVE)
        return
    _show_my_list(turn, wave)


@router.button("wave")
def wave_button(turn: Turn) -> None:
    _, wave_id = button_args(turn, str, int)
    _show_my_list(turn, get_wave(turn.session, wave_id))


def _show_my_list(turn: Turn, wave: Wave) -> None:
    member = turn.member
    assert member is not None
    items = assignments_of(turn.session, member.id, wave.id)
    if not items:
        turn.say(t.MY_LIST_EMPTY.format(wave=wave.name))
        return
    lines = [t.MY_LIST_TITLE.format(wave=wave.name, end=_day(wave.ends_on), total=len(items),
                                    visited=sum(1 for item in items if item.visited))]
    lines += [t.MY_LIST_LINE.format(mark=t.MY_LIST_VISITED if item.visited else t.MY_LIST_PENDING, name=item.name,
                                    zone=f" — {item.zone}" if item.zone else "") for item in items]
    rows = [[Button.option(f"📝 {item.name}"[:60], f"vn:{item.enterprise_id}")] for item in items if not item.visited][:8]
    turn.say("\n".join(lines), rows)


class AssignmentAnswers(BaseModel):
    wave_id: int = SchemaField(gt=0)
    member_id: int = SchemaField(gt=0)
    enterprise_id: int = SchemaField(gt=0)


def _waves(turn: Turn, answers: dict[str, Any]) -> list[Option]:
    from models.plan import list_plans, plan_waves

    waves = [wave for plan in list_plans(turn.session) for wave in plan_waves(turn.session, plan.id)]
    return [Option(wave.id, f"{wave.name} ({_day(wave.starts_on)} – {_day(wave.ends_on)})") for wave in waves]


def _members(turn: Turn, answers: dict[str, Any]) -> list[Option]:
    return [Option(member_id, name) for member_id, name in member_names(turn.session)]


def save_assignment(turn: Turn, answers: dict[str, Any]) -> None:
    wave = get_wave(turn.session, answers["wave_id"])
    person = get_member(turn.session, answers["member_id"])
    enterprise = get_enterprise(turn.session, answers["enterprise_id"])
    result = assign(turn.session, wave.id, [enterprise.id], person.id, turn.member)
    template = t.ASSIGNED if result.added else t.ALREADY_ASSIGNED
    turn.say(template.format(enterprise=enterprise.name, member=person.full_name, wave=wave.name),
             [[Button.option(t.ASSIGN_MORE.format(member=person.full_name)[:60], f"asg:{wave.id}:{person.id}")]])
    if result.added:
        turn.push_to_member(person, f"assignment:{wave.id}:{person.id}:{enterprise.id}",
                            t.NOTICE_ASSIGNED.format(enterprise=enterprise.name, wave=wave.name))


ASSIGNMENT_FORM = register_form(Form(
    name="assignment", title=t.ASSIGN_TITLE, schema=AssignmentAnswers, min_role=Role.coordinator,
    save=save_assignment,
    fields=(
        Field("wave_id", t.LABEL_WAVE, t.ASK_WAVE, Kind.choice, options=_waves,
              show=lambda turn, value: get_wave(turn.session, value).name),
        Field("member_id", t.LABEL_MEMBER, t.ASK_MEMBER, Kind.choice, options=_members,
              show=lambda turn, value: get_member(turn.session, value).full_name),
        enterprise_field(t.LABEL_ENTERPRISE, t.ASK_ENTERPRISE),
    ),
))


@router.command("phancong", "assign", role=Role.coordinator, private_only=True,
                vi="Phân công doanh nghiệp cho thành viên", en="Assign enterprises to members")
def start_assignment(turn: Turn) -> None:
    if not _waves(turn, {}):
        turn.say(t.NO_WAVES)
        return
    initial = {}
    wave = current_wave(turn.session, turn.today)
    if wave is not None:
        initial["wave_id"] = wave.id
    ENGINE.start(turn, ASSIGNMENT_FORM.name, initial)


@router.button("asg", role=Role.coordinator)
def assign_more(turn: Turn) -> None:
    wave_id, member_id = button_args(turn, int, int)
    ENGINE.start(turn, ASSIGNMENT_FORM.name, {"wave_id": wave_id, "member_id": member_id})


@router.command("dophu", "coverage", role=Role.coordinator, vi="Độ phủ của đợt công tác hiện tại",
                en="Coverage of the current wave")
def coverage(turn: Turn) -> None:
    wave = current_wave(turn.session, turn.today)
    if wave is None:
        turn.say(t.MY_LIST_NO_WAVE)
        return
    figures = wave_coverage(turn.session, wave.id)
    lines = [t.COVERAGE_TITLE.format(wave=wave.name, start=_day(wave.starts_on), end=_day(wave.ends_on)),
             t.COVERAGE_BODY.format(without_visited=figures.without_party_org_visited,
                                    without=figures.without_party_org, assigned_visited=figures.assigned_visited,
                                    assigned=figures.assigned)]
    if turn.incoming.is_private:   # names of members only in a private chat
        lines += [t.COVERAGE_MEMBER.format(name=m.full_name, visited=m.visited, assigned=m.assigned)
                  for m in figures.members] or [t.COVERAGE_NO_ASSIGNMENTS]
    turn.say("\n".join(lines))
