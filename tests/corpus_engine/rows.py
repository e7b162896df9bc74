"""Hand-made store rows for tests (the columns of juesuan.corpus.schema, plus region and year)."""

from __future__ import annotations

from decimal import Decimal

from juesuan.corpus.schema import SCHEMA_VERSION


def doc(
    doc_id: str, dept: str, year: int, level: str, errors: int, warnings: int, missing: list[str]
) -> dict:
    return {
        "document_id": doc_id, "path": f"/c/{doc_id}.txt", "part": 0, "part_pages": "", "sha256": doc_id * 4,
        "bytes": 1, "format": "txt", "title": "", "department": dept, "level": level, "template": "",
        "pages": None, "parts_found": [], "tables_found": [], "n_fatal": 0, "n_error": errors,
        "n_warning": warnings, "n_info": 0,
        "disclosure_score": round(1 - len(missing) / (10 if level == "部门" else 9), 4),
        "items_missing": missing, "reader_status": "ok", "seconds": 0.1, "schema_version": SCHEMA_VERSION,
        "region": "某市某区", "year": year,
    }  # fmt: skip


def finding(doc_id: str, rule: str, severity: str) -> dict:
    return {
        "document_id": doc_id, "rule": rule, "severity": severity, "title": f"{rule}标题",
        "message": f"{rule}问题",
        "page": None, "line": 3, "place": "", "quote": "引文", "fingerprint": f"{doc_id}{rule}",
    }  # fmt: skip


def figure(doc_id: str, year: int, subject: str, column: str, value: str) -> dict:
    return {
        "document_id": doc_id, "source": "text", "table_kind": "", "subject": subject, "label": subject,
        "code": "",
        "column": column, "value": Decimal(value), "decimals": 2, "unit": "万元", "fiscal_year": year,
        "page": None, "line": 1,
    }  # fmt: skip
