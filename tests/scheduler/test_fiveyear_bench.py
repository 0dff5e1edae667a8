"""The five-year benchmark lives the plan over the scheduler's own tick and counts what a person would see."""

import datetime as dt
import json

import pytest

from bench.fiveyear import run_fiveyear_bench

pytestmark = pytest.mark.slow


def test_a_quarter_lived_day_by_day_is_counted_per_kind_chat_and_month(capsys):
    result = run_fiveyear_bench(start=dt.date(2021, 9, 15), end=dt.date(2021, 12, 31), drafts=False, as_json=True)
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert last == json.loads(json.dumps(result, ensure_ascii=False))
    total = result["messages_in_plan"]
    assert total == sum(result["by_chat"].values()) == sum(result["by_kind"].values())
    assert total == sum(result["monthly_all_chats"].values())
    assert list(result["monthly_all_chats"]) == ["2021-09", "2021-10", "2021-11", "2021-12"]
    assert result["messages_after_plan"] == 0 and result["escalations_after_plan"] == 0
    # Item 1.1 (due 30/09/2021) is never marked done: the coordinators hear of it.
    assert result["by_chat"]["coordinators"] >= 1 and result["escalation_messages"] >= 1
    # The demo's members have wave 1's enterprises and visit none: each is nudged privately.
    assert result["items_by_kind"]["wave_nudge"] == 4
    assert result["review_drafts_lost"] == 0
