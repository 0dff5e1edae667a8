"""A local Telegram Bot API emulator for end-to-end tests, benchmarks and a sandbox.

    from emulator import Emulator
    async with Emulator() as emu:
        bot = emu.add_bot(token="123:ABC", username="doan_bot")
        lan = emu.add_user("Lan", "Nguyễn", language_code="vi")
        # ApplicationBuilder().token(bot.token).base_url(emu.base_url)
        #     .base_file_url(emu.base_file_url) ...
        await lan.send("/start")
        reply = await emu.wait_for_message(lan.private_chat(bot))

See ``emulator/README.md``.
"""

from emulator.emulator import CallRecord, Emulator, InvalidCallsError
from emulator.errors import ApiError
from emulator.events import Event
from emulator.faults import FaultRule, Faults
from emulator.limits import Limits
from emulator.world import Bot, Button, CallbackQueryRecord, Chat, ChatMessage, User

__all__ = [
    "ApiError",
    "Bot",
    "Button",
    "CallRecord",
    "CallbackQueryRecord",
    "Chat",
    "ChatMessage",
    "Emulator",
    "Event",
    "FaultRule",
    "Faults",
    "InvalidCallsError",
    "Limits",
    "User",
]
