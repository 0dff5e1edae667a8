"""The throughput harness against the bare echo bot (counts only, no timing assertions)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bench.harness import Press, fixed_messages, python_command, run_harness

pytestmark = pytest.mark.slow   # the harness starts the echo bot as a process of its own

REPO = Path(__file__).resolve().parents[2]
ECHO_BOT = REPO / "bench" / "echo_bot.py"


async def test_every_update_of_every_user_gets_a_reply():
    result = await run_harness(
        python_command(ECHO_BOT),
        users=3,
        script_for_user=lambda index: fixed_messages([f"người {index} tin {n}" for n in range(4)]),
        reply_timeout=10,
    )
    summary = result.summary()
    assert (summary["users"], summary["updates"], summary["replies"], summary["missing_replies"]) == (3, 12, 12, 0)
    assert len(result.latencies_ms) == 12 and all(latency >= 0 for latency in result.latencies_ms)
    assert summary["updates_per_s"] > 0 and summary["p50_ms"] <= summary["p99_ms"]
    assert summary["peak_rss_mb"] is not None and summary["peak_rss_mb"] > 10
    assert summary["invalid_calls"] == 0


BUTTON_BOT = '''
import os
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters

async def ask(update, context):
    await update.message.reply_text("Lưu?", reply_markup=InlineKeyboardMarkup(
        [[InlineKeyboardButton("Lưu", callback_data="save")]]))

async def saved(update, context):
    await update.callback_query.answer()
    await update.callback_query.edit_message_text("Đã lưu")

app = (ApplicationBuilder().token(os.environ["TELEGRAM_BOT_TOKEN"])
       .base_url(os.environ["TELEGRAM_BASE_URL"]).base_file_url(os.environ["TELEGRAM_BASE_FILE_URL"]).build())
app.add_handler(MessageHandler(filters.TEXT, ask))
app.add_handler(CallbackQueryHandler(saved))
app.run_polling(poll_interval=0)
'''


async def test_scripts_can_press_buttons_of_the_last_reply(tmp_path):
    bot_file = tmp_path / "button_bot.py"
    bot_file.write_text(BUTTON_BOT, encoding="utf-8")
    seen_replies: list[str | None] = []

    def script_for_user(index):
        def script(step, last_reply):
            seen_replies.append(last_reply.text if last_reply else None)
            return ["Báo cáo", Press("Lưu", expect="edit")][step] if step < 2 else None

        return script

    result = await run_harness(python_command(bot_file), users=2, script_for_user=script_for_user)
    assert (result.updates, result.replies, result.missing_replies) == (4, 4, 0)
    assert seen_replies.count("Lưu?") == 2 and seen_replies.count("Đã lưu") == 2


async def test_paced_users_start_spread_over_a_think_time_not_all_at_once():
    # Starting together would offer the bot one burst of `users` updates: the tail latency
    # would then be the burst's queue, not the pace asked for.
    first_replies: list[float] = []

    def script_for_user(index):
        def script(step, last_reply):
            if step == 1:
                first_replies.append(time.monotonic())
            return "chào" if step < 1 else None

        return script

    result = await run_harness(python_command(ECHO_BOT), users=8, script_for_user=script_for_user, think_s=1.0)
    assert (result.updates, result.replies, result.missing_replies) == (8, 8, 0)
    assert max(first_replies) - min(first_replies) > 0.3
