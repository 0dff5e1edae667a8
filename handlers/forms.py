"""The form engine: declarative forms whose drafts live in the database, driven the same way for every form.

A form is its domain input schema (pydantic) plus its questions, each a field of the kind of answer it takes
(`ChoiceField`, `TextField`, `DateField`, …, holding only what means something for that kind). Every
answer is checked as it arrives — by the kind's parser and by the schema's own constraints for that field —
and a refused answer gets the reason and the same question again. `/quaylai`, `/boqua`, `/huy`, the summary
with «Lưu» / «Sửa», and stale buttons behave the same in every form. Buttons carry the draft's nonce and
the index of the option, so callback data stays short and an old button is recognised as old. Each button
says what it is for (`Button.option` for an answer, `Button.navigation` for moving around), so a channel
without buttons can number the options and offer the rest as words; where the channel cannot edit a message,
an answered question is not changed in place: the next message says what was chosen.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import KW_ONLY, dataclass
from functools import lru_cache
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from handlers.answers import AnswerError, check_date, clean_text, parse_coordinates, parse_counts, parse_date, parse_int
from handlers.conversation import Button, InputKind, Nav, Reply, Turn
from handlers.form_buttons import FormAction, FormButton, claimed_by_forms
from handlers.routing import open_private_chat
from models.conversation import Draft, delete_draft, discard_draft, load_draft, save_draft
from models.errors import DomainError, PermissionDenied, from_validation_error
from models.people import Member, Role
from texts import forms as t
from texts.format import number

MAX_PHOTOS = 10
DETAILS_OPENED = "_details"
CANCEL_ASKED = "cancel_asked"   # in a draft's context: /huy asked once whether to throw the answers away
OTHER_DAY = "other"             # the date question's «Ngày khác»: type the day


@dataclass(frozen=True)
class Option:
    value: Any                 # JSON-serialisable
    label: str


OptionSource = Sequence[Option] | Callable[[Turn, dict[str, Any]], Sequence[Option]]


@dataclass(frozen=True)
class Field:
    """A question of a form: what every kind of answer has. The kinds are the subclasses below; each holds
    only what means something for it."""

    name: str
    label: str                 # short: the summary and the «Sửa» menu
    question: str
    _: KW_ONLY
    optional: bool = False
    when: Callable[[dict[str, Any]], bool] | None = None   # asked only when this holds
    show: Callable[[Turn, Any], str] | None = None         # how the summary shows the value
    detail: bool = False   # asked only after «Bổ sung chi tiết» on the summary: keeps the quick path short
    # The question worded at the time it is asked, for numbers that come from the rules in force ("12 tháng").
    ask: Callable[[Turn, dict[str, Any]], str] | None = None
    # Editing a record: the answer as the record holds it, where that is not the record's attribute of the same
    # name (see `value_of`).
    value_from: Callable[[Any], Any] | None = None

    def question_for(self, turn: Turn, answers: dict[str, Any]) -> str:
        return self.ask(turn, answers) if self.ask is not None else self.question

    def visible(self, answers: dict[str, Any]) -> bool:
        if self.detail and not answers.get(DETAILS_OPENED):
            return False
        return self.when is None or self.when(answers)

    def checked_by(self, schema: type[BaseModel]) -> tuple[str, ...]:
        """The schema fields whose constraints this answer must meet (one per value it holds)."""
        return (self.name,) if self.name in schema.model_fields else ()

    def label_of(self, index: int) -> str:
        """What the `index`-th of the values checked is called in a refusal."""
        return self.label

    def shown(self, turn: Turn, value: Any) -> str:
        """The value in the summary, when the field says nothing else (`show`)."""
        if isinstance(value, bool):
            return t.YES if value else t.NO
        return str(value)

    def to_schema(self, value: Any) -> dict[str, Any]:
        """The schema's fields this answer fills (`Form.to_input`): by default the one of the same name."""
        return {self.name: value}

    def value_of(self, record: Any) -> Any:
        """The answer as `record` holds it (`Form.answers_from`), as a draft keeps it (JSON)."""
        if self.value_from is not None:
            return self.value_from(record)
        return _as_answer(getattr(record, self.name, None))


@dataclass(frozen=True)
class ChoiceField(Field):
    """One of the options: a button each, or typed as the option's number or label."""

    options: OptionSource = ()

    def shown(self, turn: Turn, value: Any) -> str:
        return _option_labels(self.options, value) if not isinstance(value, bool) else super().shown(turn, value)


@dataclass(frozen=True)
class MultiField(Field):
    """Several of the options, ticked one by one, then «Xong»; a page of `page_size` at a time."""

    options: OptionSource = ()
    page_size: int = 8
    # The schema's yes/no field for each option's value, when the schema has one per option instead of a list
    # ({"trade_union": "has_trade_union", …}); a skipped question fills none of them.
    flags: Mapping[Any, str] | None = None

    def shown(self, turn: Turn, value: Any) -> str:
        return _option_labels(self.options, value)

    def to_schema(self, value: Any) -> dict[str, Any]:
        if self.flags is None:
            return super().to_schema(value)
        return {} if value is None else {flag: option in value for option, flag in self.flags.items()}

    def value_of(self, record: Any) -> Any:
        if self.flags is None or self.value_from is not None:
            return super().value_of(record)
        return [option for option, flag in self.flags.items() if getattr(record, flag)]


@dataclass(frozen=True)
class TextField(Field):
    min_length: int = 1
    max_length: int = 1000
    # Turn the cleaned text into the value (e.g. a date of birth, older than a DateField allows); raise
    # AnswerError to refuse it. The result is then checked by the schema like any answer.
    parse: Callable[[Turn, str], Any] | None = None


@dataclass(frozen=True)
class NumberField(Field):
    def shown(self, turn: Turn, value: Any) -> str:
        return number(value) if isinstance(value, int) and not isinstance(value, bool) else super().shown(turn, value)


@dataclass(frozen=True, kw_only=True)
class CountsField(Field):
    """Several numbers typed in one line ("4 1 350 2"), each checked by its own schema field."""

    count_labels: tuple[str, ...]        # what each number is
    schema_fields: tuple[str, ...] = ()  # the schema field of each number, in the same order

    def checked_by(self, schema: type[BaseModel]) -> tuple[str, ...]:
        return self.schema_fields or super().checked_by(schema)

    def label_of(self, index: int) -> str:
        return self.count_labels[index] if self.count_labels else self.label

    def shown(self, turn: Turn, value: Any) -> str:
        return ", ".join(f"{label} {number(count)}" for label, count in zip(self.count_labels, value, strict=True))

    def to_schema(self, value: Any) -> dict[str, Any]:
        if not self.schema_fields:
            return super().to_schema(value)
        return dict(zip(self.schema_fields, value or [None] * len(self.schema_fields), strict=True))

    def value_of(self, record: Any) -> Any:
        # Typed together: if any is unknown, none is pre-filled (unknown must not become 0).
        counts = [getattr(record, name) for name in self.schema_fields]
        return None if None in counts else counts


@dataclass(frozen=True)
class DateField(Field):
    """«Hôm nay» / «Hôm qua» (or the days ahead) as buttons, or typed."""

    past_only: bool = False
    future_only: bool = False

    def choices(self, today: dt.date) -> list[Option]:
        """Choices that fit the question's direction: a deadline lies ahead, a visit's day behind."""
        options = [Option(today.isoformat(), t.TODAY)]
        if self.past_only:
            options.append(Option((today - dt.timedelta(days=1)).isoformat(), t.YESTERDAY))
        elif self.future_only:
            options += [Option((today + dt.timedelta(days=1)).isoformat(), t.TOMORROW),
                        Option((today + dt.timedelta(days=7)).isoformat(),
                               t.IN_A_WEEK.format(date=(today + dt.timedelta(days=7)).strftime("%d/%m")))]
        options.append(Option(OTHER_DAY, t.OTHER_DAY))
        return options

    def shown(self, turn: Turn, value: Any) -> str:
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")


@dataclass(frozen=True)
class AttachmentsField(Field):
    """A shared location and/or photos, then «Xong»: {"location": [lat, lon], "photos": [...]}."""

    accept_location: bool = False
    accept_photos: bool = False
    location_fields: tuple[str, ...] = ()   # the schema's latitude and longitude, which check a location
    photos_field: str | None = None         # the schema's list of the photos' references
    # What a received location means for this form (a check-in's verdict), said at once so the person can send
    # another before going on; None when there is nothing to say.
    on_location: Callable[[Turn, dict[str, Any], float, float], str | None] | None = None

    def checked_by(self, schema: type[BaseModel]) -> tuple[str, ...]:
        return self.location_fields or super().checked_by(schema)

    def shown(self, turn: Turn, value: Any) -> str:
        parts = []
        if value.get("location"):
            parts.append(t.LOCATION_SHOWN.format(latitude=value["location"][0], longitude=value["location"][1]))
        if value.get("photos"):
            parts.append(t.PHOTOS_SHOWN.format(count=len(value["photos"])))
        return ", ".join(parts) or t.NO_VALUE

    def to_schema(self, value: Any) -> dict[str, Any]:
        value = value or {}
        data: dict[str, Any] = dict(zip(self.location_fields, value.get("location") or (), strict=False))
        if self.photos_field is not None:
            data[self.photos_field] = value.get("photos")
        return data

    def value_of(self, record: Any) -> Any:
        if self.value_from is not None:
            return self.value_from(record)
        location = [getattr(record, name) for name in self.location_fields]
        photos = list(getattr(record, self.photos_field)) if self.photos_field is not None else []
        if (not location or location[0] is None) and not photos:
            return None
        return {"location": location if location and location[0] is not None else None, "photos": photos}


@dataclass(frozen=True, kw_only=True)
class SearchField(Field):
    """Type part of a name, pick from the matches; `options` are offered before anything is typed."""

    search: Callable[[Turn, str], Sequence[Option]]
    options: OptionSource | None = None
    page_size: int = 8


def _as_answer(value: Any) -> Any:
    """A record's value as a draft holds it: JSON (a date as ISO text, an enumeration as its value)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _option_labels(options: OptionSource | None, value: Any) -> str:
    if not isinstance(options, Sequence):   # options worked out per turn: the value as it is
        return str(value)
    items = value if isinstance(value, list) else [value]
    labels = {repr(o.value): o.label for o in options}
    return ", ".join(labels.get(repr(v), str(v)) for v in items)


SchemaT = TypeVar("SchemaT", bound=BaseModel)


@dataclass(frozen=True)
class Form(Generic[SchemaT]):
    name: str
    title: str
    schema: type[SchemaT]
    fields: tuple[Field, ...]
    save: Callable[[Turn, dict[str, Any]], None]   # calls the domain; raises DomainError to refuse
    min_role: Role = Role.member
    private_only: bool = True   # forms hold names and details: never filled in a group
    intro: str | None = None
    details_label: str | None = None   # the summary's button that opens the detail fields

    @property
    def has_details(self) -> bool:
        return any(f.detail for f in self.fields)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def visible_fields(self, answers: dict[str, Any]) -> list[Field]:
        return [f for f in self.fields if f.visible(answers)]

    def to_input(self, answers: dict[str, Any], **given: Any) -> SchemaT:
        """The schema filled from the answers, as each field maps its answer (`Field.to_schema`), plus what the
        form knows otherwise (`given`: the record being edited, the day); a question skipped or not asked
        leaves the schema's default. Refused as the domain refuses input (`InvalidInput`)."""
        data: dict[str, Any] = {}
        for field_ in self.fields:
            data.update(field_.to_schema(answers.get(field_.name)))
        data = {name: value for name, value in data.items() if value is not None and name in self.schema.model_fields}
        try:
            return self.schema.model_validate({**data, **given})
        except ValidationError as exc:
            raise from_validation_error(exc) from None

    def answers_from(self, record: Any) -> dict[str, Any]:
        """The answers that `record` holds, to edit it with this form: every question's, details opened."""
        answers = {field_.name: field_.value_of(record) for field_ in self.fields}
        if self.has_details:
            answers[DETAILS_OPENED] = True
        return answers


AnyForm = Form[Any]   # the engine drives forms of every schema alike


def installed_forms(turn: Turn) -> Mapping[str, AnyForm]:
    """The forms of the installed routers (`Router.form`), by name: a draft names the form it belongs to."""
    routes = turn.services.routes
    return routes.forms if routes is not None else {}


# ---------------------------------------------------------------- checking an answer against the schema

@lru_cache(maxsize=512)
def _field_adapter(schema: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = schema.model_fields[name]
    # The type is the model's field, built at run time: there is nothing for the checker to check it against.
    return TypeAdapter(Annotated[info.annotation, info])  # type: ignore[arg-type]  # a run-time type expression


def check_with_schema(form: AnyForm, field_: Field, value: Any) -> Any:
    """Run the schema's own constraints (ranges, lengths) for the fields this answer fills."""
    schema: type[BaseModel] = form.schema
    names = field_.checked_by(schema)
    if not names or value is None:
        return value
    values = value if len(names) > 1 else [value]
    checked = []
    for index, (name, item) in enumerate(zip(names, values, strict=True)):
        try:
            checked.append(_field_adapter(schema, name).validate_python(item))
        except ValidationError as exc:
            message = from_validation_error(exc).message
            raise AnswerError(f"{field_.label_of(index)}: {message.split(': ', 1)[-1]}") from None
    return checked if len(names) > 1 else checked[0]


# ---------------------------------------------------------------- the engine

class FormEngine:
    """Stateless: everything it knows about a conversation is in the draft row."""

    def start(self, turn: Turn, form: AnyForm, initial: dict[str, Any] | None = None,
              context: dict[str, Any] | None = None) -> None:
        if installed_forms(turn).get(form.name) is not form:
            raise LookupError(f"form {form.name!r} is on no installed router: its draft could not be continued")
        member = turn.member
        if member is None or not member.has_role(form.min_role):
            raise PermissionDenied(t.FORM_NOT_FOR_ROLE)
        if form.private_only and not turn.incoming.is_private:
            # Forms hold names and details: a draft in a group would ask its questions there.
            open_private_chat(turn, t.PRIVATE_ONLY, "private")
            turn.toast(t.PRIVATE_ONLY)
            return
        existing = load_draft(turn.session, member.id)
        if existing is not None:
            other = installed_forms(turn).get(existing.form)
            if other is not None:
                turn.say(t.ANOTHER_FORM_OPEN.format(title=other.title), [[
                    Button.navigation(t.BACK_TO_SUMMARY if existing.step == "_summary" else t.CONTINUE,
                                      self._data(existing, FormAction.resume), Nav.resume),
                    Button.navigation(t.CANCEL, self._data(existing, FormAction.cancel), Nav.cancel),
                ]])
                return
            delete_draft(turn.session, member.id)   # of a form that no longer exists
        draft = Draft(member_id=member.id, chat_id=turn.incoming.chat_id, form=form.name, step="",
                      answers=dict(initial or {}), context=dict(context or {}))
        heading = t.STARTED.format(title=form.title) + (f"\n{form.intro}" if form.intro else "")
        given = [f for f in form.visible_fields(draft.answers) if draft.answers.get(f.name) not in (None, [], "")]
        if given and any(f.name not in draft.answers for f in form.visible_fields(draft.answers)):
            # Started from a record (an alert, a card): what is known already is named above the first question.
            heading += "\n" + "\n".join(f"• {f.label}: {self.show(turn, f, draft.answers[f.name])}" for f in given)
        self._advance(turn, form, draft, heading=heading)
        save_draft(turn.session, draft, turn.now)

    def drop_draft_beyond_role(self, turn: Turn, member: Member) -> bool:
        """After a demotion: the member's draft of a form their role no longer allows is deleted (it may hold
        what only that role may see). True if one was."""
        draft = load_draft(turn.session, member.id)
        if draft is None:
            return False
        form = installed_forms(turn).get(draft.form)
        if form is not None and member.has_role(form.min_role):
            return False
        discard_draft(turn.session, draft)
        return True

    def has_draft(self, turn: Turn) -> bool:
        return turn.member is not None and load_draft(turn.session, turn.member.id) is not None

    def resume(self, turn: Turn) -> None:
        self._on_open_draft(turn, self._resume)

    def _resume(self, turn: Turn, form: AnyForm, draft: Draft) -> None:
        draft.context.pop(CANCEL_ASKED, None)
        turn.say(t.RESUMED.format(title=form.title))
        self._ask(turn, form, draft)

    def cancel(self, turn: Turn) -> None:
        with self._working_draft(turn) as (draft, form):
            if draft is None:
                turn.say(t.NOTHING_TO_CANCEL)
                return
            if form is not None and self._ask_before_cancelling(turn, form, draft):
                return
            discard_draft(turn.session, draft)
            turn.say(t.CANCELLED.format(title=form.title if form else draft.form), remove_keyboard=True)

    def _ask_before_cancelling(self, turn: Turn, form: AnyForm, draft: Draft) -> bool:
        """Answers the person gave are not thrown away on one word: the first /huy (or «Hủy») asks, a second one
        or «Hủy, không lưu» cancels. A form with no answer given yet is cancelled at once."""
        if not draft.trail or draft.context.get(CANCEL_ASKED):
            return False
        draft.context[CANCEL_ASKED] = True
        turn.say(t.CONFIRM_CANCEL.format(title=form.title, count=len(set(draft.trail) - {"_summary"})), [[
            Button.navigation(t.CANCEL_CONFIRMED, self._data(draft, FormAction.cancel_confirmed), Nav.cancel),
            Button.navigation(t.CONTINUE, self._data(draft, FormAction.resume), Nav.resume)]])
        return True

    def _cancel_now(self, turn: Turn, form: AnyForm, draft: Draft) -> None:
        turn.edit(t.CANCELLED.format(title=form.title))
        discard_draft(turn.session, draft)
        current = next((f for f in form.fields if f.name == draft.step), None)
        if isinstance(current, AttachmentsField) and current.accept_location and turn.channel.location:
            turn.say(t.KEYBOARD_CLOSED, remove_keyboard=True)   # take the location key off the phone

    def back(self, turn: Turn) -> None:
        self._on_open_draft(turn, self._back)

    def _back(self, turn: Turn, form: AnyForm, draft: Draft) -> None:
        trail = list(draft.trail)
        if not trail:
            # Nothing before the first question: say what can be done instead, and leave the question as it is.
            turn.say(t.FIRST_QUESTION.format(title=form.title), [[
                Button.navigation(t.CANCEL_FORM, self._data(draft, FormAction.cancel_confirmed), Nav.cancel),
                Button.navigation(t.CONTINUE, self._data(draft, FormAction.resume), Nav.resume)]])
            return
        draft.context = {}   # choices ticked or matches found for the question being left
        draft.step = trail.pop()
        draft.trail = trail
        self._ask(turn, form, draft)

    def skip(self, turn: Turn) -> None:
        self._on_open_draft(turn, self._skip)

    def _skip(self, turn: Turn, form: AnyForm, draft: Draft) -> None:
        if draft.step.startswith("_"):
            self._ask(turn, form, draft)
            return
        field_ = form.field(draft.step)
        if not field_.optional:
            turn.say(t.CANNOT_SKIP)
            self._ask(turn, form, draft)
            return
        self._accept(turn, form, draft, field_, None)

    def handle(self, turn: Turn) -> bool:
        """An answer, a button of a form, or nothing of ours (False)."""
        incoming = turn.incoming
        if incoming.kind is InputKind.button:
            if not claimed_by_forms(incoming.button_data):
                return False
            replies_before = len(turn.replies)
            with self._working_draft(turn) as (draft, form):
                if draft is not None and draft.chat_id != incoming.chat_id or (
                        draft is None and not incoming.is_private):
                    # A form's button works only in the chat its draft lives in: pressed (or forged) anywhere
                    # else it is stale, and nothing is said there — a group must not see the draft.
                    turn.toast(t.STALE_BUTTON)
                    return True
                if draft is not None and form is not None and not self._role_still_held(turn, form, draft):
                    return True
                self._on_button(turn, form, draft)
            _answer_with_next_question(turn, replies_before)
            return True
        with self._working_draft(turn) as (draft, form):
            if draft is None or form is None:
                return False
            if draft.chat_id != incoming.chat_id:
                return False   # a draft of the private chat is not answered from a group
            if not self._role_still_held(turn, form, draft):
                return True
            return self._on_input(turn, form, draft)

    def _role_still_held(self, turn: Turn, form: AnyForm, draft: Draft) -> bool:
        """The form's role, checked again at every answer: someone demoted (or deactivated) since the form
        began cannot finish it; the draft goes, since a coordinator's form may hold what they may no longer see."""
        member = turn.member
        if member is not None and member.has_role(form.min_role):
            return True
        discard_draft(turn.session, draft)
        turn.toast(t.FORM_NO_LONGER_ALLOWED.format(title=form.title))
        turn.say(t.FORM_NO_LONGER_ALLOWED.format(title=form.title), remove_keyboard=turn.channel.location)
        return False

    def _on_input(self, turn: Turn, form: AnyForm, draft: Draft) -> bool:
        if draft.step == "_summary" or draft.step == "_edit":
            turn.say(t.SUMMARY_FOOTER)
            self._ask(turn, form, draft)
            return True
        field_ = form.field(draft.step)
        try:
            value = self._read(turn, form, draft, field_)
        except AnswerError as error:
            turn.say(f"⚠️ {error}")
            self._ask(turn, form, draft, bump=True)
            return True
        if value is _WAIT:
            return True
        self._accept(turn, form, draft, field_, value)
        return True

    # -- reading answers

    def _read(self, turn: Turn, form: AnyForm, draft: Draft, field_: Field) -> Any:
        incoming = turn.incoming
        if isinstance(field_, AttachmentsField):
            return self._attach(turn, form, draft, field_)
        if incoming.kind is not InputKind.text:
            raise AnswerError(t.NEED_CHOICE if isinstance(field_, ChoiceField | MultiField) else t.NEED_TEXT)
        text = incoming.text
        if isinstance(field_, TextField):
            value = clean_text(text, min_length=field_.min_length, max_length=field_.max_length)
            if field_.parse is not None:
                value = field_.parse(turn, value)
            value = check_with_schema(form, field_, value)
            return value.isoformat() if isinstance(value, dt.date) else value   # drafts hold JSON
        if isinstance(field_, NumberField):
            return check_with_schema(form, field_, parse_int(text, minimum=None))
        if isinstance(field_, CountsField):
            return check_with_schema(form, field_, parse_counts(text, field_.count_labels))
        if isinstance(field_, DateField):
            day = check_date(parse_date(text, turn.today), turn.today, past_only=field_.past_only,
                             future_only=field_.future_only)
            return check_with_schema(form, field_, day).isoformat()
        if isinstance(field_, SearchField):
            return self._search(turn, form, draft, field_, text)
        # A typed answer to a choice: accept an option's label or its number.
        options = draft.context.get("options") or []
        picked = _match_option(text, options)
        if picked is None:
            raise AnswerError(t.NEED_CHOICE)
        if isinstance(field_, MultiField):
            return [picked["value"]]
        return check_with_schema(form, field_, picked["value"])   # as a pressed button is checked

    def _attach(self, turn: Turn, form: AnyForm, draft: Draft, field_: AttachmentsField) -> Any:
        """Collect a location and photos into the draft until «Xong»."""
        incoming = turn.incoming
        collected = dict(draft.context.get("attached") or {})
        if field_.accept_location and incoming.kind is InputKind.location:
            collected["location"] = check_with_schema(form, field_, [incoming.latitude, incoming.longitude])
            notice = self._location_notice(turn, draft, field_, collected["location"])
        elif field_.accept_location and incoming.kind is InputKind.text and any(c.isdigit() for c in incoming.text):
            collected["location"] = check_with_schema(form, field_, list(parse_coordinates(incoming.text)))
            notice = self._location_notice(turn, draft, field_, collected["location"])
        elif field_.accept_photos and incoming.kind is InputKind.photo and incoming.photo_ref:
            photos = list(collected.get("photos") or [])
            if len(photos) >= MAX_PHOTOS:
                raise AnswerError(t.TOO_MANY_PHOTOS.format(max=MAX_PHOTOS))
            collected["photos"] = [*photos, incoming.photo_ref]
            notice = t.PHOTO_RECEIVED.format(count=len(collected["photos"]))
        else:
            by_link = not turn.channel.location   # no location sharing on the platform: a map link instead
            if field_.accept_location and not field_.accept_photos:
                raise AnswerError(t.NEED_LOCATION_BY_LINK if by_link else t.NEED_LOCATION)
            raise AnswerError((t.NEED_ATTACHMENT_BY_LINK if by_link else t.NEED_ATTACHMENT) if field_.accept_location
                              else t.NEED_PHOTO)
        draft.context["attached"] = collected
        turn.say(notice, [[Button.navigation(t.DONE, self._data(draft, FormAction.done), Nav.done)]])
        return _WAIT

    @staticmethod
    def _location_notice(turn: Turn, draft: Draft, field_: AttachmentsField, location: list[float]) -> str:
        verdict = field_.on_location(turn, draft.answers, location[0], location[1]) if field_.on_location else None
        return f"{verdict}\n{t.LOCATION_RESEND}" if verdict else t.LOCATION_RECEIVED

    def _search(self, turn: Turn, form: AnyForm, draft: Draft, field_: SearchField, text: str) -> Any:
        query = " ".join(text.split())
        if len(query) < 2:
            raise AnswerError(t.QUERY_TOO_SHORT)
        if len(query) > 200:
            raise AnswerError(t.QUERY_TOO_LONG)
        matches = list(field_.search(turn, query))
        if not matches:
            raise AnswerError(t.NO_MATCHES.format(query=query[:60]))
        draft.context["options"] = [{"value": o.value, "label": o.label} for o in matches]
        draft.nonce += 1
        rows = [[Button.option(o.label, self._data(draft, FormAction.choose, i))] for i, o in enumerate(matches)]
        rows.append(self._nav_row(draft, field_))
        turn.say(t.MATCHES, rows)
        return _WAIT

    # -- buttons

    def _on_button(self, turn: Turn, form: AnyForm | None, draft: Draft | None) -> None:
        pressed = FormButton.parse(turn.incoming.button_data)
        if draft is None or form is None or pressed is None:
            turn.toast(t.STALE_BUTTON)
            turn.edit(t.STALE_BUTTON)
            return
        if pressed.nonce != draft.nonce:
            turn.toast(t.STALE_BUTTON)
            turn.say(t.STALE_BUTTON_HINT)
            self._ask(turn, form, draft)
            return
        action, argument = pressed.action, pressed.argument
        if action is FormAction.cancel:
            if not self._ask_before_cancelling(turn, form, draft):
                self._cancel_now(turn, form, draft)
            return
        if action is FormAction.cancel_confirmed:
            self._cancel_now(turn, form, draft)
            return
        if action is FormAction.back:
            self._back(turn, form, draft)
            return
        if action is FormAction.resume:
            draft.context.pop(CANCEL_ASKED, None)
            self._ask(turn, form, draft)
            return
        if draft.step == "_summary" or draft.step == "_edit":
            self._on_summary_button(turn, form, draft, action, argument)
            return
        field_ = form.field(draft.step)
        options = draft.context.get("options") or []
        if action is FormAction.skip:
            if field_.optional:
                self._answered(turn, field_, t.SKIPPED, draft)
                self._accept(turn, form, draft, field_, None)
            else:
                turn.notify(t.CANNOT_SKIP)
            return
        if action is FormAction.choose and argument is not None and argument < len(options):
            option = options[argument]
            self._answered(turn, field_, t.SELECTED.format(value=option["label"]), draft)
            value = option["value"]
            if isinstance(field_, DateField) and value == OTHER_DAY:
                turn.say(t.TYPE_DATE)
                return
            try:
                value = check_with_schema(form, field_, value)
                if isinstance(value, dt.date):
                    value = value.isoformat()
            except AnswerError as error:
                turn.say(f"⚠️ {error}")
                self._ask(turn, form, draft, bump=True)
                return
            self._accept(turn, form, draft, field_, value)
            return
        if action is FormAction.toggle and isinstance(field_, MultiField) and argument is not None \
                and argument < len(options):
            chosen = list(draft.context.get("chosen") or [])
            value = options[argument]["value"]
            chosen = [v for v in chosen if v != value] if value in chosen else chosen + [value]
            draft.context["chosen"] = chosen
            turn.edit(*self._multi_message(turn, field_, draft))
            return
        if action is FormAction.page and argument is not None:
            draft.context["page"] = argument
            if isinstance(field_, MultiField):
                turn.edit(*self._multi_message(turn, field_, draft))
            elif isinstance(field_, SearchField):   # another page of the options offered before anything is typed
                rows = self._offered_rows(draft, field_)
                rows.append(self._nav_row(draft, field_))
                turn.edit(self._question_text(turn, form, draft, field_), rows)
            else:
                turn.notify(t.STALE_BUTTON)   # no question of this kind has pages
            return
        if action is FormAction.done:
            if isinstance(field_, MultiField):
                chosen = list(draft.context.get("chosen") or [])
                labels = [o["label"] for o in options if o["value"] in chosen]
                self._answered(turn, field_, t.MULTI_SELECTED.format(values=", ".join(labels)) if labels
                               else t.MULTI_NONE, draft)
                self._accept(turn, form, draft, field_, chosen)
            elif isinstance(field_, AttachmentsField):
                self._accept(turn, form, draft, field_, draft.context.get("attached") or None)
            return
        if action is FormAction.search_again:
            draft.context["options"] = []
            self._ask(turn, form, draft)
            return
        turn.notify(t.STALE_BUTTON)

    def _on_summary_button(self, turn: Turn, form: AnyForm, draft: Draft, action: FormAction | None,
                           argument: int | None) -> None:
        if action is FormAction.save:
            self._save(turn, form, draft)
        elif action is FormAction.more_details and form.has_details:
            draft.answers[DETAILS_OPENED] = True
            if turn.channel.edit:   # the summary loses its buttons; elsewhere it was just shown, as it is
                turn.edit(self.summary_text(turn, form, draft.answers, footer=False))
            self._advance(turn, form, draft)
        elif action is FormAction.edit:
            draft.step = "_edit"
            self._ask(turn, form, draft)
        elif action is FormAction.edit_field and argument is not None:
            visible = form.visible_fields(draft.answers)
            if argument >= len(visible):
                turn.notify(t.STALE_BUTTON)
                return
            if draft.trail[-1:] != ["_summary"]:
                draft.trail.append("_summary")
            draft.step = visible[argument].name
            self._ask(turn, form, draft)
        elif action is FormAction.to_summary:
            draft.step = "_summary"
            self._ask(turn, form, draft)
        else:
            turn.notify(t.STALE_BUTTON)

    # -- moving through the form

    def _answered(self, turn: Turn, field_: Field, line: str, draft: Draft) -> None:
        """Show what was chosen for a pressed question: in place under the question where the channel can edit,
        else as a line above the next question."""
        if turn.channel.edit:
            turn.edit(f"{turn.with_names(field_.question_for(turn, draft.answers))}\n{line}")
        else:
            turn.say(line)

    def _accept(self, turn: Turn, form: AnyForm, draft: Draft, field_: Field, value: Any) -> None:
        draft.answers[field_.name] = value
        if not draft.trail or draft.trail[-1] != field_.name:
            draft.trail.append(field_.name)
        draft.context = {}
        if isinstance(field_, AttachmentsField) and field_.accept_location:
            # A plain message is the only way to take the location key off the phone's keyboard.
            turn.say(t.SELECTED.format(value=self.show(turn, field_, value)) if value else t.SKIPPED,
                     remove_keyboard=turn.channel.location)
        self._advance(turn, form, draft)

    def _advance(self, turn: Turn, form: AnyForm, draft: Draft, *, heading: str | None = None) -> None:
        """Ask the first visible question without an answer; the summary when there is none."""
        pending = next((f for f in form.visible_fields(draft.answers) if f.name not in draft.answers), None)
        if pending is None:
            draft.step = "_summary"
            draft.context = {}
        else:
            draft.step = pending.name
        self._ask(turn, form, draft, heading=heading)

    def _ask(self, turn: Turn, form: AnyForm, draft: Draft, *, bump: bool = True, heading: str | None = None) -> None:
        if bump:
            draft.nonce += 1
        if heading:
            # One message, not two: the form's title goes above its first question.
            replies_before = len(turn.replies)
            self._ask(turn, form, draft, bump=False)
            first = turn.replies[replies_before]
            first.text = f"{heading}\n\n{first.text}"
            return
        if draft.step == "_summary":
            rows = [[Button.navigation(t.SAVE, self._data(draft, FormAction.save), Nav.save),
                     Button.navigation(t.EDIT, self._data(draft, FormAction.edit), Nav.edit)]]
            if form.has_details and not draft.answers.get(DETAILS_OPENED):
                rows.append([Button.navigation(f"➕ {form.details_label or t.MORE_DETAILS}",
                                               self._data(draft, FormAction.more_details), Nav.more)])
            rows.append([Button.navigation(t.CANCEL, self._data(draft, FormAction.cancel), Nav.cancel)])
            turn.say(self.summary_text(turn, form, draft.answers), rows)
            return
        if draft.step == "_edit":
            visible = form.visible_fields(draft.answers)
            rows = _pairs([Button.option(f.label, self._data(draft, FormAction.edit_field, i))
                           for i, f in enumerate(visible)])
            rows.append([Button.navigation(t.BACK_TO_SUMMARY, self._data(draft, FormAction.to_summary), Nav.back)])
            turn.say(t.CHOOSE_FIELD_TO_EDIT, rows)
            return
        field_ = form.field(draft.step)
        question = self._question_text(turn, form, draft, field_)
        offered = self._options(turn, field_, draft)
        if offered is not None:
            draft.context["options"] = [{"value": o.value, "label": o.label} for o in offered]
        if isinstance(field_, MultiField):
            if "chosen" not in draft.context:
                current = draft.answers.get(field_.name)
                draft.context.update(chosen=list(current or []), page=0)
            text, rows = self._multi_message(turn, field_, draft, header=question)
            turn.say(text, rows)
            return
        rows = []
        if isinstance(field_, ChoiceField | DateField):
            options = draft.context["options"]
            rows = _pairs([Button.option(o["label"], self._data(draft, FormAction.choose, i))
                           for i, o in enumerate(options)])
        elif isinstance(field_, SearchField) and field_.options:
            rows = self._offered_rows(draft, field_)
        if isinstance(field_, AttachmentsField):
            rows.append([Button.navigation(t.DONE, self._data(draft, FormAction.done), Nav.done)])
        rows.append(self._nav_row(draft, field_))
        if isinstance(field_, AttachmentsField) and field_.accept_location and turn.channel.location:
            # The reply keyboard's location key is the one-tap way on a phone; inline buttons cannot ask for it.
            turn.say(question, request_location=True)
            turn.say(t.NAVIGATION_HINT, rows)
            return
        turn.say(question, rows)

    @staticmethod
    def _question_text(turn: Turn, form: AnyForm, draft: Draft, field_: Field) -> str:
        """The step counter and the question. A question asked only after a certain answer (`when`: the position of
        the person met, once a name is given) shares the number of the one before it, so the total does not jump
        as such questions appear: "Bước 6/11", "Bước 6/11 (tiếp)", "Bước 7/11"."""
        visible = form.visible_fields(draft.answers)
        counted = [f for f in visible if f.when is None]
        position = next((i for i, f in enumerate(visible) if f.name == field_.name), 0)
        number = max(1, sum(1 for f in visible[:position + 1] if f.when is None))
        template = t.STEP_FOLLOW_UP if field_.when is not None else t.STEP
        asked = turn.with_names(field_.question_for(turn, draft.answers))
        question = f"{template.format(number=number, total=max(1, len(counted)))}\n{asked}"
        if field_.optional:
            question += f"\n{t.SKIP_HINT}"
        return question

    def _offered_rows(self, draft: Draft, field_: SearchField) -> list[list[Button]]:
        """The options a search offers before anything is typed (a member's assigned enterprises), a page at a
        time with «Xem thêm»; typing part of a name finds the others."""
        options = draft.context.get("options") or []
        size = field_.page_size
        pages = max(1, (len(options) + size - 1) // size)
        page = min(int(draft.context.get("page") or 0), pages - 1)
        rows = [[Button.option(options[i]["label"], self._data(draft, FormAction.choose, i))]
                for i in range(page * size, min(len(options), (page + 1) * size))]
        paging = []
        if page > 0:
            paging.append(Button.navigation(t.PREVIOUS_PAGE, self._data(draft, FormAction.page, page - 1),
                                            Nav.previous_page))
        if page < pages - 1:
            paging.append(Button.navigation(t.SHOW_MORE.format(count=len(options) - (page + 1) * size),
                                            self._data(draft, FormAction.page, page + 1), Nav.next_page))
        if paging:
            rows.append(paging)
        return rows

    @staticmethod
    def _options(turn: Turn, field_: Field, draft: Draft) -> list[Option] | None:
        """The options the question offers as it is asked (buttons carry their index); None: it offers none."""
        if isinstance(field_, DateField):
            return field_.choices(turn.today)
        if isinstance(field_, SearchField) and not field_.options:
            return None
        if not isinstance(field_, ChoiceField | MultiField | SearchField):
            return None
        source = field_.options
        if source is None:
            return []
        return list(source(turn, draft.answers) if callable(source) else source)

    def _multi_message(self, turn: Turn, field_: MultiField, draft: Draft, header: str | None = None
                       ) -> tuple[str, list[list[Button]]]:
        options = draft.context.get("options") or []
        chosen = draft.context.get("chosen") or []
        page = int(draft.context.get("page") or 0)
        size = field_.page_size
        pages = max(1, (len(options) + size - 1) // size)
        page = min(page, pages - 1)
        rows = []
        for index in range(page * size, min(len(options), (page + 1) * size)):
            option = options[index]
            mark = "☑️" if option["value"] in chosen else "⬜"
            rows.append([Button.option(f"{mark} {option['label']}", self._data(draft, FormAction.toggle, index))])
        if pages > 1:
            paging = []
            if page > 0:
                paging.append(Button.navigation(t.PREVIOUS_PAGE, self._data(draft, FormAction.page, page - 1),
                                                Nav.previous_page))
            if page < pages - 1:
                paging.append(Button.navigation(t.NEXT_PAGE, self._data(draft, FormAction.page, page + 1),
                                                Nav.next_page))
            rows.append(paging)
        rows.append([Button.navigation(t.DONE, self._data(draft, FormAction.done), Nav.done)])
        rows.append(self._nav_row(draft, field_))
        labels = [o["label"] for o in options if o["value"] in chosen]
        status = t.MULTI_SELECTED.format(values=", ".join(labels)) if labels else t.MULTI_NONE
        return f"{header or turn.with_names(field_.question_for(turn, draft.answers))}\n{status}", rows

    def _nav_row(self, draft: Draft, field_: Field) -> list[Button]:
        row = [Button.navigation(t.BACK, self._data(draft, FormAction.back), Nav.back)]
        if field_.optional:
            row.append(Button.navigation(t.SKIP, self._data(draft, FormAction.skip), Nav.skip))
        if isinstance(field_, SearchField) and draft.context.get("options") and not field_.options:
            row.append(Button.navigation(t.SEARCH_AGAIN, self._data(draft, FormAction.search_again), Nav.search_again))
        row.append(Button.navigation(t.CANCEL, self._data(draft, FormAction.cancel), Nav.cancel))
        return row

    def summary_text(self, turn: Turn, form: AnyForm, answers: dict[str, Any], *, footer: bool = True) -> str:
        lines = [t.SUMMARY_TITLE.format(title=form.title)]
        for field_ in form.visible_fields(answers):
            value = answers.get(field_.name)
            lines.append(f"• {field_.label}: {self.show(turn, field_, value)}")
        closed = [f.label.lower() for f in form.fields if f.detail and not f.visible(answers)]
        if closed and not answers.get(DETAILS_OPENED):
            lines.append(t.DETAILS_AVAILABLE.format(fields=", ".join(closed)))
        if footer:
            lines.append("")
            lines.append(t.SUMMARY_FOOTER)
        return "\n".join(lines)

    def show(self, turn: Turn, field_: Field, value: Any) -> str:
        if value is None or value == [] or value == "":
            return t.NO_VALUE
        if field_.show is not None:
            return field_.show(turn, value)
        return field_.shown(turn, value)

    def _save(self, turn: Turn, form: AnyForm, draft: Draft) -> None:
        if not self._role_still_held(turn, form, draft):
            return
        answers = {f.name: draft.answers.get(f.name) for f in form.visible_fields(draft.answers)}
        # Keys beginning with "_" are the form's own context (the record being edited, whether details opened).
        answers.update({k: v for k, v in draft.answers.items() if k.startswith("_")})
        replies_before, pushed_before = len(turn.replies), turn.pushed
        savepoint = turn.session.begin_nested()
        try:
            form.save(turn, answers)
            savepoint.commit()
        except DomainError as error:
            savepoint.rollback()
            # The domain refused: nothing of the record was written; the draft stays for a correction.
            del turn.replies[replies_before:]
            turn.pushed = pushed_before
            turn.say(t.SAVE_FAILED.format(reason=error.message))
            draft.step = "_summary"
            self._ask(turn, form, draft)
            return
        discard_draft(turn.session, draft)
        if turn.channel.edit:
            turn.edit(self.summary_text(turn, form, draft.answers, footer=False) + "\n" + t.SAVED)
        else:
            # The summary was just shown: say only that it was saved, above what the form's save said.
            turn.replies.insert(replies_before, Reply(chat_id=turn.incoming.chat_id, text=t.SAVED))

    def _on_open_draft(self, turn: Turn, operation: Callable[[Turn, AnyForm, Draft], None]) -> None:
        """`operation` on the member's open form (/tieptuc, /quaylai, /boqua); none open gets a clear answer."""
        with self._working_draft(turn) as (draft, form):
            if draft is None or form is None:
                turn.say(t.NOTHING_TO_RESUME)
                return
            if self._role_still_held(turn, form, draft):
                operation(turn, form, draft)

    @contextmanager
    def _working_draft(self, turn: Turn) -> Iterator[tuple[Draft | None, AnyForm | None]]:
        """The member's draft and its form; what the block changed in the draft is written when it ends
        normally (a refused turn is rolled back whole, so nothing is written then)."""
        draft, form = self._current(turn)
        yield draft, form
        if draft is not None:
            save_draft(turn.session, draft, turn.now)

    def _current(self, turn: Turn) -> tuple[Draft | None, AnyForm | None]:
        if turn.member is None:
            return None, None
        draft = load_draft(turn.session, turn.member.id)
        if draft is None:
            return None, None
        form = installed_forms(turn).get(draft.form)
        if form is not None and not draft.step.startswith("_") and draft.step not in {f.name for f in form.fields}:
            # The form changed under a saved draft (a redeploy): carry on from the first open question.
            pending = next((f for f in form.visible_fields(draft.answers) if f.name not in draft.answers), None)
            draft.step = pending.name if pending else "_summary"
        return draft, form

    @staticmethod
    def _data(draft: Draft, action: FormAction, argument: int | None = None) -> str:
        return FormButton(draft.nonce, action, argument).data


class _Wait:
    """The answer was taken but the question stays (a photo of several, a search's matches)."""


_WAIT = _Wait()


def _answer_with_next_question(turn: Turn, replies_before: int) -> None:
    """A pressed question, once answered, and the next question (or a saved summary and what was saved) become
    one message: one fewer to send, and the chat stays short on a phone."""
    if turn.channel.edit:
        _ask_in_place(turn, replies_before)
        return
    # Nothing changes in place here: what was chosen goes on top of the next question, in a new message.
    replies = turn.replies[replies_before:]
    if len(replies) != 2:
        return
    answered, question = replies
    if (answered.buttons or answered.edit_message_id is not None or question.edit_message_id is not None
            or answered.chat_id != question.chat_id or answered.request_location or question.document_path):
        return
    text = f"{answered.text}\n\n{question.text}"
    if len(text) > turn.channel.max_text:
        return
    turn.replies[replies_before:] = [Reply(chat_id=question.chat_id, text=text, buttons=question.buttons,
                                           request_location=question.request_location,
                                           remove_keyboard=answered.remove_keyboard or question.remove_keyboard)]


def _ask_in_place(turn: Turn, replies_before: int) -> None:
    """A pressed question, once answered, turns into the next question (or a saved summary into what was
    saved, with its buttons): the person's answer stays on top and the next buttons take the old ones' place.
    One message changes instead of one changing and another arriving."""
    replies = turn.replies[replies_before:]
    if len(replies) != 2:
        return
    answered, question = replies
    if answered.edit_message_id is None and question.edit_message_id is not None:
        question, answered = answered, question   # a form's save says its news before the summary is marked
    if (answered.edit_message_id is None or answered.edit_message_id != turn.incoming.message_id
            or answered.buttons or answered.chat_id != question.chat_id):
        return
    if (question.edit_message_id is not None or not question.buttons or question.request_location
            or question.remove_keyboard or question.document_path
            or any(button.url for row in question.buttons for button in row)):
        return
    text = f"{answered.text}\n\n{question.text}"
    if len(text) > turn.channel.max_text:
        return
    turn.replies[replies_before:] = [Reply(chat_id=answered.chat_id, text=text, buttons=question.buttons,
                                           edit_message_id=answered.edit_message_id)]


def _pairs(buttons: list[Button]) -> list[list[Button]]:
    """Two buttons a row when their labels are short, so the keyboard fits a phone's width."""
    if any(len(b.text) > 18 for b in buttons):
        return [[b] for b in buttons]
    return [buttons[i:i + 2] for i in range(0, len(buttons), 2)]


def _match_option(text: str, options: list[dict[str, Any]]) -> dict[str, Any] | None:
    from models.text import fold

    # The option's number as typed ("2", "2.", "2)"); folding first would read "-1" as option 1.
    number = re.fullmatch(r"\s*(\d{1,3})[.)]?\s*", text)
    if number and 1 <= int(number.group(1)) <= len(options):
        return options[int(number.group(1)) - 1]
    wanted = fold(text)
    for option in options:
        if fold(option["label"]) == wanted:
            return option
    return None


ENGINE = FormEngine()
