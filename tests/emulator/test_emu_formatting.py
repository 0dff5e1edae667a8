"""HTML and MarkdownV2 parsing into text + entities, with Telegram's errors."""

from __future__ import annotations

import pytest

from emulator.formatting import (
    EntityParseError,
    find_auto_entities,
    parse_html,
    parse_markdown,
    parse_markdown_v2,
    trim,
    utf16_length,
)


def test_utf16_length_counts_surrogate_pairs():
    assert utf16_length("Hòa Xá") == 6
    assert utf16_length("😀") == 2
    assert utf16_length("a😀b") == 4


def test_html_all_supported_tags_become_entities():
    text, entities = parse_html(
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>x</s>"
        "<strike>k</strike><del>d</del><tg-spoiler>p</tg-spoiler>"
        '<span class="tg-spoiler">q</span><code>c</code>'
        '<a href="https://example.org/x">l</a><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
        "<blockquote>bq</blockquote><blockquote expandable>ex</blockquote>"
    )
    assert text == "bsieunxkdpqcl👍bqex"
    types = [(e["type"], e["offset"], e["length"]) for e in entities]
    assert types == [
        ("bold", 0, 1), ("bold", 1, 1), ("italic", 2, 1), ("italic", 3, 1),
        ("underline", 4, 1), ("underline", 5, 1), ("strikethrough", 6, 1),
        ("strikethrough", 7, 1), ("strikethrough", 8, 1), ("spoiler", 9, 1),
        ("spoiler", 10, 1), ("code", 11, 1), ("text_link", 12, 1), ("custom_emoji", 13, 2),
        ("blockquote", 15, 2), ("expandable_blockquote", 17, 2),
    ]
    link = next(e for e in entities if e["type"] == "text_link")
    assert link["url"] == "https://example.org/x"
    emoji = next(e for e in entities if e["type"] == "custom_emoji")
    assert emoji["custom_emoji_id"] == "5368324170671202286"


def test_html_pre_with_language_and_nested_entities():
    text, entities = parse_html(
        '<pre><code class="language-python">print("hi")</code></pre> <b>Đoàn <i>công tác</i></b>'
    )
    assert text == 'print("hi") Đoàn công tác'
    assert entities[0] == {"type": "pre", "offset": 0, "length": 11, "language": "python"}
    assert {"type": "bold", "offset": 12, "length": 13} in entities
    assert {"type": "italic", "offset": 17, "length": 8} in entities


def test_html_character_references_and_utf16_offsets():
    text, entities = parse_html("&lt;a&gt; &amp; &quot;q&quot; &#65;&#x42; &unknown; 😀<b>x</b>")
    assert text == '<a> & "q" AB &unknown; 😀x'
    # the emoji takes two UTF-16 code units, so "x" starts at 25
    assert entities == [{"type": "bold", "offset": 25, "length": 1}]


def test_html_link_without_scheme_is_normalised_and_empty_entities_dropped():
    text, entities = parse_html('<a href="example.com">site</a><b></b>')
    assert text == "site"
    assert entities == [{"type": "text_link", "offset": 0, "length": 4, "url": "http://example.com/"}]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("<x>hi</x>", 'Unsupported start tag "x" at byte offset 0'),
        ("Hòa <br>", 'Unsupported start tag "br" at byte offset 5'),
        ("<b>bold", "Can't find end tag corresponding to start tag b"),
        ("<b>bold</i>", 'Unmatched end tag at byte offset 7, expected "</b>", found "</i>"'),
        ("bold</b>", "Unexpected end tag at byte offset 4"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<a href=x y>z</a>", 'Expected equal sign in declaration of an attribute of the tag "a" at byte offset 0'),
        ("<span>s</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
    ],
)
def test_html_errors_use_telegram_wording(source, message):
    with pytest.raises(EntityParseError) as raised:
        parse_html(source)
    assert str(raised.value) == message


def test_markdown_v2_entities():
    text, entities = parse_markdown_v2(
        r"*bold* _italic_ __underline__ ~strike~ ||spoiler|| `code` [link](https://t.me/x) "
        "```python\nprint()\n``` 1\\.0\\!"
    )
    assert text == "bold italic underline strike spoiler code link print()\n 1.0!"
    kinds = {e["type"]: e for e in entities}
    assert kinds["bold"] == {"type": "bold", "offset": 0, "length": 4}
    assert kinds["underline"]["offset"] == 12
    assert kinds["text_link"]["url"] == "https://t.me/x"
    assert kinds["pre"] == {"type": "pre", "offset": 47, "length": 8, "language": "python"}


def test_markdown_v2_nested_and_blockquote():
    text, entities = parse_markdown_v2("*bold _both_*\n>quoted\n>lines\nafter *a\nb*")
    assert text == "bold both\nquoted\nlines\nafter a\nb"
    assert {"type": "bold", "offset": 29, "length": 3} in entities  # bold may span lines
    assert {"type": "bold", "offset": 0, "length": 9} in entities
    assert {"type": "italic", "offset": 5, "length": 4} in entities
    assert {"type": "blockquote", "offset": 10, "length": 13} in entities


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Version 1.0", "Character '.' is reserved and must be escaped with the preceding '\\'"),
        ("a-b", "Character '-' is reserved and must be escaped with the preceding '\\'"),
        ("*unclosed", "Can't find end of Bold entity at byte offset 0"),
        ("Hòa _xá", "Can't find end of Italic entity at byte offset 5"),
        ("[x](https://a.com", "Can't find end of a URL at byte offset 4"),
        ("~a", "Can't find end of Strikethrough entity at byte offset 0"),
        ("a ||b|", "Character '|' is reserved and must be escaped with the preceding '\\'"),
    ],
)
def test_markdown_v2_errors_use_telegram_wording(source, message):
    with pytest.raises(EntityParseError) as raised:
        parse_markdown_v2(source)
    assert str(raised.value) == message


def test_legacy_markdown():
    text, entities = parse_markdown("*b* _i_ `c` [t](http://a.com)")
    assert text == "b i c t"
    assert [e["type"] for e in entities] == ["bold", "italic", "code", "text_link"]
    with pytest.raises(EntityParseError, match="Can't find end of the entity starting at byte offset 0"):
        parse_markdown("*open")


def test_auto_entities_commands_mentions_links():
    entities = find_auto_entities("/start@doan_bot abc @lan_nguyen #hoa_xa https://x.vn/a /help")
    assert [(e["type"], e["offset"], e["length"]) for e in entities] == [
        ("bot_command", 0, 15), ("mention", 20, 11), ("hashtag", 32, 7), ("url", 40, 14),
        ("bot_command", 55, 5),
    ]
    assert find_auto_entities("a/b 1/2 path/to") == []


def test_trim_strips_whitespace_and_clips_entities():
    assert trim("  hi \n", [{"type": "bold", "offset": 0, "length": 6}]) == (
        "hi",
        [{"type": "bold", "offset": 0, "length": 2}],
    )
