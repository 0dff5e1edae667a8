"""The application: settings, assembling the Telegram Application, the CLI, start-up and shut-down."""

import os

# Durations from python-telegram-bot (RetryAfter.retry_after, …) as timedelta, the library's coming default.
os.environ.setdefault("PTB_TIMEDELTA", "true")
