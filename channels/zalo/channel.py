"""The Zalo channel: a Zalo update in as `Incoming` for the neutral turn runner, `Reply`s out as Zalo messages.

What Zalo lacks is made up here, so the core stays the same for every channel:
- no buttons: options go out as a numbered list and moves as typed words (`channels.numbered`); what was offered
  is kept per chat in the database, and a typed "2" comes back as the press it stands for;
- no edits: a reply that would edit goes as a new message (the core already asks for few);
- no location: a pasted map link becomes a location (`channels.maplinks`; typed "lat, lng" the core reads);
- photos arrive as links that expire: each is downloaded, checked and kept (`models.kept_photos`);
- text of at most 2,000 characters: longer replies are split at line breaks.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import aiohttp

from channels.maplinks import ShortLinkExpander, ShortMapLink, point_from_link
from channels.numbered import button_dicts, interpret, looks_like_a_pick, render
from channels.text import split_long_text
from channels.zalo.client import ZaloClient
from channels.zalo.documents import Documents, File
from handlers.conversation import Activity, Button, Capabilities, Incoming, InputKind, Outcome, Reply, Turn
from handlers.members import answer_mention
from handlers.routing import Action
from handlers.turns import TurnRunner
from models.kept_photos import keep_photo
from models.offered_choices import offer_choices, offered_choices, supersede_choices
from scheduler.outbound import SendError
from texts import channels as t

log = logging.getLogger(__name__)
PLATFORM = "zalo"
MAX_TEXT = 2000
MAX_PHOTO_BYTES = 10 * 1024 * 1024
ACTIVITIES = {Activity.typing: "typing", Activity.uploading_document: "typing"}


def zalo_capabilities() -> Capabilities:
    """Zalo's Bot API: 2,000 characters, no buttons, no edits, no location, photos in as links and out by URL,
    no documents (a report goes to the member's Telegram, or as a download link: `channels.zalo.documents`), no
    command menu, no link that opens the bot with a payload."""
    return Capabilities(platform=PLATFORM, max_text=MAX_TEXT, buttons=False, edit=False, button_notice=False,
                        location=False, photos_in=True, photos_out=True, documents=False, command_menu=False,
                        deep_link=None, files_elsewhere=True)


def platform_id(raw_id: object) -> str:
    return f"{PLATFORM}:{raw_id}"


def raw_chat_id(chat_id: str) -> str:
    platform, _, raw = chat_id.partition(":")
    if platform != PLATFORM or not raw:
        raise ValueError(f"not a Zalo chat: {chat_id}")
    return raw


def inbox_source(client: ZaloClient) -> str:
    return f"{PLATFORM}:{client.bot_id}"


def unwrap(body: object) -> dict[str, Any] | None:
    """An update from a webhook body or a getUpdates result: wrapped as `{ok, result}` or bare."""
    if isinstance(body, dict) and "result" in body and "message" not in body:
        body = body["result"]
    if isinstance(body, dict) and isinstance(body.get("message"), dict):
        return body
    return None


def update_key(update: dict[str, Any]) -> str:
    """Zalo's updates have no id: the message's id (hex), or a digest of the whole update when it has none."""
    message = update.get("message") or {}
    message_id = message.get("message_id")
    if isinstance(message_id, (str, int)) and str(message_id).strip():
        return f"m:{str(message_id)[:60]}"
    digest = hashlib.sha256(json.dumps(update, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return f"h:{digest[:60]}"


def event_of(update: dict[str, Any]) -> str:
    """`event_name`, or what the message's fields say when a sample leaves it out."""
    name = update.get("event_name")
    if isinstance(name, str) and name:
        return name
    message = update.get("message") or {}
    if isinstance(message.get("text"), str):
        return "message.text.received"
    if message.get("photo_url") or message.get("photo"):
        return "message.image.received"
    if message.get("sticker"):
        return "message.sticker.received"
    if message.get("voice_url") or message.get("voice"):
        return "message.voice.received"
    return "message.unsupported.received"


def photo_url_of(message: dict[str, Any]) -> str | None:
    value = message.get("photo_url") or message.get("photo")
    if isinstance(value, dict):   # some clients nest it
        value = value.get("url") or value.get("photo_url")
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) else None


def to_incoming(update: dict[str, Any], *, source: str = "") -> Incoming | None:
    """The update as the core sees it (a photo's link still to be kept: see `ZaloChannel`); None when it is no
    message from a person."""
    message = update.get("message")
    if not isinstance(message, dict):
        return None
    sender, chat = message.get("from") or {}, message.get("chat") or {}
    if sender.get("is_bot") or not sender.get("id") or not chat.get("id"):
        return None
    name = next((str(sender[key]).strip() for key in ("display_name", "first_name", "name")
                 if isinstance(sender.get(key), str) and sender[key].strip()), t.ZALO_FALLBACK_NAME)
    is_private = str(chat.get("chat_type", "PRIVATE")).upper() != "GROUP"
    common: dict[str, Any] = dict(
        platform=PLATFORM, user_id=platform_id(sender["id"]), chat_id=platform_id(chat["id"]),
        is_private=is_private, user_name=name, language="vi", source=source, update_key=update_key(update))
    event = event_of(update)
    if event == "message.image.received":
        return Incoming(kind=InputKind.photo, photo_ref=photo_url_of(message), text=message.get("caption") or "",
                        **common)
    if event != "message.text.received" or not isinstance(message.get("text"), str):
        return Incoming(kind=InputKind.other, **common)
    text = message["text"].strip()
    if not is_private:
        # In a group the bot sees only what mentions it: "@Bot /ganhom" is the command after the mention.
        slash = text.find("/")
        text = text[slash:] if slash >= 0 and (slash == 0 or text[slash - 1].isspace()) else text
    if text.startswith("/") and len(text) > 1:
        head, _, args = text.partition(" ")
        command = head[1:].partition("@")[0].lower()
        return Incoming(kind=InputKind.command, text=text, command=command, args=args.strip(), **common)
    return Incoming(kind=InputKind.text, text=message["text"], **common)


class ZaloChannel:
    """`handlers.conversation.Channel` on Zalo's Bot API."""

    def __init__(self, client: ZaloClient, runner: TurnRunner, *, usage: Any = None,
                 documents: Documents | None = None, map_links: ShortLinkExpander | None = None) -> None:
        self.client = client
        self.runner = runner
        self.services = runner.services
        self.documents = documents or Documents(self.services)
        self.source = inbox_source(client)
        self.capabilities = zalo_capabilities()
        self.usage = usage   # counts messages against the monthly quota (`channels.zalo.outbound.QuotaWatch`)
        self.map_links = map_links or ShortLinkExpander()
        self.set_aside = 0   # updates of a shape this version does not read, stored as handled (a metric)
        self._http: aiohttp.ClientSession | None = None

    def _session(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        return self._http

    async def aclose(self) -> None:
        if self._http is not None and not self._http.closed:
            await self._http.close()

    # ------------------------------------------------------------------ in

    async def on_update(self, update: dict[str, Any], action: Action | None = None, *,
                        more_photos: Callable[[], bool] | None = None) -> None:
        """`more_photos`: whether another photo of this chat waits behind this one (several sent at once): then
        this one's acknowledgement is left unsaid, and the last one's («Đã nhận 3 ảnh») says it for all — each
        message counts against Zalo's quota."""
        try:
            incoming = to_incoming(update, source=self.source)
        except (AttributeError, TypeError, ValueError, KeyError) as error:
            # A shape this version does not read (Zalo changed a field): set aside as handled, with a log line
            # and a count, rather than failing at every start.
            self.set_aside += 1
            log.warning("Zalo update %s set aside: its shape is not one this version reads (%s)",
                        update_key(update), type(error).__name__)
            incoming = None
        if incoming is None:
            await self.runner.mark_handled(self.source, update_key(update))
            return
        if incoming.kind is InputKind.photo:
            incoming = await self._keep_photo(incoming)
            if incoming is None:
                return
            if more_photos is not None:
                await self._photo(incoming, action, more_photos)
                return
        elif incoming.kind is InputKind.other and incoming.is_private:
            await self._answer_alone(incoming, t.NOT_UNDERSTOOD_MEDIA)
            return
        elif incoming.kind is InputKind.text and not incoming.is_private:
            await self._mentioned(incoming, action)
            return
        elif incoming.kind is InputKind.text and incoming.is_private:
            try:
                point = point_from_link(incoming.text)
            except ShortMapLink as short:   # what «Chia sẻ» in Google Maps gives: ask Google where it leads
                point = await self.map_links.point(self._session(), short.url)
                if point is None:
                    await self._answer_alone(incoming, t.SHORT_MAP_LINK)
                    return
            if point is not None:
                incoming = dataclasses.replace(incoming, kind=InputKind.location, latitude=point.latitude,
                                               longitude=point.longitude)
            else:
                await self._typed(incoming, action)
                return
        await self.runner.handle(self, incoming, action)

    async def _photo(self, incoming: Incoming, action: Action | None, more_photos: Callable[[], bool]) -> None:
        started = time.perf_counter()
        outcome = await self.runner.run(self, incoming, action)
        await self.runner.show(self, incoming, outcome, say=not (outcome.replies and more_photos()))
        self.runner.observe(incoming, outcome, started)
        for later in outcome.later:
            self.runner.start_background(later(self), name=f"after {incoming.update_key}")

    async def _typed(self, incoming: Incoming, action: Action | None) -> None:
        """Text in a private chat, read against the choices this chat was last offered."""
        offered = await self.services.database.run(lambda session: _offered(session, incoming.chat_id))
        if offered is None or offered["superseded"]:
            stale = offered is not None and looks_like_a_pick(incoming.text)
            await self.runner.handle(self, incoming, action or (_answer_or_explain_stale if stale else None))
            return
        reading = interpret(incoming.text, offered["choices"])
        if reading.mistake is not None:
            await self._answer_alone(incoming, f"{reading.mistake}\n\n{t.REPEAT_LIST.format(text=offered['text'])}")
            return
        if reading.text:
            await self.runner.handle(self, incoming, action)
            return
        await self._press(incoming, reading.presses, action)

    async def _mentioned(self, incoming: Incoming, action: Action | None) -> None:
        """In a group the bot sees only what mentions it: "@Bot 1" picks from the list last offered in the group (a
        coordinator acting on an alert); a mention with nothing to pick gets a short answer on what the bot does
        there and how to bind it."""
        offered = await self.services.database.run(lambda session: _offered(session, incoming.chat_id))
        if offered is not None and not offered["superseded"]:
            for typed in after_mention(incoming.text):
                reading = interpret(typed, offered["choices"])
                if reading.presses:
                    await self._press(incoming, reading.presses, action)
                    return
                if reading.mistake is not None:
                    await self._answer_alone(incoming, f"{reading.mistake}\n\n"
                                                       f"{t.REPEAT_LIST.format(text=offered['text'])}")
                    return
        await self.runner.handle(self, incoming, action or answer_mention)

    async def _press(self, incoming: Incoming, presses: list[str], action: Action | None) -> None:
        # One press, or several for "1 3": each its own unit of work, keyed so that a replay after a crash does
        # not press twice; what the person sees is the outcome of the last (the toggles in between change only
        # the list that the last one replaces).
        outcome: Outcome | None = None
        started = time.perf_counter()
        for index, data in enumerate(presses):
            last = index == len(presses) - 1
            key = incoming.update_key if last or incoming.update_key is None else f"{incoming.update_key}#{index}"
            press = dataclasses.replace(incoming, kind=InputKind.button, button_data=data, text="", update_key=key)
            outcome = await self.runner.run(self, press, action)
            if not last:   # said only when worth it (a refusal along the way); kept with its update till then
                await self.runner.show(self, press, outcome,
                                       say=bool(outcome.replies) and not _only_lists(outcome, incoming.chat_id))
        assert outcome is not None
        await self.runner.show(self, incoming, outcome)
        self.runner.observe(incoming, outcome, started)
        for later in outcome.later:
            self.runner.start_background(later(self), name=f"after {incoming.update_key}")

    async def _answer_alone(self, incoming: Incoming, text: str) -> None:
        """A reply the channel gives by itself (a photo it could not keep, a short map link): the update counts
        as handled, so a restart does not say it again."""
        if incoming.update_key is not None:
            await self.runner.mark_handled(self.source, incoming.update_key)
        await self.deliver([Reply(incoming.chat_id, text)], conversational=False)

    async def _keep_photo(self, incoming: Incoming) -> Incoming | None:
        """Download the photo while its link still works, check it, keep it; the core then sees our own ref."""
        url = incoming.photo_ref
        problem = None
        data, mime = b"", ""
        if url is None:
            problem = t.PHOTO_LINK_EXPIRED
        else:
            try:
                data, mime = await self._download(url)
            except PhotoRefused as refused:
                problem = str(refused)
        if problem is not None:
            await self._answer_alone(incoming, t.PHOTO_NOT_KEPT.format(reason=problem))
            return None
        ref = f"{PLATFORM}:photo:{hashlib.sha256(data).hexdigest()[:40]}"
        now = self.services.clock.now()
        await self.services.database.run(lambda session: keep_photo(session, ref, data, mime, now))
        return dataclasses.replace(incoming, photo_ref=ref)

    async def _download(self, url: str) -> tuple[bytes, str]:
        try:
            async with self._session().get(url, max_redirects=3) as response:
                if response.status != 200:
                    raise PhotoRefused(t.PHOTO_LINK_EXPIRED)
                declared = response.content_length
                if declared is not None and declared > MAX_PHOTO_BYTES:
                    raise PhotoRefused(t.PHOTO_TOO_LARGE.format(max_mb=MAX_PHOTO_BYTES // (1024 * 1024)))
                chunks, size = [], 0
                async for chunk in response.content.iter_chunked(64 * 1024):
                    size += len(chunk)
                    if size > MAX_PHOTO_BYTES:
                        raise PhotoRefused(t.PHOTO_TOO_LARGE.format(max_mb=MAX_PHOTO_BYTES // (1024 * 1024)))
                    chunks.append(chunk)
        except (aiohttp.ClientError, TimeoutError) as error:
            log.info("a Zalo photo could not be downloaded (%s)", type(error).__name__)
            raise PhotoRefused(t.PHOTO_LINK_EXPIRED) from None
        data = b"".join(chunks)
        mime = image_type(data)
        if mime is None:
            raise PhotoRefused(t.PHOTO_NOT_AN_IMAGE)
        return data, mime

    # ------------------------------------------------------------------ out

    async def respond(self, incoming: Incoming, outcome: Outcome) -> None:
        await self.deliver(outcome.replies, groups=frozenset() if incoming.is_private else {incoming.chat_id})

    async def deliver(self, replies: Sequence[Reply], *, conversational: bool = True,
                      groups: frozenset[str] | set[str] = frozenset()) -> None:
        """Send what a turn said: each reply as text (its buttons numbered), split under 2,000 characters. What the
        last reply with choices offered is remembered per chat; a reply that offers nothing puts the earlier
        numbers out of date. A failed send is logged and the rest still goes."""
        remembered: dict[str, tuple[dict[str, Any] | None, str]] = {}
        for reply in merged(await self._files_handed_over(replies)):
            if not reply.chat_id.startswith(f"{PLATFORM}:"):
                log.warning("a reply for %s reached the Zalo channel; not sent", reply.chat_id.partition(":")[0])
                continue
            rendered = render(reply.text, button_dicts(reply.buttons), in_group=reply.chat_id in groups)
            try:
                for piece in split_long_text(rendered.text, MAX_TEXT):
                    await self.client.send_message(raw_chat_id(reply.chat_id), piece)
                    if self.usage is not None:
                        await self.usage.sent(reply.chat_id)
            except SendError as error:
                log.warning("reply to %s not delivered: %s", reply.chat_id, error)
                if self.usage is not None:
                    await self.usage.failed(error)
                continue
            if conversational:
                remembered[reply.chat_id] = (rendered.choices, rendered.text)
        if remembered:
            now = self.services.clock.now()
            await self.services.database.run(lambda session: _remember(session, remembered, now))

    async def _files_handed_over(self, replies: Sequence[Reply]) -> list[Reply]:
        """Files in a row to one chat become one message saying where they went (`channels.zalo.documents`), with
        the choices they came with."""
        result: list[Reply] = []
        files: list[File] = []
        buttons: list[list[Button]] = []
        for index, reply in enumerate(replies):
            if reply.document_path is None:
                result.append(reply)
                continue
            files.append(File(reply.document_path, reply.document_name or Path(reply.document_path).name, reply.text,
                              names=reply.names))
            buttons += reply.buttons
            following = replies[index + 1] if index + 1 < len(replies) else None
            if following is None or following.document_path is None or following.chat_id != reply.chat_id:
                try:
                    text = await self.documents.hand_over(reply.chat_id, files)
                except OSError:
                    log.exception("files for %s could not be handed over", reply.chat_id)
                    text = t.FILES_NOT_HERE.format(names=", ".join(file.name for file in files))
                result.append(Reply(reply.chat_id, text, buttons))
                files, buttons = [], []
        return result

    async def show_activity(self, chat_id: str, activity: Activity) -> None:
        try:
            await self.client.send_chat_action(raw_chat_id(chat_id), ACTIVITIES[activity])
        except SendError:
            log.debug("chat action to %s failed", chat_id)


def after_mention(text: str) -> list[str]:
    """What may follow "@<the bot's name>" in a group message: "@Đoàn công tác 1" → "công tác 1", "tác 1", "1" (the
    name has spaces, and Zalo's text does not mark where it ends); the caller uses the first that reads as a pick or
    a typed word."""
    words = text.split()
    if not words or not words[0].startswith("@"):
        return []
    return [" ".join(words[count:]) for count in range(1, len(words))]


def merged(replies: Sequence[Reply]) -> list[Reply]:
    """Replies in a row to one chat as one message where they fit (a refusal and the question asked again): each
    message counts against Zalo's monthly quota, and the person reads one instead of two."""
    result: list[Reply] = []
    for reply in replies:
        previous = result[-1] if result else None
        if (previous is not None and previous.chat_id == reply.chat_id and not previous.buttons
                and not previous.document_path and not reply.document_path
                and len(previous.text) + len(reply.text) + 2 <= MAX_TEXT - 400):   # room for the numbered list
            result[-1] = dataclasses.replace(reply, text=f"{previous.text}\n\n{reply.text}")
        else:
            result.append(reply)
    return result


class PhotoRefused(Exception):
    """The photo was not kept; the message says why, to the person."""


def image_type(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _offered(session, chat_id: str) -> dict[str, Any] | None:
    row = offered_choices(session, chat_id)
    if row is None:
        return None
    return {"choices": row.choices, "text": row.text, "superseded": row.superseded}


def _remember(session, remembered: dict[str, tuple[dict[str, Any] | None, str]], now) -> None:
    for chat_id, (choices, text) in remembered.items():
        if choices is None:
            supersede_choices(session, chat_id)
        else:
            offer_choices(session, chat_id, choices, text, now)


def _only_lists(outcome: Outcome, chat_id: str) -> bool:
    """A toggle's outcome: the same list shown again, nothing else to say."""
    return all(reply.chat_id == chat_id and reply.buttons for reply in outcome.replies)


def _answer_or_explain_stale(turn: Turn) -> None:
    """A number typed after the list it belonged to was replaced by a question that offers none: the open form's
    answer if the form takes it (a number question), else explained — never applied to a list no longer shown."""
    from handlers.common import on_input
    from handlers.forms import ENGINE

    if turn.member is None or not turn.member.active or ENGINE.handle(turn):
        if turn.member is None or not turn.member.active:
            on_input(turn)
        return
    turn.say(t.STALE_LIST.format(text=turn.incoming.text.strip()[:20]))
