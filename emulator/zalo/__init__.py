"""A local Zalo Bot API emulator, beside the Telegram one and in the same style.

    from emulator.zalo import ZaloEmulator
    async with ZaloEmulator() as emu:
        bot = emu.add_bot(name="Đoàn công tác")
        lan = emu.add_user("Nguyễn Thị Lan")
        # ZALO_BASE_URL=emu.base_url, ZALO_BOT_TOKEN=bot.token
        await lan.send("Xin chào")
        reply = await emu.wait_for_message(lan.private_chat(bot))

See `emulator/zalo/README.md`.
"""

from emulator.zalo.emulator import ZaloEmulator
from emulator.zalo.quota import Quota
from emulator.zalo.world import Shapes, ZaloBot, ZaloChat, ZaloMessage, ZaloUser

__all__ = ["Quota", "Shapes", "ZaloBot", "ZaloChat", "ZaloEmulator", "ZaloMessage", "ZaloUser"]
