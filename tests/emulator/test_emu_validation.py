"""Requests are checked against the Bot API specification, as Telegram checks them.

Raw HTTP (httpx) is used where python-telegram-bot would refuse to send a
malformed request itself."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from emulator import Emulator
from emulator.extract_spec import DEFAULT_SOURCE, extract
from emulator.methods import IMPLEMENTED_METHODS
from emulator.spec import SPEC_PATH
from emulator.testing import SAMPLE_PNG


@pytest.fixture
async def http(emu: Emulator):
    async with httpx.AsyncClient(base_url=emu.url) as client:
        yield client


@pytest.fixture
async def started_chat(lan, bot):
    await lan.send("/start")
    return lan.private_chat(bot)


def call(http: httpx.AsyncClient, bot, method: str, **kwargs):
    return http.post(f"/bot{bot.token}/{method}", **kwargs)


# ------------------------------------------------------------------ the spec file


def test_committed_spec_holds_no_descriptions_and_covers_implemented_methods():
    text = SPEC_PATH.read_text(encoding="utf-8")
    data = json.loads(text)

    def keys(node):
        if isinstance(node, dict):
            yield from node
            for value in node.values():
                yield from keys(value)
        elif isinstance(node, list):
            for value in node:
                yield from keys(value)

    assert "description" not in set(keys(data))  # only names, types, required flags
    assert data["version"].startswith("Bot API")
    assert set(data["implemented_methods"]) == set(IMPLEMENTED_METHODS)
    for needed in ("InlineKeyboardMarkup", "InlineKeyboardButton", "ReplyKeyboardMarkup",
                   "BotCommand", "BotCommandScopeChat", "MessageEntity", "ReplyParameters",
                   "LinkPreviewOptions"):
        assert needed in data["types"]
    assert (Path(SPEC_PATH).parent / "LICENSE.api-spec").exists()


@pytest.mark.skipif(not DEFAULT_SOURCE.exists(), reason="the full Bot API spec is not on this machine")
def test_committed_spec_is_what_the_extraction_script_produces():
    source = json.loads(DEFAULT_SOURCE.read_text(encoding="utf-8"))
    expected = extract(source, sorted(IMPLEMENTED_METHODS))
    assert json.loads(SPEC_PATH.read_text(encoding="utf-8")) == expected


# ------------------------------------------------------------------ routing and auth


async def test_unknown_method_is_404_and_recorded(emu, bot, http):
    response = await call(http, bot, "sendTelepathy", json={})
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert emu.invalid_calls[-1].method == "sendTelepathy"


async def test_unknown_token_is_401(emu, bot, http):
    response = await http.post("/bot999:nope/getMe")
    assert response.status_code == 401
    assert response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    response = await http.post("/botnot-a-token/getMe")
    assert response.status_code == 404


async def test_spec_method_not_implemented_is_400_and_recorded(emu, bot, http):
    response = await call(http, bot, "sendDice", json={"chat_id": 1})
    assert response.status_code == 400
    assert "sendDice is not implemented" in response.json()["description"]
    assert emu.invalid_calls[-1].method == "sendDice"


async def test_method_names_are_case_insensitive_and_get_works(emu, bot, http):
    response = await http.get(f"/bot{bot.token}/getme")
    assert response.json()["result"]["username"] == "doan_bot"
    emu.assert_no_invalid_calls()


# ------------------------------------------------------------------ parameter encodings


async def test_json_form_query_and_multipart_bodies_are_all_accepted(emu, bot, http, started_chat):
    chat_id = started_chat.id
    markup = {"inline_keyboard": [[{"text": "Lưu", "callback_data": "save"}]]}
    by_json = await call(http, bot, "sendMessage", json={"chat_id": chat_id, "text": "json", "reply_markup": markup})
    by_form = await call(http, bot, "sendMessage",
                         data={"chat_id": str(chat_id), "text": "form", "reply_markup": json.dumps(markup)})
    by_query = await http.get(f"/bot{bot.token}/sendMessage", params={"chat_id": chat_id, "text": "query"})
    by_multipart = await call(http, bot, "sendMessage", data={"chat_id": str(chat_id), "text": "multipart"},
                              files={"unused": ("x.txt", b"x")})
    for response in (by_json, by_form, by_query, by_multipart):
        assert response.status_code == 200, response.text
    assert [m.text for m in emu.bot_messages(started_chat)] == ["json", "form", "query", "multipart"]
    assert emu.bot_messages(started_chat)[1].buttons == [[("Lưu", "save")]]
    emu.assert_no_invalid_calls()


async def test_unknown_parameters_are_ignored(emu, bot, http, started_chat):
    response = await call(http, bot, "sendMessage", json={"chat_id": started_chat.id, "text": "hi", "colour": "red"})
    assert response.json()["ok"] is True
    emu.assert_no_invalid_calls()


@pytest.mark.parametrize(
    ("payload", "description"),
    [
        ({"text": "hi"}, "Bad Request: chat_id is empty"),
        ({"chat_id": "{chat}"}, "Bad Request: message text is empty"),
        ({"chat_id": "{chat}", "text": "   "}, "Bad Request: message text is empty"),
        ({"chat_id": "{chat}", "text": "x" * 4097}, "Bad Request: message is too long"),
        ({"chat_id": "{chat}", "text": "hi", "disable_notification": "maybe"},
         'Bad Request: field "disable_notification" must be of type Boolean'),
        ({"chat_id": [1], "text": "hi"}, 'Bad Request: field "chat_id" must be of type Integer or String'),
        ({"chat_id": "{chat}", "text": "hi", "reply_markup": {"inline_keyboard": [[{"text": "x"}]]}},
         "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"),
        ({"chat_id": "{chat}", "text": "hi",
          "reply_markup": {"inline_keyboard": [[{"text": "x", "callback_data": "d" * 65}]]}},
         "Bad Request: BUTTON_DATA_INVALID"),
        ({"chat_id": "{chat}", "text": "hi",
          "reply_markup": {"inline_keyboard": [[{"text": 5, "callback_data": "d"}]]}},
         'Bad Request: can\'t parse inline keyboard button: Field "text" must be of type String'),
        ({"chat_id": "{chat}", "text": "hi", "reply_markup": {"inline_keyboard": [[{"callback_data": "d"}]]}},
         'Bad Request: can\'t parse inline keyboard button: Can\'t find field "text"'),
        ({"chat_id": "{chat}", "text": "hi", "reply_markup": {"inline_keyboard": "nope"}},
         'Bad Request: can\'t parse inline keyboard: Field "inline_keyboard" must be of type Array of Array of '
         'InlineKeyboardButton'),
        ({"chat_id": "{chat}", "text": "<b>hi", "parse_mode": "HTML"},
         "Bad Request: can't parse entities: Can't find end tag corresponding to start tag b"),
        ({"chat_id": "{chat}", "text": "1.0", "parse_mode": "MarkdownV2"},
         "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'"),
        ({"chat_id": "{chat}", "text": "hi", "parse_mode": "BBCode"}, "Bad Request: unsupported parse_mode"),
        ({"chat_id": "{chat}", "text": "hi", "reply_parameters": {"message_id": 999}},
         "Bad Request: message to be replied not found"),
        ({"chat_id": 424242, "text": "hi"}, "Bad Request: chat not found"),
        ({"chat_id": "@nobody", "text": "hi"}, "Bad Request: chat not found"),
    ],
)
async def test_send_message_validation_errors(emu, bot, http, started_chat, payload, description):
    payload = {k: (started_chat.id if v == "{chat}" else v) for k, v in payload.items()}
    response = await call(http, bot, "sendMessage", json=payload)
    assert response.status_code == 400
    assert response.json()["description"] == description
    assert emu.invalid_calls[-1].description == description
    assert emu.bot_messages(started_chat) == []


async def test_form_encoded_nested_json_must_parse(emu, bot, http, started_chat):
    response = await call(http, bot, "sendMessage",
                          data={"chat_id": str(started_chat.id), "text": "x", "reply_markup": "{oops"})
    assert response.status_code == 400
    assert response.json()["description"] == "Bad Request: can't parse reply_markup JSON object"


async def test_text_length_is_counted_in_utf16_code_units_after_parsing(emu, bot, http, started_chat):
    exactly = "😀" * 2048  # 4096 UTF-16 code units
    ok = await call(http, bot, "sendMessage", json={"chat_id": started_chat.id, "text": exactly})
    assert ok.status_code == 200
    too_long = await call(http, bot, "sendMessage", json={"chat_id": started_chat.id, "text": exactly + "a"})
    assert too_long.json()["description"] == "Bad Request: message is too long"
    markup_only = await call(http, bot, "sendMessage", json={
        "chat_id": started_chat.id, "text": "<b>" + "a" * 4096 + "</b>", "parse_mode": "HTML"})
    assert markup_only.status_code == 200  # tags do not count


async def test_caption_limit_is_1024(emu, bot, http, started_chat):
    response = await call(
        http, bot, "sendPhoto",
        data={"chat_id": str(started_chat.id), "caption": "c" * 1025},
        files={"photo": ("p.png", SAMPLE_PNG, "image/png")},
    )
    assert response.json()["description"] == "Bad Request: message caption is too long"


async def test_world_conditions_are_not_invalid_calls(emu, bot, http, lan):
    response = await call(http, bot, "sendMessage", json={"chat_id": lan.id, "text": "hi"})
    assert response.status_code == 403
    assert response.json()["description"] == "Forbidden: bot can't initiate conversation with a user"
    assert emu.invalid_calls == []


async def test_assert_no_invalid_calls_lists_them(emu, bot, http):
    await call(http, bot, "sendMessage", json={"text": "x"})
    with pytest.raises(AssertionError, match="sendMessage .* chat_id is empty"):
        emu.assert_no_invalid_calls()


async def test_attach_references_and_wrong_scalar_types(emu, bot, http, started_chat):
    attached = await call(
        http, bot, "sendDocument",
        data={"chat_id": str(started_chat.id), "document": "attach://report"},
        files={"report": ("bao_cao.txt", b"noi dung", "text/plain")},
    )
    assert attached.json()["result"]["document"]["file_name"] == "bao_cao.txt"
    dangling = await call(http, bot, "sendDocument", json={"chat_id": started_chat.id, "document": "attach://nothing"})
    assert dangling.json()["description"] == "Bad Request: wrong file identifier/HTTP URL specified"
    for payload, description in [
        ({"chat_id": started_chat.id, "message_id": "abc"}, 'Bad Request: field "message_id" must be of type Integer'),
        ({"chat_id": started_chat.id}, "Bad Request: message identifier is not specified"),
    ]:
        response = await call(http, bot, "deleteMessage", json=payload)
        assert response.json()["description"] == description
    location = await call(http, bot, "sendLocation",
                          data={"chat_id": str(started_chat.id), "latitude": "north", "longitude": "1"})
    assert location.json()["description"] == 'Bad Request: field "latitude" must be of type Float'
    scope = await call(http, bot, "setMyCommands",
                       json={"commands": [{"command": "a", "description": "b"}], "scope": {"type": "galaxy"}})
    assert scope.json()["description"] == ('Bad Request: can\'t parse scope JSON object: Unsupported BotCommandScope '
                                           'type "galaxy"')
    assert len(emu.invalid_calls) == 5
