"""Render the view model as one self-contained, printable HTML file (text, tables, inline SVG charts)."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from juesuan.render.cells import cell_align, cell_text
from juesuan.viewmodel import ReportView, labels


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("juesuan", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(cell_text=cell_text, cell_align=cell_align)
    return env


def render_html(view: ReportView) -> str:
    """The complete report.html."""
    charts = {key: Markup(view.drawings.svg(chart)) for key, chart in view.charts.items()}
    headings = [b for b in view.blocks if b.kind == "heading" and b.level <= 2]
    template = _environment().get_template("html/report.html.j2")
    profile_labels = labels(view.derived.dataset.department.profile)
    return template.render(
        view=view,
        unchecked=None if view.passed_check else profile_labels["unchecked"],
        findings=view.check.sorted_findings() if view.check is not None else [],
        toc_title=profile_labels["toc_title"],
        blocks=view.blocks,
        tables=view.tables,
        charts=charts,
        evaluations=view.evaluations,
        headings=headings,
    )
