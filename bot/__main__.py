"""`python -m bot` is `delegation-bot`."""

from cli import main

main()
