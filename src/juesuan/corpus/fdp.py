"""The store's ``figures`` as one Fiscal Data Package: ``data.csv`` and ``datapackage.json``.

The conventions are those of :mod:`juesuan.render.fdp` (one report's package): the same FDP version, the
same field definitions where the meaning is the same (年度, 部门名称, 功能分类 codes, the amount in 万元 with
``currency: CNY`` and ``factor: 10000``), exact decimal strings (:func:`juesuan.render.fdp.format_value`).
Every figure the auditor read is a row, keyed by ``figureId``; the rows are figures *as published*, from
tables and text, so they overlap (the same total in a table and in a sentence): filter on ``source`` and
``tableKind`` before adding. The CSV is written in a stream (bounded memory, whatever the corpus size).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from juesuan import __version__
from juesuan.corpus.query import connect
from juesuan.corpus.store import Store
from juesuan.render.fdp import DATA_FILE, DESCRIPTOR_FILE, FDP_VERSION, FIELDS, format_value

_SHARED = {f["name"]: f for f in FIELDS}


def _optional(name: str, why: str) -> dict[str, Any]:
    """A shared field without its ``required`` constraint (a published report may not say it)."""
    field = {k: v for k, v in _SHARED[name].items() if k != "constraints"}
    return {**field, "description": why}


def _custom(name: str, title: str, column_type: str, type_: str = "string", description: str = "") -> dict:
    field: dict[str, Any] = {"name": name, "title": title, "type": type_, "columnType": column_type}
    if description:
        field["description"] = description
    return field


CORPUS_FIELDS: list[dict[str, Any]] = [
    _custom("figureId", "数字编号", "juesuan:figure-id", description="Document id and the figure's ordinal."),
    _optional("fiscalYear", "The report's year; empty when the report does not state it."),
    _custom("region", "地区", "geo-source:generic:level1:label"),
    _optional("administrativeName", "The department its title names; empty when it names none."),
    _custom(
        "documentId", "文档编号", "juesuan:document-id", description="documents.document_id of the store."
    ),
    _custom("source", "来源", "juesuan:source", description="table (a standard table's cell) or text."),
    _custom("tableKind", "报表", "juesuan:table-kind"),
    _custom("subject", "项目键", "juesuan:subject"),
    _custom("label", "项目（按公开文本）", "juesuan:label"),
    _SHARED["functionalClassCode"],
    _SHARED["functionalSubclassCode"],
    _SHARED["functionalItemCode"],
    _custom("column", "栏目或口径", "juesuan:column"),
    _SHARED["value"],
    _custom("unitAsPrinted", "公开文本计量单位", "juesuan:unit"),
    _custom("page", "页", "juesuan:page", "integer"),
    _custom("line", "行", "juesuan:line", "integer"),
]
COLUMNS = [f["name"] for f in CORPUS_FIELDS]
COLUMN_TYPES = [
    {"name": t, "dataType": "string"}
    for t in (
        "juesuan:figure-id",
        "juesuan:document-id",
        "juesuan:source",
        "juesuan:table-kind",
        "juesuan:subject",
        "juesuan:label",
        "juesuan:column",
        "juesuan:unit",
    )
] + [{"name": "juesuan:page", "dataType": "integer"}, {"name": "juesuan:line", "dataType": "integer"}]

_SQL = """
SELECT f.document_id, f.fiscal_year, f.region, coalesce(d.department, ''), f.source, f.table_kind, f.subject,
       f.label, f.code, f."column", f.value, f.unit, f.page, f.line
FROM figures f LEFT JOIN documents d USING (document_id)
{where}
ORDER BY f.region, f.fiscal_year, f.document_id
"""


def export_corpus_fdp(store: str | Path, outdir: str | Path, where: str = "") -> int:
    """Write ``outdir/data.csv`` and ``outdir/datapackage.json``; returns the number of rows."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    con = connect(Store(store))
    cur = con.execute(_SQL.format(where=f"WHERE {where}" if where else ""))
    digest = hashlib.sha256()
    count = 0
    years: set[int] = set()
    ordinal: dict[str, int] = {}
    tmp = out / f".{DATA_FILE}.tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as fh:

        class _Hashing:
            def write(self, text: str) -> int:
                digest.update(text.encode("utf-8"))
                return fh.write(text)

        writer = csv.writer(_Hashing(), lineterminator="\n")
        writer.writerow(COLUMNS)
        while batch := cur.fetchmany(10_000):
            for (
                doc,
                year,
                region,
                dept,
                source,
                kind,
                subject,
                label,
                code,
                column,
                value,
                unit,
                page,
                line,
            ) in batch:
                n = ordinal[doc] = ordinal.get(doc, 0) + 1
                years.add(year)
                code = code if code and code.isdigit() and len(code) in (3, 5, 7) else ""
                codes = [code[:3], code[:5] if len(code) >= 5 else "", code if len(code) == 7 else ""]
                place = ["" if page is None else page, "" if line is None else line]
                writer.writerow(
                    [
                        f"{doc}-{n}",
                        year or "",
                        region,
                        dept,
                        doc,
                        source,
                        kind,
                        subject,
                        label,
                        *codes,
                        column,
                        format_value(value),
                        unit,
                        *place,
                    ]
                )
                count += 1
    size = tmp.stat().st_size
    os.replace(tmp, out / DATA_FILE)
    con.close()
    meta = descriptor(size, digest.hexdigest(), sorted(y for y in years if y))
    (out / DESCRIPTOR_FILE).write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return count


def descriptor(size: int, sha256: str, years: list[int]) -> dict[str, Any]:
    span = f"{years[0]}–{years[-1]}" if years else ""
    return {
        "profile": "tabular-data-package",
        "profiles": {"fiscal": FDP_VERSION, "tabular": "1.0"},
        "name": "juesuan-corpus-figures",
        "title": f"部门决算公开文本中的数字{span}",
        "description": (
            "Every figure the juesuan auditor read in a collection of published 部门决算 reports, as "
            "published (tables and text), one row each. Amounts in 万元: currency CNY, factor 10000. Rows "
            "overlap (a total stated in a table and again in the text): filter on source and tableKind "
            "before adding."
        ),
        "countryCode": "CN",
        "granularity": "aggregated",
        **({"fiscalPeriod": {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"}} if years else {}),
        "contributors": [{"title": f"juesuan {__version__}", "role": "author"}],
        "columnTypes": COLUMN_TYPES,
        "resources": [
            {
                "name": "figures",
                "path": DATA_FILE,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": size,
                "hash": "sha256:" + sha256,
                "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
                "schema": {"fields": CORPUS_FIELDS, "primaryKey": ["figureId"], "missingValues": [""]},
            }
        ],
    }
