"""The report benchmark runs end to end on a small generated dataset and prints its JSON line."""

import json

import pytest

from bench.report import DatasetSize, run_report_bench

SMALL = DatasetSize(enterprises=40, visits=200, difficulties=60, nominees=40, transfers=10, members=5)


@pytest.mark.slow
def test_the_benchmark_reports_its_three_figures(capsys):
    result = run_report_bench(as_json=True, size=SMALL, idle_samples=3)
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {"seconds", "help_p50_ms", "help_p99_ms"} <= set(last) and last == result
    assert result["seconds"] > 0 and result["help_requests"] >= 1 and result["help_p99_ms"] >= result["help_p50_ms"]
