"""Run the Zalo emulator as a process: `python -m emulator.zalo --port 8082 --token 123:abc --name "Đoàn công tác"`.

The bot's `ZALO_BASE_URL` is `http://127.0.0.1:8082`; tests or a sandbox drive the world through
`http://127.0.0.1:8082/_emulator/`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

from emulator.zalo.emulator import ZaloEmulator


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m emulator.zalo", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--token", action="append", default=[], help="bot token (repeatable)")
    parser.add_argument("--name", action="append", default=[], help="bot name, in --token order")
    parser.add_argument("--user", action="append", default=[], metavar="NAME", help="create a person (repeatable)")
    parser.add_argument("--quota", type=int, default=None, help="messages a month before 429 (default: none)")
    parser.add_argument("--verbose", action="store_true")
    return parser.parse_args(argv)


async def serve(arguments: argparse.Namespace) -> None:
    emulator = ZaloEmulator(host=arguments.host, port=arguments.port, monthly_quota=arguments.quota)
    for index, token in enumerate(arguments.token):
        emulator.add_bot(token, arguments.name[index] if index < len(arguments.name) else None)
    for name in arguments.user:
        emulator.add_user(name)
    await emulator.start()
    print(f"Zalo emulator on {emulator.url}  (ZALO_BASE_URL {emulator.base_url}, "
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
