"""Which figures of a real text does no audit check look at? Perturb each figure alone and re-audit.

Run by hand: ``.venv/bin/python bench/figure_coverage.py [--only ID ...] [--jobs N] [--mode MODE] [--json OUT]
[--list] [--top N]``.

For every corpus text (``tests/corpus/docs/<id>.txt``, or the ``--only`` ids; an id ending in ``*`` is a
prefix), the figures are taken as the auditor reads them: the amounts, percentages and counts of
``Context.facts`` (the stated facts of the prose, :mod:`juesuan.audit.facts`) and the numeric cells of the
tables the reader found. Each figure is then changed alone in the text, its printed format kept (the same
number of characters, decimals and separators), the text re-audited, and the figure is *caught* when a
new error or warning appears that points at it: one of its locations is the figure's line (or its
sentence's first line), or its quoted passage holds the changed figure. A finding is new when it is not
in the original audit once the changed figure is written back (a finding that only quotes the sentence
for another reason is not new).

Two kinds of change (``--mode``):

- ``material`` (default): an amount or count has its second significant digit moved by 3 (“1234.56” →
  “1534.56”, “5人” → “8人”, “0万元” → “3万元”), a percentage moves by 0.5 point (1 point when printed
  without decimals). Any check that binds the figure to another one sees such a change, so an uncaught
  figure is one that no check binds: the measure of coverage;
- ``last``: the last printed digit moves by 5 (“1234.56” → “1234.51”): a typo in the last place, which
  only sums and differences see (a share of a large amount does not move).

Output: per document the figures read and caught; overall the figures read, caught and caught only as
info (a 尾差); then the uncaught figures grouped by the kind of sentence (a heuristic key: the figure's
kind and the cue word nearest before it in its clause: 较上年/增加/占/其中/合计/预算/…, or the table), the
biggest groups first, each with examples (``--list`` prints every one). Stated relations a reader can see
on the text itself but no rule checks show up as large groups.

It audits each text once per figure (about 30 ms each), so the whole corpus takes minutes on several
processes; use ``--only`` while developing and ``--jobs`` to share the machine.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "corpus" / "docs"
sys.path.insert(0, str(ROOT / "src"))

from juesuan.audit.normalise import normalise  # noqa: E402
from juesuan.audit.run import audit_document  # noqa: E402

KINDS = ("amount", "percent", "count")
_FW = {chr(0xFF10 + i): i for i in range(10)}
_DIGIT = re.compile(r"[0-9０-９]")
# the cue words that say what relation a figure takes part in, nearest before it in its clause wins;
# longer cues first where one holds another
_CUE = re.compile(
    "较上年|比上年|与上年|同比|上年|增加|减少|增长|下降|上升|降低|持平|完成预算|完成|预算|决算|"
    "占|其中|分别|合计|总计|共计|共|总额|包括|主要|年末|年初|结转|收入|支出|经费"
)
_ERR_WARN = ("fatal", "error", "warning")


@dataclass
class Figure:
    line: int  # 1-based line of the file
    col: int  # offset of the figure's digits in the line
    raw: str  # the figure's digits as printed (separators kept)
    kind: str  # amount | percent | count | cell
    unit: str
    category: str
    key: str  # the subject key the auditor bound an amount to ("" when none)
    context: str  # the sentence (or the table row) the figure is in
    lines: tuple[int, ...] = ()  # the lines a finding may point at: the figure's, its sentence's first
    new: str = ""  # the changed figure
    caught: bool = False
    bound: bool = False  # not caught, but a coarse change of it is: a check binds it, the rounding hides more
    info_only: bool = False
    elsewhere: bool = False  # a new error/warning appeared, pointing somewhere else
    rules: list[str] = field(default_factory=list)


# --- finding the figures ---------------------------------------------------------------------------


def _number_at(text: str) -> str:
    m = re.match(r"[0-9０-９][0-9０-９,，.．]*", text)
    raw = m.group(0) if m else ""
    return raw.rstrip(",，.．")


def _locate(line_text: str, raw: str, guess: int) -> int | None:
    """The offset of ``raw`` in the line, as a whole number (no digit on either side), nearest ``guess``."""
    best: int | None = None
    for m in re.finditer(re.escape(raw), line_text):
        s, e = m.start(), m.end()
        if s and (_DIGIT.match(line_text[s - 1]) or line_text[s - 1] in ".．"):
            continue
        if e < len(line_text) and (
            _DIGIT.match(line_text[e])
            or (line_text[e] in ".．" and e + 1 < len(line_text) and _DIGIT.match(line_text[e + 1]))
        ):
            continue
        if best is None or abs(s - guess) < abs(best - guess):
            best = s
    return best


def category_of(kind: str, unit: str, clause_before: str) -> str:
    cues = list(_CUE.finditer(clause_before))
    cue = cues[-1].group(0) if cues else "—"
    if kind == "count":
        return f"count:{unit}:{cue}"
    return f"{kind}:{cue}"


def prose_figures(ctx, lines: list[str]) -> list[Figure]:
    by_mention = {id(a.mention): a for a in ctx.facts.amounts}
    out: list[Figure] = []
    seen: set[tuple[int, int]] = set()
    for sent in ctx.facts.sentences:
        par = sent.paragraph
        _norm, idx = normalise(par.text)
        for clause in sent.clauses:
            for m in clause.mentions:
                if m.kind not in KINDS:
                    continue
                pos = sent.start + m.start
                if pos >= len(idx):
                    continue
                o0 = idx[pos]
                raw = _number_at(par.text[o0:])
                if not raw:
                    continue
                where = par.where_at(o0)
                if where.line is None or not 0 < where.line <= len(lines):
                    continue
                starts = [s for s, w in par.spans if w is where]
                guess = o0 - (starts[0] if starts else 0)
                line_text = lines[where.line - 1]
                col = _locate(line_text, raw, guess)
                if col is None or (where.line, col) in seen:
                    continue
                seen.add((where.line, col))
                amount = by_mention.get(id(m))
                before = sent.text[clause.start : m.start]
                first = sent.where.line or where.line
                out.append(
                    Figure(
                        where.line,
                        col,
                        raw,
                        m.kind,
                        m.unit,
                        category_of(m.kind, m.unit, before),
                        amount.key if amount else "",
                        sent.quote.strip()[:200],
                        tuple(sorted({where.line, first})),
                    )
                )
    return out


def table_figures(doc, lines: list[str], seen: set[tuple[int, int]]) -> list[Figure]:
    out: list[Figure] = []
    for table in doc.tables:
        if table.is_chart:
            continue
        header = [c.text for c in table.rows[0]] if table.rows else []
        for row in table.rows[table.header_rows or 1 :]:
            name = row[0].text if row else ""
            for cell in row:
                text = cell.text.strip()
                if not re.fullmatch(r"-?[0-9０-９][0-9０-９,，.．]*%?", text):
                    continue
                line = cell.where.line
                if line is None or not 0 < line <= len(lines):
                    continue
                raw = _number_at(text.lstrip("-"))
                col = _locate(lines[line - 1], raw, 0)
                if col is None or (line, col) in seen:
                    continue
                seen.add((line, col))
                label = table.column_labels[cell.col] if cell.col < len(table.column_labels) else ""
                label = label or (header[cell.col] if cell.col < len(header) else "")
                label = re.sub(r"[\s（）()]", "", label)[:10] or "?"
                kind = "percent" if text.endswith("%") or "%" in label or "率" in label else "cell"
                out.append(
                    Figure(
                        line,
                        col,
                        raw,
                        kind,
                        "",
                        f"table:{table.kind or 'other'}:{label}",
                        "",
                        f"{table.title[:30]}｜{name[:20]}｜{text}",
                        (line,),
                    )
                )
    return out


# --- changing one figure ---------------------------------------------------------------------------


def _digits(raw: str) -> list[int]:
    return [i for i, ch in enumerate(raw) if _DIGIT.match(ch)]


def _set(raw: str, i: int, d: int) -> str:
    ch = str(d) if raw[i].isascii() else chr(0xFF10 + d)
    return raw[:i] + ch + raw[i + 1 :]


def _dval(ch: str) -> int:
    return _FW[ch] if ch in _FW else int(ch)


def perturb(raw: str, kind: str, mode: str) -> str:
    """``raw`` changed in one place, its format kept (see the module docstring)."""
    pos = _digits(raw)
    if not pos:
        return raw
    if mode == "last":
        i = pos[-1]
        d = _dval(raw[i])
        nd = (d + 5) % 10
        if len(pos) == 1 and nd == 0:
            nd = d + 1 if d < 9 else d - 1
        return _set(raw, i, nd)
    if kind == "percent":
        plain = "".join(
            str(_dval(raw[i])) if i in pos else ("." if raw[i] in ".．" else "") for i in range(len(raw))
        )
        try:
            value = Decimal(plain)
        except InvalidOperation:
            value = None
        if value is not None:
            decimals = len(plain.split(".")[1]) if "." in plain else 0
            step = Decimal("0.5") if decimals else Decimal(1)
            for new in (value + step, value - step):
                text = f"{new:.{decimals}f}"
                if new >= 0 and len(text.replace(".", "")) == len(pos):
                    out = raw
                    for i, ch in zip(pos, text.replace(".", ""), strict=True):
                        out = _set(out, i, int(ch))
                    return out
    nonzero = [i for i in pos if _dval(raw[i]) != 0]
    if not nonzero:
        return _set(raw, pos[0], 3)
    k = pos.index(nonzero[0])
    i = pos[k + 1] if k + 1 < len(pos) else pos[k]
    d = _dval(raw[i])
    if i == nonzero[0]:  # a single significant digit: keep it non-zero
        return _set(raw, i, d + 3 if d + 3 <= 9 else d - 3)
    return _set(raw, i, (d + 3) % 10)


# --- auditing ----------------------------------------------------------------------------------------


def _ident(f, old: str = "", new: str = "") -> tuple[str, ...]:
    """What a finding says, without its quote (a quote changes with any figure of its sentence)."""
    said = [str(f.params.get(k, "")) for k in ("subject", "found", "expected")]
    if new:
        said = [s.replace(new, old) for s in said]
    return (f.rule_id, f.severity, *said)


def _points_at(f, fig: Figure, line: str, figure: str) -> bool:
    """Whether the finding points at the figure (``figure`` printed at ``fig.col`` of ``line``)."""
    if any(loc.line in fig.lines for loc in f.locations if loc.line is not None):
        return True
    # a finding that names the figure in what it says (“各分项103.19＋529.28＋0…”), wherever it points
    said = normalise(f.message.split("原文")[0])[0].replace(",", "")
    plain = normalise(figure)[0].replace(",", "").replace("，", "")
    if re.search(rf"(?<![\d.]){re.escape(plain)}(?![\d]|\.\d)", said):
        return True
    quote = normalise(str(f.params.get("quote", "")))[0]
    s = max(0, fig.col - 4)
    context = normalise(line[s : fig.col + len(figure) + 2])[0]
    return bool(context) and context in quote


def cover_document(path: Path, mode: str = "material", tmpdir: str | None = None) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    report, ctx = audit_document(path)
    base = {_ident(f) for f in report.findings}
    figures = prose_figures(ctx, lines)
    if ctx.doc is not None:
        figures += table_figures(ctx.doc, lines, {(f.line, f.col) for f in figures})
    scored_base = [f for f in report.findings if f.severity in _ERR_WARN]

    def flagged(fig: Figure) -> list:
        return [f for f in scored_base if _points_at(f, fig, lines[fig.line - 1], fig.raw)]

    with tempfile.TemporaryDirectory(dir=tmpdir) as tmp:
        mutated = Path(tmp) / path.name

        def probe(fig: Figure, new: str) -> tuple[list, list, list, str]:
            """The audit of the text with ``new`` for the figure: the new scored findings pointing at it, the
            original's findings there that changed, the new scored findings, and the changed line."""
            line = lines[fig.line - 1]
            new_line = line[: fig.col] + new + line[fig.col + len(fig.raw) :]
            out = list(lines)
            out[fig.line - 1] = new_line
            mutated.write_text("\n".join(out), encoding="utf-8")
            rep, _ = audit_document(mutated)
            fresh = [f for f in rep.findings if _ident(f, fig.raw, new) not in base]
            scored = [f for f in fresh if f.severity in _ERR_WARN]
            at = [f for f in scored if _points_at(f, fig, new_line, new)]
            # a finding the original text already had there, which says something else now: the check
            # that made it reads the figure
            now = {_ident(f) for f in rep.findings}
            moved = [f for f in flagged(fig) if _ident(f) not in now]
            if not at and not moved:
                fig.info_only = any(_points_at(f, fig, new_line, new) for f in fresh)
            return at, moved, scored, new_line

        for fig in figures:
            fig.new = perturb(fig.raw, fig.kind, mode)
            if fig.new == fig.raw:
                continue
            at, moved, scored, _line = probe(fig, fig.new)
            fig.caught = bool(at or moved)
            fig.rules = sorted({f.rule_id for f in [*at, *moved]})
            fig.elsewhere = bool(scored) and not fig.caught
            if not fig.caught:
                # bound at all? A coarse change (the second significant digit moved by 3) is seen by any
                # check that binds the figure, where the rounding of the figures beside it may hide a
                # small one (“预算为5.5万元…完成预算的163.45%”: 163.95% is within 5.45–5.55)
                coarse = perturb(fig.raw, "coarse", "material")
                if coarse not in (fig.raw, fig.new):
                    at, moved, _scored, _line = probe(fig, coarse)
                    fig.bound = bool(at or moved)
    return {"id": path.stem, "figures": [asdict(f) for f in figures]}


def _work(args: tuple[str, str]) -> dict[str, object]:
    path, mode = args
    return cover_document(Path(path), mode)


# --- the report ------------------------------------------------------------------------------------


def select(only: Sequence[str]) -> list[Path]:
    paths = sorted(DOCS.glob("*.txt"))
    if not only:
        return paths
    return [p for p in paths if any(fnmatch.fnmatch(p.stem, o) for o in only)]


def summarise(results: list[dict]) -> dict[str, object]:
    figs = [f for r in results for f in r["figures"]]
    by_kind: dict[str, Counter] = defaultdict(Counter)
    for f in figs:
        by_kind[f["kind"]]["read"] += 1
        by_kind[f["kind"]]["caught"] += f["caught"]
        by_kind[f["kind"]]["bound"] += f["caught"] or f["bound"]
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in results:
        for f in r["figures"]:
            if not f["caught"] and not f["bound"]:
                groups[f["category"]].append({**f, "doc": r["id"]})
    return {
        "documents": len(results),
        "figures": len(figs),
        "caught": sum(f["caught"] for f in figs),
        "bound": sum(f["caught"] or f["bound"] for f in figs),
        "info_only": sum(f["info_only"] for f in figs),
        "elsewhere": sum(f["elsewhere"] for f in figs),
        "by_kind": {k: dict(v) for k, v in sorted(by_kind.items())},
        "per_document": {
            r["id"]: [
                len(r["figures"]),
                sum(f["caught"] for f in r["figures"]),
                sum(f["caught"] or f["bound"] for f in r["figures"]),
            ]
            for r in results
        },
        "uncaught": dict(sorted(groups.items(), key=lambda kv: -len(kv[1]))),
    }


def _share(num: int, den: int) -> str:
    return f"{100 * num / den:.1f}%" if den else "—"


def print_summary(s: dict, top: int, every: bool, per_doc: bool) -> None:
    n, c, b = s["figures"], s["caught"], s["bound"]
    if per_doc:
        for doc, (read, caught, bound) in s["per_document"].items():
            print(f"{doc:12} figures {read:4}  caught {caught:4}  bound {bound:4}")
    print(
        f"{s['documents']} documents: {n} figures read; {c} caught ({_share(c, n)}); "
        f"{b} bound ({_share(b, n)}: caught, or a coarse change of them is); {n - b} unbound "
        f"({s['info_only']} only as info, {s['elsewhere']} pointing elsewhere)"
    )
    for kind, v in s["by_kind"].items():
        print(
            f"  {kind:8} caught {v.get('caught', 0):5}  bound {v.get('bound', 0):5}  of {v.get('read', 0):5}"
        )
    print("unbound figures by kind of sentence (biggest groups first):")
    for k, (cat, items) in enumerate(s["uncaught"].items()):
        if k >= top:
            break
        print(f"\n[{len(items)}] {cat}")
        for f in items if every else items[:4]:
            mark = f"{f['raw']}→{f['new']}"
            print(f"   {f['doc']}:{f['line']} {mark} {f['key'] or ''}  {f['context'][:110]}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--only", action="append", default=[], help="a document id (ID* for a prefix); repeatable"
    )
    ap.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    ap.add_argument("--mode", choices=("material", "last"), default="material")
    ap.add_argument("--json", type=Path, help="write every figure and the summary here")
    ap.add_argument("--top", type=int, default=25, help="groups of uncaught figures to print")
    ap.add_argument("--list", action="store_true", help="print every uncaught figure of the groups")
    ap.add_argument("--per-doc", action="store_true", help="print figures read and caught per document")
    args = ap.parse_args(argv)
    paths = select(args.only)
    paths.sort(key=lambda p: -p.stat().st_size)  # the long texts first, for the pool
    work = [(str(p), args.mode) for p in paths]
    if args.jobs <= 1 or len(work) <= 1:
        results = [_work(w) for w in work]
    else:
        with Pool(args.jobs) as pool:
            results = list(pool.imap_unordered(_work, work))
    results.sort(key=lambda r: str(r["id"]))
    s = summarise(results)
    print_summary(s, args.top, args.list, args.per_doc)
    if args.json:
        args.json.write_text(json.dumps({"summary": s, "documents": results}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
