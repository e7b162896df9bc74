"""A synthetic corpus for scale and recall: ``corpus synth -n N -o DIR``.

Each document is the example department's dataset (``examples/jinkouhe-xinfang-2024``) under another name,
region and year, on either profile (sichuan 13 tables / mof 9 tables), rendered by juesuan's own
generator as txt, docx or pdf in turn: a report whose figures agree by construction. In a chosen share of
the reports, of every format, one amount in a sentence of the 情况说明 is changed in the laid-out report
(the view's paragraph, before any renderer reads it: the txt, docx and pdf print the same altered
sentence), a known defect; ``ground-truth.jsonl`` records each file with its defect (the amount as
generated, the amount as altered, the sentence as printed, and for txt the line), so that the recall of
the auditor over a corpus can be measured per format (:func:`recall`).
"""

from __future__ import annotations

import json
import random
import re
import tempfile
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import yaml

from juesuan.build import prepare, render_outputs
from juesuan.corpus.query import query
from juesuan.viewmodel import ReportView

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "jinkouhe-xinfang-2024" / "dataset.yaml"
REGIONS = ("乐山市金口河区", "乐山市沙湾区", "眉山市东坡区", "雅安市雨城区", "宜宾市翠屏区", "自贡市大安区")
OFFICES = ("信访局", "档案馆", "统计局", "审计局", "司法局", "民政局", "科学技术局", "文化广播电视和旅游局")
TRUTH = "ground-truth.jsonl"
_AMOUNT = re.compile(r"(?<![\d.])(\d{1,6}\.\d{2})(?=万元)")


def _dataset(base: dict, k: int, rng: random.Random) -> tuple[dict, str]:
    data = json.loads(json.dumps(base))  # a deep copy of plain YAML data
    data.pop("stated", None)  # the example's printed contradictions are not part of a clean report
    region = REGIONS[k % len(REGIONS)]
    office = OFFICES[(k // len(REGIONS)) % len(OFFICES)]
    suffix = "" if k < len(REGIONS) * len(OFFICES) else f"第{k // (len(REGIONS) * len(OFFICES)) + 1}分局"
    name = f"{region}{office}{suffix}"
    dept = data["department"]
    dept.update(name=name, region=region, competent_department=name, short_name=f"区{office}")
    dept["year"] = rng.choice((2024, 2025))  # the example's 科目 codes are valid from 2024
    dept["profile"] = "sichuan" if k % 2 == 0 else "mof"
    return data, name


def _inject(view: ReportView, rng: random.Random) -> tuple[ReportView, dict]:
    """The view with one amount changed in a sentence of the 情况说明, and what was changed (the view as
    it was, and ``{}``, when it has no such sentence). Only the paragraph changes: tables, charts and the
    other sentences keep the generated figures, which the altered one now contradicts."""
    blocks = view.blocks
    start = next((i for i, b in enumerate(blocks) if b.kind == "heading" and "情况说明" in b.text), 0)
    candidates = [
        i
        for i in range(start, len(blocks))
        if blocks[i].kind == "paragraph" and "。" in blocks[i].text and _AMOUNT.search(blocks[i].text)
    ]
    if not candidates:
        return view, {}
    i = rng.choice(candidates)
    text = blocks[i].text
    m = rng.choice(list(_AMOUNT.finditer(text)))
    original = Decimal(m.group(1))
    altered = f"{original + Decimal(rng.randint(11, 99)) / 10:.2f}"
    sentence = text[: m.start()] + altered + text[m.end() :]
    changed = [*blocks[:i], replace(blocks[i], text=sentence), *blocks[i + 1 :]]
    defect = {"original": str(original), "altered": altered, "sentence": sentence}
    return replace(view, blocks=changed), defect


def _render(view: ReportView, fmt: str, defect: dict) -> bytes:
    """The report as ``fmt``; a txt report's defect gets the line its sentence is printed on."""
    content = render_outputs(view, (fmt,))[f"report.{fmt}"]
    if defect and fmt == "txt":
        lines = content.decode("utf-8").split("\n")
        defect["line"] = lines.index(defect["sentence"]) + 1
    return content


def synth(
    n: int,
    outdir: str | Path,
    seed: int = 0,
    formats: tuple[str, ...] = ("txt", "docx", "pdf"),
    defect_share: float = 0.3,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Write ``n`` reports and ``ground-truth.jsonl`` into ``outdir``; returns the ground-truth file."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    base = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    truth = out / TRUTH
    with open(truth, "w", encoding="utf-8") as fh, tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for k in range(n):
            fmt = formats[k % len(formats)]
            data, name = _dataset(base, k, rng)
            src = tmp / "dataset.yaml"
            src.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            view = prepare(src, force=True)
            view, defect = _inject(view, rng) if rng.random() < defect_share else (view, {})
            year = data["department"]["year"]
            target = out / data["department"]["region"] / f"{k:06d}-{name}{year}年度部门决算.{fmt}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_render(view, fmt, defect))
            record = {"path": str(target.resolve()), "format": fmt, "department": name, "year": year,
                      "profile": data["department"]["profile"], "defect": defect or None}  # fmt: skip
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            if progress:
                progress(k + 1)
    return truth


def _found(defect: dict, hits: list[tuple[int | None, str]]) -> bool:
    """Whether a finding (its line, its quote and message) points at the defect: in a txt report, a finding
    on the altered line; in a docx or pdf, which have no lines, a finding that quotes the altered amount
    (white space removed: a PDF may wrap a sentence anywhere)."""
    if defect.get("line") is not None:
        return any(line == defect["line"] for line, _ in hits)
    return any(defect["altered"] in text for _, text in hits)


def recall(store: str | Path, truth: str | Path) -> dict[str, object]:
    """The share of injected defects the audit found (an error or warning finding that points at the
    altered amount, see ``_found``), over all formats and per format."""
    records = [json.loads(line) for line in Path(truth).read_text(encoding="utf-8").splitlines() if line]
    _, rows = query(
        store,
        "SELECT d.path, f.line, f.quote || ' ' || f.message FROM findings f "
        "JOIN documents d USING (document_id) WHERE f.severity IN ('fatal', 'error', 'warning')",
    )
    hits: dict[str, list[tuple[int | None, str]]] = {}
    for path, line, text in rows:
        hits.setdefault(path, []).append((line, re.sub(r"\s+", "", text or "")))
    defects = [r for r in records if r["defect"]]
    found = [r for r in defects if _found(r["defect"], hits.get(r["path"], []))]
    clean = [r for r in records if not r["defect"]]
    _, errs = query(store, "SELECT path FROM documents WHERE n_error + n_fatal > 0")
    with_errors = {p for (p,) in errs}
    by_format = {}
    for fmt in dict.fromkeys(r["format"] for r in records):
        clean_fmt = [r for r in clean if r["format"] == fmt]
        of_fmt = [r for r in defects if r["format"] == fmt]
        hit = sum(1 for r in found if r["format"] == fmt)
        by_format[fmt] = {
            "defects": len(of_fmt),
            "found": hit,
            "recall": round(hit / len(of_fmt), 4) if of_fmt else None,
            "clean_documents_with_errors": sum(1 for r in clean_fmt if r["path"] in with_errors),
            "clean_documents": len(clean_fmt),
        }
    return {
        "documents": len(records),
        "defects": len(defects),
        "found": len(found),
        "recall": round(len(found) / len(defects), 4) if defects else None,
        "clean_documents_with_errors": sum(1 for r in clean if r["path"] in with_errors),
        "clean_documents": len(clean),
        "by_format": by_format,
    }
