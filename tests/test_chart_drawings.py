"""Tests for juesuan.charts.ChartDrawings: a report's charts drawn once and shared by its outputs."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from matplotlib.figure import Figure

from juesuan import charts
from juesuan.build import prepare, render_outputs
from juesuan.charts import ChartDrawings
from juesuan.viewmodel import ReportView

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "jinkouhe-xinfang-2024"
METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


@pytest.fixture(scope="module")
def view() -> ReportView:
    return prepare(EXAMPLE)


def _savefig_svg(chart: charts.Chart, fonttype: str) -> str:
    """The chart saved by matplotlib's own ``savefig`` (what the outputs showed before one drawing
    wrote both SVGs)."""
    import matplotlib

    digest = charts._chart_digest(chart)
    with charts._rc_context(svg_salt=digest), matplotlib.rc_context({"svg.fonttype": fonttype}):
        out = io.StringIO()
        charts._build_figure(chart).savefig(out, format="svg", metadata=METADATA)
    return out.getvalue()


def test_one_drawing_writes_both_svgs_as_savefig_does(view: ReportView) -> None:
    for chart in view.charts.values():
        drawings = ChartDrawings()
        digest = charts._chart_digest(chart)
        paths = charts._postprocess_svg(_savefig_svg(chart, "path"), chart, id_prefix=f"jc{digest[:10]}-")
        assert drawings.svg(chart) == paths, chart.title
        assert drawings.svg_text(chart) == _savefig_svg(chart, "none"), chart.title
        assert "<text" in drawings.svg_text(chart) and "<text" not in drawings.svg(chart)


def test_outputs_draw_each_chart_once_as_vector_and_once_as_raster(
    view: ReportView,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fresh = replace(view)  # a view of its own: no drawing made yet
    draws: list[Figure] = []
    original = Figure.draw

    def counting(self: Figure, renderer: object) -> None:
        draws.append(self)
        original(self, renderer)  # type: ignore[arg-type]

    monkeypatch.setattr(Figure, "draw", counting)
    render_outputs(fresh, ("html", "pdf", "docx"))
    n = len(fresh.charts)
    assert n == 7
    assert len(draws) == 2 * n  # both SVGs from one drawing, the PNG from one more
    assert len({id(f) for f in draws}) == n  # each figure built once
    render_outputs(fresh, ("html", "pdf", "docx"))
    assert len(draws) == 2 * n  # a second rendering of the same view draws nothing again


def test_an_svg_no_output_shows_is_not_drawn(view: ReportView, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = replace(view)
    render_outputs(fresh, ("html", "docx"))
    chart = next(iter(fresh.charts.values()))
    assert (chart, "path") in fresh.drawings._svgs and (chart, "text") not in fresh.drawings._svgs
    both = replace(view)
    both.drawings.svg(chart)  # not told the formats: both SVGs from the one drawing
    assert (chart, "text") in both.drawings._svgs
    assert both.drawings.svg_text(chart) == fresh.drawings.svg_text(chart)  # drawn now, alone: the same


def test_a_changed_view_draws_its_own_charts(view: ReportView) -> None:
    key, chart = next(iter(view.charts.items()))
    view.drawings.svg(chart)
    changed = replace(view, charts={**view.charts, key: replace(chart, title=f"{chart.title}（改）")})
    assert changed.drawings is not view.drawings
    assert "（改）" in changed.drawings.svg(changed.charts[key])


def test_png_rejects_bad_dpi() -> None:
    chart = charts.BarChart("图1：测试", "万元", ("2023年", "2024年"), (Decimal(1), Decimal(2)), ("1", "2"))
    with pytest.raises(ValueError):
        ChartDrawings().png(chart, dpi=0)
    assert ChartDrawings().png(chart, dpi=50).startswith(b"\x89PNG")
