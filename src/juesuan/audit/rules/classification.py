"""Classification rules (A050–A053): 功能分类 codes and names checked against the catalogue of the year
(outdated or unknown), and the 名词解释 glossary vs the items reported; with the ``resolve_*`` helpers the
extractor also uses."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from juesuan.audit.document import Where
from juesuan.audit.facts import (
    ItemPath,
    find_paths,
)
from juesuan.audit.rules.base import (
    Context,
    Hit,
    audit_rule,
    row_quote,
)
from juesuan.findings import Severity

# --- classification -------------------------------------------------------------------------------------


@cache
def _functional_index() -> tuple[dict[str, list], dict[str, list]]:
    from juesuan.classification import load_catalogue as load_classification

    cat = load_classification()
    codes: set[str] = set()
    for y in range(2000, 2036):
        codes.update(cat.functional_codes(y))
    by_name: dict[str, list] = {}
    by_code: dict[str, list] = {}
    for code in codes:
        for e in cat.functional_any(code):
            by_code.setdefault(code, []).append(e)
            by_name.setdefault(_norm_name(e.name), []).append(e)
    return by_name, by_code


def _norm_name(name: str) -> str:
    n = name.replace("其它", "其他").replace("(", "（").replace(")", "）").strip()
    return n


def _lookup(name: str, parent: str, length: int, year: int) -> tuple[str, str, str, str]:
    """(code, status, current name, note) of a 类/款/项 name under ``parent`` (status: ok, outdated, near,
    unknown)."""
    by_name, by_code = _functional_index()
    n = _norm_name(name)
    variants = {n, n + "支出", n[:-2] if n.endswith("支出") else n}
    candidates = [
        e for v in variants for e in by_name.get(v, []) if len(e.code) == length and e.code.startswith(parent)
    ]
    current = [e for e in candidates if e.valid_in(year)]
    if current:
        return current[0].code, "ok", current[0].name, ""
    if candidates:
        e = candidates[0]
        now = next((x for x in by_code.get(e.code, []) if x.valid_in(year)), None)
        if e.since is None:
            span = f"{e.until}年及以前"
        elif e.until is None:
            span = f"{e.since}年起"
        else:
            span = f"{e.since}—{e.until}年"
        return e.code, "outdated", now.name if now else "", span
    # near: a current name that the written name abbreviates or extends
    for code, entries in by_code.items():
        if len(code) != length or not code.startswith(parent):
            continue
        for e in entries:
            if (
                e.valid_in(year)
                and (e.name.startswith(n) or n.startswith(e.name))
                and min(len(n), len(e.name)) >= 4
            ):
                return code, "near", e.name, ""
    return "", "unknown", "", ""


#: Characters a name may swap for one another without a slip (“社会保障与就业” for 社会保障和就业).
_CONJUNCTIONS = frozenset("和与及")


def one_character_off(written: str, level: str, parent: str, year: int) -> tuple[str, str] | None:
    """The (code, name) of the one 科目 of ``level`` under ``parent`` valid in ``year`` whose name differs
    from ``written`` (a name not in the catalogue) in exactly one character (“学期教育” for 学前教育,
    2050201), or None: none or several such, or the difference a conjunction (和/与/及)."""
    _by_name, by_code = _functional_index()
    n = _norm_name(written)
    found: dict[str, str] = {}
    for code, entries in by_code.items():
        if len(code) != _LEVEL_LENGTH[level] or not code.startswith(parent or "2"):
            continue
        for e in entries:
            if not e.valid_in(year) or len(e.name) != len(n):
                continue
            diff = [(a, b) for a, b in zip(e.name, n, strict=True) if a != b]
            if len(diff) == 1 and not set(diff[0]) <= _CONJUNCTIONS:
                found[code] = e.name
    return next(iter(found.items())) if len(found) == 1 else None


def _verified(code: str, year: int) -> bool:
    """Whether the catalogue row ``code`` of ``year`` was verified against a published source."""
    from juesuan.classification import load_catalogue as load_classification

    return bool(code) and load_classification().is_verified(code, year)


_LEVEL_LENGTH = {"类": 3, "款": 5, "项": 7}


def _known_complete(written: str, level: str, parent: str, year: int) -> bool:
    """Whether “not in the catalogue” is certain for a name: it names a row of another level (a 类 written
    as a 款), or every row of its level under ``parent`` is verified, so the catalogue is not merely
    missing it. Otherwise an unknown name may be a gap in the catalogue and is only noted."""
    by_name, by_code = _functional_index()
    n = _norm_name(written)
    length = _LEVEL_LENGTH[level]
    if any(len(e.code) != length and e.valid_in(year) for e in by_name.get(n, [])):
        return True
    siblings = [
        code
        for code, entries in by_code.items()
        if len(code) == length and code.startswith(parent or "2") and any(e.valid_in(year) for e in entries)
    ]
    return bool(siblings) and all(_verified(code, year) for code in siblings)


# a 科目 name that does not match the catalogue: (level, written, status, current, note, the code of the
# catalogue row it was compared with)
PathProblem = tuple[str, str, str, str, str, str]


def resolve_class(name: str, year: int) -> tuple[str, str, str]:
    code, status, current, _ = _lookup(name, "2", 3, year)
    return code, status, current


def resolve_path(path: ItemPath | tuple[str, str, str], year: int) -> tuple[list[str], list[PathProblem]]:
    """Codes of the 类/款/项 of a path and the problems found: (level, written, status, current, note,
    the code of the catalogue row it was compared with)."""
    key = (path.cls, path.kuan, path.xiang) if isinstance(path, ItemPath) else path
    codes, problems = _resolve_path(key, year)
    return list(codes), list(problems)


@cache
def _resolve_path(path: tuple[str, str, str], year: int) -> tuple[tuple[str, ...], tuple[PathProblem, ...]]:
    cls, kuan, xiang = path
    codes: list[str] = []
    problems: list[PathProblem] = []
    parent = "2"
    for written, length, level in ((cls, 3, "类"), (kuan, 5, "款"), (xiang, 7, "项")):
        if not written:
            if length == 3:
                continue
            break
        code, status, current, note = _lookup(
            written, parent if codes else ("2" if length == 3 else parent), length, year
        )
        if not code and length == 5 and not codes:
            code, status, current, note = _lookup(written, "2", 5, year)
        if status == "near" and _norm_name(written) + "支出" == current:
            status = "ok"  # "一般公共服务（类）" for 一般公共服务支出
        if status != "ok":
            # the row the written name was compared with: the near one, or the parent of an unknown one
            against = code if status == "near" else (codes[-1] if codes else "")
            problems.append((level, written, status, current, note, against))
        if not code:
            break
        codes.append(code)
        parent = code
    return tuple(codes), tuple(problems)


def resolve_path_text(text: str, year: int) -> tuple[list[str], list[PathProblem]]:
    found = find_paths(text)
    if not found:
        return [], []
    _s, _e, cls, kuan, xiang = found[0]
    return resolve_path((cls, kuan, xiang), year)


@audit_rule("A050")
def classification_outdated(ctx: Context) -> Iterable[Hit]:
    yield from _classification(ctx, "outdated")


@audit_rule("A051")
def classification_unknown(ctx: Context) -> Iterable[Hit]:
    yield from _classification(ctx, "other")


def _classification(ctx: Context, which: str) -> Iterable[Hit]:
    year = ctx.year
    if year is None:
        return
    for path in ctx.facts.paths:
        _codes, problems = resolve_path(path, year)
        for level, written, status, current, note, against in problems:
            if (status == "outdated") != (which == "outdated"):
                continue
            where = path.paragraph.where_at(0)
            quote = path.paragraph.text[:120]
            if status == "outdated":
                found = f"{level}名称“{written}”只见于{note}的科目"
                expected = (
                    f"{year}年应为“{current}”"
                    if current
                    else f"该{level}级科目{year}年已取消，应按{year}年科目列示"
                )
                yield Hit(f"科目“{path.text}”", found, expected, quote, [where], keys=[path.text, level])
            elif status == "near":
                severity: Severity | None = (
                    "info"
                    if _norm_name(written) == current
                    or written.replace("其它", "其他") == current
                    or not _verified(against, year)
                    else None
                )
                yield Hit(
                    f"科目“{path.text}”",
                    f"{level}名称写作“{written}”",
                    f"{year}年科目名称为“{current}”",
                    quote,
                    [where],
                    severity=severity,
                    keys=[path.text, level],
                )
            else:
                yield Hit(
                    f"科目“{path.text}”",
                    f"{level}名称“{written}”在{year}年政府收支分类科目中找不到",
                    "应使用规范的科目名称",
                    quote,
                    [where],
                    severity=None if _known_complete(written, level, against, year) else "info",
                    keys=[path.text, level],
                )
        if which == "other" and "其它" in path.text:
            yield Hit(
                f"科目“{path.text}”",
                "写作“其它”",
                "科目名称用“其他”",
                path.paragraph.text[:120],
                [path.paragraph.where],
                severity="info",
                keys=[path.text, "其它"],
            )
    # table rows: code and name against the catalogue
    _by_name, by_code = _functional_index()
    for std in ctx.tables:
        if (
            std.kind not in ("income", "expenditure", "gpb", "gpb_project", "capital_exp", "fund", "capital")
            or not std.readable
        ):
            continue
        for r in std.rows:
            if not r.code or not r.name:
                continue
            entries = by_code.get(r.code, [])
            entry = next((e for e in entries if e.valid_in(year)), None)
            if which == "outdated" and entries and entry is None:
                span = f"{entries[0].since or ''}—{entries[-1].until or ''}"
                yield Hit(
                    f"《{std.title}》{r.code}",
                    f"科目{r.code}“{r.name}”只见于{span}年版科目",
                    f"{year}年该科目已取消",
                    row_quote(r),
                    [r.where],
                    keys=[r.code],
                )
            elif which == "other" and entry is not None and _norm_name(r.name) != _norm_name(entry.name):
                if (
                    entry.name.startswith(r.name) and len(r.name) >= 4 and r.name != entry.name
                ) or not entry.verified:
                    # an abbreviation, or a catalogue name not verified against a source
                    sev: Severity | None = "info"
                else:
                    sev = None
                yield Hit(
                    f"《{std.title}》{r.code}",
                    f"科目名称为“{r.name}”",
                    f"{year}年科目{r.code}为“{entry.name}”",
                    row_quote(r),
                    [r.where],
                    severity=sev,
                    keys=[r.code, r.name],
                )


def _reported_items(ctx: Context) -> dict[str, str]:
    """项 codes reported in the explanation (具体情况) and in the 一般公共预算 table → where it is said."""
    year = ctx.year or 0
    out: dict[str, str] = {}
    for _par, path, _key in ctx.facts.item_paragraphs:
        codes, _ = resolve_path(path, year)
        if codes and len(codes[-1]) == 7:
            out.setdefault(codes[-1], path.text)
    for std in ctx.tables:
        if std.kind in ("gpb", "income", "expenditure") and std.readable:
            for r in std.rows:
                if len(r.code) == 7:
                    out.setdefault(r.code, f"{r.code} {r.name}")
    return out


def _glossary_paths(ctx: Context) -> list[ItemPath]:
    return [p for p in ctx.facts.paths if p.paragraph.part == "glossary" and p.xiang]


@audit_rule("A052")
def glossary_extra(ctx: Context) -> Iterable[Hit]:
    if ctx.year is None:
        return
    reported = _reported_items(ctx)
    if not reported:
        return
    for path in _glossary_paths(ctx):
        codes, _ = resolve_path(path, ctx.year)
        code = codes[-1] if codes and len(codes[-1]) == 7 else ""
        if code and code in reported:
            continue
        if not code and any(path.xiang in t for t in reported.values()):
            continue
        yield Hit(
            f"名词解释“{path.text}”",
            "说明和表中没有列支该科目" + (f"（{code}）" if code else ""),
            "名词解释应只解释本年度列支的科目",
            path.paragraph.text[:100],
            [path.paragraph.where],
            keys=[path.text],
        )


@audit_rule("A053")
def glossary_missing(ctx: Context) -> Iterable[Hit]:
    if ctx.year is None:
        return
    paths = _glossary_paths(ctx)
    if not paths:
        return
    covered = set()
    for path in paths:
        codes, _ = resolve_path(path, ctx.year)
        if codes:
            covered.add(codes[-1])
    for code, text in _reported_items(ctx).items():
        if code not in covered:
            par = next((p for p, path, _ in ctx.facts.item_paragraphs if path.text == text), None)
            where = par.where if par is not None else Where()
            yield Hit(
                f"科目“{text}”",
                "在说明中列支，名词解释中没有该科目",
                "名词解释列示科目时应覆盖全部列支的项级科目",
                par.text[:100] if par is not None else text,
                [where],
                keys=[code],
            )
