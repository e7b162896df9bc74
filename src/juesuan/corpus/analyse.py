"""One file of the corpus → its rows in the three tables, reusing the auditor (:mod:`juesuan.audit`).

A file is read once (:func:`juesuan.audit.run.read_for_audit`, structure not yet analysed); a 汇编 — many
reports bound in one volume — is cut at the title pages of its reports (:func:`split_volume`), and each
report is analysed and audited on its own (:func:`juesuan.audit.run.audit_document`) and becomes its own
``documents`` row. The figures are those the auditor read: each number of the standard tables it
interpreted and each amount it understood in the text. Rows are plain dicts (picklable, engine-neutral).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from juesuan.audit.document import Document, Paragraph, analyse_structure, cut_paragraph, report_title
from juesuan.audit.run import audit_document, read_for_audit
from juesuan.audit.units import read_units
from juesuan.corpus.disclosure import assess, level_of
from juesuan.corpus.schema import SCHEMA_VERSION, UNKNOWN_REGION
from juesuan.findings import CheckReport

#: a report cut out of a volume needs at least this much to stand alone (else it joins the next one)
MIN_PARAGRAPHS = 15
_MICRO = Decimal("0.000001")
_REGION = re.compile(
    r"^(?:中共|中国共产党)?((?:[^省市县区旗州盟委局]{2,7}?(?:省|自治区))?(?:[^省市县区旗州盟委局]{1,7}?(?:市|自治州|州|盟))?"
    r"(?:[^省市县区旗州盟委局]{1,7}?(?:区|县|自治县|旗|市))?)"
)


@dataclass
class Rows:
    """The rows of one file (one documents row per report in it)."""

    documents: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)

    def extend(self, other: Rows) -> None:
        self.documents.extend(other.documents)
        self.findings.extend(other.findings)
        self.figures.extend(other.figures)


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def document_id(path: str, sha256: str, part: int) -> str:
    return hashlib.sha256(f"{path}\x1f{sha256}\x1f{part}".encode()).hexdigest()[:20]


def region_of(department: str, path: str, root: str) -> str:
    """The region a report belongs to: the administrative prefix of the department's name (上海市普陀区),
    else the first folder under the corpus root, else 未知."""
    m = _REGION.match(department)
    if m and m.group(1):
        return m.group(1)
    try:
        rel = Path(path).resolve().relative_to(Path(root).resolve())
    except ValueError:
        rel = Path(path)
    return rel.parts[0] if len(rel.parts) > 1 else UNKNOWN_REGION


_VOLUME_TITLE = re.compile(r"决算(?:公开)?(?:[（(].{0,12}[）)])?$")
_PART_PREFIX = re.compile(r"^第[一二三四五六七八九十\d]{1,3}部分")


def _volume_title(text: str) -> str:
    """The department a report's own title page names (“XX局2024年度部门决算”), else ""."""
    text = re.sub(r"目录$", "", _PART_PREFIX.sub("", re.sub(r"\s+", "", text)))  # a cover run into its 目录
    if not _VOLUME_TITLE.search(text) or text != text.lstrip("第"):
        return ""
    found = report_title(text)
    return found[1] if found else ""


def _page_cuts(par: Paragraph) -> list[int]:
    """Offsets where the paragraph's page changes (a reader may join a cover to the next page)."""
    return [s for (s, w), (_, b) in zip(par.spans[1:], par.spans, strict=False) if w.page != b.page]


def _separate_pages(blocks: list) -> list:
    """``blocks`` with each paragraph that runs into a report's title on a later page cut before it."""
    out: list = []
    for block in blocks:
        cuts = _page_cuts(block) if isinstance(block, Paragraph) else []
        if not cuts:
            out.append(block)
            continue
        bounds = [0, *cuts, len(block.text)]
        pieces = list(itertools.pairwise(bounds))
        if not any(
            _volume_title(block.text[a:b]) for a, b in pieces[1:] if len(block.text[a:b].strip()) <= 60
        ):
            out.append(block)
            continue
        out.extend(cut_paragraph(block, a, b) for a, b in pieces if block.text[a:b].strip())
    return out


def split_volume(doc: Document) -> list[list]:
    """The blocks of each report bound in ``doc`` (one list, ``doc.blocks``, when it holds one report).

    A report starts at a title naming its department and year (``report_title``) that names another
    department than the report before; the title repeated on later pages (a running header, a part's
    title) stays in the same report. A piece too short to be a report (a volume's own 目录 listing the
    titles) joins the report after it.
    """
    starts: list[tuple[int, str]] = []
    current = ""
    blocks = _separate_pages(doc.blocks)
    for k, block in enumerate(blocks):
        if not isinstance(block, Paragraph) or len(block.text.strip()) > 60:
            continue
        found = _volume_title(block.text)
        at = k
        before = blocks[k - 1] if k else None
        if not found and isinstance(before, Paragraph) and len(before.text) < 40:
            found, at = _volume_title(before.text.strip() + block.text.strip()), k - 1  # a title on two lines
        if found and found != current:
            starts.append((at, found))
            current = found
    if len({key for _, key in starts}) < 2:
        return [doc.blocks]
    cuts = [0, *(k for k, _ in starts[1:]), len(blocks)]
    pieces = [blocks[a:b] for a, b in itertools.pairwise(cuts)]
    merged: list[list] = []
    carry: list = []
    for piece in pieces:
        piece = carry + piece
        if sum(isinstance(b, Paragraph) for b in piece) < MIN_PARAGRAPHS and not any(
            not isinstance(b, Paragraph) for b in piece
        ):
            carry = piece
            continue
        carry = []
        merged.append(piece)
    if carry:
        if merged:
            merged[-1] = merged[-1] + carry
        else:
            merged.append(carry)
    return merged if len(merged) > 1 else [doc.blocks]


def _span(blocks: list) -> str:
    pages = [b.where.page for b in blocks if b.where.page is not None]
    if pages:
        return f"{min(pages)}-{max(pages)}"
    idx = [b.index for b in blocks]
    return f"{min(idx)}-{max(idx)}" if idx else ""


def _money(value: Decimal) -> Decimal | None:
    try:
        q = value.quantize(_MICRO)
    except InvalidOperation:
        return None
    return q if len(q.as_tuple().digits) <= 24 else None


def _base_row(path: str, sha: str, part: int, size: int) -> dict:
    return {
        "document_id": document_id(path, sha, part),
        "path": path,
        "part": part,
        "part_pages": "",
        "sha256": sha,
        "bytes": size,
        "format": Path(path).suffix.lower().lstrip(".") or "txt",
        "title": "",
        "department": "",
        "level": "",
        "template": "",
        "pages": None,
        "parts_found": [],
        "tables_found": [],
        "n_fatal": 0,
        "n_error": 0,
        "n_warning": 0,
        "n_info": 0,
        "disclosure_score": 0.0,
        "items_missing": [],
        "units_listed": None,
        "units_stated": None,
        "reader_status": "ok",
        "seconds": 0.0,
        "schema_version": SCHEMA_VERSION,
        "region": UNKNOWN_REGION,
        "year": 0,
    }


def status_rows(path: str, sha: str, root: str, status: str, seconds: float) -> Rows:
    """The one row of a file the run gave up on (timeout, memory, crashed): no findings, no figures."""
    row = _base_row(path, sha, 0, os.path.getsize(path) if os.path.exists(path) else 0)
    row.update(reader_status=status, seconds=round(seconds, 3), region=region_of("", path, root))
    return Rows([row])


def analyse_file(path: str, sha: str, root: str) -> Rows:
    """Read, split, audit and extract one file; never raises for a bad file (its status says why)."""
    started = time.perf_counter()
    size = os.path.getsize(path)
    raw, read_error = read_for_audit(path, analyse=False)
    out = Rows()
    if read_error is not None and read_error[1].startswith("MemoryError"):
        raise MemoryError(read_error[1])  # over the worker's memory limit, not a bad file
    if raw is not None and raw.damage is not None and "MemoryError" in raw.damage.reason:
        raise MemoryError(raw.damage.reason)
    if raw is None:
        report, _ = audit_document(path, read_error=read_error)
        row = _base_row(path, sha, 0, size)
        row["reader_status"] = f"unreadable:{read_error[0] if read_error else 'unknown'}"
        _counts(row, report)
        row["region"] = region_of("", path, root)
        out.documents.append(row)
        out.findings.extend(_finding_rows(row["document_id"], report))
    else:
        pieces = split_volume(raw)
        for part, blocks in enumerate(pieces, start=1 if len(pieces) > 1 else 0):
            if len(pieces) > 1:
                doc = Document(path=raw.path, format=raw.format, blocks=list(blocks), pages=raw.pages)
                doc.text_layer, doc.damage = raw.text_layer, raw.damage
            else:
                doc = raw
            analyse_structure(doc)
            out.extend(_rows_of(path, sha, root, size, part, doc, _span(blocks) if part else ""))
    elapsed = round(time.perf_counter() - started, 3)
    for row in out.documents:
        row["seconds"] = elapsed
    return out


def _counts(row: dict, report: CheckReport) -> None:
    for sev in ("fatal", "error", "warning", "info"):
        row[f"n_{sev}"] = report.count(sev)


def _rows_of(path: str, sha: str, root: str, size: int, part: int, doc: Document, span: str) -> Rows:
    report, ctx = audit_document(path, doc=doc)
    row = _base_row(path, sha, part, size)
    text = "\n".join(p.text for p in doc.paragraphs[:60])
    level = level_of(doc.title, text)
    score, missing = assess(doc, level)
    row.update(
        part_pages=span,
        format=doc.format,
        title=doc.title,
        department=doc.department,
        level=level,
        template=doc.template,
        pages=doc.pages,
        parts_found=sorted(
            {p.part for p in doc.paragraphs if p.part} | {t.part for t in doc.tables if t.part}
        ),
        tables_found=sorted(
            {t.kind for t in doc.tables if t.kind} | {s.kind for s in ctx.tables if s.readable}
        ),
        disclosure_score=score,
        items_missing=missing,
        reader_status="partial" if doc.damage is not None or not doc.text_layer else "ok",
        region=region_of(doc.department, path, root),
        year=doc.year or 0,
    )
    units = read_units(doc)
    if units.units is not None:
        row["units_listed"] = list(units.units)
    row["units_stated"] = units.stated_units
    _counts(row, report)
    rows = Rows([row], _finding_rows(row["document_id"], report))
    rows.figures = _figure_rows(row["document_id"], ctx, doc.year or 0)
    return rows


def _finding_rows(doc_id: str, report: CheckReport) -> list[dict]:
    out = []
    for f in report.findings:
        loc = f.primary
        out.append(
            {
                "document_id": doc_id,
                "rule": f.rule_id,
                "severity": f.severity,
                "title": f.title,
                "message": f.message,
                "page": loc.page if loc else None,
                "line": loc.line if loc else None,
                "place": (loc.cell or loc.key) if loc else "",
                "quote": f.params.get("quote", ""),
                "fingerprint": f.fingerprint,
            }
        )
    return out


def _figure_rows(doc_id: str, ctx, year: int) -> list[dict]:
    out: list[dict] = []
    for std in ctx.tables:
        if not std.readable:
            continue
        seen: set[int] = set()
        for row in [*std.rows, *std.pairs.values()]:
            if id(row) in seen:
                continue
            seen.add(id(row))
            for column, num in row.values.items():
                value = _money(num.value)
                if num.blank or value is None:
                    continue
                where = num.where
                out.append(
                    {
                        "document_id": doc_id,
                        "source": "table",
                        "table_kind": std.kind,
                        "subject": f"{std.kind}.{row.side + ':' if row.side else ''}{row.code or row.name}",
                        "label": row.name,
                        "code": row.code,
                        "column": column,
                        "value": value,
                        "decimals": num.decimals,
                        "unit": std.table.unit,
                        "fiscal_year": year,
                        "page": where.page,
                        "line": where.line,
                    }
                )
    for ch in ctx.facts.changes:  # the previous year's figure a stated change implies (“比上年增加X万元”)
        if (
            ch.current is None
            or ch.delta is None
            or not ch.delta.sign
            or not ch.key
            or ch.delta.kind != "amount"
        ):
            continue
        value = _money(ch.current.value - ch.delta.sign * ch.delta.value)
        if value is not None and value >= 0:
            decimals = max(ch.current.decimals, ch.delta.decimals)
            prior_year = year - 1 if year else 0
            out.append(
                _text_figure(doc_id, ch.key, ch.label, "prior", value, decimals, ch.current, prior_year)
            )
    for a in ctx.facts.amounts:
        value = _money(a.value)
        if value is not None:
            column = a.role + (f":{a.budget_kind}" if a.budget_kind else "")
            out.append(_text_figure(doc_id, a.key, a.label, column, value, a.decimals, a, year))
    return out


def _text_figure(
    doc_id: str, key: str, label: str, column: str, value: Decimal, decimals: int, amount, year: int
) -> dict:
    """A figure row from the text (``amount`` gives the unit as printed and where the sentence is)."""
    where = amount.sentence.where
    return {
        "document_id": doc_id,
        "source": "text",
        "table_kind": "",
        "subject": key,
        "label": label,
        "code": "",
        "column": column,
        "value": value,
        "decimals": decimals,
        "unit": amount.mention.unit,
        "fiscal_year": year,
        "page": where.page,
        "line": where.line,
    }
