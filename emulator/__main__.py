"""Run the emulator as a process: ``python -m emulator --port 8081 --token 123:ABC --username doan_bot``.

The bot points its ``base_url`` at ``http://127.0.0.1:8081/bot`` and tests or a
sandbox drive the world through ``http://127.0.0.1:8081/_emulator/``.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

from emulator.emulator import Emulator
from emulator.limits import Limits


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m emulator", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", action="append", default=[], help="bot token (repeatable)")
    parser.add_argument("--username", action="append", default=[], help="bot username, in --token order")
    parser.add_argument("--privacy-off", action="store_true", help="bots read all group messages")
    parser.add_argument("--limits", action="store_true", help="enforce Telegram's flood limits")
    parser.add_argument("--user", action="append", default=[], metavar="FIRST[:LAST]",
                        help="create a user (repeatable)")
    parser.add_argument("--verbose", action="store_true")
    return parser.parse_args(argv)


async def serve(arguments: argparse.Namespace) -> None:
    emulator = Emulator(host=arguments.host, port=arguments.port, limits=Limits(enabled=arguments.limits))
    for index, token in enumerate(arguments.token):
        username = arguments.username[index] if index < len(arguments.username) else None
        emulator.add_bot(token, username, can_read_all_group_messages=arguments.privacy_off)
    for spec in arguments.user:
        first, _, last = spec.partition(":")
        emulator.add_user(first, last or None)
    await emulator.start()
    print(f"Telegram emulator on {emulator.url}  (base_url {emulator.base_url}, "
          f"control {emulator.url}/_emulator/state)", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)
    try:
        await stop.wait()
    finally:
        await emulator.stop()


def main(argv: list[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    logging.basicConfig(level=logging.INFO if arguments.verbose else logging.WARNING)
    asyncio.run(serve(arguments))


if __name__ == "__main__":
    main()
