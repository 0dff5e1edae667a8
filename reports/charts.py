"""The report's charts as PNG images: visits per month, coverage per wave, difficulties by category and status,
the admission funnel. Vietnamese labels in DejaVu Sans (shipped with matplotlib, it has every Vietnamese glyph).

matplotlib's object API on the Agg canvas, never pyplot: no global figure state, safe in a worker thread.
A chart with nothing to show is left out; the text says so instead.
"""

from __future__ import annotations

import io
from contextlib import AbstractContextManager
from dataclasses import dataclass

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from models.rules import Rules
from reports.figures import FUNNEL, STATUS_GROUPS, ReportFigures
from texts import reports as t

FONT = "DejaVu Sans"
WIDTH_IN, HEIGHT_IN, DPI = 6.3, 3.1, 160   # 16 × 8 cm, sharp enough printed, quick to draw
COLOURS = ("#1f4e79", "#c00000", "#7f7f7f", "#548235", "#bf9000")
GROUP_COLOURS = {"handling": "#c00000", "answered": "#bf9000", "resolved": "#548235", "declined": "#7f7f7f"}


@dataclass(frozen=True)
class Chart:
    key: str          # "visits", "coverage", "difficulties", "funnel"
    title: str
    png: bytes


def render_charts(figures: ReportFigures, rules: Rules) -> list[Chart]:
    charts = [_visits_per_month(figures), _coverage_per_wave(figures), _difficulties(figures, rules),
              _funnel(figures)]
    return [chart for chart in charts if chart is not None]


def _figure(height: float = HEIGHT_IN, *, left: float = 0.09, bottom: float = 0.14) -> Figure:
    # Fixed margins: an automatic layout measures every label first and doubles the drawing time.
    figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    figure.subplots_adjust(left=left, right=0.98, top=0.9, bottom=bottom)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _style(axes) -> None:
    axes.spines["top"].set_visible(False)
    axes.spines["right"].set_visible(False)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)


def _rc() -> AbstractContextManager[None]:
    return matplotlib.rc_context({"font.family": FONT, "font.size": 8, "axes.titlesize": 9})


def _visits_per_month(figures: ReportFigures) -> Chart | None:
    months = figures.months
    if not any(m.visits for m in months):
        return None
    with _rc():
        figure = _figure(bottom=0.2 if len(months) > 6 else 0.12)
        axes = figure.add_subplot()
        positions = range(len(months))
        axes.bar(positions, [m.visits for m in months], color=COLOURS[0], label=t.CHART_VISITS_Y)
        axes.plot(positions, [m.enterprises for m in months], color=COLOURS[1], marker="o", markersize=2.5,
                  linewidth=1.2, label=t.CHART_VISITS_ENTERPRISES)
        step = max(1, len(months) // 12)   # at most about twelve labels, however long the period
        axes.set_xticks(list(positions)[::step], [f"{m.month:%m/%Y}" for m in months][::step],
                        rotation=45 if len(months) > 6 else 0, ha="right" if len(months) > 6 else "center")
        axes.set_ylabel(t.CHART_VISITS_Y)
        axes.set_title(t.CHART_VISITS_TITLE)
        axes.set_ylim(0, max(m.visits for m in months) * 1.3)   # headroom for the legend
        axes.legend(loc="upper left", ncols=2, framealpha=0.9, edgecolor="none")
        _style(axes)
        return Chart("visits", t.CHART_VISITS_TITLE, _png(figure))


def _coverage_per_wave(figures: ReportFigures) -> Chart | None:
    waves = [w for w in figures.waves if w.aimed_at]
    if not waves:
        return None
    with _rc():
        figure = _figure()
        axes = figure.add_subplot()
        shares = [w.percent or 0 for w in waves]
        bars = axes.bar([w.name for w in waves], shares, color=COLOURS[0], width=0.6)
        for bar, wave in zip(bars, waves, strict=True):
            axes.annotate(f"{wave.covered}/{wave.aimed_at}", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                          ha="center", va="bottom", fontsize=7, xytext=(0, 2), textcoords="offset points")
        axes.set_ylim(0, 110)
        axes.set_ylabel(t.CHART_COVERAGE_Y)
        axes.set_title(t.CHART_COVERAGE_TITLE)
        _style(axes)
        return Chart("coverage", t.CHART_COVERAGE_TITLE, _png(figure))


def _difficulties(figures: ReportFigures, rules: Rules) -> Chart | None:
    table = figures.difficulties_by_category()
    if not table:
        return None
    categories = sorted(table, key=lambda code: sum(table[code].values()))   # the largest on top
    with _rc():
        labels = [rules.category_label(code) for code in categories]
        # Room on the left for the longest category name (about 0.07 inch a character at this size).
        figure = _figure(max(HEIGHT_IN, 0.9 + 0.28 * len(categories)),
                         left=min(0.45, 0.04 + 0.07 * max(map(len, labels)) / WIDTH_IN), bottom=0.14)
        axes = figure.add_subplot()
        left = [0] * len(categories)
        for group, statuses in STATUS_GROUPS.items():
            widths = [sum(table[code][status] for status in statuses) for code in categories]
            if not any(widths):
                continue
            axes.barh(labels, widths, left=left,
                      color=GROUP_COLOURS[group], label=t.STATUS_GROUP[group], height=0.6)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        axes.set_xlabel(t.CHART_DIFFICULTIES_X)
        axes.set_title(t.CHART_DIFFICULTIES_TITLE)
        axes.legend(frameon=False, fontsize=7, loc="lower right")
        _style(axes)
        axes.grid(axis="y", visible=False)
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        return Chart("difficulties", t.CHART_DIFFICULTIES_TITLE, _png(figure))


def _funnel(figures: ReportFigures) -> Chart | None:
    counts = [figures.funnel.get(stage, 0) for stage in FUNNEL]
    if not any(counts):
        return None
    labels = [t.STAGE[stage.value] for stage in FUNNEL]
    with _rc():
        figure = _figure(left=min(0.45, 0.04 + 0.07 * max(map(len, labels)) / WIDTH_IN))
        axes = figure.add_subplot()
        bars = axes.barh(labels[::-1], counts[::-1], color=COLOURS[0], height=0.6)
        for bar, count in zip(bars, counts[::-1], strict=True):
            axes.annotate(t.number(count), (bar.get_width(), bar.get_y() + bar.get_height() / 2), va="center",
                          fontsize=7, xytext=(3, 0), textcoords="offset points")
        axes.set_xlim(0, max(counts) * 1.15)
        axes.set_xlabel(t.CHART_FUNNEL_X)
        axes.set_title(t.CHART_FUNNEL_TITLE)
        _style(axes)
        axes.grid(axis="y", visible=False)
        return Chart("funnel", t.CHART_FUNNEL_TITLE, _png(figure))
