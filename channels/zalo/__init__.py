"""The Zalo channel: Zalo's Bot API (Zalo Bot Creator's bots) at the edge of the bot.

`client` is the thin async client for the Bot API, its errors in the scheduler's terms.
"""
