"""Charts of the 部门决算 report (图1–图7) drawn with matplotlib.

One chart specification (:class:`BarChart` or :class:`PieChart`) renders to an
inline-ready SVG element (text converted to paths, so no font is needed in the
viewer), to SVG with its text as text for the PDF, and to PNG bytes for Word. A report's
charts are drawn by its :class:`ChartDrawings`: each figure built once, both SVGs written by one
drawing, the PNG by one more. All numbers arrive already computed and formatted by the caller;
this module only draws them.
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import math
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import RcKeyType

__all__ = [
    "FIG_HEIGHT_CM",
    "FIG_WIDTH_CM",
    "BarChart",
    "Chart",
    "ChartDrawings",
    "PieChart",
    "cjk_font_path",
    "render_png",
    "render_svg",
    "render_svg_text",
]

#: Figure size (about a third of an A4 page, full text width).
FIG_WIDTH_CM = 16.0
FIG_HEIGHT_CM = 9.0

#: Environment variable that may point to another CJK font file.
FONT_ENV_VAR = "JUESUAN_CJK_FONT"
_FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),  # Debian / Ubuntu: fonts-wqy-zenhei
    Path("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc"),  # Fedora
    Path("/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc"),  # Arch
)

_TITLE_SIZE = 11.0  # pt
_TEXT_SIZE = 9.0  # pt (小五号)
_NOTE_SIZE = 10.5  # pt (五号)
_DEFAULT_EMPTY_NOTE = "无数据。"
_TEXT_COLOR = "#333333"
_NOTE_COLOR = "#555555"
_AXIS_COLOR = "#8C8C8C"
_BAR_COLOR_CURRENT = "#4F81BD"
_BAR_COLOR_EARLIER = "#A7BFDC"
# Muted office-report palette (Office 2007 base colours, then their darker variants).
_PALETTE = (
    "#4F81BD", "#C0504D", "#9BBB59", "#8064A2", "#4BACC6", "#F79646",
    "#2C4D75", "#772C2A", "#5F7530", "#4D3B62", "#276A7C", "#B65708",
)  # fmt: skip
# Pie legend (font size in pt, wrap labels?) tried in this order until legend and pie both fit.
_LEGEND_CANDIDATES = (
    (9.0, False),
    (8.5, False),
    (8.0, False),
    (9.0, True),
    (8.0, True),
    (7.5, True),
    (7.0, True),
)
_MIN_WEDGE_LABEL_FRACTION = 0.07  # smaller wedges are labelled in the legend only
# Characters that must not start a line (simple Chinese line-breaking rule).
_NO_LINE_START = set("，。、；：？！）》」』】〕”’％%,.;:!?)]}")


# --------------------------------------------------------------------------- specification


def _check_lengths(kind: str, labels: tuple, values: tuple, value_labels: tuple) -> None:
    if not labels:
        raise ValueError(f"{kind}: at least one label is required")
    if not len(labels) == len(values) == len(value_labels):
        raise ValueError(
            f"{kind}: labels, values and value_labels must have the same length "
            f"(got {len(labels)}, {len(values)}, {len(value_labels)})"
        )


@dataclass(frozen=True, slots=True)
class BarChart:
    """Bars comparing totals, e.g. two years (图1, 图4, 图5)."""

    title: str  # e.g. "图1：收入、支出决算总计变动情况"
    unit: str  # axis unit, e.g. "万元"
    labels: tuple[str, ...]  # e.g. ("2023年", "2024年")
    values: tuple[Decimal, ...]  # bar heights
    value_labels: tuple[str, ...]  # printed above each bar, e.g. ("296.70", "243.40")

    def __post_init__(self) -> None:
        _check_lengths("BarChart", self.labels, self.values, self.value_labels)


@dataclass(frozen=True, slots=True)
class PieChart:
    """Shares of a whole (图2, 图3, 图6, 图7)."""

    title: str
    labels: tuple[str, ...]  # slice names
    values: tuple[Decimal, ...]  # slice sizes (percent shares or amounts)
    value_labels: tuple[str, ...]  # e.g. ("76.11%", "15.06%", ...)
    empty_note: str  # shown instead of the pie when all values are 0

    def __post_init__(self) -> None:
        _check_lengths("PieChart", self.labels, self.values, self.value_labels)
        if any(v < 0 for v in self.values):
            raise ValueError(f"PieChart {self.title!r}: negative values cannot be drawn as a pie")

    @property
    def is_empty(self) -> bool:
        return all(v == 0 for v in self.values)


Chart = BarChart | PieChart


# --------------------------------------------------------------------------- public functions


def cjk_font_path() -> Path:
    """Return the CJK font file used for all chart text (WenQuanYi Zen Hei).

    ``$JUESUAN_CJK_FONT`` may name another file. Raises FileNotFoundError when no
    font is found.
    """
    override = os.environ.get(FONT_ENV_VAR)
    if override:
        path = Path(override)
        if not path.is_file():
            raise FileNotFoundError(f"CJK font {path} (from ${FONT_ENV_VAR}) does not exist")
        return path
    for path in _FONT_CANDIDATES:
        if path.is_file():
            return path
    raise FileNotFoundError(
        "CJK font WenQuanYi Zen Hei (wqy-zenhei.ttc) not found; install the Debian package "
        f"fonts-wqy-zenhei (apt-get install fonts-wqy-zenhei) or set ${FONT_ENV_VAR} to a "
        f"CJK .ttf/.ttc file. Looked in: {', '.join(map(str, _FONT_CANDIDATES))}"
    )


def render_svg(chart: Chart) -> str:
    """Render *chart* as one self-contained, deterministic ``<svg>`` element for inline HTML."""
    return ChartDrawings().svg(chart)


def render_svg_text(chart: Chart) -> str:
    """*chart* as SVG for the PDF: the drawing of ``render_svg`` with its text as SVG text in the chart
    font (WenQuanYi Zen Hei) instead of glyph outlines, so that the chart's figures can be searched and
    copied in the PDF, which embeds that font anyway."""
    return ChartDrawings().svg_text(chart)


def render_png(chart: Chart, dpi: int = 200) -> bytes:
    """Render *chart* as PNG bytes at *dpi*, white background.

    The image is FIG_WIDTH_CM × FIG_HEIGHT_CM, except an all-zero pie (title and note only, about
    3 cm high) and a pie with too many categories for 9 cm (taller); the width is always the same.
    """
    return ChartDrawings().png(chart, dpi)


class ChartDrawings:
    """The drawings of one report's charts, each made once and shared by its outputs.

    A chart's figure is built once; one drawing of it at 72 dpi writes both SVGs (glyph outlines for
    the HTML, text for the PDF; only the one needed when told the formats, ``expect``), and the PNG for
    Word is the same figure drawn once more by the raster backend at its resolution. Held by the
    report's view (``ReportView.drawings``), so it lives as long as the build that renders it: no cache
    outlives the report.
    """

    def __init__(self) -> None:
        self._figures: dict[Chart, Figure] = {}
        self._svgs: dict[tuple[Chart, str], str] = {}
        self._pngs: dict[tuple[Chart, int], bytes] = {}
        self._svg_kinds: tuple[str, ...] = ("path", "text")

    def expect(self, formats: Iterable[str]) -> None:
        """The output formats about to be rendered: an SVG none of them shows is not drawn (by default
        both are, at the first request of either)."""
        self._svg_kinds = tuple(k for k in ("path", "text") if k in {_SVG_OF_FORMAT.get(f) for f in formats})

    def svg(self, chart: Chart) -> str:
        """The chart as an inline ``<svg>`` element for HTML (text as glyph outlines)."""
        return self._svg(chart, "path")

    def svg_text(self, chart: Chart) -> str:
        """The chart as an SVG document with its text as text, for the PDF."""
        return self._svg(chart, "text")

    def png(self, chart: Chart, dpi: int = 200) -> bytes:
        """The chart as PNG bytes at ``dpi``, white background."""
        if dpi <= 0:
            raise ValueError(f"dpi must be positive, got {dpi}")
        key = (chart, dpi)
        if key not in self._pngs:
            with _DRAWING, _rc_context(svg_salt=None):
                buf = io.BytesIO()
                # zlib level 3 instead of PIL's 6: a third faster to encode, a quarter larger (the Word file)
                self._figure(chart).savefig(
                    buf,
                    format="png",
                    dpi=dpi,
                    metadata={"Software": None},
                    facecolor="white",
                    pil_kwargs={"compress_level": 3},
                )
            self._pngs[key] = buf.getvalue()
        return self._pngs[key]

    def _figure(self, chart: Chart) -> Figure:
        """The chart's figure, built at its first drawing (under the rc settings of that drawing)."""
        figure = self._figures.get(chart)
        if figure is None:
            figure = self._figures[chart] = _build_figure(chart)
        return figure

    def _svg(self, chart: Chart, kind: str) -> str:
        """The chart's SVG of ``kind``, drawn together with the other expected kind."""
        if (chart, kind) not in self._svgs:
            digest = _chart_digest(chart)
            wanted = self._svg_kinds if kind in self._svg_kinds else (kind,)
            kinds = tuple(k for k in wanted if (chart, k) not in self._svgs)
            with _DRAWING, _rc_context(svg_salt=digest):
                drawn = _draw_svgs(self._figure(chart), kinds)
            if "path" in drawn:
                drawn["path"] = _postprocess_svg(drawn["path"], chart, id_prefix=f"jc{digest[:10]}-")
            self._svgs.update({(chart, k): svg for k, svg in drawn.items()})
        return self._svgs[chart, kind]


# --------------------------------------------------------------------------- one drawing, two SVGs

#: The SVG each output format shows: "path" (glyph outlines) for HTML, "text" for the PDF.
_SVG_OF_FORMAT = {"html": "path", "pdf": "text"}
#: matplotlib is not thread-safe, and a figure is drawn by one backend at a time.
_DRAWING = threading.RLock()
_SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


def _draw_svgs(figure: Figure, kinds: tuple[str, ...]) -> dict[str, str]:
    """One drawing of ``figure`` written as an SVG document of each of ``kinds``: "path" (text as glyph
    outlines) and "text" (text as text).

    What ``Figure.savefig(format="svg")`` does (``FigureCanvasSVG.print_svg``: the figure at 72 dpi, the
    vector renderer behind a ``MixedModeRenderer``), with every drawing call of the figure's artists
    passed to an SVG renderer per kind; the layout (transforms, text extents) is computed once. The
    documents are byte for byte those of ``savefig`` calls with ``svg.fonttype`` "path" and "none"."""
    from matplotlib.backends.backend_mixed import MixedModeRenderer
    from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG

    class TextRendererSVG(RendererSVG):
        """Text as SVG text whatever ``svg.fonttype`` says (the outline renderer reads it as "path")."""

        _draw_text_as_path = RendererSVG._draw_text_as_text

    canvas = figure.canvas
    dpi = figure.dpi
    FigureCanvasSVG(figure)  # as savefig switches to the format's canvas while it draws
    outs = {kind: io.StringIO() for kind in kinds}
    try:
        figure.dpi = 72
        width, height = figure.get_size_inches()
        w, h = width * 72, height * 72
        renderers = [
            (RendererSVG if kind == "path" else TextRendererSVG)(
                w, h, out, image_dpi=dpi, metadata=_SVG_METADATA
            )
            for kind, out in outs.items()
        ]
        vector = renderers[0] if len(renderers) == 1 else _TeeRenderer(*renderers)
        renderer: Any = MixedModeRenderer(figure, width, height, dpi, vector)  # a RendererBase by proxy
        figure.draw(renderer)
        renderer.finalize()
    finally:
        figure.dpi = dpi
        figure.set_canvas(canvas)
    return {kind: out.getvalue() for kind, out in outs.items()}


class _TeeRenderer:
    """A renderer passing each drawing call to two renderers of the same size and resolution; what the
    artists ask (text extents, sizes, graphics contexts) is answered by the first."""

    _DRAWS = frozenset(
        {
            "draw_path",
            "draw_markers",
            "draw_path_collection",
            "draw_quad_mesh",
            "draw_gouraud_triangles",
            "draw_image",
            "draw_text",
            "draw_tex",
            "open_group",
            "close_group",
            "start_filter",
            "stop_filter",
            "finalize",
        }
    )

    def __init__(self, first: Any, second: Any) -> None:
        self._first = first
        self._second = second

    def __getattr__(self, name: str) -> Any:
        own = getattr(self._first, name)
        if name not in self._DRAWS:
            return own
        other = getattr(self._second, name)

        def both(*args: Any, **kwargs: Any) -> Any:
            other(*args, **kwargs)
            return own(*args, **kwargs)

        return both


# --------------------------------------------------------------------------- font and rc set-up


@functools.cache
def _font() -> tuple[str, int | str]:
    """Register the CJK font with matplotlib once; return its family name and weight.

    Text is requested with the font's own weight (WenQuanYi Zen Hei is "medium", 500): asking for
    "normal" would make matplotlib log a "Failed to find font weight" warning on every new process.
    There is deliberately no fallback font: a character missing from the CJK font must surface as
    a "Glyph missing" warning (the tests check for none) rather than silently change typeface.
    """
    from matplotlib import font_manager

    path = str(cjk_font_path())
    font_manager.fontManager.addfont(path)
    entry = font_manager.ttfFontProperty(font_manager.get_font(path))
    return entry.name, entry.weight


def _rc_context(svg_salt: str | None) -> Any:
    import matplotlib

    family, weight = _font()
    rc: dict[RcKeyType, Any] = {
        "font.family": [family],
        "font.weight": weight,
        "font.size": _TEXT_SIZE,
        "axes.unicode_minus": False,
        "svg.fonttype": "path",
        "svg.hashsalt": svg_salt,
        # Unhinted glyph advances: PNG text has the same width as the SVG paths and as measured
        # for the layout, at any dpi (hinting rounds each advance to whole pixels).
        "text.hinting": "no_hinting",
        "text.usetex": False,
    }
    return matplotlib.rc_context(rc)


def _font_props(size: float) -> Any:
    from matplotlib.font_manager import FontProperties

    family, weight = _font()
    return FontProperties(family=[family], weight=weight, size=size)


@functools.lru_cache(maxsize=4096)
def _text_width(text: str, size: float) -> float:
    """Width of one line of *text* in points (unhinted, as drawn in both SVG and PNG)."""
    from matplotlib.textpath import text_to_path

    if not text:
        return 0.0
    width, _height, _descent = text_to_path.get_text_width_height_descent(
        text, _font_props(size), ismath=False
    )
    return float(width)


def _wrap_greedy(text: str, size: float, max_width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for ch in text:
        if line and ch not in _NO_LINE_START and _text_width(line + ch, size) > max_width:
            lines.append(line)
            line = ch
        else:
            line += ch
    lines.append(line)
    return lines


def _wrap(text: str, size: float, max_width: float) -> list[str]:
    """Break *text* (Chinese needs no spaces) into lines no wider than *max_width* points.

    Lines are balanced (no single orphaned character on the last line) while keeping the
    number of lines of a greedy fill.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        greedy = _wrap_greedy(paragraph, size, max_width)
        if len(greedy) > 1:
            width = _text_width(paragraph, size) / len(greedy)
            while width < max_width:
                balanced = _wrap_greedy(paragraph, size, width)
                if len(balanced) <= len(greedy):
                    greedy = balanced
                    break
                width += size / 2
        lines.extend(greedy)
    return lines


# --------------------------------------------------------------------------- drawing


def _chart_digest(chart: Chart) -> str:
    return hashlib.sha256(repr(chart).encode("utf-8")).hexdigest()


def _new_figure(height_pt: float) -> Figure:
    from matplotlib.figure import Figure

    # Figure is used directly (no pyplot): nothing global to close afterwards.
    return Figure(figsize=(FIG_WIDTH_CM / 2.54, height_pt / 72), facecolor="white")


def _fig_size_pt() -> tuple[float, float]:
    return FIG_WIDTH_CM / 2.54 * 72, FIG_HEIGHT_CM / 2.54 * 72


def _draw_title(fig: Figure, title: str, width_pt: float, height_pt: float) -> float:
    """Draw the title at the top; return the height it occupies in points."""
    lines = _wrap(title, _TITLE_SIZE, width_pt - 24)
    top_pad = 8.0
    fig.text(
        0.5,
        1 - top_pad / height_pt,
        "\n".join(lines),
        ha="center",
        va="top",
        fontsize=_TITLE_SIZE,
        color="#1A1A1A",
        linespacing=1.3,
        parse_math=False,
    )
    return top_pad + len(lines) * _TITLE_SIZE * 1.3 + 4


def _build_figure(chart: Chart) -> Figure:
    if isinstance(chart, BarChart):
        return _bar_figure(chart)
    if isinstance(chart, PieChart):
        return _empty_figure(chart) if chart.is_empty else _pie_figure(chart)
    raise TypeError(f"expected BarChart or PieChart, got {type(chart).__name__}")


def _bar_figure(chart: BarChart) -> Figure:
    width_pt, height_pt = _fig_size_pt()
    fig = _new_figure(height_pt)
    title_h = _draw_title(fig, chart.title, width_pt, height_pt)

    n = len(chart.labels)
    left, right = 18.0, 18.0
    slot_pt = (width_pt - left - right) / n
    tick_lines = [_wrap(label, _TEXT_SIZE, slot_pt * 0.92) for label in chart.labels]
    bottom = max(len(lines) for lines in tick_lines) * _TEXT_SIZE * 1.25 + 10
    unit_h = _TEXT_SIZE * 1.6 if chart.unit else 0.0
    top = title_h + unit_h + 4
    axes_h = height_pt - top - bottom
    ax = fig.add_axes(
        (left / width_pt, bottom / height_pt, (width_pt - left - right) / width_pt, axes_h / height_pt)
    )

    values = [float(v) for v in chart.values]
    # Bars at most ~2.4 cm wide, but never wider than 55 % of their slot.
    bar_width = min(0.55, 68.0 / slot_pt)
    colors = [_BAR_COLOR_CURRENT if i == n - 1 else _BAR_COLOR_EARLIER for i in range(n)]
    ax.bar(range(n), values, width=bar_width, color=colors, edgecolor="none", zorder=2)

    # Leave headroom (in points) for the value labels above (or below) the bars.
    label_room = _TEXT_SIZE * 1.2 + 4
    vmax, vmin = max([*values, 0.0]), min([*values, 0.0])
    span = (vmax - vmin) or 1.0
    frac = label_room / axes_h
    upper = vmax + span * frac / (1 - 2 * frac) if vmax > 0 or vmin == 0 else 0.0
    lower = vmin - span * frac / (1 - 2 * frac) if vmin < 0 else 0.0
    if vmax == 0 and vmin == 0:
        upper = 1.0
    ax.set_ylim(lower, upper)
    ax.set_xlim(-0.5, n - 0.5)

    for i, (value, text) in enumerate(zip(values, chart.value_labels, strict=True)):
        ax.annotate(
            text,
            xy=(i, value),
            xytext=(0, 3 if value >= 0 else -3),
            textcoords="offset points",
            ha="center",
            va="bottom" if value >= 0 else "top",
            fontsize=_TEXT_SIZE,
            color=_TEXT_COLOR,
            annotation_clip=False,
            parse_math=False,
        )

    ax.set_xticks(range(n), ["\n".join(lines) for lines in tick_lines])
    for tick_label in ax.get_xticklabels():
        tick_label.set_parse_math(False)
        tick_label.set_linespacing(1.15)
    ax.tick_params(axis="x", length=0, pad=5, labelsize=_TEXT_SIZE, labelcolor=_TEXT_COLOR)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(_AXIS_COLOR)
    ax.spines["bottom"].set_linewidth(0.8)
    if vmin < 0:
        ax.spines["bottom"].set_visible(False)
        ax.axhline(0, color=_AXIS_COLOR, linewidth=0.8, zorder=3)
    ax.set_facecolor("none")

    if chart.unit:
        fig.text(
            left / width_pt,
            1 - (title_h + 2) / height_pt,
            f"单位：{chart.unit}",
            ha="left",
            va="top",
            fontsize=_TEXT_SIZE,
            color=_NOTE_COLOR,
            parse_math=False,
        )
    return fig


def _slice_color(index: int) -> str:
    base = _PALETTE[index % len(_PALETTE)]
    rounds = index // len(_PALETTE)
    if not rounds:
        return base
    # Beyond the palette: lighter tints of the same colours.
    mix = min(0.25 * rounds, 0.75)
    rgb = [int(base[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * mix):02X}" for c in rgb)


def _is_dark(color: str) -> bool:
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b < 0.6


def _pie_figure(chart: PieChart) -> Figure:
    from matplotlib.patches import Rectangle, Wedge

    width_pt, base_height_pt = _fig_size_pt()
    n = len(chart.labels)
    margin, gap, bottom_pad = 14.0, 22.0, 10.0

    # Estimate the title height with the base figure height (wrapping depends only on the width).
    title_lines = len(_wrap(chart.title, _TITLE_SIZE, width_pt - 24))
    title_h = 8.0 + title_lines * _TITLE_SIZE * 1.3 + 4 + 8  # + gap between title and pie
    avail_h = base_height_pt - title_h - bottom_pad

    # Choose the largest legend font that leaves room for a reasonable pie; wrap long labels if needed.
    min_diameter = min(avail_h, 140.0)
    for size, wrap in _LEGEND_CANDIDATES:
        value_w = max(_text_width(v, size) for v in chart.value_labels)
        if wrap:
            target = min(avail_h, 170.0)
            max_label_w = max(width_pt - 2 * margin - gap - target - size * 3.1 - value_w, size * 6)
            labels = [_wrap(label, size, max_label_w) for label in chart.labels]
        else:
            labels = [[label] for label in chart.labels]
        label_w = max(_text_width(line, size) for lines in labels for line in lines)
        legend_w = size * 0.9 + size * 0.6 + label_w + size * 1.6 + value_w
        if all(len(lines) == 1 for lines in labels):
            heights = [size * 1.75] * n
        else:
            heights = [len(lines) * size * 1.25 + size * 0.6 for lines in labels]
        legend_h = sum(heights)
        diameter = min(avail_h, width_pt - 2 * margin - gap - legend_w)
        if diameter >= min_diameter and legend_h <= avail_h:
            break
    # If even the last candidate does not fit, the figure grows taller (very many categories).
    diameter = max(diameter, min_diameter)

    height_pt = max(base_height_pt, title_h + bottom_pad + max(legend_h, diameter))
    fig = _new_figure(height_pt)
    _draw_title(fig, chart.title, width_pt, height_pt)
    body_h = height_pt - title_h - bottom_pad
    body_mid = bottom_pad + body_h / 2  # from the bottom, points

    block_w = diameter + gap + legend_w
    x0 = max(margin, (width_pt - block_w) / 2)

    # Pie (wedges drawn clockwise from 12 o'clock, like the office-suite charts in the reports).
    ax = fig.add_axes(
        (x0 / width_pt, (body_mid - diameter / 2) / height_pt, diameter / width_pt, diameter / height_pt)
    )
    ax.set_xlim(-1.02, 1.02)
    ax.set_ylim(-1.02, 1.02)
    ax.set_aspect("equal")
    ax.axis("off")
    values = [float(v) for v in chart.values]
    total = sum(values)
    colors = [_slice_color(i) for i in range(n)]
    angle = 90.0
    for value, text, color in zip(values, chart.value_labels, colors, strict=True):
        if value <= 0:
            continue  # zero slices appear only in the legend
        frac = value / total
        sweep = 360.0 * frac
        ax.add_patch(
            Wedge((0, 0), 1.0, angle - sweep, angle, facecolor=color, edgecolor="white", linewidth=0.8)
        )
        if frac >= _MIN_WEDGE_LABEL_FRACTION:
            mid = math.radians(angle - sweep / 2)
            r = 0.0 if frac > 0.999 else 0.62
            ax.text(
                r * math.cos(mid),
                r * math.sin(mid),
                text,
                ha="center",
                va="center",
                fontsize=_TEXT_SIZE,
                color="white" if _is_dark(color) else "#1A1A1A",
                parse_math=False,
            )
        angle -= sweep

    # Legend as a small table: colour swatch, label, value label right-aligned.
    swatch = size * 0.9
    lx = (x0 + diameter + gap) / 72  # inches
    value_right = lx + legend_w / 72
    y = (body_mid + sum(heights) / 2) / 72  # top of the legend, inches from the bottom
    to_inches = fig.dpi_scale_trans
    for lines, text, color, h in zip(labels, chart.value_labels, colors, heights, strict=True):
        row_mid = y - h / 72 / 2
        first_mid = row_mid + (len(lines) - 1) * size * 1.25 / 72 / 2
        fig.add_artist(
            Rectangle(
                (lx, first_mid - swatch / 72 / 2),
                swatch / 72,
                swatch / 72,
                transform=to_inches,
                facecolor=color,
                edgecolor="none",
            )
        )
        fig.text(
            lx + (swatch + size * 0.6) / 72,
            row_mid,
            "\n".join(lines),
            transform=to_inches,
            ha="left",
            va="center",
            fontsize=size,
            color=_TEXT_COLOR,
            linespacing=1.25,
            parse_math=False,
        )
        fig.text(
            value_right,
            first_mid,
            text,
            transform=to_inches,
            ha="right",
            va="center",
            fontsize=size,
            color=_TEXT_COLOR,
            parse_math=False,
        )
        y -= h / 72
    return fig


def _empty_figure(chart: PieChart) -> Figure:
    """Title and note only: a compact figure (full width, about 3 cm high), not a blank 9 cm box."""
    width_pt, _ = _fig_size_pt()
    note_lines = _wrap(chart.empty_note or _DEFAULT_EMPTY_NOTE, _NOTE_SIZE, width_pt - 40)
    title_h = 8.0 + len(_wrap(chart.title, _TITLE_SIZE, width_pt - 24)) * _TITLE_SIZE * 1.3 + 4
    note_h = len(note_lines) * _NOTE_SIZE * 1.4
    height_pt = title_h + note_h + 2 * 22.0
    fig = _new_figure(height_pt)
    _draw_title(fig, chart.title, width_pt, height_pt)
    fig.text(
        0.5,
        (height_pt - title_h) / 2 / height_pt,
        "\n".join(note_lines),
        ha="center",
        va="center",
        fontsize=_NOTE_SIZE,
        color=_NOTE_COLOR,
        linespacing=1.4,
        parse_math=False,
    )
    return fig


# --------------------------------------------------------------------------- SVG post-processing

_PROLOG_RE = re.compile(r"\A.*?(?=<svg\b)", re.S)
_METADATA_RE = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_STYLE_RE = re.compile(r"\s*<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>", re.S)
_ID_RE = re.compile(r'\bid="([^"]+)"')
_REF_RE = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def _description(chart: Chart) -> str:
    if isinstance(chart, PieChart) and chart.is_empty:
        return chart.empty_note or _DEFAULT_EMPTY_NOTE
    items = "；".join(
        f"{label}：{value}" for label, value in zip(chart.labels, chart.value_labels, strict=True)
    )
    if isinstance(chart, BarChart) and chart.unit:
        return f"单位：{chart.unit}。{items}。"
    return f"{items}。"


def _postprocess_svg(svg: str, chart: Chart, id_prefix: str) -> str:
    svg = _PROLOG_RE.sub("", svg, count=1)  # XML declaration and DOCTYPE
    svg = _METADATA_RE.sub("", svg, count=1)
    # matplotlib's page-wide "*{stroke-linejoin: round; stroke-linecap: butt}" rule would leak into the
    # HTML page; both properties inherit, so set them on the root element instead.
    svg, n_styles = _STYLE_RE.subn("", svg, count=1)

    ids = set(_ID_RE.findall(svg))

    def prefix(match: re.Match[str]) -> str:
        head, name = match.group(1), match.group(2)
        return f"{head}{id_prefix}{name}" if name in ids else match.group(0)

    svg = _REF_RE.sub(prefix, svg)

    title = chart.title
    desc = _description(chart)
    root_attrs = f' role="img" aria-label="{html.escape(title)}" aria-describedby="{id_prefix}desc"'
    if n_styles:
        root_attrs += ' stroke-linejoin="round" stroke-linecap="butt"'
    head_end = svg.index(">", svg.index("<svg")) + 1
    header = (
        f'\n <title id="{id_prefix}title">{html.escape(title)}</title>'
        f'\n <desc id="{id_prefix}desc">{html.escape(desc)}</desc>'
    )
    svg = svg[: head_end - 1] + root_attrs + ">" + header + svg[head_end:]
    return svg.strip() + "\n"
