"""The store's three tables, as Arrow schemas (version ``SCHEMA_VERSION``; documented in docs/corpus.md).

Every table is partitioned on disk by ``region`` and ``year`` (hive directories ``region=…/year=…``), which
are therefore not columns inside the files: DuckDB (``hive_partitioning``), pandas/pyarrow datasets and
Spark add them back. Money is ``decimal128(24, 6)`` in 万元, never a float.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

SCHEMA_VERSION = 2
MONEY = pa.decimal128(24, 6)
UNKNOWN_REGION = "未知"

DOCUMENTS = pa.schema(
    [
        ("document_id", pa.string()),  # stable: hash of path, SHA-256 and part number
        ("path", pa.string()),  # absolute path of the file
        ("part", pa.int32()),  # 0 for a file with one report; 1… for the reports of a 汇编
        ("part_pages", pa.string()),  # the pages (pdf) or paragraphs of the part, "12-40"; "" when whole
        ("sha256", pa.string()),
        ("bytes", pa.int64()),
        ("format", pa.string()),  # txt | docx | pdf
        ("title", pa.string()),
        ("department", pa.string()),
        ("level", pa.string()),  # 部门 | 单位 | "" (not stated)
        ("template", pa.string()),  # sichuan | shanghai | ""
        ("pages", pa.int32()),
        ("parts_found", pa.list_(pa.string())),  # overview, tables, explanation, glossary, annex …
        ("tables_found", pa.list_(pa.string())),  # standard table kinds read
        ("n_fatal", pa.int32()),
        ("n_error", pa.int32()),
        ("n_warning", pa.int32()),
        ("n_info", pa.int32()),
        ("disclosure_score", pa.float64()),  # share of the required items present, 0–1
        ("items_missing", pa.list_(pa.string())),  # ids of the required items not found
        # the units its 单位构成 lists besides itself (juesuan.audit.units); [] when it says it has none,
        # null when it neither lists nor says (version 2)
        ("units_listed", pa.list_(pa.string())),
        ("units_stated", pa.int32()),  # the number of such units it states; null when it states none
        ("reader_status", pa.string()),  # ok | partial | unreadable:<code> | timeout | memory | crashed
        ("seconds", pa.float64()),
        ("schema_version", pa.int16()),
    ]
)

FINDINGS = pa.schema(
    [
        ("document_id", pa.string()),
        ("rule", pa.string()),
        ("severity", pa.string()),
        ("title", pa.string()),
        ("message", pa.string()),
        ("page", pa.int32()),
        ("line", pa.int32()),
        ("place", pa.string()),  # the cell or paragraph, as the finding names it
        ("quote", pa.string()),
        ("fingerprint", pa.string()),
    ]
)

FIGURES = pa.schema(
    [
        ("document_id", pa.string()),
        ("source", pa.string()),  # table | text
        ("table_kind", pa.string()),  # the standard table (summary, gpb, sangong …); "" for text
        ("subject", pa.string()),  # canonical subject key ("" when the text's subject is unknown)
        ("label", pa.string()),  # the row or subject as printed
        ("code", pa.string()),  # 类/款/项 code (3, 5 or 7 digits) when the row has one
        ("column", pa.string()),  # table column key, or the text's role (current, budget, actual)
        ("value", MONEY),  # in 万元
        ("decimals", pa.int16()),  # decimals as printed, in 万元
        ("unit", pa.string()),  # the unit as printed (元, 万元, 亿元)
        ("fiscal_year", pa.int32()),  # the report's year (also the partition ``year``)
        ("page", pa.int32()),
        ("line", pa.int32()),
    ]
)

TABLES: dict[str, pa.Schema] = {"documents": DOCUMENTS, "findings": FINDINGS, "figures": FIGURES}

#: the checks across documents (``juesuan.corpus.crosscheck``), recomputed as a whole after each run
CROSS_FILE = Path("cross") / "findings.parquet"
CROSS_SCHEMA = FINDINGS.append(pa.field("region", pa.string())).append(pa.field("year", pa.int32()))
