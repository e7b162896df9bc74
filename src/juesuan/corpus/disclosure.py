"""The required items of a 部门决算公开 and whether a read report has each (the ``disclosure_score``).

Each requirement names its rule source, as written down in the project's reference notes
(``/work/shared/reference/domain-facts.md`` §4.1 and ``review-checks.md`` A.2–A.3, A.7), and whether that
source was verified against an official template or real documents (``verified``) or only recalled. The
score is the share of requirements present; a report that is not a 部门 report is not asked for 单位构成.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from juesuan.audit.document import Document


@dataclass(frozen=True)
class Requirement:
    id: str
    name: str  # Chinese, as in the scorecard
    source: str  # where the requirement is written down
    verified: bool  # the source was checked against an official template or real published reports
    pattern: str  # a heading or passage that shows the item is present
    parts: tuple[str, ...] = ()  # document parts that also show it
    only_level: str = ""  # asked only of reports of this level (部门)


_S1 = (
    "上海市2024年部门决算模板（附件2：部门决算模板），domain-facts.md §4.1 [V-doc]，"
    "与普陀区三份实际报告一致 [V-real]"
)

REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "overview",
        "部门概况（主要职能）",
        _S1,
        True,
        r"主要职能|部门职责|职能职责|部门概况|单位概况|基本情况",
        ("overview",),
    ),
    Requirement(
        "units",
        "部门决算单位构成",
        "domain-facts.md §4.1 第一部分二 [V-doc]；review-checks.md A.7（同行项目设计，未经官方核实）",
        True,
        r"单位构成|机构设置|决算单位",
        only_level="部门",
    ),
    Requirement(
        "tables",
        "部门决算表（公开附表）",
        "domain-facts.md §3.1 九张表 [V-doc]；review-checks.md A.2",
        True,
        r"决算表|决算报表",
        ("tables", "appendix"),
    ),
    Requirement(
        "explanation",
        "决算情况说明",
        _S1 + "；review-checks.md A.3",
        True,
        r"情况说明|决算说明",
        ("explanation",),
    ),
    Requirement("sangong", "“三公”经费支出情况说明", _S1 + "（第三部分七）", True, r"三公"),
    Requirement(
        "running",
        "机关运行经费支出情况",
        _S1 + "（第三部分十一（一））；review-checks.md A.3",
        True,
        r"机关运行经费",
    ),
    Requirement(
        "procurement",
        "政府采购支出情况",
        _S1 + "（第三部分十一（二））；review-checks.md A.3",
        True,
        r"政府采购",
    ),
    Requirement(
        "assets",
        "国有资产占有使用情况",
        _S1 + "（第三部分十一（三））；review-checks.md A.3",
        True,
        r"国有资产",
    ),
    Requirement(
        "performance",
        "预算绩效管理情况",
        _S1 + "（第三部分十）；中央/财政部样式见 §4.1 [R，未核实]",
        True,
        r"绩效",
    ),
    Requirement("glossary", "名词解释", _S1 + "（第四部分）", True, r"名词解释", ("glossary",)),
)


def level_of(title: str, text: str = "") -> str:
    """部门 or 单位, from the report's title (else the first text), "" when it does not say."""
    for s in (title, text[:400]):
        if re.search(r"单位决算|单位[0-9０-９]{0,4}年度?决算", s):
            return "单位"
        if "部门决算" in s:
            return "部门"
    return ""


def assess(doc: Document, level: str) -> tuple[float, list[str]]:
    """``(score, missing ids)`` for a read report; the score is 0 for an unread one."""
    parts = {p.part for p in doc.paragraphs} | {t.part for t in doc.tables}
    heads = "\n".join(p.text for p in doc.paragraphs if p.heading is not None or p.in_toc or len(p.text) < 40)
    text = "\n".join(p.text for p in doc.paragraphs)
    asked = [r for r in REQUIREMENTS if not r.only_level or r.only_level == level]
    missing = []
    for r in asked:
        present = bool(set(r.parts) & parts) or bool(re.search(r.pattern, heads))
        if not present and r.id in ("sangong", "running", "procurement", "assets", "performance"):
            present = bool(re.search(r.pattern, text))
        if r.id == "tables" and not present:
            present = doc.tables_attached or sum(1 for t in doc.tables if t.kind) >= 3
        if not present:
            missing.append(r.id)
    return (round(1 - len(missing) / len(asked), 4) if asked else 0.0), missing
