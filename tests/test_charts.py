"""Tests for juesuan.charts: SVG/PNG output of the report's bar and pie charts."""

from __future__ import annotations

import itertools
import logging
import os
import re
import struct
import subprocess
import sys
import textwrap
import warnings
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan import charts
from juesuan.charts import (
    FIG_WIDTH_CM,
    BarChart,
    PieChart,
    cjk_font_path,
    render_png,
    render_svg,
)

SVG_NS = "{http://www.w3.org/2000/svg}"
SRC = Path(__file__).resolve().parents[1] / "src"


def _pie(title: str, labels: list[str], shares: list[str], note: str = "本年度无数据。") -> PieChart:
    return PieChart(
        title=title,
        labels=tuple(labels),
        values=tuple(Decimal(v) for v in shares),
        value_labels=tuple(f"{Decimal(v):.2f}%" for v in shares),
        empty_note=note,
    )


def _bar(title: str, labels: tuple[str, ...], values: tuple[str, ...]) -> BarChart:
    return BarChart(
        title=title,
        unit="万元",
        labels=labels,
        values=tuple(Decimal(v) for v in values),
        value_labels=values,
    )


THREE_PUBLIC = ["因公出国（境）费支出", "公务用车购置及运行维护费支出", "公务接待费支出"]

# The seven charts of the reference report (seed 000), 图1 … 图7.
REFERENCE = [
    _bar("图1：收入、支出决算总计变动情况", ("2023年", "2024年"), ("296.70", "243.40")),
    _pie(
        "图2：收入决算结构",
        [
            "一般公共预算财政拨款收入",
            "政府性基金预算财政拨款收入",
            "国有资本经营预算财政拨款收入",
            "上级补助收入",
            "事业收入",
            "经营收入",
            "附属单位上缴收入",
            "其他收入",
        ],
        ["100", "0", "0", "0", "0", "0", "0", "0"],
    ),
    _pie(
        "图3：支出决算结构",
        ["基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
        ["82.19", "17.81", "0", "0", "0"],
    ),
    _bar("图4：财政拨款收、支决算总计变动情况", ("2023年", "2024年"), ("296.58", "243.33")),
    _bar("图5：一般公共预算财政拨款支出决算变动情况", ("2023年", "2024年"), ("296.58", "243.33")),
    _pie(
        "图6：一般公共预算财政拨款支出决算结构",
        ["一般公共服务支出", "社会保障和就业支出", "卫生健康支出", "农林水支出", "住房保障支出"],
        ["76.11", "15.06", "2.33", "0.62", "5.88"],
    ),
    _pie("图7：“三公”经费财政拨款支出结构", THREE_PUBLIC, ["0", "0", "100"]),
]
EMPTY_NOTE = "本年度无“三公”经费财政拨款支出。"
EMPTY_PIE = _pie("图7：“三公”经费财政拨款支出结构", THREE_PUBLIC, ["0", "0", "0"], EMPTY_NOTE)
ALL_CHARTS = [*REFERENCE, EMPTY_PIE]


def _ids(svg: str) -> list[str]:
    return [el.get("id") for el in ET.fromstring(svg).iter() if el.get("id") is not None]


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


# --------------------------------------------------------------------------- font


def test_cjk_font_path_exists() -> None:
    path = cjk_font_path()
    assert path.is_file()
    assert path.suffix in {".ttc", ".ttf", ".otf"}


def test_cjk_font_path_missing_names_debian_package(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(charts.FONT_ENV_VAR, raising=False)
    monkeypatch.setattr(charts, "_FONT_CANDIDATES", (tmp_path / "nope.ttc",))
    with pytest.raises(FileNotFoundError, match="fonts-wqy-zenhei"):
        cjk_font_path()


def test_cjk_font_path_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(charts.FONT_ENV_VAR, str(cjk_font_path()))
    assert cjk_font_path() == Path(os.environ[charts.FONT_ENV_VAR])
    monkeypatch.setenv(charts.FONT_ENV_VAR, str(tmp_path / "missing.ttf"))
    with pytest.raises(FileNotFoundError, match="JUESUAN_CJK_FONT"):
        cjk_font_path()


# --------------------------------------------------------------------------- SVG


@pytest.mark.parametrize("chart", ALL_CHARTS, ids=lambda c: c.title[:3] + type(c).__name__)
def test_svg_is_self_contained_accessible_element(chart: BarChart | PieChart) -> None:
    svg = render_svg(chart)
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg
    root = ET.fromstring(svg)  # well-formed
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == chart.title
    # No scripts, external images, styles or metadata; every reference is internal.
    for tag in ("script", "image", "style", "metadata", "foreignObject"):
        assert root.find(f".//{SVG_NS}{tag}") is None, tag
    assert not re.search(r'href="(?!#)', svg)
    assert "url(http" not in svg
    # Text is drawn as paths: no <text> elements (viewers need no CJK font).
    assert root.find(f".//{SVG_NS}text") is None
    # <title> and <desc> are the first children and carry the content.
    assert root[0].tag == f"{SVG_NS}title" and root[0].text == chart.title
    assert root[1].tag == f"{SVG_NS}desc"
    assert root.get("aria-describedby") == root[1].get("id")


@pytest.mark.parametrize("chart", REFERENCE, ids=lambda c: c.title[:3])
def test_svg_desc_lists_labels_with_value_labels(chart: BarChart | PieChart) -> None:
    desc = ET.fromstring(render_svg(chart)).find(f"{SVG_NS}desc").text
    for label, value_label in zip(chart.labels, chart.value_labels, strict=True):
        assert f"{label}：{value_label}" in desc
    if isinstance(chart, BarChart):
        assert "万元" in desc


def test_svg_desc_escapes_markup() -> None:
    chart = _pie("图X：A&B <c>", ["甲<乙>", "丙&丁"], ["50", "50"])
    root = ET.fromstring(render_svg(chart))
    assert root.get("aria-label") == "图X：A&B <c>"
    assert "甲<乙>：50.00%" in root.find(f"{SVG_NS}desc").text


def test_svg_is_deterministic() -> None:
    for chart in (REFERENCE[0], REFERENCE[5], EMPTY_PIE):
        assert render_svg(chart) == render_svg(chart)


def test_svg_ids_unique_across_charts_and_references_resolve() -> None:
    svgs = [render_svg(chart) for chart in ALL_CHARTS]
    all_ids: list[str] = []
    for svg in svgs:
        ids = _ids(svg)
        assert len(ids) == len(set(ids))
        refs = set(re.findall(r'href="#([^"]+)"', svg)) | set(re.findall(r"url\(#([^)]+)\)", svg))
        assert refs, "expected glyph references"
        assert refs <= set(ids)
        all_ids.extend(ids)
    # Several SVGs inlined in one HTML page must not clash; 图4 and 图5 even share their numbers.
    assert len(all_ids) == len(set(all_ids))


def test_empty_pie_shows_note_and_no_wedge() -> None:
    svg = render_svg(EMPTY_PIE)
    root = ET.fromstring(svg)
    assert root.find(f"{SVG_NS}title").text == EMPTY_PIE.title
    assert root.find(f"{SVG_NS}desc").text == EMPTY_NOTE
    assert "axes_" not in svg  # no pie axes at all
    with charts._rc_context(svg_salt=None):
        fig = charts._build_figure(EMPTY_PIE)
    assert fig.axes == []
    assert [t.get_text() for t in fig.texts] == [EMPTY_PIE.title, EMPTY_NOTE]
    png = render_png(EMPTY_PIE, dpi=100)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_zero_slices_in_legend_but_not_wedges() -> None:
    from matplotlib.patches import Wedge

    chart = REFERENCE[2]  # 图3: 82.19 / 17.81 / 0 / 0 / 0
    with charts._rc_context(svg_salt=None):
        fig = charts._build_figure(chart)
    (ax,) = fig.axes
    wedges = [p for p in ax.patches if isinstance(p, Wedge)]
    assert len(wedges) == 2
    legend_texts = {t.get_text() for t in fig.texts}
    assert set(chart.labels) <= legend_texts
    assert set(chart.value_labels) <= legend_texts | {t.get_text() for t in ax.texts}
    # Small wedges are not labelled on the pie (their value is in the legend only).
    small = REFERENCE[5]  # 图6 with 2.33 / 0.62 / 5.88
    with charts._rc_context(svg_salt=None):
        (ax6,) = charts._build_figure(small).axes
    assert {t.get_text() for t in ax6.texts} == {"76.11%", "15.06%"}


# --------------------------------------------------------------------------- PNG


@pytest.mark.parametrize("dpi", [100, 200])
def test_png_signature_and_size(dpi: int) -> None:
    for chart in (REFERENCE[0], REFERENCE[5]):
        png = render_png(chart, dpi=dpi)
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = _png_size(png)
        assert abs(width - FIG_WIDTH_CM / 2.54 * dpi) <= 1
        assert abs(height - charts.FIG_HEIGHT_CM / 2.54 * dpi) <= 1


def test_png_is_deterministic() -> None:
    assert render_png(REFERENCE[5], dpi=72) == render_png(REFERENCE[5], dpi=72)


def test_render_png_rejects_bad_dpi() -> None:
    with pytest.raises(ValueError):
        render_png(REFERENCE[0], dpi=0)


# --------------------------------------------------------------------------- glyphs, warnings, validation


def test_no_glyph_warnings(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for chart in ALL_CHARTS:
            render_svg(chart)
            render_png(chart, dpi=72)
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if "Glyph" in m or "findfont" in m], messages


def test_glyph_warning_detection_works() -> None:
    # Negative control: a character the font lacks (CJK Extension B) must be reported.
    chart = _pie("图X：𠀀", ["甲", "乙"], ["50", "50"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_png(chart, dpi=72)
    assert any("Glyph" in str(w.message) for w in caught)


def test_fresh_process_renders_silently_and_import_is_cheap() -> None:
    """No warning or log line on stderr in a new process; importing charts does not load matplotlib."""
    script = textwrap.dedent(
        """
        import importlib.util, sys, warnings
        warnings.simplefilter("error")
        spec = importlib.util.spec_from_file_location("charts_only", sys.argv[1])
        mod = importlib.util.module_from_spec(spec)
        sys.modules["charts_only"] = mod
        spec.loader.exec_module(mod)
        assert "matplotlib" not in sys.modules, "matplotlib imported at module import"
        from decimal import Decimal as D
        bar = mod.BarChart("图1：收入、支出决算总计变动情况", "万元", ("2023年", "2024年"),
                           (D("296.70"), D("243.40")), ("296.70", "243.40"))
        pie = mod.PieChart("图7：“三公”经费财政拨款支出结构", ("因公出国（境）费支出", "公务接待费支出"),
                           (D("0"), D("100")), ("0.00%", "100.00%"), "本年度无。")
        for chart in (bar, pie):
            mod.render_svg(chart)
            mod.render_png(chart, dpi=72)
        print("ok")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(SRC / "juesuan" / "charts.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
    assert proc.stderr == ""


def test_spec_validation() -> None:
    with pytest.raises(ValueError, match="same length"):
        BarChart("t", "万元", ("a", "b"), (Decimal(1),), ("1", "2"))
    with pytest.raises(ValueError, match="at least one"):
        PieChart("t", (), (), (), "无")
    with pytest.raises(ValueError, match="negative"):
        PieChart("t", ("a", "b"), (Decimal(-1), Decimal(2)), ("-1", "2"), "无")
    with pytest.raises(TypeError):
        render_svg("not a chart")  # type: ignore[arg-type]


def test_long_labels_and_many_categories_fit_the_figure() -> None:
    """Legend and tick labels stay inside the figure, also for long names and many categories."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    many = _pie(
        "图6：一般公共预算财政拨款支出决算结构",
        [
            "一般公共服务支出",
            "外交支出",
            "公共安全支出",
            "教育支出",
            "科学技术支出",
            "文化旅游体育与传媒支出",
            "社会保障和就业支出",
            "卫生健康支出",
            "节能环保支出",
            "城乡社区支出",
            "农林水支出",
            "交通运输支出",
            "资源勘探工业信息等支出",
            "灾害防治及应急管理支出",
        ],
        ["30", "0.01", "12", "20", "3", "1.11", "8", "9", "2", "5", "4.88", "3", "1", "1"],
    )
    long_label = _pie(
        "图X：长名称",
        ["国有资本经营预算财政拨款收入（含上年结转和结余的资金以及其他资金）", "其他"],
        ["60", "40"],
    )
    long_bars = _bar(
        "图5：一般公共预算财政拨款支出决算变动情况",
        ("2022年一般公共预算财政拨款收支总计", "2023年一般公共预算财政拨款收支总计", "2024年"),
        ("12345678.90", "0.00", "9999999.99"),
    )
    for chart in (many, long_label, long_bars):
        with charts._rc_context(svg_salt=None):
            fig = charts._build_figure(chart)
            fig.set_dpi(72)
            canvas = FigureCanvasAgg(fig)
            canvas.draw()
            renderer = canvas.get_renderer()
            texts = list(fig.texts)
            for ax in fig.axes:
                texts += ax.texts + (ax.get_xticklabels() if ax.axison else [])
            boxes = [t.get_window_extent(renderer) for t in texts if t.get_text()]
        width, height = fig.bbox.width, fig.bbox.height
        for box in boxes:
            assert box.x0 >= -0.5 and box.x1 <= width + 0.5, (chart.title, box)
            assert box.y0 >= -0.5 and box.y1 <= height + 0.5, (chart.title, box)
        # Legend rows must not overlap each other.
        legend = sorted((b for b in boxes if b.x0 > width * 0.4), key=lambda b: -b.y1)
        rows = [b for b in legend if b.height < 40]
        for upper, lower in itertools.pairwise(rows):
            if abs(upper.x0 - lower.x0) < 1:
                assert lower.y1 <= upper.y0 + 0.5, (chart.title, upper, lower)
