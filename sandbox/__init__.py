"""The sandbox: the real bot, the project's Bot API emulator, a demo database and a web chat page, all on
127.0.0.1, so that anyone can try the bot in a browser before any Telegram bot exists.

    delegation-bot sandbox          # or: make sandbox

Modules, one job each:
    demo_data     the demo's people, industrial zones and enterprises, as data
    seed          writing them (and the plan) into a fresh SQLite database
    world         the same people, the group and the coordinators' chat inside the emulator
    bot_runner    the real Application polling the emulator, with the scheduler's sender and tick
    time_travel   the sandbox clock and moving it forward (ticking the scheduler on the way)
    chat_view     emulator chats and messages as the page shows them (and the command menu)
    web           the page's HTTP routes and its live event stream
    session       starting and stopping all of it together
"""
