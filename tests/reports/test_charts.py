"""Charts: PNG images with Vietnamese labels (no glyph missing from the font); a chart with no data is left out."""

import warnings

from reports.charts import render_charts
from reports.figures import compute_figures
from reports.periods import year_period
from tests.reports.conftest import NOW, TZ
from tests.reports.test_figures import figures_for

PNG = b"\x89PNG\r\n\x1a\n"


def test_four_charts_with_every_vietnamese_glyph(session, rules, scenario):
    figures = figures_for(session, rules)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts = render_charts(figures, rules)
    assert [chart.key for chart in charts] == ["visits", "coverage", "difficulties", "funnel"]
    assert all(chart.png.startswith(PNG) and len(chart.png) > 5000 for chart in charts)
    assert not [w for w in caught if "Glyph" in str(w.message)], [str(w.message) for w in caught]


def test_nothing_to_draw_means_no_chart(session, rules):
    figures = compute_figures(session, year_period(2030), today=NOW.date(), rules=rules, tz=TZ, now=NOW)
    assert render_charts(figures, rules) == []
