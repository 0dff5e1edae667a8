"""Telegram's text formatting: HTML and MarkdownV2 (and legacy Markdown) into
plain text plus ``MessageEntity`` dicts, auto-detected entities, and length rules.

The HTML and MarkdownV2 parsers follow TDLib's (``parse_html``/``parse_markdown_v2``)
step by step, so the same input yields the same text, the same entities and the
same error wording ("Unsupported start tag ... at byte offset N"). Offsets and
lengths are in UTF-16 code units, as the Bot API counts them.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

Entity = dict[str, Any]


class EntityParseError(Exception):
    """The text cannot be parsed; Telegram answers "can't parse entities: <message>"."""


def utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _utf16_width(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8", "surrogatepass"))


# TDLib's is_space also accepts the terminating NUL; the parsers read "" past the end.
def _is_space(char: str) -> bool:
    return char in ("", " ", "\t", "\r", "\n", "\v", "\f")


# Sorting as TDLib does: by offset, longer first, then by type priority.
_TYPE_PRIORITY = {
    "mention": 50, "hashtag": 50, "bot_command": 50, "url": 50, "email": 50,
    "bold": 90, "italic": 91, "code": 20, "pre": 11, "text_link": 49, "text_mention": 49,
    "cashtag": 50, "phone_number": 50, "underline": 92, "strikethrough": 93,
    "blockquote": 0, "expandable_blockquote": 0, "spoiler": 94, "custom_emoji": 99,
}


def sort_entities(entities: list[Entity]) -> list[Entity]:
    def key(entity: Entity) -> tuple[int, int, int]:
        priority = _TYPE_PRIORITY.get(entity["type"], 50)
        if entity["type"] == "pre" and entity.get("language"):
            priority = 10
        return entity["offset"], -entity["length"], priority

    return sorted(entities, key=key)


def checked_link(url: str) -> str | None:
    """TDLib's LinkManager::get_checked_link, simplified: normalise or reject a URL."""
    url = url.strip()
    if not url or any(char.isspace() for char in url):
        return None
    if url.startswith("tg:") or url.startswith("ton:"):
        return url
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if "." not in parts.hostname and parts.hostname != "localhost":
        return None
    if not parts.path:
        url = f"{parts.scheme}://{parts.netloc}/" + (f"?{parts.query}" if parts.query else "") + (
            f"#{parts.fragment}" if parts.fragment else ""
        )
    return url


# ---------------------------------------------------------------------------- HTML

_HTML_TAGS = {
    "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler",
    "tg-emoji", "span", "pre", "code", "blockquote",
}


def _decode_html_entity(text: str, position: int) -> tuple[str | None, int]:
    """Decode the character reference at ``text[position] == '&'``; (None, position) if none."""
    end = position + 1
    code = 0
    if text[end:end + 1] == "#":
        end += 1
        if text[end:end + 1] == "x":
            end += 1
            while end < len(text) and text[end] in "0123456789abcdefABCDEF":
                code = code * 16 + int(text[end], 16)
                end += 1
        else:
            while end < len(text) and text[end].isascii() and text[end].isdigit():
                code = code * 10 + int(text[end])
                end += 1
        # TDLib counts bytes here; the reference itself is ASCII, so characters match.
        if code == 0 or code >= 0x10FFFF or end - position >= 10:
            return None, position
    else:
        while end < len(text) and text[end].isascii() and text[end].isalpha():
            end += 1
        name = text[position + 1:end]
        named = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}.get(name)
        if named is None:
            return None, position
        code = ord(named)
    if text[end:end + 1] == ";":
        end += 1
    return chr(code), end


def parse_html(source: str) -> tuple[str, list[Entity]]:
    def at(index: int) -> str:
        return source[index] if index < len(source) else ""

    def error(message: str) -> EntityParseError:
        return EntityParseError(message)

    out: list[str] = []
    utf16_offset = 0
    entities: list[Entity] = []
    # (tag name, argument, UTF-16 offset, index into out, expandable)
    stack: list[tuple[str, str, int, int, bool]] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "&":
            decoded, after = _decode_html_entity(source, i)
            if decoded is not None:
                out.append(decoded)
                utf16_offset += _utf16_width(decoded)
                i = after
                continue
        if char != "<":
            out.append(char)
            utf16_offset += _utf16_width(char)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != "/":
            # a start tag
            while not _is_space(at(i)) and at(i) != ">":
                i += 1
            if at(i) == "":
                raise error(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
            tag_name = source[begin + 1:i].lower()
            if tag_name not in _HTML_TAGS:
                raise error(
                    f'Unsupported start tag "{tag_name}" at byte offset {_byte_offset(source, begin)}'
                )
            argument = ""
            expandable = False
            while at(i) != ">":
                while at(i) != "" and _is_space(at(i)):
                    i += 1
                if at(i) == ">":
                    break
                attribute_begin = i
                while not _is_space(at(i)) and at(i) not in ("=", ">"):
                    i += 1
                attribute_name = source[attribute_begin:i]
                if not attribute_name:
                    raise error(
                        f'Empty attribute name in the tag "{tag_name}" at byte offset '
                        f"{_byte_offset(source, begin)}"
                    )
                while at(i) != "" and _is_space(at(i)):
                    i += 1
                if at(i) != "=":
                    if tag_name == "blockquote" and attribute_name.lower() == "expandable":
                        expandable = True
                        continue
                    if at(i) == "":
                        raise error(
                            f'Unclosed start tag "{tag_name}" at byte offset '
                            f"{_byte_offset(source, begin)}"
                        )
                    raise error(
                        "Expected equal sign in declaration of an attribute of the tag "
                        f'"{tag_name}" at byte offset {_byte_offset(source, begin)}'
                    )
                i += 1
                while at(i) != "" and _is_space(at(i)):
                    i += 1
                if at(i) == "":
                    raise error(
                        f'Unclosed start tag "{tag_name}" at byte offset {_byte_offset(source, begin)}'
                    )
                if at(i) not in ("'", '"'):
                    # a name token: letters, digits, periods, hyphens; case-insensitive
                    token_begin = i
                    while at(i) != "" and (
                        (at(i).isascii() and at(i).isalnum()) or at(i) in (".", "-")
                    ):
                        i += 1
                    attribute_value = source[token_begin:i].lower()
                    if not _is_space(at(i)) and at(i) != ">":
                        raise error(
                            "Unexpected end of name token at byte offset "
                            f"{_byte_offset(source, token_begin)}"
                        )
                else:
                    quote = at(i)
                    i += 1
                    value_chars: list[str] = []
                    while at(i) != quote and at(i) != "":
                        if at(i) == "&":
                            decoded, after = _decode_html_entity(source, i)
                            if decoded is not None:
                                value_chars.append(decoded)
                                i = after
                                continue
                        value_chars.append(at(i))
                        i += 1
                    if at(i) == quote:
                        i += 1
                    attribute_value = "".join(value_chars)
                if at(i) == "":
                    raise error(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")

                if tag_name == "a" and attribute_name == "href":
                    argument = attribute_value
                elif (
                    tag_name == "code"
                    and attribute_name == "class"
                    and attribute_value.startswith("language-")
                ):
                    argument = attribute_value[len("language-"):]
                elif (
                    tag_name == "span"
                    and attribute_name == "class"
                    and attribute_value.startswith("tg-")
                ):
                    argument = attribute_value[len("tg-"):]
                elif tag_name == "tg-emoji" and attribute_name == "emoji-id":
                    argument = attribute_value

            if tag_name == "span" and argument != "spoiler":
                raise error(
                    'Tag "span" must have class "tg-spoiler" at byte offset '
                    f"{_byte_offset(source, begin)}"
                )
            stack.append((tag_name, argument, utf16_offset, len(out), expandable))
            i += 1  # past '>'
            continue

        # an end tag
        if not stack:
            raise error(f"Unexpected end tag at byte offset {_byte_offset(source, begin)}")
        while not _is_space(at(i)) and at(i) != ">":
            i += 1
        end_tag_name = source[begin + 2:i].lower()
        while at(i) != "" and _is_space(at(i)):
            i += 1
        if at(i) != ">":
            raise error(f"Unclosed end tag at byte offset {_byte_offset(source, begin)}")
        tag_name, argument, entity_offset, out_index, expandable = stack[-1]
        if end_tag_name and end_tag_name != tag_name:
            raise error(
                f"Unmatched end tag at byte offset {_byte_offset(source, begin)}, "
                f'expected "</{tag_name}>", found "</{end_tag_name}>"'
            )
        if utf16_offset > entity_offset:
            length = utf16_offset - entity_offset
            _close_html_entity(
                entities, tag_name, argument, entity_offset, length,
                "".join(out[out_index:]), expandable,
            )
        stack.pop()
        i += 1  # past '>'

    if stack:
        raise EntityParseError(
            f"Can't find end tag corresponding to start tag {stack[-1][0]}"
        )
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    return "".join(out), sort_entities(entities)


def _close_html_entity(
    entities: list[Entity],
    tag_name: str,
    argument: str,
    offset: int,
    length: int,
    inner_text: str,
    expandable: bool,
) -> None:
    simple = {
        "i": "italic", "em": "italic", "b": "bold", "strong": "bold",
        "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
        "u": "underline", "ins": "underline", "tg-spoiler": "spoiler", "span": "spoiler",
    }
    if tag_name in simple:
        entities.append({"type": simple[tag_name], "offset": offset, "length": length})
    elif tag_name == "tg-emoji":
        if not argument.isdigit() or int(argument) == 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entities.append(
            {"type": "custom_emoji", "offset": offset, "length": length, "custom_emoji_id": argument}
        )
    elif tag_name == "a":
        url = checked_link(argument or inner_text)
        if url is not None:
            entities.append({"type": "text_link", "offset": offset, "length": length, "url": url})
    elif tag_name == "pre":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "code"
            and last["offset"] == offset
            and last["length"] == length
            and last.get("language")
        ):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif tag_name == "code":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "pre"
            and last["offset"] == offset
            and last["length"] == length
            and argument
        ):
            last["language"] = argument
        else:
            code: Entity = {"type": "code", "offset": offset, "length": length}
            if argument:
                code["language"] = argument  # kept only if a <pre> wraps it
            entities.append(code)
    elif tag_name == "blockquote":
        kind = "expandable_blockquote" if expandable else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})


# ---------------------------------------------------------------------- MarkdownV2

_V2_NAMES = {
    "bold": "Bold", "italic": "Italic", "underline": "Underline",
    "strikethrough": "Strikethrough", "spoiler": "Spoiler", "code": "Code", "pre": "Pre",
    "pre_code": "PreCode", "text_link": "TextUrl", "custom_emoji": "CustomEmoji",
    "blockquote": "BlockQuote",
}


def _reserved(char: str) -> EntityParseError:
    return EntityParseError(f"Character '{char}' is reserved and must be escaped with the preceding '\\'")


def parse_markdown_v2(source: str) -> tuple[str, list[Entity]]:
    def at(index: int) -> str:
        return source[index] if 0 <= index < len(source) else ""

    out: list[str] = []
    utf16_offset = 0
    entities: list[Entity] = []
    # [kind, argument, utf16 offset, byte offset, index into out]
    stack: list[list[Any]] = []
    have_blockquote = False
    i = 0
    while i < len(source):
        char = source[i]
        following = at(i + 1)
        if char == "\\" and following and 0 < ord(following) <= 126:
            i += 1
            utf16_offset += 1
            out.append(source[i])
            i += 1
            continue

        reserved = "_*[]()~`>#+-=|{}.!\n"
        if stack and stack[-1][0] in ("code", "pre", "pre_code"):
            reserved = "`"
        if char not in reserved:
            utf16_offset += _utf16_width(char)
            out.append(char)
            i += 1
            continue

        is_end = False
        if stack:
            kind = stack[-1][0]
            if have_blockquote and char == "\n" and (i + 1 == len(source) or at(i + 1) != ">"):
                is_end = True
            elif kind == "bold":
                is_end = char == "*"
            elif kind == "italic":
                is_end = char == "_" and at(i + 1) != "_"
            elif kind == "code":
                is_end = char == "`"
            elif kind in ("pre", "pre_code"):
                is_end = char == "`" and at(i + 1) == "`" and at(i + 2) == "`"
            elif kind in ("text_link", "custom_emoji"):
                is_end = char == "]"
            elif kind == "underline":
                is_end = char == "_" and at(i + 1) == "_"
            elif kind == "strikethrough":
                is_end = char == "~"
            elif kind == "spoiler":
                is_end = char == "|" and at(i + 1) == "|"

        if not is_end:
            argument = ""
            byte_offset = _byte_offset(source, i)
            if char == "_":
                if at(i + 1) == "_":
                    kind = "underline"
                    i += 1
                else:
                    kind = "italic"
            elif char == "*":
                kind = "bold"
            elif char == "~":
                kind = "strikethrough"
            elif char == "|":
                if at(i + 1) != "|":
                    raise _reserved(char)
                i += 1
                kind = "spoiler"
            elif char == "[":
                kind = "text_link"
            elif char == "`":
                if at(i + 1) == "`" and at(i + 2) == "`":
                    i += 3
                    kind = "pre"
                    language_end = i
                    while not _is_space(at(language_end)) and at(language_end) != "`":
                        language_end += 1
                    if i != language_end and language_end < len(source) and at(language_end) != "`":
                        kind = "pre_code"
                        argument = source[i:language_end]
                        i = language_end
                    # one new line right after the opening ``` is not part of the text
                    if at(i) in ("\n", "\r"):
                        if at(i + 1) in ("\n", "\r") and at(i) != at(i + 1):
                            i += 2
                        else:
                            i += 1
                    i -= 1
                else:
                    kind = "code"
            elif char == "!":
                if at(i + 1) != "[":
                    raise _reserved(char)
                i += 1
                kind = "custom_emoji"
            elif char == "\n":
                utf16_offset += 1
                out.append("\n")
                kind = ""
                if i + 1 < len(source) and at(i + 1) == ">":
                    i += 1
                    if not have_blockquote:
                        kind = "blockquote"
                        have_blockquote = True
            elif char == ">":
                if i != 0:
                    raise _reserved(char)
                kind = "blockquote"
                have_blockquote = True
            else:
                raise _reserved(char)
            if kind:
                stack.append([kind, argument, utf16_offset, byte_offset, len(out)])
            i += 1
            continue

        # the end of an entity
        kind, argument, entity_offset, byte_offset, out_index = stack[-1]
        if char == "\n" and kind != "blockquote":
            raise EntityParseError(
                f"Can't find end of {_V2_NAMES[kind]} entity at byte offset {byte_offset}"
            )
        skip = utf16_offset == entity_offset
        extra: dict[str, Any] = {}
        if kind in ("underline", "spoiler"):
            i += 1
        elif kind in ("pre", "pre_code"):
            i += 2
        elif kind == "text_link":
            if at(i + 1) != "(":
                url = "".join(out[out_index:])
            else:
                i += 2
                url_begin = i
                url_chars: list[str] = []
                while i < len(source) and source[i] != ")":
                    if source[i] == "\\" and at(i + 1) and 0 < ord(at(i + 1)) <= 126:
                        url_chars.append(source[i + 1])
                        i += 2
                        continue
                    url_chars.append(source[i])
                    i += 1
                if at(i) != ")":
                    raise EntityParseError(
                        f"Can't find end of a URL at byte offset {_byte_offset(source, url_begin)}"
                    )
                url = "".join(url_chars)
            checked = checked_link(url)
            if checked is None:
                skip = True
            else:
                extra["url"] = checked
        elif kind == "custom_emoji":
            if at(i + 1) != "(":
                raise EntityParseError("Custom emoji entity must contain a tg://emoji URL")
            i += 2
            url_begin = i
            url_chars = []
            while i < len(source) and source[i] != ")":
                if source[i] == "\\" and at(i + 1) and 0 < ord(at(i + 1)) <= 126:
                    url_chars.append(source[i + 1])
                    i += 2
                    continue
                url_chars.append(source[i])
                i += 1
            if at(i) != ")":
                raise EntityParseError(
                    f"Can't find end of a custom emoji URL at byte offset {_byte_offset(source, url_begin)}"
                )
            match = re.fullmatch(r"tg://emoji\?id=(\d+)", "".join(url_chars))
            if not match:
                raise EntityParseError("Invalid custom emoji URL specified")
            extra["custom_emoji_id"] = match.group(1)
        elif kind == "blockquote":
            have_blockquote = False
            out.append(char)
            utf16_offset += 1

        if not skip:
            length = utf16_offset - entity_offset
            entity_type = {"pre_code": "pre"}.get(kind, kind)
            entity: Entity = {"type": entity_type, "offset": entity_offset, "length": length}
            if kind == "pre_code":
                entity["language"] = argument
            entity.update(extra)
            entities.append(entity)
        stack.pop()
        i += 1

    if have_blockquote and stack and stack[-1][0] == "blockquote":
        _, _, entity_offset, _, _ = stack.pop()
        if utf16_offset != entity_offset:
            entities.append(
                {"type": "blockquote", "offset": entity_offset, "length": utf16_offset - entity_offset}
            )
    if stack:
        kind, _, _, byte_offset, _ = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_V2_NAMES[kind]} entity at byte offset {byte_offset}"
        )
    return "".join(out), sort_entities(entities)


# ------------------------------------------------------------------ legacy Markdown


def parse_markdown(source: str) -> tuple[str, list[Entity]]:
    """Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting."""
    out: list[str] = []
    utf16_offset = 0
    entities: list[Entity] = []
    i = 0
    n = len(source)
    while i < n:
        char = source[i]
        if char == "\\" and i + 1 < n and source[i + 1] in "_*`[":
            out.append(source[i + 1])
            utf16_offset += 1
            i += 2
            continue
        if char not in "_*`[":
            out.append(char)
            utf16_offset += _utf16_width(char)
            i += 1
            continue
        begin = i
        is_pre = char == "`" and source[i + 1:i + 3] == "``"
        end_marker = "]" if char == "[" else ("```" if is_pre else char)
        i += 3 if is_pre else 1
        language = ""
        if is_pre:
            language_end = i
            while language_end < n and not _is_space(source[language_end]) and source[language_end] != "`":
                language_end += 1
            if i != language_end and language_end < n and source[language_end] != "`":
                language = source[i:language_end]
                i = language_end
            if i < n and source[i] == "\n":
                i += 1
        end = source.find(end_marker, i)
        if end < 0:
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {_byte_offset(source, begin)}"
            )
        inner = source[i:end]
        entity_offset = utf16_offset
        out.append(inner)
        utf16_offset += utf16_length(inner)
        i = end + len(end_marker)
        length = utf16_offset - entity_offset
        if length == 0:
            continue
        if char == "[":
            url = ""
            if i < n and source[i] == "(":
                close = source.find(")", i)
                if close >= 0:
                    url = source[i + 1:close]
                    i = close + 1
            checked = checked_link(url or inner)
            if checked:
                entities.append({"type": "text_link", "offset": entity_offset, "length": length, "url": checked})
        elif is_pre:
            entity = {"type": "pre", "offset": entity_offset, "length": length}
            if language:
                entity["language"] = language
            entities.append(entity)
        else:
            kind = {"*": "bold", "_": "italic", "`": "code"}[char]
            entities.append({"type": kind, "offset": entity_offset, "length": length})
    return "".join(out), sort_entities(entities)


# ------------------------------------------------------------------ common steps


def parse(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Parse ``text`` per ``parse_mode`` (case-insensitive, as Telegram accepts it)."""
    mode = (parse_mode or "").lower()
    if mode == "":
        return text, []
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown(text)
    raise UnsupportedParseMode(parse_mode or "")


class UnsupportedParseMode(Exception):
    pass


_WHITESPACE = " \t\r\n\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u3000"


def trim(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """Strip surrounding whitespace and clip entities, as Telegram does for messages."""
    left = len(text) - len(text.lstrip(_WHITESPACE))
    stripped = text.strip(_WHITESPACE)
    shift = utf16_length(text[:left])
    total = utf16_length(stripped)
    result = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_]{2,32})(?![\w])")
_BOT_COMMAND = re.compile(r"(?<![\w/<>])/([A-Za-z0-9_]{1,64})(@[A-Za-z0-9_]{3,32})?(?![\w/<>])")
_HASHTAG = re.compile(r"(?<![\w\u200c#])#([\w\u200c]{1,256})(?![\w\u200c]*#)")
_URL = re.compile(
    r"(?<![\w@/.])((?:https?://)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}(?::\d{1,5})?(?:/[^\s<>\"']*)?)",
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}(?![\w])")
_KNOWN_TLDS = {
    "com", "org", "net", "vn", "ru", "io", "me", "info", "edu", "gov", "dev", "app", "uk",
    "de", "fr", "jp", "cn", "us", "co", "biz", "xyz", "ai", "tv", "eu", "online", "site",
}

# Entities inside which nothing is auto-detected.
_OPAQUE = {"code", "pre", "text_link", "text_mention", "custom_emoji", "url", "email"}


def find_auto_entities(text: str) -> list[Entity]:
    """Entities Telegram finds on its own: commands, mentions, hashtags, URLs, e-mails."""
    found: list[tuple[int, int, str]] = []  # (start index, end index, type)
    for match in _BOT_COMMAND.finditer(text):
        found.append((match.start(), match.end(), "bot_command"))
    for match in _EMAIL.finditer(text):
        found.append((match.start(), match.end(), "email"))
    for match in _URL.finditer(text):
        candidate = match.group(1).rstrip(".,;:!?)")
        host = candidate.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        if "://" not in candidate and host.rsplit(".", 1)[-1].lower() not in _KNOWN_TLDS:
            continue
        found.append((match.start(1), match.start(1) + len(candidate), "url"))
    for match in _MENTION.finditer(text):
        found.append((match.start(), match.end(), "mention"))
    for match in _HASHTAG.finditer(text):
        if any(char.isalpha() for char in match.group(1)):
            found.append((match.start(), match.end(), "hashtag"))

    chosen: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda item: (item[0], -item[1])):
        if any(start < other_end and other_start < end for other_start, other_end, _ in chosen):
            continue
        chosen.append((start, end, kind))
    return [
        {
            "type": kind,
            "offset": utf16_length(text[:start]),
            "length": utf16_length(text[start:end]),
        }
        for start, end, kind in chosen
    ]


def merge_auto_entities(text: str, entities: list[Entity]) -> list[Entity]:
    """Add auto-detected entities that do not overlap opaque explicit ones."""
    opaque = [
        (entity["offset"], entity["offset"] + entity["length"])
        for entity in entities
        if entity["type"] in _OPAQUE
    ]
    merged = list(entities)
    for entity in find_auto_entities(text):
        start, end = entity["offset"], entity["offset"] + entity["length"]
        if any(start < other_end and other_start < end for other_start, other_end in opaque):
            continue
        merged.append(entity)
    return sort_entities(merged)


def validate_explicit_entities(text: str, entities: list[Entity]) -> list[Entity]:
    """Entities given instead of a parse mode: keep the ones that fit the text."""
    total = utf16_length(text)
    kept = []
    for entity in entities:
        offset, length = entity.get("offset", 0), entity.get("length", 0)
        if offset < 0 or length <= 0 or offset >= total:
            continue
        kept.append({**entity, "length": min(length, total - offset)})
    return sort_entities(kept)
