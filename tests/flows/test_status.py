"""/health and /metrics on the webhook server beside the real Application: the status answers without database
work per request, the metrics in Prometheus's text format count what happened; a secret header that is not ASCII
is a wrong secret (403), and a body over the limit is refused (issue 16 § 4, the audit's L2)."""

from __future__ import annotations

import datetime as dt
import json

from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families

from bot.runner import MAX_UPDATE_BYTES, SECRET_HEADER, webhook_app
from models.deliveries import enqueue_delivery

SECRET = "the-right-secret"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


async def test_a_secret_that_is_not_ascii_is_refused_and_a_large_body_too(world):
    async with TestClient(TestServer(webhook_app(world.runtime, "/telegram", SECRET))) as client:
        for secret in ("sécret", "секрет", "the-right-secret\u00a0"):
            response = await client.post("/telegram", data="{}", headers={SECRET_HEADER: secret})
            assert response.status == 403, secret
        big = json.dumps({"update_id": 1, "pad": "x" * MAX_UPDATE_BYTES})
        response = await client.post("/telegram", data=big, headers={SECRET_HEADER: SECRET})
        assert response.status == 413


async def test_health_answers_from_the_status_without_asking_the_database(world, monkeypatch):
    metrics = world.runtime.metrics
    await metrics.refresh()
    asked = []
    original = world.database.run

    async def counting(work):
        asked.append(work)
        return await original(work)

    monkeypatch.setattr(world.database, "run", counting)
    async with TestClient(TestServer(webhook_app(world.runtime, "/telegram", SECRET))) as client:
        for _ in range(200):
            response = await client.get("/health")
            assert response.status == 200
        body = await response.json()
    assert asked == []
    assert body["status"] == "ok" and body["database"] == "ok" and body["role"] == "leader"
    assert "queued_updates" not in body

    def broken(_session):
        raise ConnectionError("database gone")

    monkeypatch.setattr("bot.metrics.read_status", lambda session, now: broken(session))
    await metrics.refresh()
    code, body = metrics.health()
    assert code == 503 and body["database"] == "error: ConnectionError"


async def test_metrics_count_turns_outbox_failures_ticks_and_updates_set_aside(world):
    await world.ask(world.admin, "/start")
    await world.ask(world.admin, "tim abc")
    inbox = world.runtime.telegram.inbox
    await inbox.accept(world.app, [{"update_id": 77_000_001, "message": "not an object"}])
    await world.runtime.tick()
    await world.runtime.metrics.refresh()
    async with TestClient(TestServer(webhook_app(world.runtime, "/telegram", SECRET))) as client:
        response = await client.get("/metrics")
        assert response.status == 200 and response.headers["Content-Type"].startswith("text/plain")
        found = samples(await response.text())
    handled = found[("delegation_updates_handled_total", (("outcome", "handled"), ("platform", "telegram")))]
    assert handled >= 2
    assert found[("delegation_turn_seconds_count", (("platform", "telegram"),))] == handled
    assert found[("delegation_updates_set_aside_total", (("platform", "telegram"),))] == 1
    for name in ("delegation_outbox_depth", "delegation_outbox_oldest_age_seconds",
                 "delegation_scheduler_tick_lag_seconds", "delegation_unsaid_replies", "delegation_database_up"):
        assert (name, ()) in found, name
    assert found[("delegation_database_up", ())] == 1
    for kind in ("permanent", "temporary", "rate_limited", "unreachable"):
        assert ("delegation_send_failures_total", (("kind", kind),)) in found


async def test_the_outbox_depth_and_age_show_what_waits(world):
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    with world.database.session() as session:
        enqueue_delivery(session, key="waits:1", kind="alert", chat_id="telegram:-1", text="x", due_at=past)
        enqueue_delivery(session, key="waits:2", kind="alert", chat_id="telegram:-1",
                         text="y", due_at=past + dt.timedelta(minutes=5))
    status = await world.runtime.metrics.refresh()
    assert status.outbox_due == 2 and status.outbox_oldest_age_s >= 600
