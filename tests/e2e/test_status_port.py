"""A polling bot process with STATUS_PORT: /health and /metrics over real HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.conftest import ADMIN_ID, STARTUP_TIMEOUT, free_port

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def handled(text: str) -> float:
    return sum(sample.value for family in text_string_to_metric_families(text) for sample in family.samples
               if sample.name == "delegation_updates_handled_total")


async def test_a_polling_bot_serves_health_and_metrics_on_its_status_port(emu, bot_process):
    port = free_port()
    bot_process.env["STATUS_PORT"] = str(port)
    bot_process.start()
    admin = emu.add_user("Hùng", "Trần", language_code="vi", id=ADMIN_ID)
    await admin.send("/start")
    await emu.wait_for_message(admin.private_chat(), timeout=STARTUP_TIMEOUT)
    health = await bot_process.wait_until_healthy(port)
    assert health.json()["status"] == "ok" and health.json()["role"] == "leader"
    async with httpx.AsyncClient() as client:
        for _ in range(50):   # counted once the reply is shown, a moment after it arrives
            metrics = await client.get(f"http://127.0.0.1:{port}/metrics")
            if handled(metrics.text) >= 1:
                break
            await asyncio.sleep(0.1)
    assert handled(metrics.text) == 1
    assert metrics.headers["content-type"].startswith("text/plain")
    for name in ("delegation_turn_seconds_bucket", "delegation_outbox_depth", "delegation_send_failures_total",
                 "delegation_scheduler_tick_lag_seconds", "delegation_updates_set_aside_total"):
        assert name in metrics.text, name
