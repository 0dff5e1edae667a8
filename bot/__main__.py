"""`python -m bot` is `delegation-bot`."""

from bot.cli import main

main()
