"""Plant realistic slips one at a time into clean held-out texts and see whether the auditor finds them.

Run by hand: ``.venv/bin/python bench/planted_slips.py [--only g24] [-v]``.

Each entry of :data:`SLIPS` names a labelled corpus text (``tests/corpus/docs/<id>.txt``), an exact
fragment of it whose arithmetic is clean, the fragment as a finance clerk might have written it wrong, and
the kind of slip. The script copies the text in memory, replaces the fragment (it must occur exactly
once), audits the copy in-process as ``bench/audit_corpus.py`` does (``juesuan.audit.run``; the copy is
written to a temporary folder under the original's name, since the reader reads files) and compares its
findings with those on the unchanged text. A slip is *found* when a new error or warning (one whose rule,
severity and message the unchanged text does not have) quotes the planted fragment or is located on a
line that holds it (compared after ``audit_corpus.normalise``). It prints found/missed per slip and the
total; ``--verbose`` adds the new findings.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "corpus" / "docs"

_spec = importlib.util.spec_from_file_location("audit_corpus", ROOT / "bench" / "audit_corpus.py")
assert _spec and _spec.loader
ac = importlib.util.module_from_spec(_spec)
sys.modules["audit_corpus"] = ac
_spec.loader.exec_module(ac)

#: One slip a line: document id | exact original fragment | planted fragment | kind of slip (``#`` lines are
#: notes). Planted only into sentences whose arithmetic is clean (checked by hand against each text's label).
_TABLE = """
# g24-03: 收入 1,396 = 1,167.66 + 158.3 + 70.04; shares of 1,396; 1,167.66 = 1,129.36 + 38.3
g24-03 | 占总收入83.64% | 占总收入83.46% | share: digits swapped
g24-03 | 事业单位专户资金158.3万元 | 事业单位专户资金153.8万元 | amount in a list of parts
g24-03 | 一般公共预算1,129.36万元 | 一般公共预算1,129.63万元 | amount in a nested 其中 list
g24-03 | 70.04万元,占总收入 5.02% | 70.04万元,占总收入 6.00% | share of the wrong total (财政拨款)
# g24-05: 761.06 = 520.46 + 235 + 5.5 + 0.1; 838.62 = 77.56 + 761.06; 740.79 = 738.39 + 2.4; 97.83
g24-05 | 本年收入总额为761.06万元 | 本年收入总额为716.06万元 | total: digits swapped
g24-05 | 事业收入235万元 | 事业收入253万元 | amount in a list of parts
g24-05 | 结余97.83万元 | 结余98.73万元 | balance
g24-05 | 收入总计838.62万元 | 收入总计836.82万元 | total (结转 + 收入)
g24-05 | 教育费附加安排的支出2.4万元 | 教育费附加安排的支出4.2万元 | amount in a list of parts
g24-05 | 在职在编教职工人数为53人 | 在职在编教职工人数为63人 | count above its 编制
# g24-08: 3,666.34 = 3,629.02 + 37.32
g24-08 | 财政拨款收入3629.02万元 | 财政拨款收入3692.02万元 | amount in a list of parts
g24-08 | 2016年度收入、支出总计 3666.34万元 | 2016年度收入、支出总计 3663.34万元 | same total stated twice
# g24-09: 7 科室, seven names
g24-09 | 共设7 个科室 | 共设8 个科室 | count
g24-09 | 财务室、人事股、农场管理股 | 财务室、农场管理股 | a part left out of a counted list
# g24-10: 764.97, prior 1,046.46 (−281.49, −26.90%); 271.33 / 764.97 = 35.47%
g24-10 | 减少281.49万元、下降26.90% | 减少281.49万元、下降36.80% | rate on this year's base
g24-10 | 基本支出271.33万元,占35.47% | 基本支出271.33万元,占35.74% | share: digits swapped
g24-10 | 较上年决算减少281.48万元 | 较上年决算减少218.48万元 | change: digits swapped
g24-10 | 较上年决算数减少281.49万元,下降26.90% | 较上年决算数增加281.49万元,下降26.90% | 增加 for 减少
# g24-06: 252.5 − 231.5 = 21; 4.55 − 4.08 = 0.47, 0.47 / 4.08 = 11.52%
g24-06 | 收入合计252.5万元,较上年231.5万元,增加21万元 | 收入合计252.5万元,较上年231.5万元,增加12万元 | change
g24-06 | 增加了0.47万元 | 增加了0.74万元 | change: digits swapped
g24-06 | 增加了11.52% | 增加了10.33% | rate on this year's base
# g24-07: 205.27 against 221.17: −15.9, −7.19%
g24-07 | 收入决算221.17万元减少15.9万元,减少率为7.19% | 收入决算221.17万元减少15.9万元,减少率为7.75%
  | rate on this year's base
g24-07 | 支出决算221.17万元减少15.9万元 | 支出决算221.17万元减少19.5万元 | change: digits swapped
g24-07 | 2、2016年支出决算205.27万元 | 2、2015年支出决算205.27万元 | year
# g24-02: 编制 57, 实有 53 stated twice
g24-02 | 实有在编人数53人 | 实有在编人数35人 | same count stated twice
# g27-01: 512.3 = 392.39 + 119.91 (76.59%, 23.41%); “三公” 11.7 = 11.59 + 0.11, −5.34, −31.34%;
# 机关运行 61.73, −22.46, −26.68%
g27-01 | 基本支出392.39万元,占76.59% | 基本支出392.39万元,占76.95% | share: digits swapped
g27-01 | 项目支出:119.91万元 | 项目支出:119.19万元 | amount in a list of parts
g27-01 | 较上年减少5.34万元,下降31.34% | 较上年减少5.34万元,下降45.64% | rate on this year's base
g27-01 | 公务接待费0.11万元 | 公务接待费0.13万元 | amount in a list of parts
g27-01 | 较上年减少22.46万元,下降26.68% | 较上年增加22.46万元,下降26.68% | 增加 for 减少
g27-01 | 其他用车4辆 | 其他用车3辆 | count
g27-01 | 社会保障和就业支出162.64万元,占31.75% | 社会保障和就业支出162.64万元,占31.57% | share: digits swapped
# g27-02: 11,752 = 210 + 11,542; 10,683.54 = 1,811.12 + 8,872.42; 218.4 − 8.4 = 210; 64.3 − 48.65 = 15.65
g27-02 | 事业收入11542万元 | 事业收入11452万元 | amount in a list of parts
g27-02 | 基本支出1811.12万元,占16.95% | 基本支出1811.12万元,占16.59% | share: digits swapped
g27-02 | 财政拨款收入减少8.4万元,降低3.85% | 财政拨款收入减少8.4万元,降低4.00% | rate on this year's base
g27-02 | 支出减少48.65万元 | 支出减少46.85万元 | change: digits swapped
g27-02 | 聘用人员37人 | 聘用人员36人 | count in a list of parts
g27-02 | 我中心内设10个部门 | 我中心内设11个部门 | count
g27-02 | 占本年支出10683.54万元的0.15% | 占本年支出10683.54万元的0.51% | share: digits swapped
g27-02 | 占本年收入11752万元的1.79% | 占本年收入11752万元的1.97% | share of the wrong total (支出)
# g27-03: 1,498 against 1,448 (+50, 3.45%); 1,498 = 934 + 205 + 73 + 195 + 91 = 1,221 + 277
g27-03 | 增加50万元,增长3.45% | 增加50万元,增长3.34% | rate on this year's base
g27-03 | 社会保障和就业支出205万元,占13.68% | 社会保障和就业支出205万元,占13.86% | share: digits swapped
g27-03 | 节能环保支出195万元 | 节能环保支出159万元 | amount in a list of parts
g27-03 | 项目支出277万元 | 项目支出227万元 | amount in a list of parts
g27-03 | 年度预算为1498万元 | 年度预算为1598万元 | completion rate (budget changed)
# g27-05: 961,456.57 against 718,833.83 (+242,622.74, 33.75%)
g27-05 | 增加33.75% | 增加25.23% | rate on this year's base
g27-05 | 较2015年增加242622.74元 | 较2015年增加224622.74元 | change: digits swapped
"""


def _rows(table: str) -> list[str]:
    """The table's slips, one a string; an indented line goes on the line before it."""
    rows: list[str] = []
    for line in table.strip().splitlines():
        if line.startswith("  "):
            rows[-1] += " " + line.strip()
        elif not line.startswith("#"):
            rows.append(line)
    return rows


SLIPS: tuple[tuple[str, ...], ...] = tuple(
    tuple(cell.strip() for cell in row.split(" | ")) for row in _rows(_TABLE)
)


def plant(doc: str, original: str, planted: str) -> str:
    """The text of ``doc`` with ``original`` (which must occur exactly once) replaced by ``planted``."""
    text = (DOCS / f"{doc}.txt").read_text(encoding="utf-8")
    if text.count(original) != 1:
        raise ValueError(f"{doc}: “{original}” occurs {text.count(original)} times")
    return text.replace(original, planted)


def found_by(text: str, planted: str, new: list) -> list:
    """The new findings that quote the planted fragment or stand on a line holding it."""
    needle = ac.normalise(planted)
    lines = ac.fragment_lines(text, planted)
    return [f for f in new if needle in ac.finding_text(f) or ac.finding_lines(f) & lines]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="doc id prefix, e.g. g24")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    from juesuan.audit.run import audit_path

    slips = [s for s in SLIPS if not args.only or s[0].startswith(args.only)]
    baseline: dict[str, Counter] = {}
    found = 0
    with tempfile.TemporaryDirectory(prefix="planted-") as tmp:
        for number, (doc, original, planted, kind) in enumerate(slips, start=1):
            if doc not in baseline:
                baseline[doc] = Counter(
                    map(ac.finding_key, ac.scored_findings(audit_path(DOCS / f"{doc}.txt")))
                )
            text = plant(doc, original, planted)
            path = Path(tmp) / f"{doc}.txt"
            path.write_text(text, encoding="utf-8")
            new = ac.new_findings(audit_path(path), baseline[doc])
            hits = found_by(text, planted, new)
            found += bool(hits)
            mark = "found " if hits else "MISSED"
            print(f"{number:3} {mark} {doc} {kind}: “{original}” → “{planted}”")
            if args.verbose:
                for f in hits or new:
                    print(f"      {'+' if hits else '?'} {f.rule_id} {f.severity}: {f.message}")
    print(f"found {found}/{len(slips)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
