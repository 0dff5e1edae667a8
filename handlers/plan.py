"""The plan in chat: coming deadlines, marking a plan item done, a member's list, assignments and coverage, a
review's date, opening a wave."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field as SchemaField

from handlers.bundles import bundle_now, sent_bundle
from handlers.conversation import Button, Turn
from handlers.directives import coverage_lines
from handlers.enterprise_field import enterprise_field
from handlers.forms import ENGINE, ChoiceField, DateField, Form, Option, TextField
from handlers.routing import Router, button_args
from models.actions import milestone_done_data, milestone_undo_data
from models.deadlines import coming_deadlines
from models.errors import InvalidInput
from models.people import Role, get_member, member_names
from models.plan import (
    Closure,
    Milestone,
    Plan,
    close_milestone,
    close_plan,
    get_milestone,
    list_plans,
    mark_milestone_done,
    reopen_milestone,
    resume_milestone,
    resume_plan,
    set_review_date,
)
from models.registry import get_enterprise
from models.visits import Wave
from models.waves import assign, assignments_of, current_wave, get_wave, open_wave, wave_coverage
from reports.review_drafts import LEAD_DAYS
from texts import common as tc, plan as t, scheduler as ts

router = Router("plan")
HORIZON_DAYS = 30


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


@router.command("lich", "deadlines")
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
        # Due today or overdue: done today means no escalation tomorrow.
        buttons = [[Button.option(f"{ts.DONE_BUTTON} {ts.deadline_label(item)[:40]}",
                                  milestone_done_data(item.milestone_id))]
                   for item in items if item.milestone_id is not None and item.days_left <= 0][:8]
    turn.say(ts.coming_deadlines(items, HORIZON_DAYS), buttons)


@router.button("ms", role=Role.coordinator)
def milestone_button(turn: Turn) -> None:
    action, milestone_id = button_args(turn, str, int)
    member = turn.member
    assert member is not None
    milestone = get_milestone(turn.session, milestone_id)
    bundle = sent_bundle(turn.session, turn.incoming.chat_id, turn.incoming.message_id)
    if action in ("done", "undo") and bundle is not None:
        # One item of a day's bundle: the others stay, with their buttons.
        if action == "done" and not mark_milestone_done(turn.session, milestone_id, member, turn.now).newly_done:
            turn.notify(t.ALREADY_DONE.format(code=milestone.code))
        if action == "undo":
            reopen_milestone(turn.session, milestone_id, member)
        text, rows = bundle_now(turn.session, bundle, turn.services.clock.tz)
        turn.edit(text, [[Button.option(button.text, button.data) for button in row] for row in rows])
        return
    if action == "done":
        result = mark_milestone_done(turn.session, milestone_id, member, turn.now)
        if not result.newly_done:
            turn.notify(t.ALREADY_DONE.format(code=milestone.code))
        assert milestone.done_at is not None  # marked done just now or before
        when = milestone.done_at.astimezone(turn.services.clock.tz).strftime("%H:%M %d/%m/%Y")
        turn.edit(t.MARKED_DONE.format(code=milestone.code, title=milestone.title, who=member.full_name, when=when),
                  [[Button.option(ts.UNDO_BUTTON, milestone_undo_data(milestone.id))]])
    elif action == "undo":
        reopen_milestone(turn.session, milestone_id, member)
        turn.edit(t.REOPENED.format(code=milestone.code, title=milestone.title))
    else:
        turn.notify(tc.STALE_ACTION)


@router.command("danhsach", "mylist", private_only=True)
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
    rows = [[Button.option(f"📝 {item.name}"[:60], f"vn:{item.enterprise_id}")]
            for item in items if not item.visited][:8]
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


ASSIGNMENT_FORM = router.form(Form(
    name="assignment", title=t.ASSIGN_TITLE, schema=AssignmentAnswers, min_role=Role.coordinator,
    save=save_assignment,
    fields=(
        ChoiceField("wave_id", t.LABEL_WAVE, t.ASK_WAVE, options=_waves,
                    show=lambda turn, value: get_wave(turn.session, value).name),
        ChoiceField("member_id", t.LABEL_MEMBER, t.ASK_MEMBER, options=_members,
                    show=lambda turn, value: get_member(turn.session, value).full_name),
        enterprise_field(t.LABEL_ENTERPRISE, t.ASK_ENTERPRISE),
    ),
))


@router.command("phancong", "assign", role=Role.coordinator, private_only=True)
def start_assignment(turn: Turn) -> None:
    if not _waves(turn, {}):
        turn.say(t.NO_WAVES)
        return
    initial = {}
    wave = current_wave(turn.session, turn.today)
    if wave is not None:
        initial["wave_id"] = wave.id
    ENGINE.start(turn, ASSIGNMENT_FORM, initial)


@router.button("asg", role=Role.coordinator)
def assign_more(turn: Turn) -> None:
    wave_id, member_id = button_args(turn, int, int)
    ENGINE.start(turn, ASSIGNMENT_FORM, {"wave_id": wave_id, "member_id": member_id})


@router.button("asgw", role=Role.coordinator)
def assign_in_wave(turn: Turn) -> None:
    (wave_id,) = button_args(turn, int)
    ENGINE.start(turn, ASSIGNMENT_FORM, {"wave_id": get_wave(turn.session, wave_id).id})


# --------------------------------------------------------------------------- opening a wave

def _running_plans(turn: Turn, answers: dict[str, Any]) -> list[Option]:
    return [Option(plan.id, f"{plan.code} ({_day(plan.starts_on)} – {_day(plan.last_day())})")
            for plan in list_plans(turn.session) if plan.runs_on(turn.today) or plan.starts_on > turn.today]


class WaveAnswers(BaseModel):
    plan_id: int = SchemaField(gt=0)
    starts_on: dt.date
    ends_on: dt.date
    name: str | None = SchemaField(default=None, max_length=200)   # the order of the dates: `open_wave`


def save_wave(turn: Turn, answers: dict[str, Any]) -> None:
    assert turn.member is not None
    wave = open_wave(turn.session, answers["plan_id"], dt.date.fromisoformat(answers["starts_on"]),
                     dt.date.fromisoformat(answers["ends_on"]), turn.member, name=answers.get("name"))
    turn.say(t.WAVE_OPENED.format(wave=wave.name, start=_day(wave.starts_on), end=_day(wave.ends_on)),
             [[Button.option(t.ASSIGN_THIS_WAVE, f"asgw:{wave.id}")]])


WAVE_FORM = router.form(Form(
    name="wave", title=t.WAVE_TITLE, schema=WaveAnswers, min_role=Role.coordinator, save=save_wave,
    fields=(
        ChoiceField("plan_id", t.LABEL_PLAN, t.ASK_WAVE_PLAN, options=_running_plans,
                    show=lambda turn, value: next((o.label for o in _running_plans(turn, {}) if o.value == value), "")),
        DateField("starts_on", t.LABEL_WAVE_START, t.ASK_WAVE_START),
        DateField("ends_on", t.LABEL_WAVE_END, t.ASK_WAVE_END, future_only=True),
        TextField("name", t.LABEL_WAVE_NAME, t.ASK_WAVE_NAME, optional=True, max_length=200),
    ),
))


@router.command("modot", "newwave", role=Role.coordinator, private_only=True)
def start_wave(turn: Turn) -> None:
    plans = _running_plans(turn, {})
    if not plans:
        turn.say(t.NO_RUNNING_PLAN)
        return
    ENGINE.start(turn, WAVE_FORM, {"plan_id": plans[0].value} if len(plans) == 1 else {})


# --------------------------------------------------------------------------- a review's date

def _coming_reviews(turn: Turn, answers: dict[str, Any]) -> list[Option]:
    reviews = [(milestone, milestone.due_on) for plan in list_plans(turn.session) for milestone in plan.milestones
               if milestone.is_review and milestone.due_on is not None and milestone.due_on >= turn.today
               and milestone.open_on(turn.today)]
    return [Option(review.id, t.REVIEW_OPTION.format(code=review.code, title=review.title[:60],
                                                     due=_day(due_on),
                                                     set=t.REVIEW_OPTION_SET.format(day=_day(review.review_on))
                                                     if review.review_on else ""))
            for review, due_on in reviews]


class ReviewDateAnswers(BaseModel):
    milestone_id: int = SchemaField(gt=0)
    review_on: dt.date


def save_review_date(turn: Turn, answers: dict[str, Any]) -> None:
    milestone = set_review_date(turn.session, answers["milestone_id"], dt.date.fromisoformat(answers["review_on"]),
                                turn.member)
    assert milestone.review_on is not None
    turn.say(t.REVIEW_DATE_SET.format(code=milestone.code, day=_day(milestone.review_on), lead=LEAD_DAYS))


def _review_label(turn: Turn, value: Any) -> str:
    milestone = turn.session.get(Milestone, value)
    return f"{milestone.code} — {milestone.title[:60]}" if milestone else ""


REVIEW_DATE_FORM = router.form(Form(
    name="review_date", title=t.REVIEW_DATE_TITLE, schema=ReviewDateAnswers, min_role=Role.coordinator,
    save=save_review_date,
    fields=(
        ChoiceField("milestone_id", t.LABEL_REVIEW, t.ASK_REVIEW, options=_coming_reviews, show=_review_label),
        DateField("review_on", t.LABEL_REVIEW_DATE, t.ASK_REVIEW_DATE, future_only=True),
    ),
))


@router.command("hoinghi", "reviewdate", role=Role.coordinator, private_only=True)
def start_review_date(turn: Turn) -> None:
    reviews = _coming_reviews(turn, {})
    if not reviews:
        turn.say(t.NO_REVIEWS)
        return
    ENGINE.start(turn, REVIEW_DATE_FORM, {"milestone_id": reviews[0].value} if len(reviews) == 1 else {})


@router.command("dophu", "coverage", role=Role.coordinator)
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
    lines += coverage_lines(turn)   # the directive: sent, reports and member reviews received
    turn.say("\n".join(lines))


# --------------------------------------------------------------------------- ending, cancelling, superseding

PLAN_TARGET, ITEM_TARGET = "p", "m"   # a close form's target: "p<plan id>" or "m<milestone id>"


def _closable(turn: Turn, answers: dict[str, Any]) -> list[Option]:
    """Each plan still running (or yet to start) and its items still to do, continuous ones included."""
    options: list[Option] = []
    for plan in list_plans(turn.session):
        if plan.last_day() < turn.today:
            continue
        options.append(Option(f"{PLAN_TARGET}{plan.id}", t.CLOSE_WHOLE_PLAN.format(code=plan.code)))
        options += [Option(f"{ITEM_TARGET}{m.id}", t.CLOSE_ITEM.format(code=m.code, title=m.title[:50]))
                    for m in plan.milestones if m.open_on(turn.today)]
    return options


def _target_label(turn: Turn, value: Any) -> str:
    kind, number = str(value)[:1], int(str(value)[1:] or 0)
    if kind == PLAN_TARGET:
        plan = turn.session.get(Plan, number)
        return t.CLOSE_WHOLE_PLAN.format(code=plan.code) if plan else ""
    milestone = turn.session.get(Milestone, number)
    return t.CLOSE_ITEM.format(code=milestone.code, title=milestone.title[:50]) if milestone else ""


class CloseAnswers(BaseModel):
    target: str = SchemaField(pattern=r"^[pm][1-9][0-9]*$")
    closure: Closure
    closed_on: dt.date
    reason: str = SchemaField(min_length=3, max_length=1000)
    replaced_by: str | None = SchemaField(default=None, max_length=100)


def save_closure(turn: Turn, answers: dict[str, Any]) -> None:
    assert turn.member is not None
    target, closure = answers["target"], Closure(answers["closure"])
    on = dt.date.fromisoformat(answers["closed_on"])
    options = dict(reason=answers["reason"], on=on, by=turn.member, today=turn.today,
                   replaced_by=answers.get("replaced_by"))
    what = _target_label(turn, target)
    if target.startswith(PLAN_TARGET):
        plan = turn.session.get(Plan, int(target[1:]))
        if plan is None:
            raise InvalidInput(tc.STALE_ACTION)
        result = close_plan(turn.session, plan.code, closure, **options)
        closed: Plan | Milestone = plan
    else:
        result = close_milestone(turn.session, int(target[1:]), closure, **options)
        closed = get_milestone(turn.session, int(target[1:]))
    if not result.changed:
        turn.say(t.CLOSED_ALREADY)
        return
    turn.say(t.CLOSED.format(what=what, closure=ts.closure_line(closed), on=_day(on)),
             [[Button.option(t.CLOSE_UNDO_BUTTON, f"pcu:{target}")]])


CLOSE_FORM = router.form(Form(
    name="plan_close", title=t.CLOSE_TITLE, schema=CloseAnswers, min_role=Role.coordinator, save=save_closure,
    fields=(
        ChoiceField("target", t.LABEL_CLOSE_TARGET, t.ASK_CLOSE_TARGET, options=_closable, show=_target_label),
        ChoiceField("closure", t.LABEL_CLOSURE, t.ASK_CLOSURE,
                    options=[Option(closure.value, t.CLOSURES[closure.value]) for closure in Closure],
                    show=lambda turn, value: t.CLOSURES.get(value, "")),
        DateField("closed_on", t.LABEL_CLOSED_ON, t.ASK_CLOSED_ON),
        TextField("reason", t.LABEL_CLOSE_REASON, t.ASK_CLOSE_REASON, min_length=3, max_length=1000),
        TextField("replaced_by", t.LABEL_REPLACED_BY, t.ASK_REPLACED_BY, max_length=100,
                  when=lambda answers: answers.get("closure") == Closure.superseded.value),
    ),
))


@router.command("ketthuc", "close", role=Role.coordinator, private_only=True)
def start_closure(turn: Turn) -> None:
    if not _closable(turn, {}):
        turn.say(t.NOTHING_TO_CLOSE)
        return
    ENGINE.start(turn, CLOSE_FORM, {})


@router.button("pcu", role=Role.coordinator)
def undo_closure(turn: Turn) -> None:
    (target,) = button_args(turn, str)
    if not target[1:].isdigit() or target[:1] not in (PLAN_TARGET, ITEM_TARGET):
        raise InvalidInput(tc.STALE_ACTION)
    what = _target_label(turn, target)
    if target.startswith(PLAN_TARGET):
        plan = turn.session.get(Plan, int(target[1:]))
        if plan is None:
            raise InvalidInput(tc.STALE_ACTION)
        resume_plan(turn.session, plan.code, turn.member)
    else:
        resume_milestone(turn.session, int(target[1:]), turn.member)
    turn.edit(t.CLOSE_UNDONE.format(what=what))
