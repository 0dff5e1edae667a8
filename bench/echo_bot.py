"""A bare python-telegram-bot echo bot: the baseline for the throughput benchmark.

Reads ``TELEGRAM_BOT_TOKEN``, ``TELEGRAM_BASE_URL`` and ``TELEGRAM_BASE_FILE_URL``
(the harness points them at the emulator) and echoes every text message.
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.message
    if message is not None and message.text is not None:
        await message.reply_text(message.text)


def main() -> None:
    application = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ.get("TELEGRAM_BASE_URL", "https://api.telegram.org/bot"))
        .base_file_url(os.environ.get("TELEGRAM_BASE_FILE_URL", "https://api.telegram.org/file/bot"))
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.run_polling(poll_interval=0)


if __name__ == "__main__":
    main()
