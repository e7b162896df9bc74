"""The audit rules (family A of the rule catalogue, ``data/rules/A.toml``): each a function registered with
``@audit_rule("A0xx")`` that looks at the read document, its stated facts and its tables, and returns hits.

Tolerance follows :mod:`juesuan.rules.tolerance`: a figure printed with p decimals stands for any value
within ½·10⁻ᵖ of it; a share or rate recomputed from printed amounts is the range of the ratio over those
intervals, and is consistent when it meets the printed share's own interval. A share allocated by largest
remainder may be one unit off its exact value: when its group adds up to 100.00% that is reported as info,
never as an error. Sums use the envelope Σ ½·10⁻ᵖ (within it: info, a 尾差).

Every hit carries what was found, what was expected, the quoted passage and where it is (line, paragraph or
page); :func:`run_rules` turns hits into the project's ``Finding`` objects.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from juesuan.audit.document import Document, Paragraph, Table, Where, parse_numbering, table_kind
from juesuan.audit.facts import (
    HEAD_KEYS,
    Amount,
    Facts,
    Group,
    ItemPath,
    Mention,
    Sentence,
    Share,
    class_name,
    extract,
    find_paths,
    normalise,
    paragraph_comparisons,
    subject_key,
)
from juesuan.audit.stdtables import Num, StdTable, TableFact, interpret_all, is_number, parse_num, table_facts
from juesuan.findings import Finding, Location, fingerprint
from juesuan.residue import PLACEHOLDER
from juesuan.rules.catalogue import RuleSpec, load_catalogue

HUNDRED = Decimal(100)
ZERO = Decimal(0)
LR_STEP = Decimal("0.01")


# --- numbers and intervals ----------------------------------------------------------------------------


def half(decimals: int) -> Decimal:
    return Decimal(5).scaleb(-decimals - 1)


def interval(value: Decimal, decimals: int) -> tuple[Decimal, Decimal]:
    h = half(decimals)
    return value - h, value + h


def meets(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def ratio_range(num: Decimal, nd: int, den: Decimal, dd: int) -> tuple[Decimal, Decimal] | None:
    """The range of num/den×100 over both printed intervals (None when the base may be zero)."""
    nlo, nhi = interval(num, nd)
    dlo, dhi = interval(den, dd)
    nlo = max(nlo, ZERO)
    if dlo <= 0:
        return None
    return nlo / dhi * HUNDRED, nhi / dlo * HUNDRED


def fmt(value: Decimal, places: int = 2) -> str:
    q = Decimal(1).scaleb(-places)
    return f"{value.quantize(q, rounding='ROUND_HALF_UP'):,.{places}f}".replace(",", "")


def fmt_amount(value: Decimal, decimals: int) -> str:
    shown = max(0, min(decimals, 6))
    return fmt(value, shown) + "万元"


def raw_amount(m: Mention) -> str:
    return m.raw


KEY_ZH = {
    "total.all": "收入支出总计",
    "total.fiscal": "财政拨款收入支出总计",
    "income.total": "本年收入合计",
    "expenditure.total": "本年支出合计",
    "gpb.expenditure": "一般公共预算财政拨款支出",
    "gpb.basic": "一般公共预算财政拨款基本支出",
    "gpb.project": "一般公共预算财政拨款项目支出",
    "sangong.total": "“三公”经费财政拨款支出",
    "sangong.abroad": "因公出国（境）费",
    "sangong.car": "公务用车购置及运行维护费",
    "sangong.reception": "公务接待费",
    "admin_cost": "机关运行经费",
    "procurement.total": "政府采购支出",
}


def subject_of(a: Amount) -> str:
    """How to name the subject of an amount in a message: as written, or from its key when generic."""
    label = a.label.strip("“”")
    if len(label) > 3 and label not in ("支出决算", "年初预算", "全年预算"):
        return label
    key = a.key.split(">")[-1]
    if key.startswith(("gpb.item.", "fund.item.", "capital.item.")):
        return key.split(".", 2)[2]
    return KEY_ZH.get(key, label or key)


# --- context and hits ---------------------------------------------------------------------------------


@dataclass
class Hit:
    subject: str
    found: str
    expected: str
    quote: str
    wheres: list[Where]
    severity: str | None = None
    keys: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)


class Context:
    """What the audit rules see."""

    def __init__(self, path: str, doc: Document | None, read_error: tuple[str, str] | None = None) -> None:
        self.path = path
        self.doc = doc
        self.read_error = read_error
        self.flagged_shares: set[int] = set()
        if doc is not None and doc.text_layer and read_error is None:
            self.facts = extract(doc)
            paragraph_comparisons(self.facts)
            self.tables = interpret_all(doc)
            self.tfacts = table_facts(self.tables)
        else:
            self.facts = Facts()
            self.tables = []
            self.tfacts = {}

    @property
    def year(self) -> int | None:
        return self.doc.year if self.doc else None

    def tables_of(self, kind: str) -> list[StdTable]:
        return [t for t in self.tables if t.kind == kind and t.readable]


AuditFunction = Callable[[Context], Iterable[Hit]]
AUDIT_REGISTRY: dict[str, AuditFunction] = {}


def audit_rule(rule_id: str) -> Callable[[AuditFunction], AuditFunction]:
    """Register the implementation of catalogue rule ``rule_id`` (family A, kind ``audit``)."""

    def register(fn: AuditFunction) -> AuditFunction:
        if rule_id in AUDIT_REGISTRY:
            raise ValueError(f"audit rule {rule_id} registered twice")
        AUDIT_REGISTRY[rule_id] = fn
        return fn

    return register


def quote_of(sentence: Sentence, around: Mention | None = None, width: int = 150) -> str:
    text = sentence.quote.strip()
    if len(text) <= width:
        return text
    if around is not None:
        norm = sentence.text
        start = max(0, around.start - width // 2)
        return ("…" if start else "") + norm[start : start + width] + "…"
    return text[:width] + "…"


def cell_quote(cells) -> str:
    return "｜".join(c.text for c in cells if c.text)[:150]


# --- reading ------------------------------------------------------------------------------------------

_READ_TEXT = {
    "not_text": ("内容不是文本（可能是二进制文件或扩展名有误）", "应为UTF-8或GB18030编码的文本"),
    "bad_docx": ("不是有效的Word（docx）文件或文件已损坏", "应为可打开的docx文件"),
    "zip_bomb": ("Word（docx）文件解压后过大或压缩比异常，疑似压缩炸弹，未予读取", "应为正常的docx文件"),
    "bad_pdf": ("不是有效的PDF文件或文件已损坏", "应为可打开的PDF文件"),
    "unreadable": ("文件无法打开", "请检查路径和权限"),
    "no_pdf_reader": ("缺少PDF读取组件", "请安装pymupdf"),
}


def _file_subject(ctx: Context) -> str:
    return f"文件“{ctx.path}”"


@audit_rule("A001")
def unreadable(ctx: Context) -> Iterable[Hit]:
    if ctx.read_error and ctx.read_error[0] in _READ_TEXT:
        found, expected = _READ_TEXT[ctx.read_error[0]]
        detail = f"（{ctx.read_error[1]}）" if ctx.read_error[1] else ""
        yield Hit(_file_subject(ctx), found + detail, expected, "", [Where()])


@audit_rule("A002")
def no_text_layer(ctx: Context) -> Iterable[Hit]:
    if ctx.doc is not None and not ctx.doc.text_layer:
        yield Hit(_file_subject(ctx), f"{ctx.doc.pages}页", "需要带文字层的PDF才能审核", "", [Where(page=1)])


@audit_rule("A003")
def encrypted(ctx: Context) -> Iterable[Hit]:
    if ctx.read_error and ctx.read_error[0] == "encrypted":
        yield Hit(_file_subject(ctx), "无法读取内容", "请提供未加密的文件", "", [Where()])


@audit_rule("A004")
def empty(ctx: Context) -> Iterable[Hit]:
    if ctx.read_error and ctx.read_error[0] in ("empty", "no_text"):
        found = "为空文件" if ctx.read_error[0] == "empty" else "没有任何文字"
        yield Hit(_file_subject(ctx), found, "公开文本应有内容", "", [Where()])


@audit_rule("A005")
def not_recognised(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    if doc is None or not doc.text_layer:
        return
    parts = {p.part for p in doc.paragraphs if p.heading is not None and p.heading.level == 0}
    standard = any(t.kind for t in doc.tables)
    if doc.year is None or (not parts and not standard and not ctx.facts.amounts):
        found = "未找到决算年度" if doc.year is None else "未找到部门决算的标准结构和表格"
        yield Hit(
            _file_subject(ctx), found, "按部门决算公开文本审核时，部分检查可能无法执行", "", [Where()],
            severity="info" if doc.year is None else None,  # unknown is said, not a defect of the text
        )


@audit_rule("A006")
def table_not_read(ctx: Context) -> Iterable[Hit]:
    for std in ctx.tables:
        if not std.readable:
            t = std.table
            yield Hit(
                f"《{t.title or '表格'}》",
                "未能识别出行和数据",
                "该表的勾稽和表文核对未执行",
                t.title,
                [t.title_where or t.where],
            )


# --- same figure twice, text vs table -------------------------------------------------------------------


def _level_role(role: str) -> str:
    return "budget" if role == "budget" else "level"


def _comparable(key: str) -> bool:
    return bool(key) and not key.startswith("?>") and not key.endswith(".")


@audit_rule("A010")
def same_figure(ctx: Context) -> Iterable[Hit]:
    seen: dict[tuple[str, str], Amount] = {}
    for a in ctx.facts.amounts:
        if not _comparable(a.key) or a.sentence.paragraph.part in ("glossary",):
            continue
        k = (a.key, _level_role(a.role))
        first = seen.get(k)
        if first is None:
            seen[k] = a
            continue
        if first.sentence is a.sentence:
            continue
        if not meets(interval(a.value, a.decimals), interval(first.value, first.decimals)):
            yield Hit(
                f"“{a.label}”",
                a.mention.raw,
                f"{first.sentence.where.describe()}同一数字为{first.mention.raw}",
                quote_of(a.sentence, a.mention),
                [a.sentence.where, first.sentence.where],
                keys=[a.key],
            )


def _text_to_table_key(ctx: Context, a: Amount) -> str:
    key = a.key
    if a.role == "budget" and not key.startswith("sangong."):
        return ""  # the tables hold no budgets (except the “三公” table)
    if key.startswith("gpb.class."):
        code = resolve_class(key[len("gpb.class.") :], ctx.year or 0)[0]
        return f"gpb.class.code.{code}" if code else ""
    if key.startswith("gpb.item."):
        codes, _ = resolve_path_text(key[len("gpb.item.") :], ctx.year or 0)
        return f"gpb.item.code.{codes[-1]}" if codes and len(codes[-1]) == 7 else ""
    if key.startswith("sangong."):
        return f"{key}@{'budget' if a.role == 'budget' else 'actual'}"
    if a.role == "budget":
        return ""
    return key


@audit_rule("A011")
def text_vs_table(ctx: Context) -> Iterable[Hit]:
    done: set[tuple[int, str]] = set()
    for a in ctx.facts.amounts:
        if not _comparable(a.key) or a.sentence.paragraph.part == "glossary":
            continue
        tkey = _text_to_table_key(ctx, a)
        fact = ctx.tfacts.get(tkey)
        if fact is None:
            continue
        num = fact.value
        if meets(interval(a.value, a.decimals), interval(num.value, num.decimals)):
            continue
        if (a.sentence.index, tkey) in done:
            continue
        done.add((a.sentence.index, tkey))
        yield Hit(
            f"“{a.label}”",
            a.mention.raw,
            f"{fact.label}为{fmt(num.value, num.decimals)}万元（{num.where.describe()}）",
            quote_of(a.sentence, a.mention),
            [a.sentence.where, num.where],
            keys=[a.key, tkey],
        )


# --- shares ---------------------------------------------------------------------------------------------


def _doc_amount(ctx: Context, key: str, sentence: Sentence | None = None) -> tuple[Decimal, int, str] | None:
    if sentence is not None:
        for a in ctx.facts.amounts:
            if a.sentence is sentence and a.key == key and a.role in ("current", "actual"):
                return a.value, a.decimals, a.mention.raw
    first = ctx.facts.first_value(key)
    if first is not None:
        return first.value, first.decimals, first.mention.raw
    fact = ctx.tfacts.get(key)
    if fact is not None:
        return fact.value.value, fact.value.decimals, fmt(fact.value.value, fact.value.decimals) + "万元"
    return None


def _share_base(ctx: Context, share: Share) -> tuple[Decimal, int, str, str] | None:
    """(value, decimals, shown, label) of the base of a share."""
    if share.base_key:
        found = _doc_amount(ctx, share.base_key, share.sentence)
        if found:
            return (*found, share.base_label)
    group = share.group
    if group is not None and group.head is not None and group.head is not share.amount:
        h = group.head
        return h.value, h.decimals, h.mention.raw, h.label
    in_sentence = [a for a in ctx.facts.amounts if a.sentence is share.sentence]
    shared = {id(s.amount) for s in ctx.facts.shares if s.sentence is share.sentence}
    if (
        in_sentence
        and not share.base_label
        and in_sentence[0] is not share.amount
        and in_sentence[0].key in HEAD_KEYS
        and id(in_sentence[0]) not in shared
    ):
        h = in_sentence[0]
        return h.value, h.decimals, h.mention.raw, h.label
    first = share.sentence.clauses[0]
    if not first.mentions:
        label = re.sub(r"(决算)?中$", "", first.text)
        key = subject_key(label)
        if key:
            found = _doc_amount(ctx, key)
            if found:
                return (*found, label)
    return None


def _group_sum_is_100(shares: list[Share]) -> bool:
    return sum((s.pct.value for s in shares), ZERO) == HUNDRED


def _sentence_shares(ctx: Context, share: Share) -> list[Share]:
    return [s for s in ctx.facts.shares if s.sentence is share.sentence]


@audit_rule("A012")
def shares(ctx: Context) -> Iterable[Hit]:
    for share in ctx.facts.shares:
        a = share.amount
        base = _share_base(ctx, share)
        if base is None:
            continue
        bval, bdec = base[0], base[1]
        pct = share.pct
        printed = interval(pct.value, pct.decimals)
        if a.value == 0:
            if pct.value != 0:
                yield _share_hit(share, base, "0.00%")
            continue
        rng = ratio_range(a.value, a.decimals, bval, bdec)
        if rng is None:
            if bval == 0 and pct.value != 0:
                yield _share_hit(share, base, "无法计算（基数为0）")
            continue
        if meets(rng, printed):
            continue
        exact = a.value / bval * HUNDRED
        peers = [s for s in _sentence_shares(ctx, share)]
        lr = (
            abs(pct.value - exact) <= LR_STEP + half(pct.decimals)
            and _group_sum_is_100(peers)
            and len(peers) > 1
        )
        if not lr:
            ctx.flagged_shares.add(id(share))
        yield _share_hit(share, base, fmt(exact) + "%", "info" if lr else None)


def _share_hit(share: Share, base, expected_pct: str, severity: str | None = None) -> Hit:
    _bval, _bdec, bshown, blabel = base
    a = share.amount
    how = f"按{a.mention.raw}÷{bshown}计算应为{expected_pct}"
    if severity == "info":
        how += "，与精确值相差一个末位，且该组占比合计为100%，可视为尾差调整"
    return Hit(
        f"“{a.label}”占{blabel or '合计'}的比例",
        share.pct.raw,
        how,
        quote_of(share.sentence, share.pct),
        [share.sentence.where],
        severity=severity,
        keys=[a.key, "share"],
    )


@audit_rule("A013")
def shares_sum(ctx: Context) -> Iterable[Hit]:
    by_sentence: dict[int, list[Share]] = {}
    for s in ctx.facts.shares:
        if s.group is not None or s.base_key == "":
            by_sentence.setdefault(s.sentence.index, []).append(s)
    for group_shares in by_sentence.values():
        if len(group_shares) < 2 or any(id(s) in ctx.flagged_shares for s in group_shares):
            continue
        if len({s.base_key for s in group_shares}) > 1:
            continue
        amounts = [s.amount for s in group_shares]
        if any(a.value < 0 for a in amounts):
            continue
        total_pct = sum((s.pct.value for s in group_shares), ZERO)
        nonzero = [s for s in group_shares if s.amount.value != 0]
        if not nonzero:
            continue
        base = _share_base(ctx, group_shares[0])
        parts = sum((a.value for a in amounts), ZERO)
        slack = ZERO
        if base is not None:
            bval, bdec = base[0], base[1]
            envelope = half(bdec) + sum((half(a.decimals) for a in amounts), ZERO)
            gap = abs(bval - parts)
            if gap > envelope:
                continue  # the list is not the whole: its shares need not add up to 100%
            slack = gap / bval * HUNDRED if bval else ZERO
        allowed = half(max(s.pct.decimals for s in nonzero)) * len(nonzero) + slack
        if abs(total_pct - HUNDRED) < allowed or total_pct == HUNDRED:
            continue
        first = group_shares[0]
        yield Hit(
            "各项占比",
            fmt(total_pct) + "%",
            f"所列各项金额合计等于基数，占比合计应为100.00%（{len(nonzero)}项非零，四舍五入最多相差±{fmt(allowed)}%）",
            quote_of(first.sentence),
            [first.sentence.where],
            keys=["shares", first.amount.key],
        )


# --- year-on-year changes ---------------------------------------------------------------------------------


def _change_range(
    cur: Decimal, cd: int, delta: Decimal, dd: int, sign: int
) -> tuple[Decimal, Decimal] | None:
    clo, chi = interval(cur, cd)
    dlo, dhi = interval(delta, dd)
    dlo = max(dlo, ZERO)
    if sign < 0:
        lo_den, hi_den = chi + dlo, clo + dhi
    else:
        lo_den, hi_den = chi - dlo, clo - dhi
    if lo_den <= 0 or hi_den <= 0:
        return None
    return dlo / lo_den * HUNDRED, dhi / hi_den * HUNDRED


@audit_rule("A014")
def change_recomputed(ctx: Context) -> Iterable[Hit]:
    for ch in ctx.facts.changes:
        if ch.delta is None or ch.pct is None or ch.current is None:
            continue
        d, p, c = ch.delta, ch.pct, ch.current
        if d.value == 0:
            if p.value != 0:
                yield Hit(
                    f"“{ch.label or c.label}”的增减",
                    f"增减额为0但增减率为{p.raw}",
                    "增减额为0时增减率应为0",
                    quote_of(ch.sentence, p),
                    [ch.sentence.where],
                    keys=[ch.key, "change"],
                )
            continue
        signs = [d.sign] if d.sign else ([p.sign] if p.sign else [1, -1])
        ok = False
        best = None
        for sign in signs:
            prior = c.value - sign * d.value
            if prior <= half(c.decimals) + half(d.decimals):
                ok = True  # zero base: reported by A018
                break
            rng = _change_range(c.value, c.decimals, d.value, d.decimals, sign)
            if rng is None or meets(rng, interval(p.value, p.decimals)):
                ok = True
                break
            best = (sign, prior, d.value / prior * HUNDRED)
        if ok or best is None:
            continue
        sign, prior, exact = best
        word = "增加" if sign > 0 else "减少"
        yield Hit(
            f"“{ch.label or c.label}”与上年相比",
            f"{word}{d.raw}、{'增长' if sign > 0 else '下降'}{p.raw}",
            f"本年为{c.mention.raw}（{c.sentence.where.describe()}），"
            f"上年应为{fmt(prior, max(c.decimals, d.decimals))}万元，"
            f"增减率应为{fmt(exact)}%",
            quote_of(ch.sentence, p),
            [ch.sentence.where, c.sentence.where],
            keys=[ch.key, "change"],
        )


@audit_rule("A015")
def direction_words(ctx: Context) -> Iterable[Hit]:
    for ch in ctx.facts.changes:
        d, p = ch.delta, ch.pct
        if d is not None and p is not None and d.sign and p.sign and d.sign != p.sign and d.value and p.value:
            yield Hit(
                f"“{ch.label}”与上年相比",
                f"金额用“{d.direction}”、比例用“{p.direction}”",
                "增减额与增减率的方向应一致（增加—增长，减少—下降）",
                quote_of(ch.sentence, p),
                [ch.sentence.where],
                keys=[ch.key, "direction"],
            )
        if ch.flat and ((d is not None and d.value) or (p is not None and p.value)):
            yield Hit(
                f"“{ch.label}”与上年相比",
                "表述为“持平”但给出了增减数",
                "持平时增减额和增减率应为0",
                quote_of(ch.sentence),
                [ch.sentence.where],
                keys=[ch.key, "flat"],
            )


@audit_rule("A018")
def growth_on_zero_base(ctx: Context) -> Iterable[Hit]:
    for ch in ctx.facts.changes:
        if ch.delta is None or ch.pct is None or ch.current is None:
            continue
        d, c = ch.delta, ch.current
        if d.sign == 1 and d.value and abs(c.value - d.value) <= half(c.decimals) + half(d.decimals):
            yield Hit(
                f"“{ch.label or c.label}”与上年相比",
                f"上年为0（本年{c.mention.raw}、增加{d.raw}），仍表述为增长{ch.pct.raw}",
                "上年为0时增长率无意义，宜表述为新增",
                quote_of(ch.sentence, ch.pct),
                [ch.sentence.where],
                keys=[ch.key, "zero-base"],
            )


# --- budget completion ---------------------------------------------------------------------------------


def _basis_budget(comp) -> Amount | None:
    if comp.rate_basis:
        same = [b for b in comp.budgets if b.budget_kind == comp.rate_basis]
        if same:
            return same[-1]
    return comp.budget


@audit_rule("A016")
def completion_recomputed(ctx: Context) -> Iterable[Hit]:
    for comp in ctx.facts.completions:
        rate = comp.rate
        budget = _basis_budget(comp)
        actual = comp.actual
        if actual is not None and budget is not None and budget.value > 0:
            rng = ratio_range(actual.value, actual.decimals, budget.value, budget.decimals)
            if rng is None or meets(rng, interval(rate.value, rate.decimals)):
                continue
            other = [b for b in comp.budgets if b is not budget and b.value > 0]
            if any(
                (r := ratio_range(actual.value, actual.decimals, b.value, b.decimals))
                and meets(r, interval(rate.value, rate.decimals))
                for b in other
            ):
                continue  # consistent with another stated budget: A019 reports the wording
            exact = actual.value / budget.value * HUNDRED
            yield Hit(
                f"“{subject_of(actual)}”",
                rate.raw,
                f"按决算数{actual.mention.raw}÷预算数{budget.mention.raw}计算应为{fmt(exact)}%",
                quote_of(comp.sentence, rate),
                [comp.sentence.where],
                keys=[comp.key, "completion"],
            )
        elif actual is not None and budget is None:
            if actual.value == 0 and rate.value > 0:
                yield Hit(
                    f"“{actual.label}”",
                    rate.raw,
                    "决算数为0时完成比例应为0%",
                    quote_of(comp.sentence, rate),
                    [comp.sentence.where],
                    keys=[comp.key, "completion"],
                )
            elif actual.value > 0 and rate.value == 0:
                yield Hit(
                    f"“{actual.label}”",
                    rate.raw,
                    f"决算数为{actual.mention.raw}，完成比例不应为0%",
                    quote_of(comp.sentence, rate),
                    [comp.sentence.where],
                    keys=[comp.key, "completion"],
                )
    # the whole's rate is a weighted mean of its items' rates: it lies between their smallest and largest
    for group in ctx.facts.groups:
        head = group.head
        if (
            head is None
            or not group.items
            or not all(i.key.startswith(("gpb.item.", "fund.item.", "capital.item.")) for i in group.items)
        ):
            continue
        head_rate = next(
            (
                c.rate
                for c in ctx.facts.completions
                if c.actual is head or (c.sentence is head.sentence and c.key == head.key)
            ),
            None,
        )
        item_rates = [c.rate for c in ctx.facts.completions if c.key in {i.key for i in group.items}]
        if head_rate is None or len(item_rates) < len(group.items) or not item_rates:
            continue
        lo = min(r.value - half(r.decimals) for r in item_rates)
        hi = max(r.value + half(r.decimals) for r in item_rates)
        if not meets((lo, hi), interval(head_rate.value, head_rate.decimals)):
            yield Hit(
                f"“{head.label}”",
                f"完成预算{head_rate.raw}",
                f"各项目完成比例在{fmt(lo + half(2))}%至{fmt(hi - half(2))}%之间，"
                "合计的完成比例不可能超出此范围",
                quote_of(head.sentence, head_rate),
                [head.sentence.where],
                keys=[head.key, "completion-mean"],
            )


@audit_rule("A017")
def budget_comparison_words(ctx: Context) -> Iterable[Hit]:
    seen: set[int] = set()
    for cmp_ in ctx.facts.comparisons:
        if cmp_.sentence.index in seen:
            continue
        a, b, rate = cmp_.actual, cmp_.budget, cmp_.rate
        expected = ""
        severity = None
        if a is not None and b is not None:
            ai, bi = interval(a.value, a.decimals), interval(b.value, b.decimals)
            if meets(ai, bi):
                ok = {"等于", "大于", "小于"} if ai != bi or a.value != b.value else {"等于"}
                if a.value == b.value:
                    ok = {"等于"}
            elif ai[0] > bi[1]:
                ok = {"大于"}
            else:
                ok = {"小于"}
            if cmp_.word not in ok:
                rel = "等于" if "等于" in ok else next(iter(ok))
                expected = f"决算数{a.mention.raw}{rel}预算数{b.mention.raw}"
        elif rate is not None:
            ri = interval(rate.value, rate.decimals)
            if ri[0] > HUNDRED:
                ok = {"大于"}
            elif ri[1] < HUNDRED:
                ok = {"小于"}
            else:
                ok = {"等于"} if rate.value == HUNDRED else {"等于", "大于", "小于"}
                if rate.value == HUNDRED and cmp_.word != "等于":
                    severity = "warning"
            if cmp_.word not in ok:
                rel = "等于" if "等于" in ok else next(iter(ok))
                expected = f"完成预算{rate.raw}，决算数应{rel}预算数"
        if expected:
            seen.add(cmp_.sentence.index)
            word = {"等于": "决算数等于（持平）预算数"}.get(cmp_.word, f"决算数{cmp_.word}预算数")
            yield Hit(
                f"“{(a.label if a else cmp_.key) or '该项'}”",
                word,
                expected,
                quote_of(cmp_.sentence),
                [cmp_.sentence.where],
                severity=severity,
                keys=[cmp_.key, "versus"],
            )


@audit_rule("A019")
def completion_basis(ctx: Context) -> Iterable[Hit]:
    for comp in ctx.facts.completions:
        budget = _basis_budget(comp)
        rate = comp.rate
        if budget is not None and budget.value == 0 and rate.value != 0:
            alt = ""
            if comp.actual is not None:
                for b in comp.budgets:
                    r = (
                        ratio_range(comp.actual.value, comp.actual.decimals, b.value, b.decimals)
                        if b.value
                        else None
                    )
                    if r and meets(r, interval(rate.value, rate.decimals)):
                        alt = f"；{rate.raw}是按{b.budget_kind or ''}预算数{b.mention.raw}计算的"
            yield Hit(
                f"“{subject_of(comp.actual) if comp.actual else comp.key}”",
                f"完成{comp.rate_basis}预算{rate.raw}，而{comp.rate_basis}预算数为{budget.mention.raw}",
                f"预算数为0时不应表述完成该预算的比例{alt}",
                quote_of(comp.sentence, rate),
                [comp.sentence.where],
                keys=[comp.key, "basis"],
            )
        elif budget is None and comp.key.startswith("sangong."):
            fact = ctx.tfacts.get(f"{comp.key}@budget")
            if fact is not None and fact.value.value == 0 and (comp.actual is None or comp.actual.value == 0):
                yield Hit(
                    f"“{subject_of(comp.actual) if comp.actual else comp.key}”",
                    f"完成预算{rate.raw}，而{fact.label}为0（{fact.value.where.describe()}）",
                    "预算数为0时不应表述完成预算的比例",
                    quote_of(comp.sentence, rate),
                    [comp.sentence.where, fact.value.where],
                    keys=[comp.key, "basis"],
                )


# --- parts vs totals in the text ------------------------------------------------------------------------

_FAMILIES = (
    (
        "expenditure.basic",
        "expenditure.project",
        "expenditure.remit",
        "expenditure.operating",
        "expenditure.subsidy",
    ),
    (
        "income.gpb",
        "income.fund",
        "income.capital",
        "income.superior",
        "income.business",
        "income.operating",
        "income.affiliated",
        "income.other",
        "income.fiscal",
    ),
    ("gpb.personnel", "gpb.public"),
    ("procurement.goods", "procurement.works", "procurement.services"),
    ("sangong.abroad", "sangong.car", "sangong.reception"),
)
_EXHAUSTIVE_INTRO = ("主要用于以下方面", "具体内容包括", "分别为", "分别是")


def _family_items(group: Group) -> tuple[list[Amount], bool]:
    """The items of a group that are parts of the same whole, and whether the list is complete by nature."""
    leaves = [(i, i.key.split(">")[-1]) for i in group.items]
    best: list[Amount] = []
    complete = False
    for fam in _FAMILIES:
        items = [i for i, leaf in leaves if leaf in fam]
        if "income.fiscal" in {leaf for _, leaf in leaves} and fam[0] == "income.gpb":
            items = [
                i
                for i, leaf in leaves
                if leaf in fam and leaf not in ("income.gpb", "income.fund", "income.capital")
            ]
        if len(items) > len(best):
            best = items
            complete = fam[0] in ("gpb.personnel", "procurement.goods", "sangong.abroad", "expenditure.basic")
    for prefix in ("gpb.class.", "gpb.item.", "fund.item.", "capital.item."):
        items = [i for i in group.items if i.key.startswith(prefix)]
        if len(items) > len(best):
            best, complete = items, True
    if not best:
        best = [i for i in group.items if not i.key or i.key.startswith("?")]
    return best, complete


@audit_rule("A020")
def parts_vs_total(ctx: Context) -> Iterable[Hit]:
    for group in ctx.facts.groups:
        head = group.head
        if head is None:
            continue
        items, complete = _family_items(group)
        if len(items) < 2 and not (len(items) == 1 and complete):
            continue
        has_shares = any(s.group is group for s in ctx.facts.shares) or any(
            s.sentence is group.sentence for s in ctx.facts.shares
        )
        complete = complete or has_shares or any(w in group.sentence.text for w in _EXHAUSTIVE_INTRO)
        yield from _sum_hit(
            head.value,
            head.decimals,
            head.mention.raw,
            head.label,
            items,
            complete,
            head.sentence,
            [head.key, "sum"],
        )
        # budgets of 科目 items vs the head's budget
        if items and items[0].key.startswith(("gpb.item.", "fund.item.", "capital.item.")):
            budgets = [
                next((b for b in ctx.facts.amounts if b.key == i.key and b.role == "budget"), None)
                for i in items
            ]
            kinds = {b.budget_kind for b in budgets if b is not None}
            head_budgets = [
                a
                for a in ctx.facts.amounts
                if a.sentence.paragraph is head.sentence.paragraph and a.role == "budget"
            ]
            head_budget = next(
                (a for a in head_budgets if a.budget_kind in kinds), head_budgets[0] if head_budgets else None
            )
            if head_budget is not None and all(budgets):
                yield from _sum_hit(
                    head_budget.value,
                    head_budget.decimals,
                    head_budget.mention.raw,
                    head_budget.label + "预算",
                    budgets,
                    True,
                    head_budget.sentence,
                    [head.key, "budget-sum"],
                )  # type: ignore[arg-type]
    # 项 items of the 具体情况 vs the 类 amounts of the 结构情况
    by_class: dict[str, list[Amount]] = {}
    for _par, path, key in ctx.facts.item_paragraphs:
        if not key.startswith("gpb.item."):
            continue
        actual = next(
            (a for a in ctx.facts.amounts if a.key == key and a.role in ("actual", "current")), None
        )
        if actual is not None and path.cls:
            by_class.setdefault(class_name(path.cls), []).append(actual)
    for cls, items in by_class.items():
        stated = ctx.facts.first_value(f"gpb.class.{cls}")
        if stated is None:
            continue
        yield from _sum_hit(
            stated.value,
            stated.decimals,
            stated.mention.raw,
            stated.label,
            items,
            True,
            stated.sentence,
            [stated.key, "class-sum"],
            item_word="所列项级科目",
        )


def _sum_hit(total, tdec, shown, label, items: list[Amount], complete, sentence, keys, item_word="各分项"):
    parts = sum((i.value for i in items), ZERO)
    envelope = half(tdec) + sum((half(i.decimals) for i in items), ZERO)
    diff = total - parts
    if diff == 0:
        return
    listing = "＋".join(i.mention.raw.replace("万元", "") for i in items[:14]) + (
        "…" if len(items) > 14 else ""
    )
    where = [sentence.where, *[i.sentence.where for i in items if i.sentence.where != sentence.where][:1]]
    if abs(diff) <= envelope:
        yield Hit(
            f"“{label}”",
            shown,
            f"{item_word}{listing}＝{fmt(parts, 2)}万元，相差{fmt(abs(diff), 2)}万元，"
            f"在四舍五入尾差（±{fmt(envelope, 3)}万元）以内",
            quote_of(sentence),
            where,
            severity="info",
            keys=keys,
        )
    elif diff < 0 or complete:
        yield Hit(
            f"“{label}”",
            shown,
            f"{item_word}{listing}＝{fmt(parts, 2)}万元，相差{fmt(abs(diff), 2)}万元",
            quote_of(sentence),
            where,
            keys=keys,
        )
    else:
        yield Hit(
            f"“{label}”",
            shown,
            f"所列{item_word}合计{fmt(parts, 2)}万元，少{fmt(diff, 2)}万元（“其中”可能未列全）",
            quote_of(sentence),
            where,
            severity="info",
            keys=keys,
        )


@audit_rule("A021")
def count_vs_list(ctx: Context) -> Iterable[Hit]:
    for cl in ctx.facts.count_lists:
        if cl.count.value != len(cl.items):
            yield Hit(
                f"“{cl.count.raw}{cl.noun}”",
                f"列出了{len(cl.items)}个：{'、'.join(cl.items)[:60]}",
                "个数应与所列一致",
                quote_of(cl.sentence, cl.count),
                [cl.sentence.where],
                keys=["count-list"],
            )
    for cg in ctx.facts.count_groups:
        total = sum((m.value for _, m in cg.items), ZERO)
        if total != cg.head.value:
            listing = "、".join(f"{lab}{m.raw}" for lab, m in cg.items)
            yield Hit(
                f"“{cg.head.raw}”",
                f"其中{listing}，合计{total}",
                f"应等于{cg.head.raw}",
                quote_of(cg.sentence, cg.head),
                [cg.sentence.where],
                keys=["count-sum"],
            )


@audit_rule("A022")
def flat_with_reason(ctx: Context) -> Iterable[Hit]:
    pars = ctx.doc.paragraphs if ctx.doc else []
    index = {id(p): k for k, p in enumerate(pars)}
    for ch in ctx.facts.changes:
        if not ch.flat or ch.delta is not None:
            continue
        par = ch.sentence.paragraph
        text = par.text
        pos = text.find("持平")
        after = text[pos:]
        k = index.get(id(par))
        if re.search(r"主要(变动)?原因[：:是]?\s*$", after) and k is not None and k + 1 < len(pars):
            after += pars[k + 1].text
        m = re.search(r"主要(变动)?原因[：:是为]?(.*)", after)
        if (
            m
            and re.search(r"减少|增加|下降|增长|调减|调增|减支|增支", m.group(2))
            and m.group(2).strip("。 ") != "无"
        ):
            yield Hit(
                f"“{ch.label}”",
                "表述为“持平”，却说明了增减变动的原因：" + m.group(2)[:40],
                "持平时无需说明原因；若有增减，应写明增减额和增减率",
                quote_of(ch.sentence),
                [ch.sentence.where],
                keys=[ch.key, "flat-reason"],
            )


@audit_rule("A023")
def percent_sign(ctx: Context) -> Iterable[Hit]:
    for sent in ctx.facts.sentences:
        for m in sent.mentions:
            if m.kind == "number" and m.direction in ("增长", "下降", "上升", "降低") and m.value < 1000:
                yield Hit(
                    "增减率",
                    f"“{m.direction}{m.raw}”没有百分号",
                    f"应写作“{m.direction}{m.raw}%”",
                    quote_of(sent, m),
                    [sent.where],
                    keys=["percent-sign"],
                )


# --- tables ---------------------------------------------------------------------------------------------


def _sum_check(
    rule_kind: str,
    subject: str,
    total: Num | None,
    parts: list[Num | None],
    what: str,
    quote: str,
    severity_if_wrong: str | None = None,
) -> Iterable[Hit]:
    if total is None or any(p is None for p in parts):
        return
    nums = [p for p in parts if p is not None]
    s = sum((p.value for p in nums), ZERO)
    diff = total.value - s
    if diff == 0:
        return
    envelope = (ZERO if total.blank else half(total.decimals)) + sum(
        (ZERO if p.blank else half(p.decimals) for p in nums), ZERO
    )
    found = f"{total.text}"
    expected = f"{what}＝{fmt(s)}，相差{fmt(abs(diff))}"
    if not isinstance(quote, str):
        quote = _row_quote(quote)
    wheres = [total.where, *[p.where for p in nums if not p.blank][:1]]
    if abs(diff) <= envelope:
        yield Hit(
            subject,
            found,
            expected + f"，在四舍五入尾差（±{fmt(envelope, 3)}）以内",
            quote,
            wheres,
            severity="info",
            keys=[rule_kind, subject],
        )
    else:
        yield Hit(
            subject, found, expected, quote, wheres, severity=severity_if_wrong, keys=[rule_kind, subject]
        )


def _row_quote(row) -> str:
    return cell_quote(row.cells) if row.cells else row.name


@audit_rule("A030")
def table_identity(ctx: Context) -> Iterable[Hit]:
    for std in ctx.tables:
        if not std.readable or std.empty:
            continue
        t = std.title
        if std.kind == "summary":
            p = std.pairs
            v = lambda k, p=p: p[k].values.get("value") if k in p else None  # noqa: E731
            left = [
                v(f"L:{k}")
                for k in (
                    "gpb",
                    "fund",
                    "capital",
                    "superior",
                    "business",
                    "operating",
                    "affiliated",
                    "other",
                )
            ]
            if v("L:income_total") is not None:
                yield from _sum_check(
                    "A030",
                    f"《{t}》本年收入合计",
                    v("L:income_total"),
                    [x for x in left if x is not None],
                    "各项收入之和",
                    (p["L:income_total"]),
                )
            classes = [
                r.values.get("value")
                for r in std.rows
                if r.side == "R"
                and r.name
                and not any(
                    r.name.startswith(w)
                    for w, _ in (("本年支出合计", 0), ("结余分配", 0), ("年末", 0), ("总计", 0))
                )
            ]
            if v("R:expenditure_total") is not None:
                yield from _sum_check(
                    "A030",
                    f"《{t}》本年支出合计",
                    v("R:expenditure_total"),
                    [c for c in classes if c is not None],
                    "各类支出之和",
                    (p["R:expenditure_total"]),
                )
            if v("L:grand_total") is not None and v("L:income_total") is not None:
                yield from _sum_check(
                    "A030",
                    f"《{t}》收入总计",
                    v("L:grand_total"),
                    [
                        v("L:income_total"),
                        v("L:nonfiscal_used") or Num(ZERO, 2, None, True),
                        v("L:opening") or Num(ZERO, 2, None, True),
                    ],
                    "本年收入合计＋使用非财政拨款结余＋年初结转和结余",
                    (p["L:grand_total"]),
                )
            if v("R:grand_total") is not None and v("R:expenditure_total") is not None:
                yield from _sum_check(
                    "A030",
                    f"《{t}》支出总计",
                    v("R:grand_total"),
                    [
                        v("R:expenditure_total"),
                        v("R:distribution") or Num(ZERO, 2, None, True),
                        v("R:closing") or Num(ZERO, 2, None, True),
                    ],
                    "本年支出合计＋结余分配＋年末结转和结余",
                    (p["R:grand_total"]),
                )
            if v("L:grand_total") is not None and v("R:grand_total") is not None:
                yield from _sum_check(
                    "A030",
                    f"《{t}》收入总计与支出总计",
                    v("L:grand_total"),
                    [v("R:grand_total")],
                    "支出总计",
                    (p["L:grand_total"]),
                )
        elif std.kind == "fiscal_summary":
            p = std.pairs
            v = lambda k, c="value", p=p: p[k].values.get(c) if k in p else None  # noqa: E731
            if v("L:income_total") is not None:
                yield from _sum_check(
                    "A030",
                    f"《{t}》本年收入合计",
                    v("L:income_total"),
                    [x for x in (v("L:gpb"), v("L:fund"), v("L:capital")) if x is not None],
                    "三项财政拨款之和",
                    (p["L:income_total"]),
                )
            if v("L:grand_total") is not None and v("L:income_total") is not None:
                yield from _sum_check(
                    "A030",
                    f"《{t}》收入总计",
                    v("L:grand_total"),
                    [v("L:income_total"), v("L:opening") or Num(ZERO, 2, None, True)],
                    "本年收入合计＋年初财政拨款结转和结余",
                    (p["L:grand_total"]),
                )
            if v("R:grand_total", "total") is not None and v("R:expenditure_total", "total") is not None:
                yield from _sum_check(
                    "A030",
                    f"《{t}》支出总计",
                    v("R:grand_total", "total"),
                    [v("R:expenditure_total", "total"), v("R:closing", "total") or Num(ZERO, 2, None, True)],
                    "本年支出合计＋年末财政拨款结转和结余",
                    (p["R:grand_total"]),
                )
            if v("L:grand_total") is not None and v("R:grand_total", "total") is not None:
                yield from _sum_check(
                    "A030",
                    f"《{t}》收入总计与支出总计",
                    v("L:grand_total"),
                    [v("R:grand_total", "total")],
                    "支出总计",
                    (p["L:grand_total"]),
                )
            for r in std.rows:
                if r.side == "R" and "total" in r.values and len(r.values) >= 2:
                    parts = [r.values.get(k) or Num(ZERO, 2, None, True) for k in ("gpb", "fund", "capital")]
                    yield from _sum_check(
                        "A030",
                        f"《{t}》“{r.name}”合计",
                        r.values["total"],
                        parts,
                        "一般公共预算＋政府性基金＋国有资本经营",
                        r,
                    )
            classes = [
                r
                for r in std.rows
                if r.side == "R" and not re.match(r"(本年支出合计|结余分配|年末|总计)", r.name)
            ]
            if "R:expenditure_total" in p:
                for col in ("total", "gpb"):
                    tot = v("R:expenditure_total", col)
                    if tot is not None:
                        yield from _sum_check(
                            "A030",
                            f"《{t}》本年支出合计",
                            tot,
                            [c.values.get(col) or Num(ZERO, 2, None, True) for c in classes],
                            "各类支出之和",
                            (p["R:expenditure_total"]),
                        )
        elif std.kind in (
            "income",
            "expenditure",
            "gpb",
            "capital_exp",
            "fiscal_detail",
            "gpb_detail",
            "fund",
            "capital",
        ):
            parts_of = {
                "income": ("fiscal", "superior", "business", "operating", "affiliated", "other"),
                "expenditure": ("basic", "project", "remit", "operating", "subsidy"),
                "gpb": ("basic", "project"),
                "capital_exp": ("basic", "project"),
                "fund": ("basic", "project"),
                "capital": ("basic", "project"),
                "fiscal_detail": ("basic", "project"),
                "gpb_detail": ("basic", "project"),
            }[std.kind]
            what = {"income": "各项收入之和", "expenditure": "各项支出之和"}.get(
                std.kind, "基本支出＋项目支出"
            )
            for r in std.rows:
                if "total" not in r.values:
                    continue
                present = [r.values.get(k) for k in parts_of if k in r.values]
                if len(present) < 2:
                    continue
                yield from _sum_check(
                    "A030",
                    f"《{t}》“{r.code + ' ' if r.code else ''}{r.name}”合计",
                    r.values["total"],
                    present,
                    what,
                    r,
                )
                if (
                    std.kind in ("fiscal_detail", "gpb_detail")
                    and "basic" in r.values
                    and ("personnel" in r.values or "public" in r.values)
                ):
                    yield from _sum_check(
                        "A030",
                        f"《{t}》“{r.name}”基本支出",
                        r.values["basic"],
                        [
                            r.values.get("personnel") or Num(ZERO, 2, None, True),
                            r.values.get("public") or Num(ZERO, 2, None, True),
                        ],
                        "人员经费＋公用经费",
                        r,
                    )
        elif std.kind == "gpb_basic":
            rows = {r.code: r for r in std.rows if r.code}
            personnel = next((r for n, r in std.pairs.items() if n.startswith("人员经费")), None)
            public = next((r for n, r in std.pairs.items() if n.startswith("公用经费")), None)
            z = Num(ZERO, 2, None, True)
            if personnel is not None and ("301" in rows or "303" in rows):
                yield from _sum_check(
                    "A030",
                    f"《{t}》人员经费合计",
                    personnel.values["value"],
                    [rows[c].values["value"] if c in rows else z for c in ("301", "303")],
                    "工资福利支出＋对个人和家庭的补助",
                    personnel,
                )
            if public is not None and ("302" in rows or "310" in rows):
                yield from _sum_check(
                    "A030",
                    f"《{t}》公用经费合计",
                    public.values["value"],
                    [rows[c].values["value"] if c in rows else z for c in ("302", "310")],
                    "商品和服务支出＋资本性支出",
                    public,
                )
        elif std.kind == "sangong" and std.rows:
            vals = std.rows[0].values
            z = Num(ZERO, 2, None, True)
            for phase, word in (("budget", "预算数"), ("actual", "决算数")):
                if f"{phase}.total" in vals:
                    yield from _sum_check(
                        "A030",
                        f"《{t}》合计{word}",
                        vals[f"{phase}.total"],
                        [vals.get(f"{phase}.{k}", z) for k in ("abroad", "car", "reception")],
                        "因公出国（境）费＋公务用车购置及运行维护费＋公务接待费",
                        std.rows[0],
                    )
                if f"{phase}.car" in vals:
                    yield from _sum_check(
                        "A030",
                        f"《{t}》公务用车小计{word}",
                        vals[f"{phase}.car"],
                        [vals.get(f"{phase}.{k}", z) for k in ("car_purchase", "car_run")],
                        "购置费＋运行维护费",
                        std.rows[0],
                    )


@audit_rule("A031")
def table_hierarchy(ctx: Context) -> Iterable[Hit]:
    for std in ctx.tables:
        if (
            not std.readable
            or std.empty
            or std.kind
            not in (
                "income",
                "expenditure",
                "gpb",
                "gpb_project",
                "capital_exp",
                "fiscal_detail",
                "gpb_detail",
                "gpb_basic",
                "fund",
                "capital",
            )
        ):
            continue
        rows = [r for r in std.rows if r.code]
        by_code = {r.code: r for r in rows}
        columns = sorted({k for r in rows for k in r.values})
        economic = std.kind in ("fiscal_detail", "gpb_detail", "gpb_basic")
        for parent in rows:
            plen = len(parent.code)
            child_len = {3: 5, 5: 7}.get(plen)
            if child_len is None:
                continue
            children = [r for r in rows if len(r.code) == child_len and r.code.startswith(parent.code)]
            if not children:
                continue
            for col in columns:
                if col not in parent.values:
                    continue
                parts = [c.values.get(col) for c in children]
                if any(p is None for p in parts):
                    continue
                level = "类" if plen == 3 else "款"
                yield from _sum_check(
                    "A031",
                    f"《{std.title}》{parent.code} {parent.name}"
                    + (f"（{_COL_ZH.get(col, col)}）" if len(columns) > 1 else ""),
                    parent.values[col],
                    parts,  # type: ignore[arg-type]
                    f"所属{'款' if plen == 3 and not economic else '明细'}之和"
                    if level == "类"
                    else "所属项之和",
                    parent,
                )
        total = std.total_row()
        if total is not None and not economic:
            classes = [r for r in rows if len(r.code) == 3]
            for col in columns:
                if col in total.values and classes and all(col in c.values for c in classes):
                    yield from _sum_check(
                        "A031",
                        f"《{std.title}》合计（{_COL_ZH.get(col, col)}）",
                        total.values[col],
                        [c.values[col] for c in classes],
                        "各类之和",
                        total,
                    )
        del by_code


_COL_ZH = {
    "total": "合计",
    "fiscal": "财政拨款收入",
    "superior": "上级补助收入",
    "business": "事业收入",
    "operating": "经营",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
    "basic": "基本支出",
    "project": "项目支出",
    "remit": "上缴上级支出",
    "subsidy": "对附属单位补助支出",
    "personnel": "人员经费",
    "public": "公用经费",
    "value": "决算数",
    "opening": "年初结转和结余",
    "income": "本年收入",
    "closing": "年末结转和结余",
}


@audit_rule("A032")
def table_cross(ctx: Context) -> Iterable[Hit]:
    def first(kind: str) -> StdTable | None:
        return next((t for t in ctx.tables if t.kind == kind and t.readable and not t.empty), None)

    summary, income, expend = first("summary"), first("income"), first("expenditure")
    fiscal, gpb, basic = first("fiscal_summary"), first("gpb"), first("gpb_basic")
    project, detail = first("gpb_project"), first("gpb_detail")

    def pair(std: StdTable | None, key: str, col: str = "value") -> Num | None:
        if std is None or key not in std.pairs:
            return None
        return std.pairs[key].values.get(col)

    def total(std: StdTable | None, col: str) -> Num | None:
        row = std.total_row() if std else None
        return row.values.get(col) if row else None

    checks = [
        (
            summary,
            "本年收入合计",
            pair(summary, "L:income_total"),
            income,
            "收入决算表合计",
            total(income, "total"),
        ),
        (
            summary,
            "本年支出合计",
            pair(summary, "R:expenditure_total"),
            expend,
            "支出决算表合计",
            total(expend, "total"),
        ),
        (
            fiscal,
            "一般公共预算财政拨款支出",
            pair(fiscal, "R:expenditure_total", "gpb"),
            gpb,
            "一般公共预算财政拨款支出决算表合计",
            total(gpb, "total"),
        ),
        (
            gpb,
            "项目支出合计",
            total(gpb, "project"),
            project,
            "一般公共预算财政拨款项目支出决算表合计",
            total(project, "total"),
        ),
        (
            gpb,
            "合计",
            total(gpb, "total"),
            detail,
            "一般公共预算财政拨款支出决算明细表合计",
            total(detail, "total"),
        ),
    ]
    if summary is not None and fiscal is not None:
        parts = [pair(summary, f"L:{k}") for k in ("gpb", "fund", "capital")]
        if all(p is not None for p in parts) and pair(fiscal, "L:income_total") is not None:
            yield from _cross(
                summary,
                "财政拨款收入（一至三项之和）",
                None,
                fiscal,
                "本年收入合计",
                pair(fiscal, "L:income_total"),
                parts=parts,
            )  # type: ignore[arg-type]
    if basic is not None and gpb is not None:
        pers = next((r.values["value"] for n, r in basic.pairs.items() if n.startswith("人员经费")), None)
        pub = next((r.values["value"] for n, r in basic.pairs.items() if n.startswith("公用经费")), None)
        if pers is not None and pub is not None:
            yield from _cross(
                gpb,
                "基本支出合计",
                total(gpb, "basic"),
                basic,
                "人员经费合计＋公用经费合计",
                None,
                parts=[pers, pub],
            )
    for a_std, a_label, a_num, b_std, b_label, b_num in checks:
        if a_num is not None and b_num is not None:
            yield from _cross(a_std, a_label, a_num, b_std, b_label, b_num)  # type: ignore[arg-type]
    # 类 rows: 收入支出决算总表 (本年支出) vs 支出决算表; 财政拨款收支总表 (一般公共预算) vs 一般公共预算表
    for left, lcol, right, rcol in ((summary, "value", expend, "total"), (fiscal, "gpb", gpb, "total")):
        if left is None or right is None:
            continue
        rclasses = {class_name(r.name): r for r in right.rows if len(r.code) == 3}
        for r in left.rows:
            if (
                r.side != "R"
                or lcol not in r.values
                or re.match(r"(本年支出合计|结余分配|年末|总计)", r.name)
            ):
                continue
            other = rclasses.get(class_name(r.name))
            num = r.values[lcol]
            if other is None:
                if not num.blank and num.value != 0 and rclasses:
                    yield Hit(
                        f"《{left.title}》“{r.name}”",
                        num.text,
                        f"《{right.title}》中没有该类科目",
                        _row_quote(r),
                        [num.where],
                        keys=["A032", r.name],
                    )
                continue
            yield from _cross(
                left, f"“{r.name}”", num, right, f"{other.code}“{other.name}”", other.values.get(rcol)
            )


def _cross(a_std, a_label, a_num, b_std, b_label, b_num, parts=None) -> Iterable[Hit]:
    if parts is not None:
        if a_num is None:
            # parts on side a sum to b_num
            yield from _sum_check(
                "A032",
                f"《{a_std.title}》{a_label}",
                b_num,
                parts,
                f"《{b_std.title}》{b_label}",
                f"{a_label}",
                None,
            )
            return
        yield from _sum_check(
            "A032",
            f"《{a_std.title}》{a_label}",
            a_num,
            parts,
            f"《{b_std.title}》{b_label}",
            a_num.text,
            None,
        )
        return
    if b_num is None or a_num is None:
        return
    yield from _sum_check(
        "A032",
        f"《{a_std.title}》{a_label}",
        a_num,
        [b_num],
        f"《{b_std.title}》{b_label}",
        a_num.text if a_num.cell else a_label,
        None,
    )


# --- template residue, years, structure -------------------------------------------------------------------

_RESIDUE = (
    (
        re.compile(
            r"增加/减少|减少/增加|增长/下降|下降/增长|大于/小于|小于/大于|高于/低于|上升/下降|增加或减少|增长或下降"
        ),
        "备选用词",
        "应按实际数字只保留一个",
    ),
    (
        re.compile(
            r"增加（减少）|减少（增加）|增长（下降）|下降（增长）|大于（小于）|小于（大于）|增加\(减少\)|增长\(下降\)"
        ),
        "备选用词",
        "应按实际数字只保留一个",
    ),
    (
        re.compile(r"增减少|增加持平|增长持平|减少持平|下降持平"),
        "互相矛盾的方向用词",
        "应按实际数字只保留一个",
    ),
    (
        PLACEHOLDER,
        "模板占位符或填写说明",
        "应替换为实际内容或删除",
    ),
    (re.compile(r"%%|％％"), "重复的百分号", "应只写一个“%”"),
    (re.compile(r"#DIV/0!|#REF!|#VALUE!|#N/A|#NAME\?|#NUM!|#NULL!"), "电子表格错误值", "应为计算结果或“—”"),
)
_DOUBLE_PUNCT = re.compile(r"([，。；：、！？])\1|，。|。，|；。|。；|，；|；，")


_ANY_RESIDUE = re.compile("|".join(p.pattern for p, _, _ in _RESIDUE) + "|" + _DOUBLE_PUNCT.pattern)


def _residue_in(text: str):
    if not _ANY_RESIDUE.search(text):
        return
    for pattern, what, expected in _RESIDUE:
        for m in pattern.finditer(text):
            yield m, what, expected, None
    for m in _DOUBLE_PUNCT.finditer(text):
        yield m, "重复标点", "应删除多余的标点", "warning"


@audit_rule("A040")
def template_residue(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    if doc is None:
        return
    for par in doc.paragraphs:
        if par.in_toc:
            continue
        norm, idx = normalise(par.text)
        for m, what, expected, severity in _residue_in(norm):
            o0 = idx[m.start()]
            start = max(0, o0 - 40)
            quote = (
                ("…" if start else "") + par.text[start : o0 + 50] + ("…" if o0 + 50 < len(par.text) else "")
            )
            yield Hit(
                what,
                f"“{m.group(0)}”",
                expected,
                quote,
                [par.where_at(o0)],
                severity=severity,
                keys=[m.group(0), str(o0)],
            )
    for table in doc.tables:
        if not _ANY_RESIDUE.search("\n".join(c.text for row in table.rows for c in row)):
            continue
        for row in table.rows:
            for cell in row:
                for m, what, expected, severity in _residue_in(cell.text):
                    if what == "重复标点":
                        continue
                    yield Hit(
                        f"《{table.title or '表格'}》{what}",
                        f"“{m.group(0)}”",
                        expected,
                        cell_quote(row),
                        [cell.where],
                        severity=severity,
                        keys=[m.group(0), cell.where.describe()],
                    )


_COMPARE_BEFORE = re.compile(r"(与|比|较|同|对比|相比|相较于?)$")
_DATE = re.compile(r"截至(20\d\d)年(\d{1,2})月(\d{1,2})日")


@audit_rule("A041")
def wrong_year(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    year = ctx.year
    if doc is None or year is None:
        return
    for par in doc.paragraphs:
        if par.in_toc or par.is_chart:
            continue
        norm, idx = normalise(par.text)
        for m in _DATE.finditer(norm):
            y = int(m.group(1))
            if y != year:
                yield _year_hit(
                    par,
                    norm,
                    idx,
                    m.start(1),
                    f"截至{y}年{m.group(2)}月{m.group(3)}日",
                    f"决算数据的截至日期应为{year}年12月31日",
                )
        for m in re.finditer(r"(?<!\d)(20\d\d)年(度)?", norm):
            y = int(m.group(1))
            if _DATE.match(norm, max(0, m.start() - 2)):
                continue
            before = norm[max(0, m.start() - 3) : m.start()]
            after = norm[m.end() : m.end() + 6]
            comparing = bool(_COMPARE_BEFORE.search(before)) or after.startswith(
                ("相比", "同期", "决算数相比")
            )
            if y == year and not (comparing and par.heading is None):
                continue
            if par.heading is not None or (
                par.heading is None and len(norm) < 40 and re.search(r"部门决算", norm)
            ):
                if m.group(2):
                    yield _year_hit(par, norm, idx, m.start(), m.group(0), f"标题中的年度应为{year}年度")
                continue
            if comparing:
                if y != year - 1 and not _other_year_is_right(norm, m.start(), m.end()):
                    yield _year_hit(par, norm, idx, m.start(), m.group(0), f"与上年对比应为{year - 1}年度")
                continue
            sentence_start = m.start() == 0 or norm[m.start() - 1] in "。；：！？"
            has_amount = re.search(r"\d(\.\d+)?万元", norm[m.end() : m.end() + 120].split("。")[0])
            between_years = re.match(r"(比|较|与)20\d\d年", norm[m.end() :])  # 2015年比2014年: history
            own_part = par.part in ("explanation", "annex", "", "part")
            if sentence_start and has_amount and not between_years and own_part:
                yield _year_hit(par, norm, idx, m.start(), m.group(0), f"本年度数字应为{year}年度")
            elif y > year + 1 and m.group(2):
                yield _year_hit(par, norm, idx, m.start(), m.group(0), f"决算年度为{year}年", "warning")
            elif par.part in ("explanation", "annex") and (
                y < year - 1 or (y > year and sentence_start)
            ):
                yield _year_hit(
                    par,
                    norm,
                    idx,
                    m.start(),
                    m.group(0),
                    f"本年度应为{year}年，上一年度只用于与上年对比",
                    "warning",
                )
    for std in ctx.tables_of("perf_eval"):
        for row in std.table.rows:
            texts = [c.text for c in row]
            for k, t in enumerate(texts[:-1]):
                if (
                    t.startswith("年度")
                    and re.fullmatch(r"20\d\d", texts[k + 1] or "")
                    and int(texts[k + 1]) != year
                ):
                    yield Hit(
                        "自评表年度",
                        texts[k + 1],
                        f"应为{year}",
                        cell_quote(row),
                        [row[k + 1].where],
                        keys=["perf-year"],
                    )


def _other_year_is_right(norm: str, start: int, end: int) -> bool:
    """A comparison with a year other than the prior year that is right: a second, required comparison
    (“比上年…；比2019年(疫情前)…”), a comparison between two earlier years (“2015年比2014年增加”), or one
    about no amount at all (“编制数和人员数都比2021年减少”)."""
    sentence = norm[: norm.find("。", end) + 1 or len(norm)]
    sentence = sentence[sentence.rfind("。", 0, start) + 1 :]
    clause = re.split(r"[，,；;。]", norm[end:], maxsplit=1)[0]
    return bool(
        norm.startswith(("(", "（"), end)
        or re.search(r"(比|较|与|同)上年|同比", sentence)
        or re.search(r"20\d\d年度?(比|较)$", norm[max(0, start - 8) : start])
        or not re.search(r"\d(\.\d+)?(万元|亿元|元|%)", clause)
    )


def _year_hit(
    par: Paragraph, norm: str, idx: list[int], pos: int, found: str, expected: str, severity=None
) -> Hit:
    o0 = idx[pos]
    start = max(0, o0 - 30)
    quote = ("…" if start else "") + par.text[start : o0 + 60] + ("…" if o0 + 60 < len(par.text) else "")
    return Hit(
        "年份", f"“{found}”", expected, quote, [par.where_at(o0)], severity=severity, keys=[found, str(o0)]
    )


@audit_rule("A042")
def list_numbering(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    if doc is None:
        return
    last: dict[int, int] = {}
    for par in doc.paragraphs:
        if par.in_toc or par.is_chart:
            continue
        num = par.numbering
        if num is None:
            continue
        level = num.level
        for deeper in [k for k in last if k > level]:
            del last[deeper]
        prev = last.get(level)
        last[level] = num.number
        if prev is None:
            continue
        label = (
            num.style.replace("一", _cn(num.number)).replace("1", str(num.number))
            if num.level != 0
            else f"第{_cn(num.number)}部分"
        )
        if num.number == prev:
            yield Hit(
                "序号",
                f"“{label}”重复",
                f"上一条已是{_label(num, prev)}，本条应为{_label(num, prev + 1)}",
                par.text[:80],
                [par.where],
                keys=["dup", str(par.index)],
            )
        elif num.number > prev + 1:
            yield Hit(
                "序号",
                f"{_label(num, prev)}之后为{label}",
                f"缺少{_label(num, prev + 1)}",
                par.text[:80],
                [par.where],
                severity="info",
                keys=["gap", str(par.index)],
            )


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def _label(num, n: int) -> str:
    if num.level == 0:
        return f"第{_cn(n)}部分"
    if num.level in (1, 2):
        return num.style.replace("一", _cn(n))
    return num.style.replace("1", str(n))


_REQUIRED_PARTS = {
    "shanghai": (("overview", "概况"), ("explanation", "情况说明"), ("glossary", "名词解释")),
    "sichuan": (
        ("overview", "部门概况"),
        ("explanation", "决算情况说明"),
        ("glossary", "名词解释"),
        ("appendix", "附表"),
    ),
}
_REQUIRED_TOPICS = {
    "shanghai": ("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "perf", "other"),
    "sichuan": ("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "other"),
}
_TOPIC_ZH = {
    "s1": "收入支出决算总体情况说明",
    "s2": "收入决算情况说明",
    "s3": "支出决算情况说明",
    "s4": "财政拨款收入支出决算总体情况说明",
    "s5": "一般公共预算财政拨款支出决算情况说明",
    "s6": "一般公共预算财政拨款基本支出决算情况说明",
    "s7": "财政拨款“三公”经费支出决算情况说明",
    "s8": "政府性基金预算财政拨款收入支出决算情况说明",
    "s9": "国有资本经营预算财政拨款收入支出决算情况说明",
    "perf": "预算绩效管理情况",
    "other": "其他重要事项的情况说明",
}


@audit_rule("A043")
def missing_part(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    if doc is None or not doc.template:
        return
    parts = {p.part for p in doc.paragraphs if not p.in_toc}
    topics = {p.topic for p in doc.paragraphs if not p.in_toc and p.heading is not None}
    for key, zh in _REQUIRED_PARTS[doc.template]:
        if key not in parts and not (key == "appendix" and doc.tables_attached):
            yield Hit(
                "文本结构", f"未找到“{zh}”部分", "部门决算公开文本应包含该部分", "", [Where()], keys=[key],
                severity="info" if doc.tables_attached else None,
            )
    if "explanation" in parts:
        for key in _REQUIRED_TOPICS[doc.template]:
            if key not in topics:
                yield Hit(
                    "决算情况说明",
                    f"未找到“{_TOPIC_ZH[key]}”",
                    "应说明该事项；无数据的也应说明",
                    "",
                    [Where()],
                    keys=[key],
                )
    if doc.template == "shanghai" and not any(t.kind for t in doc.tables):
        yield Hit("文本结构", "未找到部门决算表", "第二部分应公开9张决算表", "", [Where()], keys=["tables"])


@audit_rule("A044")
def listed_table_missing(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    if doc is None or doc.tables_attached:  # published as attachments: not missing
        return
    present = {t.kind for t in doc.tables if t.kind}
    listed: dict[str, Paragraph] = {}
    for p in doc.toc:
        kind = table_kind(p.text)
        if kind:
            listed.setdefault(kind, p)
    for p in doc.paragraphs:
        if p.part == "appendix" and p.heading is not None:
            kind = table_kind(p.text)
            if kind:
                listed.setdefault(kind, p)
    for kind, p in listed.items():
        if kind not in present:
            yield Hit(
                f"《{re.sub(r'^[一二三四五六七八九十]+、', '', p.text.strip())}》",
                "列在目录（附表清单）中，正文未见该表",
                "应给出该表；无数据的表也应保留表样并说明",
                p.text.strip(),
                [p.where],
                severity=None if doc.template else "info",  # the template is not identified
                keys=[kind],
            )


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


def resolve_class(name: str, year: int) -> tuple[str, str, str]:
    code, status, current, _ = _lookup(name, "2", 3, year)
    return code, status, current


def resolve_path(
    path: ItemPath | tuple[str, str, str], year: int
) -> tuple[list[str], list[tuple[str, str, str, str, str]]]:
    """Codes of the 类/款/项 of a path and the problems found: (level, written, status, current, note)."""
    key = (path.cls, path.kuan, path.xiang) if isinstance(path, ItemPath) else tuple(path)
    codes, problems = _resolve_path(key, year)  # type: ignore[arg-type]
    return list(codes), list(problems)


@cache
def _resolve_path(path: tuple[str, str, str], year: int) -> tuple[tuple[str, ...], tuple]:
    cls, kuan, xiang = path
    codes: list[str] = []
    problems = []
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
            problems.append((level, written, status, current, note))
        if not code:
            break
        codes.append(code)
        parent = code
    return tuple(codes), tuple(problems)


def resolve_path_text(text: str, year: int) -> tuple[list[str], list]:
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
        for level, written, status, current, note in problems:
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
                severity = (
                    "info"
                    if _norm_name(written) == current or written.replace("其它", "其他") == current
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
            current = next((e for e in entries if e.valid_in(year)), None)
            if which == "outdated" and entries and current is None:
                span = f"{entries[0].since or ''}—{entries[-1].until or ''}"
                yield Hit(
                    f"《{std.title}》{r.code}",
                    f"科目{r.code}“{r.name}”只见于{span}年版科目",
                    f"{year}年该科目已取消",
                    _row_quote(r),
                    [r.where],
                    keys=[r.code],
                )
            elif which == "other" and current is not None and _norm_name(r.name) != _norm_name(current.name):
                if current.name.startswith(r.name) and len(r.name) >= 4 and r.name != current.name:
                    sev = "info"
                else:
                    sev = None
                yield Hit(
                    f"《{std.title}》{r.code}",
                    f"科目名称为“{r.name}”",
                    f"{year}年科目{r.code}为“{current.name}”",
                    _row_quote(r),
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


# --- 绩效自评表 ------------------------------------------------------------------------------------------


def _pct_of(text: str) -> tuple[Decimal, int] | None:
    """A rate cell as a percentage: "98%" → 98; "0.9845" / "1" (ratios) → 98.45 / 100."""
    t = text.strip().replace(" ", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)%", t)
    if m:
        raw = m.group(1)
        return Decimal(raw), (len(raw.split(".")[1]) if "." in raw else 0)
    if is_number(t):
        v = Decimal(t.replace(",", ""))
        dec = len(t.split(".")[1]) if "." in t else 0
        if v <= Decimal("1.5"):
            return v * HUNDRED, max(dec - 2, 0)
        return v, dec
    return None


def _dec(text: str, at_least: int = 0) -> tuple[Decimal, int] | None:
    t = text.strip()
    if not is_number(t):
        return None
    return Decimal(t.replace(",", "")), max(at_least, len(t.split(".")[1]) if "." in t else 0)


def _funds(std: StdTable) -> tuple[Decimal, int, Decimal, int, object] | None:
    funds = std.extra.get("funds") or []
    row = next((f for f in funds if f["label"] == "年度资金总额"), funds[0] if funds else None)
    if row is None:
        return None
    cells = row["cells"]
    labels = row["labels"]
    nums = [c for c in cells]
    if labels and "全年预算数" in labels and "全年执行数" in labels and len(nums) >= len(labels):
        b = nums[labels.index("全年预算数")]
        e = nums[labels.index("全年执行数")]
    elif len(nums) >= 2:
        b, e = nums[0], nums[1]
    else:
        return None
    bv, ev = _dec(b.text, 2), _dec(e.text, 2)  # 万元 amounts of a 自评表: integers are exact to the 分
    if bv is None or ev is None:
        return None
    return bv[0], bv[1], ev[0], ev[1], row


def _rate_cell(row) -> object | None:
    labels, cells = row["labels"], row["cells"]
    for word in ("预算执行率", "执行率"):
        if labels and word in labels and labels.index(word) < len(cells):
            return cells[labels.index(word)]
    return cells[2] if len(cells) >= 3 else None


@audit_rule("A060")
def evaluation_execution_rate(ctx: Context) -> Iterable[Hit]:
    for std in ctx.tables_of("perf_eval"):
        project = std.extra.get("project") or std.title
        for row in std.extra.get("funds") or []:
            cells = row["cells"]
            if len(cells) < 3:
                continue
            b, e = _dec(cells[0].text, 2), _dec(cells[1].text, 2)
            rate_cell = _rate_cell(row)
            if b is None or e is None or rate_cell is None or b[0] == 0:
                continue
            rate = _pct_of(rate_cell.text)
            if rate is None:
                continue
            rng = ratio_range(e[0], e[1], b[0], b[1])
            if rng is not None and not meets(rng, interval(rate[0], max(rate[1], 0))):
                yield Hit(
                    f"自评表“{project}”{row['label']}预算执行率",
                    rate_cell.text,
                    f"全年执行数{cells[1].text}÷全年预算数{cells[0].text}＝{fmt(e[0] / b[0] * HUNDRED)}%",
                    cell_quote(cells),
                    [rate_cell.where],
                    keys=[project, row["label"]],
                )
        funds = _funds(std)
        if funds is None:
            continue
        bv, bd, ev, ed, _row = funds
        if bv == 0:
            continue
        for ind in std.extra.get("indicators") or []:
            if not ind["execution"]:
                continue
            actual = _pct_of(ind["actual"].text)
            if actual is None:
                continue
            rng = ratio_range(ev, ed, bv, bd)
            if rng is not None and not meets(rng, interval(actual[0], max(actual[1], 0))):
                yield Hit(
                    f"自评表“{project}”预算执行率指标的实际完成值",
                    ind["actual"].text,
                    f"应为全年执行数÷全年预算数＝{fmt(ev / bv * HUNDRED)}%",
                    f"预算执行率｜{ind['target'].text}｜"
                    f"{ind['actual'].text}｜{ind['weight'].text}｜{ind['score'].text}",
                    [ind["actual"].where],
                    keys=[project, "execution-actual"],
                )


@audit_rule("A061")
def evaluation_score_rule(ctx: Context) -> Iterable[Hit]:
    for std in ctx.tables_of("perf_eval"):
        project = std.extra.get("project") or std.title
        funds = _funds(std)
        for ind in std.extra.get("indicators") or []:
            w, s = _dec(ind["weight"].text), _dec(ind["score"].text)
            if w is None or s is None:
                continue
            quote = "｜".join(
                (ind["name"], ind["target"].text, ind["actual"].text, ind["weight"].text, ind["score"].text)
            )
            if s[0] > w[0]:
                yield Hit(
                    f"自评表“{project}”“{ind['name']}”得分",
                    ind["score"].text,
                    f"得分不应超过分值{ind['weight'].text}",
                    quote,
                    [ind["score"].where],
                    keys=[project, ind["name"], "over"],
                )
                continue
            expected = None
            severity = None
            if ind["execution"] and funds is not None and funds[0] > 0:
                bv, _bd, ev, _ed, _ = funds
                rate = min(ev / bv, Decimal(1))
                expected = w[0] * rate
                basis = f"分值{ind['weight'].text}×执行率{fmt(ev / bv * HUNDRED)}%"
            else:
                t, a = _pct_of(ind["target"].text), _pct_of(ind["actual"].text)
                if t and a and t[0] > 0 and "%" in ind["target"].text and "%" in ind["actual"].text:
                    expected = w[0] * min(a[0] / t[0], Decimal(1))
                    basis = f"分值{ind['weight'].text}×实际值{ind['actual'].text}÷目标值{ind['target'].text}"
                    severity = "warning"
            if expected is None:
                continue
            if not meets(interval(expected, 6), interval(s[0], s[1])):
                yield Hit(
                    f"自评表“{project}”“{ind['name']}”得分",
                    ind["score"].text,
                    f"按{basis}应为{fmt(expected, max(s[1], 1))}分",
                    quote,
                    [ind["score"].where],
                    severity=severity,
                    keys=[project, ind["name"]],
                )


@audit_rule("A062")
def evaluation_total(ctx: Context) -> Iterable[Hit]:
    for std in ctx.tables_of("perf_eval"):
        total = std.extra.get("total")
        inds = std.extra.get("indicators") or []
        if not total or not inds:
            continue
        project = std.extra.get("project") or std.title
        scores = [_dec(i["score"].text) for i in inds]
        if any(s is None for s in scores):
            continue
        tot = _dec(total["score"].text)
        if tot is None:
            continue
        s = sum((x[0] for x in scores), ZERO)  # type: ignore[index]
        envelope = half(tot[1]) + sum((half(x[1]) for x in scores), ZERO)  # type: ignore[index]
        if abs(tot[0] - s) > envelope:
            yield Hit(
                f"自评表“{project}”总分",
                total["score"].text,
                f"各项得分之和为{fmt(s, 2)}分",
                f"得分｜{total['weight'].text}｜{total['score'].text}",
                [total["score"].where],
                keys=[project, "total"],
            )


@audit_rule("A063")
def evaluation_text_score(ctx: Context) -> Iterable[Hit]:
    evals = [(std.extra.get("project") or "", std) for std in ctx.tables_of("perf_eval")]
    evals = [(p, s) for p, s in evals if p]
    for score in ctx.facts.scores:
        std = next((s for p, s in evals if p and p in score.subject), None)
        if std is None or not std.extra.get("total"):
            continue
        tot = _dec(std.extra["total"]["score"].text)
        if tot is None:
            continue
        if not meets(interval(score.value.value, score.value.decimals), interval(tot[0], tot[1])):
            yield Hit(
                f"“{std.extra['project']}”绩效自评得分",
                score.value.raw,
                f"所附自评表总分为{std.extra['total']['score'].text}分（{std.extra['total']['score'].where.describe()}）",
                quote_of(score.sentence, score.value),
                [score.sentence.where, std.extra["total"]["score"].where],
                keys=[std.extra["project"], "text-score"],
            )


@audit_rule("A064")
def evaluation_weights(ctx: Context) -> Iterable[Hit]:
    for std in ctx.tables_of("perf_eval"):
        inds = std.extra.get("indicators") or []
        weights = [_dec(i["weight"].text) for i in inds]
        if not inds or any(w is None for w in weights):
            continue
        s = sum((w[0] for w in weights), ZERO)  # type: ignore[index]
        total = std.extra.get("total")
        target = _dec(total["weight"].text)[0] if total and _dec(total["weight"].text) else HUNDRED
        if s != target:
            project = std.extra.get("project") or std.title
            yield Hit(
                f"自评表“{project}”各项分值",
                f"合计{fmt(s, 1)}分",
                f"应为{fmt(target, 0)}分",
                f"{len(inds)}项指标",
                [inds[0]["weight"].where],
                keys=[project, "weights"],
            )


# --- basic expenditure items named in the text vs the table ---------------------------------------------


def _econ_name(n: str) -> str:
    n = re.sub(r"(支出|费用)$", "", n.strip())
    return n.replace("（", "(").replace("）", ")")


@audit_rule("A070")
def basic_items_listed(ctx: Context) -> Iterable[Hit]:
    std = next((t for t in ctx.tables_of("gpb_basic") if not t.empty), None)
    if std is None:
        return
    groups = {"人员经费": ("301", "303"), "公用经费": ("302", "310")}
    table_items = {
        k: {r.name: r for r in std.rows if len(r.code) == 5 and r.code[:3] in v} for k, v in groups.items()
    }
    for sent in ctx.facts.sentences:
        if sent.paragraph.topic != "s6":
            continue
        for m in re.finditer(r"(人员经费|公用经费)[^。；]{0,30}?主要包括[：:]([^；。]+)", sent.text):
            kind = m.group(1)
            listed = [x for x in re.split(r"[、，]", m.group(2).rstrip("等")) if x]
            items = table_items[kind]
            by_norm = {_econ_name(n): r for n, r in items.items()}
            for name in listed:
                norm = _econ_name(name.rstrip("等"))
                row = by_norm.get(norm) or next(
                    (
                        r
                        for k, r in by_norm.items()
                        if (k.startswith(norm) or norm.startswith(k)) and min(len(k), len(norm)) >= 3
                    ),
                    None,
                )
                if row is None or row.values["value"].value == 0:
                    yield Hit(
                        f"{kind}“主要包括”",
                        f"列出了“{name}”",
                        f"《{std.title}》中"
                        + (
                            "没有该科目"
                            if row is None
                            else f"{row.code}“{row.name}”为{row.values['value'].text}"
                        ),
                        quote_of(sent),
                        [sent.where] + ([row.where] if row is not None else []),
                        keys=[kind, name],
                    )
            listed_norm = [_econ_name(x.rstrip("等")) for x in listed]
            for n, r in items.items():
                if r.values["value"].value == 0:
                    continue
                k = _econ_name(n)
                if not any(
                    k == x or ((k.startswith(x) or x.startswith(k)) and len(x) >= 3) for x in listed_norm
                ):
                    yield Hit(
                        f"{kind}“主要包括”",
                        f"未列出“{n}”",
                        f"《{std.title}》中{r.code}“{n}”为{r.values['value'].text}万元",
                        quote_of(sent),
                        [sent.where, r.where],
                        severity="info",
                        keys=[kind, n, "unlisted"],
                    )


# --- running ---------------------------------------------------------------------------------------------


def _location(path: str, where: Where, role: str) -> Location:
    cell = None
    line = where.line
    if where.paragraph is not None:
        cell = f"第{where.paragraph}段"
    elif where.table is not None and where.page is None and where.line is None:
        cell = where.describe()
    return Location(file=path, line=line, key=where.describe(), cell=cell, page=where.page, role=role)


def to_finding(ctx: Context, spec: RuleSpec, hit: Hit) -> Finding:
    params = {
        "subject": hit.subject,
        "found": hit.found,
        "expected": hit.expected,
        "quote": hit.quote,
        "where": hit.wheres[0].describe() if hit.wheres else "",
        "actual": hit.found,
        **hit.extra,
    }
    severity = hit.severity or spec.severity
    order = ("fatal", "error", "warning", "info")
    if order.index(severity) < order.index(spec.severity):
        severity = spec.severity  # a rule may lower its severity, never raise it
    locations = tuple(
        _location(ctx.path, w, "claim" if k == 0 else "source") for k, w in enumerate(hit.wheres or [Where()])
    )
    dept = ctx.doc.department if ctx.doc else ""
    return Finding(
        spec.id,
        severity,  # type: ignore[arg-type]
        spec.title,
        spec.format(params),
        params,
        locations,
        spec.hint,
        fingerprint(spec.id, dept, ctx.year or 0, [*hit.keys, hit.subject, hit.found]),
    )


def run_rules(ctx: Context) -> tuple[list[Finding], list[tuple[str, str, str]]]:
    """Every audit rule over the context: findings and (rule, outcome, reason) per rule."""
    catalogue = load_catalogue()
    findings: list[Finding] = []
    outcomes: list[tuple[str, str, str]] = []
    readable = ctx.doc is not None and ctx.doc.text_layer and ctx.read_error is None
    for spec in catalogue.of_kind("audit"):
        fn = AUDIT_REGISTRY[spec.id]
        if not readable and spec.id not in ("A001", "A002", "A003", "A004"):
            outcomes.append((spec.id, "skipped", "文件不可读"))
            continue
        try:
            hits = list(fn(ctx))
        except Exception as exc:  # a crashing rule is reported, the others still run
            outcomes.append((spec.id, "crashed", traceback.format_exception_only(exc)[-1].strip()))
            findings.append(
                Finding(
                    spec.id,
                    "warning",
                    spec.title,
                    f"规则{spec.id}执行出错：{type(exc).__name__}: {exc}",
                    {"error": f"{type(exc).__name__}: {exc}"},
                    (Location(ctx.path),),
                    spec.hint,
                    fingerprint(spec.id, "", 0, ["crash"]),
                )
            )
            continue
        seen: set[str] = set()
        for hit in hits:
            finding = to_finding(ctx, spec, hit)
            ident = f"{finding.message}|{finding.primary}"
            if ident in seen:
                continue
            seen.add(ident)
            findings.append(finding)
        outcomes.append((spec.id, "failed" if hits else "passed", ""))
    return findings, outcomes


__all__ = [
    "AUDIT_REGISTRY",
    "Context",
    "Group",
    "Hit",
    "Table",
    "TableFact",
    "audit_rule",
    "parse_num",
    "parse_numbering",
    "resolve_class",
    "resolve_path",
    "run_rules",
]
