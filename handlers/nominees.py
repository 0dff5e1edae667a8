"""Outstanding workers (quần chúng ưu tú): nominated with their consent, moved through the admission stages.

Political affiliation is sensitive personal data, so:
- the form opens with the consent wording (its version kept with the record); «Không đồng ý» saves nothing;
- names are shown to coordinators only, in their private chat, and only through `read_nominee` /
  `list_nominees`, which audit every read; members and group chats see counts and record numbers;
- a coordinator can erase a record's personal data on the person's request; stages and dates stay for counts.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from handlers.bodies import delegation_of
from handlers.button_ids import page_number, record_id
from handlers.conversation import Button, Later, Nav, Turn
from handlers.enterprise_field import enterprise_field
from handlers.forms import (
    ENGINE,
    AttachmentsField,
    ChoiceField,
    DateField,
    Field,
    Form,
    MultiField,
    NumberField,
    Option,
    TextField,
)
from handlers.organisations import alert_thresholds
from handlers.private_chat import in_private, start_form_privately
from handlers.record_answers import birth_date, document_number, person_name, show_date
from handlers.routing import Router, button_args, page_buttons, paged
from models.bodies import PROVINCE
from models.errors import ConsentRequired, InvalidInput, InvalidTransition, PermissionDenied, from_validation_error
from models.named_messages import subject
from models.nominees import (
    FILE_STEPS,
    WITH_CERTIFICATE_BEFORE_DECISION,
    AdmissionWarning,
    ConsentMethod,
    Education,
    IntroducerKind,
    Nominee,
    NomineeInput,
    Stage,
    StageChange,
    admission_warnings,
    age_warnings,
    age_window,
    allowed_moves,
    attach_signed_form,
    consent_form_record,
    erase_personal_data,
    keep_record,
    list_nominees,
    move_stage,
    nominate,
    nomination_warnings,
    nominee_counts,
    read_nominee,
)
from models.people import ChatPurpose, Member, Role, get_member
from reports.consent_form import ConsentForm, consent_points, write_consent_form
from texts import common as tc, forms as tf, nominees as t

router = Router("nominees")
PER_PAGE = 10
UNIONS = (Option("trade_union", t.UNION_TRADE), Option("youth_union", t.UNION_YOUTH))
ENDED = (Stage.official, Stage.stopped)


# ---------------------------------------------------------------- consent first

@router.command("ungvien", "nominee", private_only=True)
def start_nomination(turn: Turn) -> None:
    if ENGINE.has_draft(turn):
        ENGINE.start(turn, NOMINEE_FORM)   # says what is open and offers to continue or cancel it
        return
    _ask_consent(turn)


def consent_wording(turn: Turn) -> str:
    """What the worker is told before anything is recorded: the same points the printable form carries."""
    agreement, points = consent_points(delegation_of(turn), turn.rules.value("nominee_retention_months", turn.today))
    return t.CONSENT_WORDING.format(agreement=agreement, points="\n".join(points), version=t.CONSENT_VERSION)


def _ask_consent(turn: Turn) -> None:
    turn.say(consent_wording(turn), [
        [Button.option(t.CONSENT_YES, f"nc:y:{t.CONSENT_VERSION}")],
        [Button.option(t.CONSENT_SIGNED, f"nc:s:{t.CONSENT_VERSION}")],
        [Button.option(t.CONSENT_OTHER, f"nc:o:{t.CONSENT_VERSION}")],
        [Button.option(t.CONSENT_NO, f"nc:n:{t.CONSENT_VERSION}")],
    ])


CONSENT_ANSWERS = {"y": ConsentMethod.read_aloud, "s": ConsentMethod.signed_form, "o": ConsentMethod.other}


@router.button("nc")
def consent_answer(turn: Turn) -> None:
    answer, version = button_args(turn, str, str)
    member = _member(turn)
    if answer not in (*CONSENT_ANSWERS, "n") or not turn.incoming.is_private:
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
        ENGINE.start(turn, NOMINEE_FORM)
        return
    method = CONSENT_ANSWERS[answer]
    local = turn.now.astimezone(turn.services.clock.tz)
    turn.edit(t.CONSENT_GIVEN.format(time=local.strftime("%H:%M %d/%m/%Y"), version=version,
                                     how=t.CONSENT_METHOD[method.value], who=member.full_name))
    ENGINE.start(turn, NOMINEE_FORM, {"_consent_at": turn.now.isoformat(), "_consent_version": version,
                                           "_consent_method": method.value})


# ---------------------------------------------------------------- the nomination form

EDUCATION_OPTIONS = tuple(Option(level.value, t.EDUCATION[level.value]) for level in Education)


def _birth_date_with_warning(turn: Turn, text: str) -> str:
    """A date of birth; under or over the admission age is said at once (the chi bộ's meeting day is what
    counts, so it is never a refusal here)."""
    value = birth_date(turn, text)
    born = dt.date.fromisoformat(value)
    for warning in age_warnings(born, turn.today, turn.rules):
        turn.say(_age_warning(turn, warning, born))
    return value


def _age_warning(turn: Turn, warning: AdmissionWarning, born: dt.date) -> str:
    today = turn.today
    if warning is AdmissionWarning.under_age:
        start, _ = age_window(born, turn.rules, today)
        return t.AGE_UNDER.format(min_age=turn.rules.value("admission_min_age", today), date=_date(start))
    return t.AGE_OVER.format(max_age=turn.rules.value("admission_max_age", today))


def _show_education(_turn: Turn, value: str) -> str:
    return t.EDUCATION.get(value, value)


def _consent_given_otherwise(answers: dict[str, Any]) -> bool:
    return answers.get("_consent_method") == ConsentMethod.other.value


NOMINEE_FIELDS = (
    # Decree 13/2023, Art. 11: consent in a form that can be verified — another way than the two offered is said.
    TextField("consent_how", t.LABEL_CONSENT_HOW, t.ASK_CONSENT_HOW, min_length=10, max_length=1000,
              when=_consent_given_otherwise),
    enterprise_field(t.LABEL_ENTERPRISE, t.ASK_ENTERPRISE),
    TextField("full_name", t.LABEL_FULL_NAME, t.ASK_FULL_NAME, min_length=3, max_length=200,
              parse=person_name),
    TextField("date_of_birth", t.LABEL_BIRTH, t.ASK_BIRTH, max_length=40, parse=_birth_date_with_warning,
              show=show_date),
    TextField("position", t.LABEL_POSITION, t.ASK_POSITION, optional=True, max_length=200),
    MultiField("unions", t.LABEL_UNIONS, t.ASK_UNIONS, options=UNIONS,
               flags={"trade_union": "trade_union_member", "youth_union": "youth_union_member"}),
    ChoiceField("education", t.LABEL_EDUCATION, t.ASK_EDUCATION, optional=True, options=EDUCATION_OPTIONS,
                show=_show_education),
    TextField("reason", t.LABEL_REASON, t.ASK_REASON, min_length=3, max_length=2000),
)


def save_nomination(turn: Turn, answers: dict[str, Any]) -> None:
    member = _member(turn)
    if not answers.get("_consent_at") or not answers.get("_consent_version"):
        raise ConsentRequired(t.CONSENT_REFUSED)
    data = NOMINEE_FORM.to_input(answers, nominated_on=turn.today.isoformat(), consent={
        "granted": True, "given_at": answers["_consent_at"], "wording_version": answers["_consent_version"],
        "method": answers.get("_consent_method") or ConsentMethod.read_aloud.value,
        "how": answers.get("consent_how")})
    nominee = nominate(turn.session, data, by=member, rules=turn.rules)
    warnings = nomination_warnings(nominee, turn.rules, turn.today)
    assert nominee.date_of_birth is not None
    lines = [t.SAVED.format(id=nominee.id, enterprise=nominee.enterprise.name),
             *(_age_warning(turn, warning, nominee.date_of_birth) for warning in warnings), t.SAVED_SIGN_FORM]
    turn.say("\n".join(lines), _consent_buttons(nominee))
    turn.pressed_message_named(*_names(nominee))   # the summary «Lưu» was pressed on shows what was typed
    turn.typed_messages_named(*_names(nominee))     # and the name and birth date as typed
    # Named data never goes to a group: the coordinators' chat gets the number and a button to open it privately.
    alert = [t.COORDINATOR_NEW.format(id=nominee.id, enterprise=nominee.enterprise.name, who=member.full_name)]
    if AdmissionWarning.under_age in warnings:
        alert.append(t.COORDINATOR_NEW_UNDER_AGE.format(date=_date(nominee.age_eligible_from)))
    if AdmissionWarning.over_age in warnings:
        alert.append(t.COORDINATOR_NEW_OVER_AGE)
    turn.push(ChatPurpose.coordinators, f"nominee:{nominee.id}:new", "\n".join(alert),
              payload={"buttons": [[Button.option(t.VIEW, f"nv:{nominee.id}").as_payload()]], "ref": f"#{nominee.id}"})
    # The group is not told at once: right after the same member's visit notice, "one more nominee" points at
    # a workplace. It reads the totals in the weekly digest (and /dsungvien, /thongke).


NOMINEE_FORM = router.form(Form(name="nominee", title=t.TITLE, schema=NomineeInput, fields=NOMINEE_FIELDS,
                                  save=save_nomination))


# ---------------------------------------------------------------- counts for everyone, names for coordinators

@router.command("dsungvien", "nominees")
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
    shown = everyone[page * PER_PAGE:(page + 1) * PER_PAGE]
    rows = [[Button.option(f"#{n.id} {n.full_name or t.LIST_ERASED_NAME}"[:60], f"nv:{n.id}")] for n in shown]
    rows += page_buttons("nl", page, pages)
    (turn.edit if edit else turn.say)("\n".join([t.LIST_TITLE.format(count=len(everyone)), *lines]), rows,
                                      names=tuple(name for n in shown for name in _names(n)))


def _list_due(nominee: Nominee) -> str:
    if nominee.stage is Stage.decided and nominee.ceremony_due_on:
        return t.LIST_DUE_CEREMONY.format(date=_date(nominee.ceremony_due_on))
    if nominee.stage is Stage.admitted and nominee.probation_ends_on:
        return t.LIST_DUE_PROBATION.format(date=_date(nominee.probation_ends_on))
    if nominee.stage in WITH_CERTIFICATE_BEFORE_DECISION and nominee.certificate_expires_on:
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
        turn.edit(text, buttons, names=_names(nominee))
    else:
        private.say(text, buttons, names=_names(nominee))
        turn.notify(t.SENT_PRIVATELY)


def _names(nominee: Nominee) -> tuple[str, ...]:
    """What a message showing this record names (`Reply.names`): nothing once it is erased."""
    return (subject("nominee", nominee.id),) if nominee.full_name else ()


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
            education=t.EDUCATION[nominee.education.value] if nominee.education else t.UNKNOWN,
            position=nominee.position or t.UNKNOWN, enterprise=nominee.enterprise.name,
            unions=", ".join(unions) or (t.NO_UNION if known else t.UNKNOWN), reason=nominee.reason or t.UNKNOWN,
            stage=t.STAGE[nominee.stage.value], dates=dates, consent=_consents(turn, nominee),
            history="\n".join(t.HISTORY_LINE.format(date=_date(e.effective_on), stage=t.STAGE[e.stage.value],
                                                    note=f" — {e.note}" if e.note else "")
                              for e in nominee.events))
        if nominee.stage in ENDED:
            text += f"\n\n{t.PIPELINE_ENDED}"
    rows = [[Button.option(t.MOVE[stage.value], f"ns:{nominee.id}:{stage.value}")] for stage in allowed_moves(nominee)]
    if nominee.erased_at is None:
        rows += _consent_buttons(nominee)
        warn_days = turn.rules.value("nominee_retention_warn_days", turn.today)
        if nominee.erase_due_on and (nominee.erase_due_on - turn.today).days <= warn_days:
            rows.append([Button.option(t.KEEP, f"nk:{nominee.id}")])
        rows.append([Button.option(t.ERASE, f"nx:{nominee.id}")])
    rows.append([Button.navigation(t.BACK_TO_LIST, "nl:0", Nav.to_list)])
    return text, rows


def _consent_buttons(nominee: Nominee) -> list[list[Button]]:
    return [[Button.option(t.CONSENT_FORM_BUTTON, f"nf:{nominee.id}")],
            [Button.option(t.CONSENT_PHOTO_BUTTON, f"np:{nominee.id}")]]


def _due_dates(turn: Turn, nominee: Nominee) -> str:
    """The file's steps with their dates, and the dates the rules imply (stored by the model) with what they mean
    today."""
    today, rules, lines = turn.today, turn.rules, ""
    if nominee.certificate_date and nominee.certificate_expires_on:
        if nominee.stage in WITH_CERTIFICATE_BEFORE_DECISION and nominee.certificate_expires_on < today:
            lines += t.DUE_CERTIFICATE_EXPIRED.format(expires=_date(nominee.certificate_expires_on))
        else:
            lines += t.DUE_CERTIFICATE.format(issued=_date(nominee.certificate_date),
                                              expires=_date(nominee.certificate_expires_on))
        if nominee.stage in WITH_CERTIFICATE_BEFORE_DECISION:
            lines += t.DUE_FILE_BY.format(date=_date(nominee.certificate_expires_on))
    if nominee.stage in WITH_CERTIFICATE_BEFORE_DECISION or nominee.decided_on or nominee.stage in ENDED:
        lines += _file_steps(nominee)
    if nominee.stage in WITH_CERTIFICATE_BEFORE_DECISION and nominee.education is None and nominee.erased_at is None:
        lines += t.EDUCATION_UNKNOWN + "\n"
    if nominee.stage is Stage.decided and nominee.ceremony_due_on:
        received = nominee.decision_received_on or nominee.ceremony_due_on
        if nominee.ceremony_due_on < today:
            lines += t.DUE_CEREMONY_LATE.format(date=_date(nominee.ceremony_due_on))
        else:
            lines += t.DUE_CEREMONY.format(date=_date(nominee.ceremony_due_on),
                                           days=rules.value("admission_ceremony_working_days", received))
    if nominee.admitted_on and nominee.probation_ends_on:
        lines += t.DUE_PROBATION.format(admitted=_date(nominee.admitted_on), ends=_date(nominee.probation_ends_on),
                                        months=rules.value("probation_months", nominee.admitted_on))
        if nominee.stage is Stage.admitted and nominee.probation_ends_on <= today:
            lines += t.DUE_PROBATION_OVER.format(ends=_date(nominee.probation_ends_on))
        if nominee.stage is Stage.admitted and nominee.recognition_due_on:
            lines += t.DUE_RECOGNITION.format(
                date=_date(nominee.recognition_due_on),
                days=rules.value("recognition_working_days", nominee.probation_ends_on))
    if nominee.official_on:
        lines += t.DUE_OFFICIAL.format(on=_date(nominee.official_on),
                                       meeting=_date(nominee.recognition_considered_on or nominee.official_on))
        if (nominee.recognition_due_on and nominee.recognition_considered_on
                and nominee.recognition_considered_on > nominee.recognition_due_on):
            lines += t.DUE_OFFICIAL_LATE.format(due=_date(nominee.recognition_due_on))
    if nominee.stopped_on:
        lines += t.DUE_STOPPED.format(on=_date(nominee.stopped_on),
                                      reason=f" — {nominee.stopped_reason}" if nominee.stopped_reason else "")
    start, end = nominee.age_eligible_from, nominee.age_eligible_until
    if start and end and nominee.stage in (*_BEFORE_RESOLUTION,):
        lines += t.DUE_AGE.format(start=_date(start), end=_date(end))
        for warning in age_warnings(nominee.date_of_birth, today, rules):
            if nominee.date_of_birth is not None:
                lines += _age_warning(turn, warning, nominee.date_of_birth) + "\n"
    for warning in admission_warnings(nominee, rules):
        if warning is AdmissionWarning.over_age:
            lines += t.AGE_OVER.format(max_age=rules.value("admission_max_age", nominee.resolution_on)) + "\n"
        elif warning is AdmissionWarning.education_below:
            lines += t.EDUCATION_BELOW.format(
                grade=rules.value("admission_min_school_grade", nominee.resolution_on)) + "\n"
    if nominee.erase_due_on and nominee.erased_at is None:
        lines += t.DUE_ERASE.format(date=_date(nominee.erase_due_on))
    return lines


_BEFORE_RESOLUTION = tuple(stage for stage in Stage if stage not in (
    Stage.resolution_passed, Stage.decided, Stage.admitted, Stage.official, Stage.stopped))


def _file_steps(nominee: Nominee) -> str:
    """The file's steps: done with their date (and what each recorded), or still open."""
    lines = ""
    for step in FILE_STEPS:
        done = _step_date(nominee, step)
        if done is None:
            if nominee.stage not in (Stage.stopped, Stage.official):
                lines += t.FILE_STEP_OPEN.format(step=t.FILE_STEP[step.value])
            continue
        extra = ""
        if step is Stage.introducers_named and nominee.introducers:
            kind = t.INTRODUCER_KIND[(nominee.introducer_kind or IntroducerKind.two_members).value]
            extra = t.FILE_INTRODUCERS.format(kind=kind, names=nominee.introducers)
        elif step is Stage.resolution_passed and nominee.resolution_votes_for is not None:
            extra = t.FILE_VOTES.format(votes=nominee.resolution_votes_for, members=nominee.resolution_official_members)
        elif step is Stage.decided and nominee.committee_resolution_on is not None:
            lines += t.FILE_STEP_DONE.format(step=t.FILE_COMMITTEE, date=_date(nominee.committee_resolution_on),
                                             extra=t.FILE_COMMITTEE_VOTES.format(votes=nominee.committee_votes_for,
                                                                                 members=nominee.committee_members))
            extra = t.FILE_DECISION.format(number=nominee.decision_number, received=_date(nominee.decision_received_on))
        elif step is Stage.decided and nominee.decision_number:
            extra = t.FILE_DECISION.format(number=nominee.decision_number,
                                           received=_date(nominee.decision_received_on))
        lines += t.FILE_STEP_DONE.format(step=t.FILE_STEP[step.value], date=_date(done), extra=extra)
    return lines


def _step_date(nominee: Nominee, step: Stage) -> dt.date | None:
    return {Stage.application_filed: nominee.application_on, Stage.background_filed: nominee.background_on,
            Stage.introducers_named: nominee.introducers_named_on, Stage.background_verified: nominee.verified_on,
            Stage.resolution_passed: nominee.resolution_on, Stage.decided: nominee.decided_on,
            Stage.admitted: nominee.admitted_on, Stage.official: nominee.official_on}[step]


def _consent_way(consent: Any) -> str:
    way = t.CONSENT_METHOD[consent.method.value]
    return f"{way}: {consent.how}" if consent.method is ConsentMethod.other and consent.how else way


def _consents(turn: Turn, nominee: Nominee) -> str:
    parts = []
    for consent in nominee.consents:
        given = consent.given_at.astimezone(turn.services.clock.tz).strftime("%H:%M %d/%m/%Y")
        form = (t.CONSENT_FORM_ATTACHED.format(date=_date(_local_day(turn, consent.form_attached_at)))
                if consent.form_attached_at else t.CONSENT_FORM_MISSING)
        part = t.CONSENT_LINE.format(time=given, version=consent.wording_version,
                                     how=_consent_way(consent),
                                     who=get_member(turn.session, consent.taken_by_id).full_name, form=form)
        if consent.withdrawn_at:
            part += f" ({t.CONSENT_WITHDRAWN.format(date=_date(_local_day(turn, consent.withdrawn_at)))})"
        parts.append(part)
    return "; ".join(parts) or t.UNKNOWN


# ---------------------------------------------------------------- moving a record on

def _months_together(turn: Turn, _answers: dict[str, Any]) -> int:
    return turn.rules.value("introducer_min_months_together", turn.today)


def _tenure_options(turn: Turn, answers: dict[str, Any]) -> list[Option]:
    months = _months_together(turn, answers)
    return [Option(True, t.TENURE_YES.format(months=months)), Option(False, t.TENURE_NO.format(months=months))]


def _ask_tenure(turn: Turn, answers: dict[str, Any]) -> str:
    return t.ASK_INTRODUCERS_TENURE.format(months=_months_together(turn, answers))


def _ask_votes(turn: Turn, _answers: dict[str, Any]) -> str:
    share = turn.rules.share("admission_resolution_min_share", turn.today)
    return t.ASK_RESOLUTION_VOTES.format(numerator=share.numerator, denominator=share.denominator)


def _ask_committee_votes(turn: Turn, _answers: dict[str, Any]) -> str:
    share = turn.rules.share("admission_committee_min_share", turn.today)
    return t.ASK_COMMITTEE_VOTES.format(numerator=share.numerator, denominator=share.denominator)


def _committee_met(answers: dict[str, Any]) -> bool:
    return bool(answers.get("committee_on"))


def _ask_received(turn: Turn, _answers: dict[str, Any]) -> str:
    return t.ASK_DECISION_RECEIVED.format(days=turn.rules.value("admission_ceremony_working_days", turn.today))


def _ask_recognition(turn: Turn, _answers: dict[str, Any]) -> str:
    return t.ASK_OFFICIAL_DATE.format(months=turn.rules.value("probation_months", turn.today))


def _education_unknown(answers: dict[str, Any]) -> bool:
    return not answers.get("_education_known")


INTRODUCER_KINDS = tuple(Option(kind.value, t.INTRODUCER_KIND[kind.value]) for kind in IntroducerKind)


def _education_field(label_optional: bool) -> Field:
    return ChoiceField("education", t.LABEL_EDUCATION, t.ASK_EDUCATION, optional=label_optional,
                       options=EDUCATION_OPTIONS, show=_show_education, when=_education_unknown)


STAGE_FIELDS: dict[Stage, tuple[Field, ...]] = {
    Stage.class_registered: (
        DateField("effective_on", t.LABEL_DATE, t.ASK_CLASS_DATE, past_only=True),),
    Stage.class_completed: (
        DateField("certificate_date", t.LABEL_CERTIFICATE_DATE, t.ASK_CERTIFICATE_DATE, past_only=True),),
    Stage.application_filed: (
        DateField("effective_on", t.LABEL_DATE, t.ASK_APPLICATION_DATE, past_only=True),),
    Stage.background_filed: (
        DateField("effective_on", t.LABEL_DATE, t.ASK_BACKGROUND_DATE, past_only=True),
        _education_field(True)),
    Stage.introducers_named: (
        ChoiceField("introducer_kind", t.LABEL_INTRODUCER_KIND, t.ASK_INTRODUCER_KIND,
                    options=INTRODUCER_KINDS),
        TextField("introducers", t.LABEL_INTRODUCERS, t.ASK_INTRODUCERS, min_length=3, max_length=400),
        ChoiceField("introducers_tenure_ok", t.LABEL_INTRODUCERS_TENURE, "", options=_tenure_options,
                    ask=_ask_tenure),
        DateField("effective_on", t.LABEL_DATE, t.ASK_INTRODUCED_DATE, past_only=True)),
    Stage.background_verified: (
        DateField("effective_on", t.LABEL_DATE, t.ASK_VERIFIED_DATE, past_only=True),),
    Stage.resolution_passed: (
        DateField("effective_on", t.LABEL_MEETING_DATE, t.ASK_RESOLUTION_DATE, past_only=True),
        NumberField("official_members", t.LABEL_RESOLUTION_MEMBERS, t.ASK_RESOLUTION_MEMBERS),
        NumberField("votes_for", t.LABEL_RESOLUTION_VOTES, "", ask=_ask_votes),
        _education_field(True)),
    Stage.decided: (
        # A chi bộ under a đảng ủy cơ sở: that committee reviewed the resolution before the decision.
        DateField("committee_on", t.LABEL_COMMITTEE_DATE, t.ASK_COMMITTEE_DATE, optional=True, past_only=True),
        NumberField("committee_members", t.LABEL_COMMITTEE_MEMBERS, t.ASK_COMMITTEE_MEMBERS,
                    when=_committee_met),
        NumberField("committee_votes_for", t.LABEL_COMMITTEE_VOTES, "", ask=_ask_committee_votes,
                    when=_committee_met),
        TextField("decision_number", t.LABEL_DECISION_NUMBER, t.ASK_DECISION_NUMBER, max_length=100,
                  parse=document_number),
        DateField("effective_on", t.LABEL_DECISION_DATE, t.ASK_DECISION_DATE, past_only=True),
        DateField("received_on", t.LABEL_DECISION_RECEIVED, "", past_only=True, ask=_ask_received)),
    Stage.admitted: (
        DateField("effective_on", t.LABEL_CEREMONY_DATE, t.ASK_CEREMONY_DATE, past_only=True),),
    Stage.official: (
        DateField("effective_on", t.LABEL_MEETING_DATE, "", past_only=True, ask=_ask_recognition),),
    Stage.stopped: (
        TextField("reason", t.LABEL_STOP_REASON, t.ASK_STOP_REASON, min_length=3, max_length=2000),
        DateField("effective_on", t.LABEL_DATE, t.ASK_STOP_DATE, past_only=True)),
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
    turn.pressed_message_named(*_names(nominee))   # its summary (introducers' names, notes) goes with an erasure
    turn.say(t.MOVED.format(id=nominee.id, stage=t.STAGE[stage.value]))
    text, buttons = _card(turn, nominee)
    turn.say(text, buttons, names=_names(nominee))
    turn.push(ChatPurpose.coordinators, f"nominee:{nominee.id}:stage:{stage.value}",
              t.COORDINATOR_MOVED.format(id=nominee.id, enterprise=nominee.enterprise.name,
                                         stage=t.STAGE[stage.value], who=member.full_name), kind="notice")
    if stage in (Stage.admitted, Stage.official, Stage.stopped):
        alert_thresholds(turn, nominee.enterprise)   # the enterprise's counts changed


STAGE_FORMS = {
    stage: router.form(Form(name=f"nominee_{stage.value}", title=t.STAGE_TITLES[stage.value], schema=StageChange,
                              fields=fields, save=partial(save_stage, stage), min_role=Role.coordinator))
    for stage, fields in STAGE_FIELDS.items()
}


@router.button("ns", role=Role.coordinator)
def start_stage(turn: Turn) -> None:
    nominee_id, stage = button_args(turn, record_id, Stage)
    _require_private(turn)
    nominee = read_nominee(turn.session, nominee_id, by=_member(turn))   # audited: the preface names the person
    if stage not in allowed_moves(nominee) or stage not in STAGE_FORMS:
        raise InvalidTransition(tc.STALE_ACTION)
    preface = t.ABOUT.format(id=nominee.id, name=nominee.full_name or t.LIST_ERASED_NAME,
                             enterprise=nominee.enterprise.name)
    start_form_privately(turn, STAGE_FORMS[stage],
                         {"_nominee_id": nominee.id, "_education_known": nominee.education is not None},
                         preface=preface, moved_notice=t.CONTINUE_PRIVATELY, names=_names(nominee))


@router.button("nk", role=Role.coordinator)
def keep(turn: Turn) -> None:
    """«Giữ hồ sơ»: the coordinator still follows this record; its retention period starts again today."""
    (nominee_id,) = button_args(turn, record_id)
    _require_private(turn)
    nominee = keep_record(turn.session, nominee_id, by=_member(turn), today=turn.today, rules=turn.rules)
    turn.notify(t.KEPT.format(id=nominee.id, date=_date(nominee.erase_due_on)))
    text, buttons = _card(turn, nominee)
    turn.edit(text, buttons, names=_names(nominee))


# ---------------------------------------------------------------- the consent form: printed, signed, its photo kept

@router.button("nf")
def consent_form(turn: Turn) -> None:
    """The printable consent form (DOCX) for the worker to sign: to whoever nominated them, or a coordinator."""
    (nominee_id,) = button_args(turn, record_id)
    _require_private(turn)
    if not turn.channel.documents and not turn.channel.files_elsewhere:
        turn.say(t.CONSENT_NO_DOCUMENTS)
        return
    member = _member(turn)
    nominee = consent_form_record(turn.session, nominee_id, by=member)   # audited
    assert nominee.full_name is not None
    folder = Path(tempfile.mkdtemp(prefix="consent-"))
    path = write_consent_form(ConsentForm(
        record_id=nominee.id, full_name=nominee.full_name, date_of_birth=nominee.date_of_birth,
        position=nominee.position, enterprise=nominee.enterprise.name, processor=delegation_of(turn),
        retention_months=turn.rules.value("nominee_retention_months", turn.today),
        version=nominee.consents[-1].wording_version if nominee.consents else t.CONSENT_VERSION,
        member=member.full_name), folder / t.CONSENT_FORM_FILE.format(id=nominee.id))
    # Where the file goes another way (Zalo: the member's Telegram, a download link), the message saying so takes
    # the place of the card's list there, so it offers the next step itself.
    next_step = [] if turn.channel.documents else [[Button.option(t.CONSENT_PHOTO_BUTTON, f"np:{nominee.id}")]]
    turn.say(t.CONSENT_FORM_SENT.format(id=nominee.id, photo=t.CONSENT_PHOTO_BUTTON), next_step,
             document_path=str(path), document_name=path.name, names=_names(nominee))
    turn.later.append(_remove_after_sending(folder))


def _remove_after_sending(folder: Path) -> Later:
    async def remove(_channel: object) -> None:
        shutil.rmtree(folder, ignore_errors=True)
    return remove


@router.button("np")
def consent_photo(turn: Turn) -> None:
    (nominee_id,) = button_args(turn, record_id)
    _require_private(turn)
    consent_form_record(turn.session, nominee_id, by=_member(turn))   # who may: checked and audited
    ENGINE.start(turn, CONSENT_PHOTO_FORM, {"_nominee_id": nominee_id})


def save_consent_photo(turn: Turn, answers: dict[str, Any]) -> None:
    photos = (answers.get("photo") or {}).get("photos") or []
    if not photos:
        raise InvalidInput(t.CONSENT_PHOTO_NEEDED)
    nominee_id = int(answers["_nominee_id"])
    attach_signed_form(turn.session, nominee_id, photos[0], by=_member(turn), now=turn.now)
    turn.say(t.CONSENT_PHOTO_SAVED.format(id=nominee_id))


class _SignedFormPhoto(BaseModel):
    """The consent photo form checks nothing per answer: its one answer is photos (`attach_signed_form` saves)."""


CONSENT_PHOTO_FORM = router.form(Form(
    name="nominee_consent_photo", title=t.CONSENT_PHOTO_TITLE, schema=_SignedFormPhoto, save=save_consent_photo,
    fields=(AttachmentsField("photo", t.CONSENT_PHOTO_LABEL, t.CONSENT_PHOTO_ASK, accept_photos=True),)))


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
    turn.pressed_message_unnamed()   # the card becomes «erased» and stays; every other that named them goes
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
