"""The durable poller stops, saying why, when Telegram refuses the token after start-up."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from telegram.error import EndPointNotFound, InvalidToken

from channels.telegram.inbox import DurablePoller


class RefusingBot:
    async def do_api_request(self, endpoint, api_kwargs=None, **_timeouts):  # type: ignore[no-untyped-def]
        # What python-telegram-bot raises for a 401/404 once the bot is initialised.
        raise EndPointNotFound(f"Endpoint '{endpoint}' not found in Bot API")


async def test_a_token_refused_after_start_up_stops_polling_as_an_invalid_token():
    app = SimpleNamespace(bot=RefusingBot())
    poller = DurablePoller(app, inbox=None, allowed_updates=["message"])  # type: ignore[arg-type]
    with pytest.raises(InvalidToken, match="token"):
        await poller.run()
