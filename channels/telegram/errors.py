"""What python-telegram-bot's errors mean, read the same way by the inbox's poller and the outbox's sender."""

from __future__ import annotations

import datetime as dt
import warnings

from telegram.error import RetryAfter
from telegram.warnings import PTBDeprecationWarning


def retry_after_seconds(error: RetryAfter) -> float:
    """How long Telegram asked us to wait (429), in seconds."""
    with warnings.catch_warnings():
        # PTB 22 announces that retry_after becomes a timedelta; accept either.
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
