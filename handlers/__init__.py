"""What users say and see: commands, forms, queries and coordinator actions, platform-neutral at the core.

Each feature module has a `router` and a `register(app)`; `handlers.telegram_io` turns Telegram updates into
`Incoming` events and `Reply` objects back into Bot API calls, so a Zalo channel can reuse the same routers.
"""
