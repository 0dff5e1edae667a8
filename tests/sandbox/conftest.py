"""The sandbox running in-process on free ports, and Debian's Chromium driven by Playwright (no browser download).

Set SANDBOX_SCREENSHOTS to a folder (e.g. docs/screenshots) to have the browser tests save the README's pictures.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from sandbox.session import Sandbox, SandboxOptions

# What Chromium needs to run as root in a container, headless, and talk to nothing but 127.0.0.1.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1366, "height": 820}
PHONE_VIEWPORT = {"width": 390, "height": 844}   # a common phone, as the newcomer's review used
ACTION_TIMEOUT_MS = 15_000   # an upper bound for slow machines, not a timing assertion


def chromium_executable() -> str:
    """Debian's Chromium; CI installs it, so only a local run without it may skip."""
    found = os.environ.get("SANDBOX_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found and Path(found).exists():
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is missing: .ci/run installs Debian's chromium before the tests")
    pytest.skip("chromium is not installed (apt-get install chromium); the sandbox's browser test drives it")


@pytest_asyncio.fixture
async def sandbox(tmp_path) -> AsyncIterator[Sandbox]:
    options = SandboxOptions(port=0, database_path=tmp_path / "sandbox.sqlite3")
    async with Sandbox(options) as running:
        yield running
        assert running.emulator is not None
        running.emulator.assert_no_invalid_calls()


@pytest_asyncio.fixture
async def page(sandbox, tmp_path):
    """A fresh Chromium profile with the sandbox's page open and loaded, on a desktop screen."""
    async for opened in _open_page(sandbox, tmp_path, VIEWPORT):
        yield opened


@pytest_asyncio.fixture
async def phone(sandbox, tmp_path):
    """The same on a phone-sized screen (390×844), touch and all."""
    async for opened in _open_page(sandbox, tmp_path, PHONE_VIEWPORT, has_touch=True, is_mobile=True):
        yield opened


async def _open_page(sandbox, tmp_path, viewport, **device):
    executable = chromium_executable()
    from playwright.async_api import async_playwright, expect

    expect.set_options(timeout=ACTION_TIMEOUT_MS)

    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=executable, headless=True, args=CHROMIUM_ARGS,
            viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True, **device)
        try:
            page = context.pages[0] if context.pages else await context.new_page()
            page.set_default_timeout(ACTION_TIMEOUT_MS)
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            await page.goto(sandbox.url)
            await page.wait_for_selector("body.ready")
            yield page
            assert not errors, f"the page raised: {errors}"
        finally:
            await context.close()


class Screenshots:
    """Saves named screenshots when SANDBOX_SCREENSHOTS names a folder; does nothing otherwise."""

    def __init__(self, page) -> None:
        self.page = page
        folder = os.environ.get("SANDBOX_SCREENSHOTS")
        self.folder = Path(folder) if folder else None

    async def take(self, name: str) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        await self.page.mouse.move(0, 0)   # no hover highlight in the picture
        await self.page.screenshot(path=str(self.folder / f"{name}.png"))


@pytest.fixture
def screenshots(page) -> Screenshots:
    return Screenshots(page)


@pytest.fixture
def phone_screenshots(phone) -> Screenshots:
    return Screenshots(phone)
