"""Outstanding workers (quần chúng ưu tú): nominated with their consent, moved through the admission stages.

Political affiliation is sensitive personal data, so:
- the form opens with the consent wording (its version kept with the record); «Không đồng ý» saves nothing;
- names are shown to coordinators only, in their private chat, and only through `read_nominee` /
  `list_nominees`, which audit every read; members and group chats see counts and record numbers;
- a coordinator can erase a record's personal data on the person's request; stages and dates stay for counts.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from pydantic import ValidationError

from handlers.conversation import Button, Nav, Turn
from handlers.enterprise_field import enterprise_field
from handlers.forms import ENGINE, Field, Form, Kind, Option, register_form
from handlers.private_chat import in_private, start_form_privately
from handlers.record_answers import birth_date, document_number, person_name, show_date
from handlers.button_ids import page_number, record_id
from handlers.routing import Router, button_args, page_buttons, paged
from models.bodies import PROVINCE
from models.errors import ConsentRequired, InvalidInput, InvalidTransition, PermissionDenied, from_validation_error
from models.nominees import (
    Nominee, NomineeInput, Stage, StageChange, erase_personal_data, list_nominees, move_stage, next_stage, nominate,
    nominee_counts, parse_nominee, read_nominee,
)
from models.people import ChatPurpose, Member, Role, get_member
from texts import common as tc
from texts import forms as tf
from texts import nominees as t

router = Router("nominees")
PER_PAGE = 10
UNIONS = (Option("trade_union", t.UNION_TRADE), Option("youth_union", t.UNION_YOUTH))
ENDED = (Stage.official, Stage.stopped)


# ---------------------------------------------------------------- consent first

@router.command("ungvien", "nominee", private_only=True, vi="Giới thiệu quần chúng ưu tú (cần người lao động đồng ý)",
                en="Nominate an outstanding worker (with their consent)")
def start_nomination(turn: Turn) -> None:
    if ENGINE.has_draft(turn):
        ENGINE.start(turn, NOMINEE_FORM.name)   # says what is open and offers to continue or cancel it
        return
    _ask_consent(turn)


def _ask_consent(turn: Turn) -> None:
    turn.say(turn.with_names(t.CONSENT_WORDING).format(version=t.CONSENT_VERSION), [
        [Button.option(t.CONSENT_YES, f"nc:y:{t.CONSENT_VERSION}")],
        [Button.option(t.CONSENT_NO, f"nc:n:{t.CONSENT_VERSION}")],
    ])


@router.button("nc")
def consent_answer(turn: Turn) -> None:
    answer, version = button_args(turn, str, str)
    member = _member(turn)
    if answer not in ("y", "n") or not turn.incoming.is_private:
        raise InvalidInput(tc.STALE_ACTION)
    if answer == "n":
        turn.edit(t.CONSENT_REFUSED)
        return
    if version != t.CONSENT_VERSION:
        # The wording changed after it was shown: consent counts only for the wording actually read.
        turn.edit(t.CONSENT_OUTDATED)
        _ask_consent(turn)
        return
    if ENGINE.has_draft(turn):
        ENGINE.start(turn, NOMINEE_FORM.name)
        return
    local = turn.now.astimezone(turn.services.clock.tz)
    turn.edit(t.CONSENT_GIVEN.format(time=local.strftime("%H:%M %d/%m/%Y"), version=version, who=member.full_name))
    ENGINE.start(turn, NOMINEE_FORM.name, {"_consent_at": turn.now.isoformat(), "_consent_version": version})


# ---------------------------------------------------------------- the nomination form

NOMINEE_FIELDS = (
    enterprise_field(t.LABEL_ENTERPRISE, t.ASK_ENTERPRISE),
    Field("full_name", t.LABEL_FULL_NAME, t.ASK_FULL_NAME, Kind.text, min_length=3, max_length=200,
          parse=person_name),
    Field("date_of_birth", t.LABEL_BIRTH, t.ASK_BIRTH, Kind.text, max_length=40, parse=birth_date, show=show_date),
    Field("position", t.LABEL_POSITION, t.ASK_POSITION, Kind.text, optional=True, max_length=200),
    Field("unions", t.LABEL_UNIONS, t.ASK_UNIONS, Kind.multi, options=UNIONS),
    Field("reason", t.LABEL_REASON, t.ASK_REASON, Kind.text, min_length=3, max_length=2000),
)


def save_nomination(turn: Turn, answers: dict[str, Any]) -> None:
    member = _member(turn)
    if not answers.get("_consent_at") or not answers.get("_consent_version"):
        raise ConsentRequired(t.CONSENT_REFUSED)
    unions = answers.get("unions") or []
    data = parse_nominee({
        "enterprise_id": answers["enterprise_id"], "full_name": answers["full_name"],
        "date_of_birth": answers["date_of_birth"], "position": answers.get("position"),
        "trade_union_member": "trade_union" in unions, "youth_union_member": "youth_union" in unions,
        "reason": answers.get("reason"),
        "consent": {"granted": True, "given_at": answers["_consent_at"],
                    "wording_version": answers["_consent_version"]},
        "nominated_on": turn.today.isoformat(),
    })
    nominee = nominate(turn.session, data, by=member, rules=turn.rules)
    lines = [t.SAVED.format(id=nominee.id, enterprise=nominee.enterprise.name)]
    if nominee.age_eligible_from and nominee.age_eligible_from > turn.today:
        lines.append(t.SAVED_AGE_LATER.format(min_age=turn.rules.value("admission_min_age", turn.today),
                                              date=_date(nominee.age_eligible_from)))
    turn.say("\n".join(lines))
    # Named data never goes to a group: the coordinators' chat gets the number and a button to open it privately.
    turn.push(ChatPurpose.coordinators, f"nominee:{nominee.id}:new",
              t.COORDINATOR_NEW.format(id=nominee.id, enterprise=nominee.enterprise.name, who=member.full_name),
              payload={"buttons": [[Button.option(t.VIEW, f"nv:{nominee.id}").as_payload()]], "ref": f"#{nominee.id}"})
    # The group is not told at once: right after the same member's visit notice, "one more nominee" points at
    # a workplace. It reads the totals in the weekly digest (and /dsungvien, /thongke).


NOMINEE_FORM = register_form(Form(name="nominee", title=t.TITLE, schema=NomineeInput, fields=NOMINEE_FIELDS,
                                  save=save_nomination))


# ---------------------------------------------------------------- counts for everyone, names for coordinators

@router.command("dsungvien", "nominees", vi="Quần chúng ưu tú: số liệu theo từng bước",
                en="Outstanding workers: counts by stage")
def nominees(turn: Turn) -> None:
    member = _member(turn)
    if member.has_role(Role.coordinator) and turn.incoming.is_private:
        _show_list(turn, 0, edit=False)
        return
    counts = nominee_counts(turn.session)
    lines = [t.COUNTS_TITLE.format(total=sum(counts.values()))]
    lines += [t.COUNTS_LINE.format(stage=t.STAGE[stage.value], count=counts[stage]) for stage in Stage if counts[stage]]
    if member.has_role(Role.coordinator):
        lines += ["", t.COUNTS_NAMES_HINT]
    turn.say("\n".join(lines))


@router.button("nl", role=Role.coordinator)
def nominees_page(turn: Turn) -> None:
    (page,) = button_args(turn, page_number)
    _require_private(turn)
    _show_list(turn, page, edit=True)


def _show_list(turn: Turn, page: int, *, edit: bool) -> None:
    everyone = list_nominees(turn.session, by=_member(turn))   # audited
    if not everyone:
        (turn.edit if edit else turn.say)(t.LIST_EMPTY)
        return
    lines = [t.LIST_LINE.format(index=i, id=n.id, name=n.full_name or t.LIST_ERASED_NAME,
                                enterprise=n.enterprise.name, stage=t.STAGE[n.stage.value], due=_list_due(n))
             for i, n in enumerate(everyone, 1)]
    lines, page, pages = paged(lines, page, PER_PAGE)
    rows = [[Button.option(f"#{n.id} {n.full_name or t.LIST_ERASED_NAME}"[:60], f"nv:{n.id}")]
            for n in everyone[page * PER_PAGE:(page + 1) * PER_PAGE]]
    rows += page_buttons("nl", page, pages)
    (turn.edit if edit else turn.say)("\n".join([t.LIST_TITLE.format(count=len(everyone)), *lines]), rows)


def _list_due(nominee: Nominee) -> str:
    if nominee.stage is Stage.admitted and nominee.probation_ends_on:
        return t.LIST_DUE_PROBATION.format(date=_date(nominee.probation_ends_on))
    if nominee.stage in (Stage.class_completed, Stage.introducers_named) and nominee.certificate_expires_on:
        return t.LIST_DUE_CERTIFICATE.format(date=_date(nominee.certificate_expires_on))
    return ""


@router.button("nv", role=Role.coordinator)
def view_nominee(turn: Turn) -> None:
    """The card: from the list (edited in place) or from an alert in the coordinators' chat (sent privately)."""
    (nominee_id,) = button_args(turn, record_id)
    private = in_private(turn)
    if private is None:
        return
    nominee = read_nominee(turn.session, nominee_id, by=_member(turn))   # audited
    text, buttons = _card(turn, nominee)
    if private is turn:
        turn.edit(text, buttons)
    else:
        private.say(text, buttons)
        turn.notify(t.SENT_PRIVATELY)


def _card(turn: Turn, nominee: Nominee) -> tuple[str, list[list[Button]]]:
    dates = _due_dates(turn, nominee)
    if nominee.erased_at is not None:
        text = t.CARD_ERASED.format(id=nominee.id, erased=_date(_local_day(turn, nominee.erased_at)),
                                    enterprise=nominee.enterprise.name, stage=t.STAGE[nominee.stage.value],
                                    dates=dates)
    else:
        unions = [label for flag, label in ((nominee.trade_union_member, t.UNION_TRADE),
                                            (nominee.youth_union_member, t.UNION_YOUTH)) if flag]
        known = nominee.trade_union_member is not None or nominee.youth_union_member is not None
        text = t.CARD.format(
            id=nominee.id, name=nominee.full_name, birth=_date(nominee.date_of_birth),
            position=nominee.position or t.UNKNOWN, enterprise=nominee.enterprise.name,
            unions=", ".join(unions) or (t.NO_UNION if known else t.UNKNOWN), reason=nominee.reason or t.UNKNOWN,
            stage=t.STAGE[nominee.stage.value], dates=dates, consent=_consents(turn, nominee),
            history="\n".join(t.HISTORY_LINE.format(date=_date(e.effective_on), stage=t.STAGE[e.stage.value],
                                                    note=f" — {e.note}" if e.note else "")
                              for e in nominee.events))
        if nominee.stage in ENDED:
            text += f"\n\n{t.PIPELINE_ENDED}"
    rows = [[Button.option(t.MOVE[stage.value], f"ns:{nominee.id}:{stage.value}")] for stage in _moves(nominee)]
    if nominee.erased_at is None:
        rows.append([Button.option(t.ERASE, f"nx:{nominee.id}")])
    rows.append([Button.navigation(t.BACK_TO_LIST, "nl:0", Nav.to_list)])
    return text, rows


def _due_dates(turn: Turn, nominee: Nominee) -> str:
    """The dates the rules imply (stored by the model), and what they mean today."""
    today, lines = turn.today, ""
    if nominee.certificate_date and nominee.certificate_expires_on:
        if nominee.stage in (Stage.class_completed, Stage.introducers_named) and nominee.certificate_expires_on < today:
            lines += t.DUE_CERTIFICATE_EXPIRED.format(expires=_date(nominee.certificate_expires_on))
        else:
            lines += t.DUE_CERTIFICATE.format(issued=_date(nominee.certificate_date),
                                              expires=_date(nominee.certificate_expires_on))
    if nominee.admitted_on and nominee.probation_ends_on:
        decision = t.DUE_DECISION.format(number=nominee.decision_number) if nominee.decision_number else ""
        lines += t.DUE_PROBATION.format(admitted=_date(nominee.admitted_on), decision=decision,
                                        ends=_date(nominee.probation_ends_on))
        if nominee.stage is Stage.admitted and nominee.probation_ends_on <= today:
            lines += t.DUE_PROBATION_OVER.format(ends=_date(nominee.probation_ends_on))
    if nominee.official_on:
        lines += t.DUE_OFFICIAL.format(on=_date(nominee.official_on))
    if nominee.stopped_on:
        lines += t.DUE_STOPPED.format(on=_date(nominee.stopped_on),
                                      reason=f" — {nominee.stopped_reason}" if nominee.stopped_reason else "")
    start, end = nominee.age_eligible_from, nominee.age_eligible_until
    if start and end and nominee.stage not in (Stage.admitted, *ENDED):
        if today < start:
            lines += t.DUE_AGE_NOT_YET.format(min_age=turn.rules.value("admission_min_age", today), start=_date(start))
        elif today > end:
            lines += t.DUE_AGE_PASSED.format(end=_date(end))
        else:
            lines += t.DUE_AGE.format(start=_date(start), end=_date(end))
    return lines


def _consents(turn: Turn, nominee: Nominee) -> str:
    parts = []
    for consent in nominee.consents:
        given = consent.given_at.astimezone(turn.services.clock.tz).strftime("%H:%M %d/%m/%Y")
        part = t.CONSENT_LINE.format(time=given, version=consent.wording_version,
                                     who=get_member(turn.session, consent.taken_by_id).full_name)
        if consent.withdrawn_at:
            part += f" ({t.CONSENT_WITHDRAWN.format(date=_date(_local_day(turn, consent.withdrawn_at)))})"
        parts.append(part)
    return "; ".join(parts) or t.UNKNOWN


def _moves(nominee: Nominee) -> list[Stage]:
    """The stages a coordinator may move the record to now: the next one, or stop."""
    if nominee.stage in ENDED:
        return []
    following = next_stage(nominee.stage)
    return ([following] if following and nominee.erased_at is None else []) + [Stage.stopped]


# ---------------------------------------------------------------- moving a record on

STAGE_FIELDS: dict[Stage, tuple[Field, ...]] = {
    Stage.class_registered: (
        Field("effective_on", t.LABEL_DATE, t.ASK_CLASS_DATE, Kind.date, past_only=True),),
    Stage.class_completed: (
        Field("certificate_date", t.LABEL_CERTIFICATE_DATE, t.ASK_CERTIFICATE_DATE, Kind.date, past_only=True),),
    Stage.introducers_named: (
        Field("introducers", t.LABEL_INTRODUCERS, t.ASK_INTRODUCERS, Kind.text, min_length=3, max_length=400),
        Field("introducers_tenure_ok", t.LABEL_INTRODUCERS_TENURE, t.ASK_INTRODUCERS_TENURE, Kind.choice,
              options=(Option(True, t.TENURE_YES), Option(False, t.TENURE_NO))),
        Field("effective_on", t.LABEL_DATE, t.ASK_INTRODUCED_DATE, Kind.date, past_only=True)),
    Stage.admitted: (
        Field("decision_number", t.LABEL_DECISION_NUMBER, t.ASK_DECISION_NUMBER, Kind.text, max_length=100,
              parse=document_number),
        Field("effective_on", t.LABEL_DECISION_DATE, t.ASK_DECISION_DATE, Kind.date, past_only=True)),
    Stage.official: (
        Field("effective_on", t.LABEL_DATE, t.ASK_OFFICIAL_DATE, Kind.date, past_only=True),),
    Stage.stopped: (
        Field("reason", t.LABEL_STOP_REASON, t.ASK_STOP_REASON, Kind.text, min_length=3, max_length=2000),
        Field("effective_on", t.LABEL_DATE, t.ASK_STOP_DATE, Kind.date, past_only=True)),
}


def save_stage(stage: Stage, turn: Turn, answers: dict[str, Any]) -> None:
    member = _member(turn)
    try:
        change = StageChange.model_validate({
            "stage": stage.value,
            # The certificate's date is the day the class was completed.
            "effective_on": answers.get("effective_on") or answers.get("certificate_date"),
            **{k: v for k, v in answers.items() if not k.startswith("_") and k != "effective_on"},
        })
    except ValidationError as exc:
        raise from_validation_error(exc) from None
    nominee = move_stage(turn.session, int(answers["_nominee_id"]), change, by=member, rules=turn.rules)
    turn.say(t.MOVED.format(id=nominee.id, stage=t.STAGE[stage.value]))
    text, buttons = _card(turn, nominee)
    turn.say(text, buttons)
    turn.push(ChatPurpose.coordinators, f"nominee:{nominee.id}:stage:{stage.value}",
              t.COORDINATOR_MOVED.format(id=nominee.id, enterprise=nominee.enterprise.name,
                                         stage=t.STAGE[stage.value], who=member.full_name), kind="notice")


STAGE_FORMS = {
    stage: register_form(Form(name=f"nominee_{stage.value}", title=t.STAGE_TITLES[stage.value], schema=StageChange,
                              fields=fields, save=partial(save_stage, stage), min_role=Role.coordinator))
    for stage, fields in STAGE_FIELDS.items()
}


@router.button("ns", role=Role.coordinator)
def start_stage(turn: Turn) -> None:
    nominee_id, stage = button_args(turn, record_id, Stage)
    _require_private(turn)
    nominee = read_nominee(turn.session, nominee_id, by=_member(turn))   # audited: the preface names the person
    if stage not in _moves(nominee) or stage not in STAGE_FORMS:
        raise InvalidTransition(tc.STALE_ACTION)
    preface = t.ABOUT.format(id=nominee.id, name=nominee.full_name or t.LIST_ERASED_NAME,
                             enterprise=nominee.enterprise.name)
    start_form_privately(turn, STAGE_FORMS[stage].name, {"_nominee_id": nominee.id}, preface=preface,
                         moved_notice=t.CONTINUE_PRIVATELY)


# ---------------------------------------------------------------- erasure on request

@router.button("nx", role=Role.coordinator)
def ask_erase(turn: Turn) -> None:
    (nominee_id,) = button_args(turn, record_id)
    _require_private(turn)
    nominee = read_nominee(turn.session, nominee_id, by=_member(turn))
    if nominee.erased_at is not None:
        turn.edit(t.ALREADY_ERASED.format(id=nominee.id))
        return
    turn.edit(t.ERASE_CONFIRM.format(id=nominee.id), [[Button.option(t.ERASE_YES, f"ny:{nominee.id}"),
                                                       Button.option(t.ERASE_NO, f"nv:{nominee.id}")]])


@router.button("ny", role=Role.coordinator)
def erase(turn: Turn) -> None:
    (nominee_id,) = button_args(turn, record_id)
    _require_private(turn)
    member = _member(turn)
    nominee = read_nominee(turn.session, nominee_id, by=member)
    if nominee.erased_at is not None:
        turn.edit(t.ALREADY_ERASED.format(id=nominee.id))
        return
    erase_personal_data(turn.session, nominee_id, by=member, now=turn.now)
    turn.edit(t.ERASED.format(id=nominee.id), [[Button.navigation(t.BACK_TO_LIST, "nl:0", Nav.to_list)]])
    turn.push(ChatPurpose.coordinators, f"nominee:{nominee.id}:erased",
              t.COORDINATOR_ERASED.format(id=nominee.id, enterprise=nominee.enterprise.name, who=member.full_name),
              kind="notice")


# ---------------------------------------------------------------- small helpers

def _member(turn: Turn) -> Member:
    if turn.member is None:
        raise PermissionDenied(tc.UNREGISTERED.format(province=turn.body(PROVINCE)))
    return turn.member


def _require_private(turn: Turn) -> None:
    """Named records are opened in a private chat only (a forged button in a group gets nothing)."""
    if not turn.incoming.is_private:
        raise PermissionDenied(tf.PRIVATE_ONLY)


def _date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else t.UNKNOWN


def _local_day(turn: Turn, moment: dt.datetime) -> dt.date:
    return moment.astimezone(turn.services.clock.tz).date()
