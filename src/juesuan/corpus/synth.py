"""A synthetic corpus for scale and recall: ``corpus synth -n N -o DIR``.

Each document is the example department's dataset (``examples/jinkouhe-xinfang-2024``) under another name,
region and year, on either profile (sichuan 13 tables / mof 9 tables), rendered by juesuan's own
generator as txt, docx or pdf in turn: a report whose figures agree by construction. In a chosen share of
the txt reports one amount of the 情况说明 is then changed (a known defect), and ``ground-truth.jsonl``
records each file with its defect (line, the amount as generated, the amount as altered), so that the
recall of the auditor over a corpus can be measured (:func:`recall`).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import yaml

from juesuan.build import build
from juesuan.corpus.query import query

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


def _inject(path: Path, rng: random.Random) -> dict | None:
    """Change one amount in a sentence of the 情况说明 of a txt report; what was changed, or None."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next((i for i, t in enumerate(lines) if "情况说明" in t), 0)
    candidates = [i for i in range(start, len(lines)) if _AMOUNT.search(lines[i]) and "。" in lines[i]]
    if not candidates:
        return None
    i = rng.choice(candidates)
    m = rng.choice(list(_AMOUNT.finditer(lines[i])))
    original = Decimal(m.group(1))
    altered = original + Decimal(rng.randint(11, 99)) / 10
    lines[i] = lines[i][: m.start()] + f"{altered:.2f}" + lines[i][m.end() :]
    path.write_text("\n".join(lines), encoding="utf-8")
    return {"line": i + 1, "original": str(original), "altered": f"{altered:.2f}"}


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
            build(src, tmp / "out", formats=(fmt,), force=True)
            year = data["department"]["year"]
            target = out / data["department"]["region"] / f"{k:06d}-{name}{year}年度部门决算.{fmt}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(tmp / "out" / f"report.{fmt}", target)
            defect = _inject(target, rng) if fmt == "txt" and rng.random() < defect_share else None
            record = {"path": str(target.resolve()), "format": fmt, "department": name, "year": year,
                      "profile": data["department"]["profile"], "defect": defect}  # fmt: skip
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            if progress:
                progress(k + 1)
    return truth


def recall(store: str | Path, truth: str | Path) -> dict[str, object]:
    """The share of injected defects the audit found: an error or warning finding on the altered line."""
    records = [json.loads(line) for line in Path(truth).read_text(encoding="utf-8").splitlines() if line]
    _, rows = query(
        store,
        "SELECT d.path, f.line FROM findings f JOIN documents d USING (document_id) "
        "WHERE f.severity IN ('fatal', 'error', 'warning')",
    )
    flagged = {(path, line) for path, line in rows}
    defects = [r for r in records if r["defect"]]
    found = [r for r in defects if (r["path"], r["defect"]["line"]) in flagged]
    clean = [r for r in records if not r["defect"]]
    _, errs = query(store, "SELECT path FROM documents WHERE n_error + n_fatal > 0")
    with_errors = {p for (p,) in errs}
    return {
        "documents": len(records),
        "defects": len(defects),
        "found": len(found),
        "recall": round(len(found) / len(defects), 4) if defects else None,
        "clean_documents_with_errors": sum(1 for r in clean if r["path"] in with_errors),
        "clean_documents": len(clean),
    }
