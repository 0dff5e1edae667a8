"""`delegation-bot run`: start the bot."""

from __future__ import annotations

import asyncio

import typer

from bot.settings import load_settings


def run(
    webhook: str = typer.Option(None, "--webhook", metavar="URL",
                                help="Serve a webhook at this public URL instead of long polling."),
    listen: str = typer.Option("127.0.0.1", help="Webhook mode: address to listen on (behind a TLS proxy)."),
    port: int = typer.Option(8443, help="Webhook mode: port to listen on."),
) -> None:
    """Start the bot (long polling unless --webhook is given)."""
    from bot.runner import configure_logging, run_polling, serve_webhook  # only what running needs

    settings = load_settings()
    settings.require_token()
    configure_logging()
    if webhook:
        asyncio.run(serve_webhook(settings, webhook, listen, port))
    else:
        run_polling(settings)
