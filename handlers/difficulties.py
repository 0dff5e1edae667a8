"""Difficulties and recommendations: a member reports one, coordinators follow it up to the province and back.

The report is a form (also offered right after a visit). Coordinators get an alert in their chat with a button
per next step; a step's details (to whom, the document, the answer, the reason) are typed in a small form in
the coordinator's private chat — a bot in privacy mode does not see plain messages in a group. Every step is
kept in the difficulty's history, told to the coordinators' chat and to the member who reported it.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from handlers.button_ids import page_number, record_id
from handlers.conversation import Button, Channel, Nav, Reply, Turn
from handlers.enterprise_field import enterprise_field, enterprise_from_args
from handlers.forms import ENGINE, ChoiceField, DateField, Field, Form, Option, TextField
from handlers.private_chat import in_private, start_form_privately
from handlers.record_answers import document_number
from handlers.routing import Router, button_args, page_buttons, paged
from models.actions import DIFFICULTY_STEP, difficulty_step_data
from models.bodies import PROVINCE
from models.deliveries import sent_messages_of
from models.difficulties import (
    STEP_ORDER,
    Difficulty,
    DifficultyEvent,
    DifficultyInput,
    DifficultyStatus,
    StatusChange,
    change_difficulty_status,
    get_difficulty,
    next_steps,
    open_difficulties,
    parse_status_change,
    report_difficulty,
)
from models.errors import InvalidInput, PermissionDenied
from models.people import ChatPurpose, Member, Role, get_member
from models.visits import get_visit
from texts import common as tc, difficulties as t
from texts.format import sentence

router = Router("difficulties")
FORM_NAME = "difficulty"     # handlers.visits offers this form after a visit when it is registered
PER_PAGE = 8
ALL = "all"
# The recipient whose department must be named (its code in rules.yaml).
DEPARTMENT = "department"


# ---------------------------------------------------------------- reporting a difficulty

def _categories(turn: Turn, _answers: dict[str, Any]) -> list[Option]:
    return [Option(c.code, c.label) for c in turn.rules.difficulty_categories]


def _recipients(turn: Turn, _answers: dict[str, Any]) -> list[Option]:
    return [Option(c.code, c.label) for c in turn.rules.difficulty_recipients]


REPORT_FIELDS = (
    enterprise_field(t.LABEL_ENTERPRISE, t.ASK_ENTERPRISE),
    ChoiceField("category", t.LABEL_CATEGORY, t.ASK_CATEGORY, options=_categories,
                show=lambda turn, code: turn.rules.category_label(code)),
    TextField("description", t.LABEL_DESCRIPTION, t.ASK_DESCRIPTION, min_length=3, max_length=4000),
    TextField("proposal", t.LABEL_PROPOSAL, t.ASK_PROPOSAL, optional=True, max_length=4000),
    ChoiceField("recipient", t.LABEL_RECIPIENT, t.ASK_RECIPIENT, options=_recipients,
                show=lambda turn, code: turn.rules.recipient_label(code)),
    TextField("recipient_detail", t.LABEL_DEPARTMENT, t.ASK_DEPARTMENT, min_length=2, max_length=200,
              when=lambda answers: answers.get("recipient") == DEPARTMENT),
)


def save_difficulty(turn: Turn, answers: dict[str, Any]) -> None:
    member = _member(turn)
    if answers.get("recipient") == DEPARTMENT and not answers.get("recipient_detail"):
        raise InvalidInput(t.NEED_DEPARTMENT)
    data = REPORT_FORM.to_input(answers, visit_id=answers.get("_visit_id"))   # a visit's offer names it
    difficulty = report_difficulty(turn.session, data, reporter=member, rules=turn.rules, now=turn.now)
    alerted = turn.push(ChatPurpose.coordinators, f"difficulty:{difficulty.id}:new",
                        _alert(turn, difficulty, member), payload=_payload(difficulty))
    # Never said to follow it up when nobody was told: no coordinators' chat is bound yet.
    saved = t.SAVED if alerted else t.SAVED_NO_COORDINATORS_CHAT
    turn.say(saved.format(id=difficulty.id, enterprise=difficulty.enterprise.name))


REPORT_FORM = router.form(Form(name=FORM_NAME, title=t.TITLE, schema=DifficultyInput, fields=REPORT_FIELDS,
                                 save=save_difficulty, intro=t.INTRO))


@router.command("khokhan", "difficulty", private_only=True)
def start_report(turn: Turn) -> None:
    ENGINE.start(turn, REPORT_FORM, enterprise_from_args(turn))


@router.button("vd")
def report_after_visit(turn: Turn) -> None:
    """«Ghi khó khăn, kiến nghị» under a saved visit: the enterprise and the visit are known already."""
    enterprise_id, visit_id = button_args(turn, record_id, record_id)
    visit = get_visit(turn.session, visit_id)
    if visit.enterprise_id != enterprise_id:
        raise InvalidInput(tc.STALE_ACTION)
    start_form_privately(turn, REPORT_FORM, {"enterprise_id": enterprise_id, "_visit_id": visit_id})


def _alert(turn: Turn, difficulty: Difficulty, reporter: Member) -> str:
    return t.ALERT.format(
        id=difficulty.id, enterprise=difficulty.enterprise.name, zone=_zone(difficulty),
        category=turn.rules.category_label(difficulty.category), description=difficulty.description,
        proposal=difficulty.proposal or t.NO_PROPOSAL, recipient=_recipient(turn, difficulty),
        reporter=reporter.full_name, date=_local_date(turn, difficulty.created_at))


# ---------------------------------------------------------------- coordinators move it on

def _step_buttons(difficulty: Difficulty) -> list[list[Button]]:
    buttons = [Button.option(t.step_button(step.value, difficulty.status.value),
                             difficulty_step_data(difficulty.id, step.value)) for step in next_steps(difficulty.status)]
    return [buttons[i:i + 2] for i in range(0, len(buttons), 2)]


def _payload(difficulty: Difficulty) -> dict[str, Any] | None:
    """The same buttons, as the outbox stores them for a push."""
    rows = [[b.as_payload() for b in row] for row in _step_buttons(difficulty)]
    return {"buttons": rows, "ref": f"#{difficulty.id}"} if rows else None


STEP_FIELDS: dict[DifficultyStatus, tuple[str, tuple[Field, ...]]] = {
    DifficultyStatus.forwarded: (t.TITLE_FORWARDED, (
        TextField("forwarded_to", t.LABEL_FORWARDED_TO, t.ASK_FORWARDED_TO, min_length=2, max_length=200),
        TextField("document_number", t.LABEL_DOCUMENT_NUMBER, t.ASK_DOCUMENT_NUMBER, max_length=100,
                  parse=document_number),
        DateField("document_date", t.LABEL_DOCUMENT_DATE, t.ASK_DOCUMENT_DATE, past_only=True),
    )),
    DifficultyStatus.answered: (t.TITLE_ANSWERED, (
        TextField("answer", t.LABEL_ANSWER, t.ASK_ANSWER, min_length=2, max_length=4000),
    )),
    DifficultyStatus.resolved: (t.TITLE_RESOLVED, (
        TextField("answer", t.LABEL_RESOLUTION, t.ASK_RESOLUTION, optional=True, max_length=4000),
    )),
    DifficultyStatus.declined: (t.TITLE_DECLINED, (
        TextField("reason", t.LABEL_DECLINE_REASON, t.ASK_DECLINE_REASON, min_length=2, max_length=2000),
    )),
}


def save_step(status: DifficultyStatus, turn: Turn, answers: dict[str, Any]) -> None:
    change = parse_status_change({"status": status.value, **{k: v for k, v in answers.items()
                                                            if not k.startswith("_")}})
    difficulty, what = _record_step(turn, int(answers["_difficulty_id"]), change)
    turn.say(sentence(t.UPDATED.format(id=difficulty.id, enterprise=difficulty.enterprise.name, status=what)))


def _record_step(turn: Turn, difficulty_id: int, change: StatusChange) -> tuple[Difficulty, str]:
    """The step recorded, the coordinators' chat and the member who reported it told; (difficulty, the step
    in words)."""
    member = _member(turn)
    difficulty = change_difficulty_status(turn.session, difficulty_id, change, by=member, now=turn.now)
    event = difficulty.events[-1]
    what = describe_event(turn, event)
    turn.push(ChatPurpose.coordinators, f"difficulty:{difficulty.id}:event:{event.id}",
              sentence(t.COORDINATOR_UPDATE.format(id=difficulty.id, enterprise=difficulty.enterprise.name,
                                                   event=what, who=member.full_name)),
              kind="notice", payload=_payload(difficulty))
    reporter = get_member(turn.session, difficulty.reported_by_id)
    if reporter.id != member.id:
        turn.push_to_member(reporter, f"difficulty:{difficulty.id}:event:{event.id}:reporter",
                            sentence(t.REPORTER_UPDATE.format(date=_local_date(turn, difficulty.created_at),
                                                              enterprise=difficulty.enterprise.name,
                                                              id=difficulty.id, event=what)), kind="notice")
    if difficulty.status.is_closed:
        _retire_sent_buttons(turn, difficulty)
    return difficulty, what


def _retire_sent_buttons(turn: Turn, difficulty: Difficulty) -> None:
    """Once an item is finished, the messages already sent about it (its alert, updates, reminders) lose its
    buttons where the channel can edit them, without waiting for someone to press one; the pressed message is
    changed by the press itself."""
    prefix = f"{DIFFICULTY_STEP}:{difficulty.id}:"
    pressed = (turn.incoming.chat_id, turn.incoming.message_id)
    edits = []
    for chat_id, message_id, payload in sent_messages_of(turn.session, key_prefix=f"difficulty:{difficulty.id}:"):
        buttons = [[Button.from_payload(b) for b in row] for row in payload.get("buttons", [])]
        if (chat_id, message_id) == pressed or not any((b.data or "").startswith(prefix) for row in buttons
                                                       for b in row):
            continue
        kept = [[b for b in row if not (b.data or "").startswith(prefix)] for row in buttons]
        edits.append(Reply(chat_id=chat_id, text="", buttons=[row for row in kept if row],
                           edit_message_id=message_id, buttons_only=True))
    if not edits:
        return

    async def retire(channel: Channel) -> None:
        capabilities = channel.capabilities
        if capabilities.edit:
            await channel.deliver([e for e in edits if e.chat_id.startswith(f"{capabilities.platform}:")])

    turn.later.append(retire)


STEP_FORMS = {
    status: router.form(Form(name=f"difficulty_{status.value}", title=title, schema=StatusChange, fields=fields,
                               save=partial(save_step, status), min_role=Role.coordinator))
    for status, (title, fields) in STEP_FIELDS.items()
}


@router.button("ks", role=Role.coordinator)
def start_step(turn: Turn) -> None:
    """A step button under an alert, an update, a reminder or a card. A step that needs no words (resolved) is
    recorded at once; the others open a small form in the coordinator's private chat, the item named and the
    recipient the member suggested filled in. A button whose step no longer fits (the item finished or moved
    on) says so, and the message loses the buttons that no longer fit where the channel can edit it."""
    difficulty_id, status = button_args(turn, record_id, DifficultyStatus)
    difficulty = get_difficulty(turn.session, difficulty_id)
    if status not in next_steps(difficulty.status):
        _keep_fitting_buttons(turn, difficulty)
        if difficulty.status.is_closed:
            turn.notify(t.CLOSED.format(id=difficulty.id, status=t.STATUS[difficulty.status.value]))
        elif status in STEP_ORDER:
            turn.notify(t.STEP_NO_LONGER_FITS.format(id=difficulty.id, status=t.STATUS[difficulty.status.value]))
        else:
            turn.notify(tc.STALE_ACTION)   # no button ever offered that
        return
    if status is DifficultyStatus.resolved:
        difficulty, what = _record_step(turn, difficulty.id, StatusChange(status=status))
        _keep_fitting_buttons(turn, difficulty)
        turn.notify(sentence(t.UPDATED.format(id=difficulty.id, enterprise=difficulty.enterprise.name,
                                              status=what)))
        return
    about = t.ABOUT.format(id=difficulty.id, enterprise=difficulty.enterprise.name,
                           description=_short(difficulty.description, 300))
    initial: dict[str, Any] = {"_difficulty_id": difficulty.id}
    if status is DifficultyStatus.forwarded and difficulty.status is DifficultyStatus.open:
        initial["forwarded_to"] = _suggested_recipient(turn, difficulty)
    start_form_privately(turn, STEP_FORMS[status], initial, preface=about)


def _suggested_recipient(turn: Turn, difficulty: Difficulty) -> str:
    """Where the member suggested sending it, as the forwarding form's answer (changed with «Sửa»)."""
    return difficulty.recipient_detail or turn.rules.recipient_label(difficulty.recipient)


def _keep_fitting_buttons(turn: Turn, difficulty: Difficulty) -> None:
    """The pressed message keeps its other buttons (a day's reminders carry several items') and this item's
    that still fit."""
    prefix = f"{DIFFICULTY_STEP}:{difficulty.id}:"
    fitting = {difficulty_step_data(difficulty.id, s.value) for s in next_steps(difficulty.status)}
    turn.replace_buttons(lambda b: not (b.data or "").startswith(prefix) or b.data in fitting)


def describe_event(turn: Turn, event: DifficultyEvent) -> str:
    status = event.status
    if status is DifficultyStatus.forwarded:
        date = t.DOCUMENT_DATE.format(date=event.document_date.strftime("%d/%m/%Y")) if event.document_date else ""
        return t.EVENT_FORWARDED.format(to=event.forwarded_to, number=event.document_number, date=date)
    if status is DifficultyStatus.answered:
        return t.EVENT_ANSWERED.format(answer=event.answer)
    if status is DifficultyStatus.resolved:
        return t.EVENT_RESOLVED_NOTE.format(note=event.answer) if event.answer else t.EVENT_RESOLVED
    if status is DifficultyStatus.declined:
        return t.EVENT_DECLINED.format(reason=event.reason)
    return t.EVENT_OPEN


# ---------------------------------------------------------------- the open items, by age and by recipient

@router.command("tondong", "open", role=Role.coordinator)
def open_items(turn: Turn) -> None:
    _show_open(turn, ALL, 0, edit=False)


@router.button("kl", role=Role.coordinator)
def open_items_page(turn: Turn) -> None:
    recipient, page = button_args(turn, str, page_number)
    if recipient != ALL and recipient not in {c.code for c in turn.rules.difficulty_recipients}:
        raise InvalidInput(tc.STALE_ACTION)
    _show_open(turn, recipient, page, edit=True)


def _show_open(turn: Turn, recipient: str, page: int, *, edit: bool) -> None:
    everything = open_difficulties(turn.session)   # oldest first: the longest waiting on top
    if not everything:
        (turn.edit if edit else turn.say)(t.OPEN_NONE)
        return
    shown_items = [d for d in everything if recipient == ALL or d.recipient == recipient]
    private = turn.incoming.is_private
    # In a group the items go by their field: what an enterprise said (and whom it names) is read privately.
    lines = [t.OPEN_LINE.format(index=i, id=d.id, age=_age(turn, d), recipient=_recipient(turn, d),
                                enterprise=d.enterprise.name, description=_short(d.description, 60),
                                status=t.STATUS[d.status.value]) if private else
             t.OPEN_LINE_IN_GROUP.format(index=i, id=d.id, age=_age(turn, d),
                                         recipient=turn.rules.recipient_label(d.recipient),
                                         enterprise=d.enterprise.name, category=turn.rules.category_label(d.category),
                                         status=t.STATUS[d.status.value])
             for i, d in enumerate(shown_items, 1)]
    lines, page, pages = paged(lines, page, PER_PAGE)
    on_page = shown_items[page * PER_PAGE:(page + 1) * PER_PAGE]
    counts = {c.code: sum(1 for d in everything if d.recipient == c.code) for c in turn.rules.difficulty_recipients}
    filter_label = t.OPEN_FILTER.format(recipient=turn.rules.recipient_label(recipient)) if recipient != ALL else ""
    text = "\n".join([
        t.OPEN_TITLE.format(count=len(shown_items), filter=filter_label),
        t.OPEN_BY_RECIPIENT.format(counts=", ".join(f"{turn.rules.recipient_label(code)} {count}"
                                                     for code, count in counts.items() if count)),
        "", *lines])
    rows = [[Button.option(f"#{d.id} {d.enterprise.name}"[:60], f"kk:{d.id}")] for d in on_page]
    rows += page_buttons(f"kl:{recipient}", page, pages)
    filters = [Button.option(f"{t.ALL} ({len(everything)})", f"kl:{ALL}:0")]
    filters += [Button.option(f"{turn.rules.recipient_label(code)} ({count})", f"kl:{code}:0")
                for code, count in counts.items() if count]
    rows += [filters[i:i + 3] for i in range(0, len(filters), 3)]
    if not private:
        text = f"{text}\n\n{t.OPEN_IN_GROUP_HINT}"
        link = turn.channel.private_link("go_tondong")
        if link:
            rows.append([Button.link(t.OPEN_PRIVATELY, link)])
    (turn.edit if edit else turn.say)(text, rows)


@router.button("kk", role=Role.coordinator)
def show_card(turn: Turn) -> None:
    """The card with the full texts: in place in the private chat; pressed in a group, sent privately."""
    (difficulty_id,) = button_args(turn, record_id)
    difficulty = get_difficulty(turn.session, difficulty_id)
    private = in_private(turn)
    if private is None:
        return
    if private is not turn:
        _say_card(private, difficulty, edit=False)
        turn.notify(t.CARD_SENT_PRIVATELY)
        return
    _say_card(turn, difficulty, edit=True)


def _say_card(turn: Turn, difficulty: Difficulty, *, edit: bool) -> None:
    history = "\n".join(
        t.HISTORY_LINE.format(date=_local_date(turn, e.at), event=describe_event(turn, e),
                              who=get_member(turn.session, e.by_id).full_name if e.by_id else "?")
        for e in difficulty.events)
    text = t.CARD.format(
        id=difficulty.id, enterprise=difficulty.enterprise.name, zone=_zone(difficulty),
        category=turn.rules.category_label(difficulty.category), recipient=_recipient(turn, difficulty),
        description=difficulty.description, proposal=difficulty.proposal or t.NO_PROPOSAL,
        status=t.STATUS[difficulty.status.value], age=_age(turn, difficulty), history=history)
    (turn.edit if edit else turn.say)(
        text, [*_step_buttons(difficulty), [Button.navigation(t.BACK_TO_LIST, f"kl:{ALL}:0", Nav.to_list)]])


# ---------------------------------------------------------------- small helpers

def _member(turn: Turn) -> Member:
    if turn.member is None:
        raise PermissionDenied(tc.UNREGISTERED.format(province=turn.body(PROVINCE)))
    return turn.member


def _zone(difficulty: Difficulty) -> str:
    zone = difficulty.enterprise.zone
    return f" (KCN {zone.name.removeprefix('KCN ')})" if zone else ""


def _recipient(turn: Turn, difficulty: Difficulty) -> str:
    label = turn.rules.recipient_label(difficulty.recipient)
    return f"{label}: {difficulty.recipient_detail}" if difficulty.recipient_detail else label


def _local_date(turn: Turn, moment: dt.datetime) -> str:
    return moment.astimezone(turn.services.clock.tz).strftime("%d/%m/%Y")


def _age(turn: Turn, difficulty: Difficulty) -> int:
    return (turn.today - difficulty.created_at.astimezone(turn.services.clock.tz).date()).days


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"
