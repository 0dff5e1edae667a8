"""`delegation-bot run`: start the bot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer


def run(
    webhook: str = typer.Option(None, "--webhook", metavar="URL",
                                help="Serve a webhook at this public URL instead of long polling."),
    listen: str = typer.Option("127.0.0.1", help="Webhook mode: address to listen on (behind a TLS proxy)."),
    port: int = typer.Option(8443, help="Webhook mode: port to listen on."),
    or_sandbox: bool = typer.Option(False, "--or-sandbox",
                                    help="Without a TELEGRAM_BOT_TOKEN, start the browser sandbox instead."),
) -> None:
    """Start the bot on every channel whose token is set: Telegram, Zalo or both (long polling unless --webhook)."""
    from bot.runner import configure_logging, run_polling, serve_webhook  # only what running needs
    from bot.settings import load_settings

    settings = load_settings()
    if or_sandbox and settings.telegram_bot_token is None and not settings.zalo_enabled:
        # A newcomer's first `make run`: show the bot working before any Telegram bot exists.
        typer.echo("No TELEGRAM_BOT_TOKEN in .env or the environment: starting the sandbox instead "
                   "(put a token from @BotFather in .env to run the real bot).")
        from cli.sandbox import sandbox

        sandbox(port=8080, keep=False, database=Path("data") / "sandbox.sqlite3", open_browser=False)
        return
    if settings.telegram_bot_token is not None or not settings.zalo_enabled:
        settings.require_token()
    if settings.zalo_enabled:
        settings.require_zalo_token()
    configure_logging()
    if webhook:
        asyncio.run(serve_webhook(settings, webhook, listen, port))
    else:
        run_polling(settings)
