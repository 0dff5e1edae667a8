"""Bot tokens cut out of any text before it is logged, stored (`deliveries.last_error`) or shown in a chat.

Chat platforms put the token in the URL path (`https://api.telegram.org/bot<token>/sendMessage`; Zalo's Bot API
does the same), and HTTP libraries quote that URL in their error texts: aiohttp's redirect loops, `InvalidURL`,
connection errors. Every HTTP client of the bot passes its error texts through `redact`, and the log formatter
(`RedactingFormatter`) does it once more for whatever else reaches a log line.

Known secrets are cut out by value; anything shaped like a token is cut out even when its value is not known
here (another bot's token, a token quoted in an exception raised deep inside a library).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

REDACTED = "<token>"

# "/bot123456:ABC-def_ghi/" in a URL path: the Bot API's (Telegram's, Zalo's) way of naming the bot.
_TOKEN_IN_PATH = re.compile(r"(?<!/)(/bot)[^/?#\s'\"]+")   # not "//bot-api.host"
# A bare token "123456:ABC-def_ghi…": the bot's numeric id, a colon and a secret of letters, digits, - and _.
_TOKEN_SHAPED = re.compile(r"(?<![0-9])\d{3,}:[A-Za-z0-9_-]*[A-Za-z][A-Za-z0-9_-]*")
_TOKEN_MIN_SECRET = 8


def _token_shaped(match: re.Match[str]) -> str:
    secret = match.group(0).partition(":")[2]
    return REDACTED if len(secret) >= _TOKEN_MIN_SECRET else match.group(0)


def redact(text: object, secrets: Iterable[str | None] = ()) -> str:
    """`text` as a string with every known secret and anything shaped like a bot token replaced by «<token>»."""
    result = str(text)
    for secret in secrets:
        if secret and len(secret) >= 4:   # an empty or tiny "secret" would shred the text
            result = result.replace(secret, REDACTED)
    result = _TOKEN_IN_PATH.sub(lambda match: match.group(1) + REDACTED, result)
    return _TOKEN_SHAPED.sub(_token_shaped, result)


class RedactingFormatter(logging.Formatter):
    """A log formatter whose every line, the traceback included, has its tokens cut out."""

    def __init__(self, *args: Any, secrets: Iterable[str | None] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.secrets = tuple(secret for secret in secrets if secret)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


def redact_logging(secrets: Iterable[str | None] = ()) -> None:
    """Put a `RedactingFormatter` on every handler of the root logger, keeping each one's format."""
    kept = tuple(secrets)
    for handler in logging.getLogger().handlers:
        current = handler.formatter or logging.Formatter()
        handler.setFormatter(RedactingFormatter(current._fmt, current.datefmt, secrets=kept))
