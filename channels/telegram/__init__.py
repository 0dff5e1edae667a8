"""The Telegram channel: python-telegram-bot's Application as the edge of the neutral core.

`channel` (updates in, replies out, the command menu), `inbox` (updates stored before they are handled, long
polling that confirms a batch only once it is stored), `outbound` (the outbox's sender), `application` (the
Application built for the bot), `aiohttp_request` and `update_processor` (its networking and concurrency).
"""
