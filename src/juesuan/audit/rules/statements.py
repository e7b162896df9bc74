"""Statements that must agree with each other: the balance identity of 年初结转和结余, 本年收入, 本年支出
and 年末结转和结余 stated together (A024), a figure stated in 元 that is the same item's 万元 figure
elsewhere (A025, a unit slip), the 类 items' changes against the total change they make up (part of
A014), and a definition of an income or expenditure term that is another term's definition (A054)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from importlib import resources

import yaml

from juesuan.audit.facts import Amount, Change, Mention, Sentence, brackets_open, inside_a_bracket
from juesuan.audit.rules.base import Context, Hit, audit_rule, quote_of, quoted, subject_of
from juesuan.money import ZERO, format_fixed
from juesuan.rules.tolerance import Interval, around, half_unit

# --- figures listed, then the total they make (read for A020 and A025) -----------------------------------

SUBTRACTED = re.compile(r"减去|扣除|减[：:]|抵减")
#: the total that closes a list of figures set apart by 、 or commas (“…援助其他地区支出546万元,支出总量为
#: 596,070万元”)
_LISTED_TOTAL = re.compile(
    r"[，,](?:全[县市区镇乡]|本级|全年)?(?:一般公共预算)?(?:收入|支出)(?:总量|总计|合计)(?:为|是|达)?$"
)
#: what may stand between two figures of such a list: a 、 (or a comma) and the next item's name
_LIST_STEP = re.compile(r"[、，,][^，,；;。：:、（()）\d]{2,24}$")


@dataclass
class ListedSum:
    """Figures listed one after another, then the total they make: “一般公共预算支出559,594万元、上解支出
    24,562万元、…,支出总量为596,070万元”."""

    sentence: Sentence
    total: Mention
    name: str  # the total's name (“支出总量”)
    items: list[Amount]
    closed: bool  # not a list left open with 等


def listed_sums(ctx: Context) -> list[ListedSum]:
    """Every such list of the text (not a sentence with 加上, read by A020's additions, nor one with 其中)."""
    return ctx.derived(_listed_sums)


def _listed_sums(ctx: Context) -> list[ListedSum]:
    out: list[ListedSum] = []
    for sent in ctx.facts.sentences:
        text = sent.text
        if "加上" in text or "加:" in text:
            continue
        figures = [m for m in sent.mentions if m.kind == "amount"]
        for k in range(3, len(figures)):
            total = figures[k]
            named = _LISTED_TOTAL.search(text[figures[k - 1].end : total.start])
            if named is None:
                continue
            items: list[Mention] = []
            for j in range(k - 1, -1, -1):
                m = figures[j]
                if m.direction or inside_a_bracket(text, m.start):
                    break
                items.append(m)
                if j == 0 or not _LIST_STEP.search(_without_brackets(text[figures[j - 1].end : m.start])):
                    break
            items.reverse()
            start = items[0].start if items else total.start
            if (
                len(items) < 3
                or "其中" in text[: total.start]
                or SUBTRACTED.search(text[start : total.start])
            ):
                continue
            # a figure written with a minus (“补充预算周转金-21万元”) is taken away
            amounts = [
                Amount("", "", "current", replace(m, value=-m.value) if _minus_before(text, m) else m, sent)
                for m in items
            ]
            if not re.search(r"[，,：:；;]", text[:start]) and not _adds_up(amounts, total):
                # the list opens its sentence (“当年完成收入120,045万元,…。当年上级补助收入55,789万元、…,收入
                # 合计196,470万元”): it adds to the figure the sentence before closed with, unless a total, or
                # unless it adds up alone (“2021年县级一般公共预算收入45343万元,…,收入总计202519万元”)
                base = _level_closing(ctx, sent)
                if base is not None:
                    amounts.insert(0, base)
            closed = not re.search(r"等[，,]?$", re.split(r"[，,]", text[items[-1].end : total.start])[0])
            name = re.sub(r"(为|是|达)$", "", named.group(0).lstrip("，,"))
            out.append(ListedSum(sent, total, name, amounts, closed))
    return out


def yuan_for_wan(listed: ListedSum) -> Amount | None:
    """The one item in 元 among items in 万元 that, read in 万元, makes the list add up to its total
    (“…债务还本支出2,475万元,安排预算稳定调节基金319元,支出合计189,420万元”)."""
    parts = sum((a.value for a in listed.items), ZERO)
    envelope = half_unit(listed.total.decimals) + sum((half_unit(a.decimals) for a in listed.items), ZERO)
    if abs(listed.total.value - parts) <= envelope:
        return None
    for a in listed.items:
        if a.mention.unit != "元" or any(b.mention.unit == "元" for b in listed.items if b is not a):
            continue
        as_wan = parts - a.value + a.value * 10000
        if abs(listed.total.value - as_wan) <= envelope + half_unit(a.decimals - 4):
            return a
    return None


def _adds_up(items: list[Amount], total: Mention) -> bool:
    """Whether ``items`` add up to ``total`` within the rounding of the printed figures."""
    parts = sum((a.mention.value for a in items), ZERO)
    envelope = half_unit(total.decimals) + sum((half_unit(a.mention.decimals) for a in items), ZERO)
    return abs(total.value - parts) <= envelope


def _minus_before(text: str, m: Mention) -> bool:
    return m.start > 0 and text[m.start - 1] in "-－−"


def _level_closing(ctx: Context, sent: Sentence) -> Amount | None:
    """The last figure of the sentence before ``sent`` in its paragraph, when it is a level (not a budget, a
    change or a total of its own: “…,收入总量为610,013万元。一般公共预算支出…” starts afresh)."""
    if sent.index == 0:
        return None
    previous = ctx.facts.sentences[sent.index - 1]
    if previous.paragraph is not sent.paragraph:
        return None
    levels = [a for a in ctx.facts.amounts if a.sentence is previous and a.role in ("current", "actual")]
    if not levels or re.search(r"总量|总计|合计|总收入|总支出", levels[-1].label):
        return None
    return levels[-1]


def _without_brackets(text: str) -> str:
    """``text`` without the brackets in it and what they hold."""
    return re.sub(r"[（(][^（()）]*[)）]", "", text)


def _yuan_in_a_listed_sum(ctx: Context) -> Iterable[Hit]:
    for listed in listed_sums(ctx):
        a = yuan_for_wan(listed)
        if a is None:
            continue
        yield Hit(
            f"“{re.split(r'[，,、]', listed.sentence.text[: a.mention.start])[-1]}”的金额单位",
            f"此处为{a.mention.raw}",
            f"按万元计，所列各项之和恰为{listed.name}{listed.total.raw}，单位应为万元",
            quote_of(listed.sentence, a.mention),
            [listed.sentence.where],
            severity="warning",
            keys=[listed.name, "unit-slip-in-sum", str(a.mention.start)],
        )


# --- A025: 元 vs 万元 ---------------------------------------------------------------------------------

_CODE = re.compile(r"[（(]\s*科目编[码号][:：]?\s*(\d+)\s*[)）]")
_LEAD = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])?(?:包括|其中|含)?[:：]?")


def _name_of(a: Amount) -> tuple[str, str]:
    """The item's name without its 科目编码, and the code ("" when none)."""
    label = a.label.strip("“”")
    m = _CODE.search(label)
    code = m.group(1) if m else ""
    name = _LEAD.sub("", _CODE.sub("", label)).strip("：: ")
    return name, code


def _digits(a: Amount) -> str:
    """The figure as printed, without its unit (“1.58万” is read as 万元 but printed with “万”)."""
    raw = a.mention.raw
    return raw.rstrip("亿万元")


def _same_subject(a: Amount, b: Amount) -> bool:
    if a.key and a.key == b.key:
        return True
    (na, ca), (nb, cb) = _name_of(a), _name_of(b)
    if len(na) < 2 or na != nb:
        return False
    return not (ca and cb) or ca.startswith(cb) or cb.startswith(ca)


@audit_rule("A025")
def unit_slip(ctx: Context) -> Iterable[Hit]:
    amounts = [a for a in ctx.facts.amounts if a.role in ("current", "actual")]
    wan = [a for a in amounts if a.mention.unit == "万元" and a.mention.value]
    for a in amounts:
        if a.mention.unit != "元" or not a.mention.value:
            continue
        digits = _digits(a)
        twins = [b for b in wan if _digits(b) == digits and _same_subject(a, b)]
        if not twins:
            hit = _digits_twin(a, wan)
            if hit is not None:
                yield hit
                continue
            hit = _implausible_yuan(a, wan)
            if hit is not None:
                yield hit
            continue
        b, where = _nearest_twin(a, twins)
        yield Hit(
            f"{quoted(subject_of(a))}的金额单位",
            f"此处为{a.mention.raw}",
            f"同一项目在{'同一句' if b.sentence is a.sentence else '另一处'}为{b.mention.raw}"
            f"（“{quote_of(b.sentence, b.mention, 60)}”），单位应为万元",
            quote_of(a.sentence, a.mention),
            where,
            keys=[a.key or subject_of(a), "unit-slip"],
        )
    yield from _wan_for_yi(amounts)
    yield from _yuan_changes(ctx)
    yield from _per_car_yuan(ctx)
    yield from _odd_unit_among_items(ctx)
    yield from _yuan_in_a_listed_sum(ctx)


_SANGONG_ITEMS = ("sangong.abroad", "sangong.car", "sangong.reception")


def _odd_unit_among_items(ctx: Context) -> Iterable[Hit]:
    """The three “三公” items listed in one sentence, one in a unit the two others do not use (“因公出国(境)费
    支出0.00万元,占0.00%;公务用车购置及运行维护费支出12,000.00元,占100%;公务接待费支出0.00元”). A
    warning: the figure may be right, its unit is not the list's."""
    by_sentence: dict[int, list[Amount]] = {}
    for a in ctx.facts.amounts:
        if a.role in ("current", "actual") and a.key.split(">")[-1] in _SANGONG_ITEMS:
            by_sentence.setdefault(id(a.sentence), []).append(a)
    for items in by_sentence.values():
        if len(items) != 3 or len({a.key.split(">")[-1] for a in items}) != 3:
            continue
        for a in items:
            others = [b for b in items if b is not a]
            if all(b.mention.unit == others[0].mention.unit != a.mention.unit for b in others):
                yield Hit(
                    f"{quoted(subject_of(a))}的金额单位",
                    f"此处为{a.mention.raw}",
                    f"同句并列的{'、'.join(subject_of(b) for b in others)}均以{others[0].mention.unit}列示，"
                    "单位应一致",
                    quote_of(a.sentence, a.mention),
                    [a.sentence.where],
                    severity="warning",
                    keys=[a.key, "odd-unit"],
                )


_PER_CAR = re.compile(r"(车均|辆均|平均每辆车?|每辆车?平均)[\u4e00-\u9fff]{0,12}$")


def _per_car_yuan(ctx: Context) -> Iterable[Hit]:
    """“车辆保有量为3辆,全年车均运行维护费支出5.97元” beside “运行维护费17.9万元”: the cost per car is
    17.9 / 3 = 5.97 万元, printed in 元."""
    cost = ctx.facts.first_value("sangong.car_run") or ctx.facts.first_value("sangong.car")
    if cost is None or not cost.value:
        return
    for sent in ctx.facts.sentences:
        if "均" not in sent.text:
            continue
        mentions = [m for c in sent.clauses for m in c.mentions]
        cars = [m for m in mentions if m.kind == "count" and m.unit == "辆" and m.value > 0]
        for m in mentions:
            if m.kind != "amount" or m.unit != "元" or not m.value or len(cars) != 1:
                continue
            if not _PER_CAR.search(sent.text[: m.start]):
                continue
            n = cars[0].value
            per_car = cost.value / n
            spread = around(cost.value, cost.decimals)
            printed = around(m.value * 10000, m.decimals - 4)  # the figure as printed, read as 万元
            if per_car < 1 or not printed.intersects(Interval(spread.lo / n, spread.hi / n)):
                continue
            yield Hit(
                f"{quoted(subject_of(cost))}的车均金额单位",
                f"此处为{m.raw}",
                f"{cost.mention.raw}÷{cars[0].raw}＝{format_fixed(per_car, max(m.decimals - 4, 2))}万元，"
                f"单位应为万元",
                quote_of(sent, m),
                [sent.where, *([cost.sentence.where] if cost.sentence is not sent else [])],
                keys=[cost.key, "per-car"],
            )


#: (the change's unit, the level's unit): a unit 10,000 times smaller, written for the level's
_SLIPPED_UNITS = frozenset({("元", "万元"), ("万元", "亿元")})


def yuan_change_slip(ch: Change) -> Mention | None:
    """A change in 元 of a level in 万元 whose rate only the 万元 reading can give (“收入总计520.52万元,…,
    减少51.48元,减少11.02%”: 0.001% as 元, 9.00% as 万元): the change read in 万元, else None."""
    d, p, c = ch.delta, ch.pct, ch.current
    # (and a change in 万元 of a level in 亿元: “营业税完成15.28亿元,…,减收2.21万元,下降12.6%”)
    if d is None or p is None or c is None or (d.unit, c.mention.unit) not in _SLIPPED_UNITS:
        return None
    if not d.value or not p.value or p.unit not in ("%", "%%"):
        return None
    sign = d.sign or p.sign or 1
    wan = d.value * 10000
    prior_yuan, prior_wan = c.value - sign * d.value, c.value - sign * wan
    if prior_yuan <= 0 or prior_wan <= 0:
        return None
    rate_yuan, rate_wan = d.value / prior_yuan * 100, wan / prior_wan * 100
    if rate_yuan * 100 > p.value or not p.value / 3 <= rate_wan <= p.value * 3:
        return None
    return replace(d, value=wan, decimals=d.decimals - 4, unit=c.mention.unit)


def _yuan_changes(ctx: Context) -> Iterable[Hit]:
    for ch in ctx.facts.changes:
        wan = yuan_change_slip(ch)
        if wan is None or ch.current is None:
            continue
        yield Hit(
            f"{quoted(ch.label or ch.current.label)}的增减额单位",
            f"此处为{ch.delta.raw}",  # type: ignore[union-attr]
            f"本年为{ch.current.mention.raw}，增减率{ch.pct.raw}只能由以{wan.unit}计的增减额得出，"  # type: ignore[union-attr]
            f"单位应为{wan.unit}",
            quote_of(ch.sentence, ch.delta),
            [ch.sentence.where],
            keys=[ch.key or subject_of(ch.current), "unit-slip"],
        )


_WAN_SCALE = ("sangong.", "gpb.", "income.", "expenditure.", "fund.", "admin_cost", "procurement.")


_SIDES = re.compile("收入|支出")


def _wan_for_yi(amounts: list[Amount]) -> Iterable[Hit]:
    """A 收入 or 支出 in 万元 beside its counterpart in 亿元 (the same words, 收入 for 支出), in one
    paragraph, that is a thousandth of it or less but its like when read in 亿元: “全市一般公共预算收入完成
    125.69亿元,…。全市一般公共预算支出完成249.87万元” (a warning: the unit may be 亿元)."""
    yi = [b for b in amounts if b.mention.unit == "亿元" and b.mention.value]
    for a in amounts:
        if a.mention.unit != "万元" or not a.mention.value or not _SIDES.search(a.label):
            continue
        counterpart = _SIDES.sub(lambda m: "支出" if m.group(0) == "收入" else "收入", a.label)
        for b in yi:
            if b.sentence.paragraph is not a.sentence.paragraph or b.label != counterpart:
                continue
            as_yi, other = a.mention.value * 10000, b.mention.value
            if a.mention.value * 1000 > other or not other / 5 <= as_yi <= other * 5:
                continue
            yield Hit(
                f"{quoted(subject_of(a))}的金额单位",
                f"此处为{a.mention.raw}",
                f"同段{quoted(subject_of(b))}为{b.mention.raw}，{a.mention.raw}不足其千分之一，以亿元计则相当，"
                "单位可能应为亿元",
                quote_of(a.sentence, a.mention),
                [a.sentence.where, *([b.sentence.where] if b.sentence is not a.sentence else [])],
                severity="warning",
                keys=[a.key or subject_of(a), "unit-slip-yi"],
            )
            break


def _nearest_twin(a: Amount, twins: list[Amount]) -> tuple[Amount, list]:
    """The 万元 twin nearest to the 元 figure ``a``, and where the two stand (``a``'s sentence first)."""
    b = min(twins, key=lambda t: abs(t.sentence.index - a.sentence.index))
    return b, [a.sentence.where] + ([b.sentence.where] if b.sentence is not a.sentence else [])


#: a subject a report states in 万元 (its totals, its flows, its funds)
_BUDGET_SUBJECT = re.compile(r"收入|支出|总计|合计|经费|资金|拨款|结余|结转")
_PLAIN = str.maketrans("", "", " ,，\u3000")


def _digits_twin(a: Amount, wan: list[Amount]) -> Hit | None:
    """A 元 figure of a budget subject whose digits, four or more of them, are those of a 万元 figure of the
    text (“收入总计3,084.82万元,支出总计3,084.82元”; “…支出总计425533万元” then “收入总计451227万元,减支出总计
    425533元,财政滚存结余25694万元”): the same figure with the wrong unit, whatever its subject is called. A
    warning: the names differ."""
    digits = _digits(a).translate(_PLAIN)
    if len(digits.replace(".", "").strip("0")) < 4 or not _BUDGET_SUBJECT.search(a.label):
        return None
    twins = [b for b in wan if _digits(b).translate(_PLAIN) == digits]
    if not twins:
        return None
    b, where = _nearest_twin(a, twins)
    return Hit(
        f"{quoted(subject_of(a))}的金额单位",
        f"此处为{a.mention.raw}",
        f"{'同一句' if b.sentence is a.sentence else b.sentence.where.describe()}{quoted(subject_of(b))}"
        f"为{b.mention.raw}，数字相同，单位可能应为万元",
        quote_of(a.sentence, a.mention),
        where,
        severity="warning",
        keys=[a.key or subject_of(a), "unit-slip"],
    )


def _implausible_yuan(a: Amount, wan: list[Amount]) -> Hit | None:
    """A budget subject (“三公” items, 财政拨款, 收入, 支出 …) of a few 元 among the paragraph's 万元
    figures: “因公出国(境)费支出决算为4.46元” beside “支出决算为13.07万元” (a warning: the subject's
    万元 figure is not stated to compare)."""
    key = a.key.split(">")[-1]
    if not key.startswith(_WAN_SCALE) or "均" in a.label or a.mention.value * 10000 >= 10000:
        return None
    if "定额" in a.label or re.match(r"\s*(?:/|每)", a.sentence.text[a.mention.end :]):
        return None  # a rate per head or per car (“人员经费定额较2014年上涨2000元/人”), not a total
    near = [b for b in wan if b.sentence.paragraph is a.sentence.paragraph]
    if not near:
        return None
    b = min(near, key=lambda t: abs(t.sentence.index - a.sentence.index))
    return Hit(
        f"{quoted(subject_of(a))}的金额单位",
        f"此处为{a.mention.raw}",
        f"同段其他金额以万元计（如{b.mention.raw}），{a.mention.raw}作为该项目的决算金额不合常理，单位可能应为万元",
        quote_of(a.sentence, a.mention),
        [a.sentence.where],
        severity="warning",
        keys=[a.key, "unit-slip"],
    )


# --- A024: the balance identity -----------------------------------------------------------------------

_BALANCE = ("balance.opening", "income.total", "expenditure.total", "balance.closing")
_OTHER_FLOW = re.compile(r"弥补|结余分配|使用.*结余|提取|缴纳")


#: the four figures of a fund's balance stated in one sentence, each named with the fund's name before it
#: (“一般公共预算财政拨款上年结转98.45万元,一般公共预算财政拨款收入1095.76万元,一般公共预算财政拨款支出
#: 1193.35万元,一般公共预算财政拨款年末结转和结余5862.89元”)
_SCOPED_BALANCE = (
    re.compile(r"^(?P<fund>.{4,20}?)(?:上年|年初)结转(?:和结余)?(?:资金)?$"),
    re.compile(r"^(?P<fund>.{4,20}?)(?:本年)?收入$"),
    re.compile(r"^(?P<fund>.{4,20}?)(?:本年)?支出$"),
    re.compile(r"^(?P<fund>.{4,20}?)年末结转(?:和结余)?(?:资金)?$"),
)


def _scoped_balances(ctx: Context) -> Iterable[Hit]:
    """年初结转 + 收入 − 支出 = 年末结转 of one fund (一般公共预算财政拨款, 政府性基金…), its four figures
    stated in one sentence in that order, each named with the same fund (a figure in 元 read in 万元: its
    unit slip is A025's). Not when another flow (弥补, 结余分配) of the fund is stated beside them."""
    by_sentence: dict[int, list[Amount]] = {}
    for a in ctx.facts.amounts:
        if a.role == "current" and a.mention.unit in ("万元", "元") and not a.mention.sign:
            by_sentence.setdefault(a.sentence.index, []).append(a)
    for amounts in by_sentence.values():
        if len(amounts) < 4:
            continue
        for k in range(len(amounts) - 3):
            four = amounts[k : k + 4]
            found = [rx.match(a.label) for rx, a in zip(_SCOPED_BALANCE, four, strict=True)]
            if not all(found) or len({m.group("fund") for m in found if m}) != 1:
                continue
            if any(_OTHER_FLOW.search(a.label) and a.mention.value for a in amounts if a not in four):
                continue
            # (a figure in 元 is read in 万元 already, with four more decimals)
            op, inc, exp, cl = (a.mention.value for a in four)
            expected = op + inc - exp
            places = max(a.mention.decimals for a in four)
            envelope = sum((half_unit(a.mention.decimals) for a in four), ZERO)
            gap = abs(expected - cl)
            if gap <= envelope:
                continue
            fund = found[0].group("fund") if found[0] else ""
            yield Hit(
                f"{fund}年初结转＋收入－支出＝年末结转",
                f"年末结转和结余为{four[3].mention.raw}",
                f"{four[0].mention.raw}＋{four[1].mention.raw}－{four[2].mention.raw}＝"
                f"{format_fixed(expected, min(places, 2))}万元，相差{format_fixed(gap, min(places, 2))}万元",
                quote_of(four[3].sentence, four[3].mention),
                [four[3].sentence.where],
                keys=["balance.closing", "scoped-balance", fund],
            )
            break


@audit_rule("A024")
def balance_identity(ctx: Context) -> Iterable[Hit]:
    yield from _scoped_balances(ctx)
    by_par: dict[int, list[Amount]] = {}
    for a in ctx.facts.amounts:
        if a.role == "current" and a.mention.unit in ("万元", "元"):
            by_par.setdefault(id(a.sentence.paragraph), []).append(a)
    # “收入总计1200.50万元,其中:本年收入1000.20万元、年初结转和结余200.30万元;支出总计…”: the parts of a
    # grand total are the identity's own figures
    of_grand = {
        id(i) for g in ctx.facts.groups if _GRAND.match(g.head_label.strip("“”，,：: ")) for i in g.items
    }
    for amounts in by_par.values():
        yield from _grand_totals(amounts, ctx.facts.amounts)
        first: dict[str, Amount] = {}
        for a in amounts:
            if a.key in _BALANCE and (not a.in_list or id(a) in of_grand):
                first.setdefault(a.key, a)
        if len(first) < 4:
            continue
        if any(_OTHER_FLOW.search(a.label) and a.mention.value for a in amounts if a.key not in _BALANCE):
            continue  # another flow (事业基金弥补收支差额, 结余分配) enters the identity
        op, inc, exp, cl = (first[k] for k in _BALANCE)
        expected = op.mention.value + inc.mention.value - exp.mention.value
        gap = abs(expected - cl.mention.value)
        if not gap:
            continue
        envelope = sum((half_unit(x.mention.decimals) for x in (op, inc, exp, cl)), ZERO)
        within = gap <= envelope
        sentences = []
        for x in (op, inc, exp, cl):
            if x.sentence not in sentences:
                sentences.append(x.sentence)
        yield Hit(
            "年初结转和结余＋本年收入－本年支出＝年末结转和结余",
            f"年末结转和结余为{cl.mention.raw}",
            f"{op.mention.raw}＋{inc.mention.raw}－{exp.mention.raw}＝{format_fixed(expected)}万元，"
            f"相差{format_fixed(gap)}万元" + ("，在四舍五入尾差以内" if within else ""),
            quote_of(cl.sentence, cl.mention),
            [s.where for s in sentences],
            severity="info" if within else None,
            keys=["balance.closing", "balance-identity"],
        )


_GRAND = re.compile(r"^(?:本年度|本单位|本部门)?(收入|支出)总计$")
_CARRIED = re.compile(r"结转|结余|滚存")


def _grand_totals(amounts: list[Amount], everywhere: Sequence[Amount] = ()) -> Iterable[Hit]:
    """收入总计 = 支出总计 when both are stated in one paragraph; the same for the 财政拨款 收入总计 and
    支出总计 stated in one sentence with their balances (“2017年度财政拨款收入总计701.73万元(含年初财政拨款
    结转结余),支出总计701.73万元(…)”: a 支出总计 after a 财政拨款 收入总计 in its sentence is the
    财政拨款's)."""
    found: dict[str, Amount] = {}
    fiscal: dict[str, Amount] = {}
    for a in amounts:
        label = a.label.strip("“”，,：: ")
        if a.mention.unit != "万元" or a.bare:
            continue
        m = _GRAND.match(label)
        f = _GRAND_FISCAL.match(label)
        if f:
            fiscal.setdefault(f.group(1), a)
        elif m and m.group(1) == "支出" and "收入" in fiscal and fiscal["收入"].sentence is a.sentence:
            fiscal.setdefault("支出", a)
        elif m:
            found.setdefault(m.group(1), a)
    if (
        len(fiscal) == 2
        and fiscal["收入"].sentence is fiscal["支出"].sentence
        and "结转" in fiscal["收入"].sentence.text
    ):
        # (in one sentence that says they hold the balances carried, “(含年初财政拨款结转结余)”: pages may
        # call the year's 财政拨款 收入 its 总计, g4-08, g7-11)
        yield from _grand_pair(fiscal["收入"], fiscal["支出"], amounts, everywhere, "财政拨款")
    if len(found) < 2:
        return
    yield from _grand_pair(found["收入"], found["支出"], amounts, everywhere, "")


_GRAND_FISCAL = re.compile(r"^(?:本年度|本单位|本部门)?财政拨款(收入|支出)总计$")


def _grand_pair(
    inc: Amount, exp: Amount, amounts: list[Amount], everywhere: Sequence[Amount], scope: str
) -> Iterable[Hit]:
    gap = abs(inc.mention.value - exp.mention.value)
    if not gap:
        return

    def restated(total: Amount, key: str) -> bool:
        return any(
            a is not total and a.key == key and a.role == "current" and a.mention.value == total.mention.value
            for a in everywhere
        )

    # “收入总计267.07万元,支出总计213万元” restated as 收入合计 and 支出合计: the page's 总计 are its 合计
    if not scope and restated(inc, "income.total") and restated(exp, "expenditure.total"):
        return
    # a government's 支出总计 leaves out what it carries over, stated beside it (“…支出总计188256万元,
    # 收支相抵,结转下年支出14263万元”): 收入总计 = 支出总计 + 结转 is its balance
    if any(
        _CARRIED.search(a.label)
        and abs(a.mention.value - gap)
        <= half_unit(a.mention.decimals) + half_unit(inc.mention.decimals) + half_unit(exp.mention.decimals)
        for a in amounts
        if a is not inc and a is not exp
    ):
        return
    within = gap <= half_unit(inc.mention.decimals) + half_unit(exp.mention.decimals)
    yield Hit(
        f"{scope}收入总计＝{scope}支出总计",
        f"{scope}收入总计{inc.mention.raw}，{scope}支出总计{exp.mention.raw}",
        f"两者应相等，相差{format_fixed(gap)}万元" + ("，在四舍五入尾差以内" if within else ""),
        quote_of(exp.sentence, exp.mention),
        [inc.sentence.where] + ([exp.sentence.where] if exp.sentence is not inc.sentence else []),
        # some pages call 本年收入/本年支出 “总计”: certain only when the 年末结转 is part of the statement
        severity="info" if within else (None if "年末结转" in exp.sentence.paragraph.text else "warning"),
        keys=[f"total.all{scope}", "balance-identity"],
    )


# --- A014 (from narrative.change_recomputed): the 类 items' changes vs the total change ------------------


def _signed(ch: Change) -> Decimal | None:
    if ch.delta is None or not ch.delta.sign:
        return None
    return ch.delta.sign * ch.delta.value


_COMPARED = re.compile(r"较|比|相比|同比")


def _par_changes(sentences) -> list[Mention]:
    """The signed amounts of a paragraph stated against another year (“较2015年决算数增加12.41万元”)."""
    out = []
    for s in sentences:
        for c in s.clauses:
            if not _COMPARED.search(c.text):
                continue
            out += [m for m in c.mentions if m.kind == "amount" and m.sign and m.unit in ("万元", "元")]
    return out


def class_changes_vs_total(ctx: Context) -> Iterable[Hit]:
    """A total stated with its change (“公共财政拨款支出X万元，比上年增加D万元，…具体情况如下”), followed by
    numbered paragraphs (（一）…) each opening with an item and its amount and stating one change: when the
    items' amounts add up to the total's, their changes must add up to the total's change."""
    facts = ctx.facts
    pars, sents = _paragraphs(facts)
    ch_by_par: dict[int, list[Change]] = {}
    for ch in facts.changes:
        if ch.basis == "prior":  # the items' changes on the prior year against the total's
            ch_by_par.setdefault(id(ch.sentence.paragraph), []).append(ch)
    for i, par in enumerate(pars):
        for ch in ch_by_par.get(id(par), []):
            total_delta = _signed(ch)
            if ch.current is None or total_delta is None or ch.parts or ch.current.mention.unit != "万元":
                continue
            items = _numbered_items(pars[i + 1 :], sents)
            if len(items) < 2:
                continue
            values = [v for v, _, _, _ in items]
            tot = sum(values, ZERO)
            env = half_unit(ch.current.mention.decimals) + sum((half_unit(d) for _, d, _, _ in items), ZERO)
            if abs(tot - ch.current.mention.value) > env:
                continue  # not the complete enumeration of the total
            deltas = [m for _, _, m, _ in items]
            if any(m is None for m in deltas):
                continue
            listed = sum((m.sign * m.value for m in deltas), ZERO)  # type: ignore[union-attr,operator]
            denv = half_unit(ch.delta.decimals) + sum((half_unit(m.decimals) for m in deltas), ZERO)  # type: ignore[union-attr]
            gap = abs(listed - total_delta)
            if not gap:
                continue
            within = gap <= denv
            shown = "".join(
                ("＋" if m.sign > 0 else "－") + format_fixed(m.value, m.decimals)  # type: ignore[union-attr,operator]
                for m in deltas
            ).lstrip("＋")
            yield Hit(
                f"{quoted(ch.label or subject_of(ch.current))}与上年相比的增减额",
                f"{'增加' if total_delta >= 0 else '减少'}{ch.delta.raw}",  # type: ignore[union-attr]
                f"其后逐项列示的{len(items)}项（金额合计{format_fixed(tot)}万元）增减额合计为{shown}＝"
                f"{format_fixed(listed).replace('-', '－')}万元，相差{format_fixed(gap)}万元"
                + ("，在四舍五入尾差以内" if within else ""),
                quote_of(ch.sentence, ch.delta),
                [ch.sentence.where],
                severity="info" if within else None,
                keys=[ch.key or subject_of(ch.current), "change-sum"],
            )
            break


def _paragraphs(facts) -> tuple[list, dict[int, list[Sentence]]]:
    """The paragraphs holding sentences, in order, and each one's sentences."""
    pars: list = []
    sents: dict[int, list[Sentence]] = {}
    for s in facts.sentences:
        if not pars or pars[-1] is not s.paragraph:
            pars.append(s.paragraph)
        sents.setdefault(id(s.paragraph), []).append(s)
    return pars, sents


_ENDS_WITH_LIST = re.compile(r"(?:其中|包括)[:：]\s*$")
# “…支出639.35万元具体情况如下(按项级科目分类统计)：”: the details that follow are the whole
_ENDS_WITH_DETAILS = re.compile(r"具体(?:情况|构成)如下(?:[(（][^()（）]*[)）])?[:：]\s*$")


def numbered_parts(ctx: Context) -> Iterable[tuple[Amount, list[Amount], bool]]:
    """“收入总计为457.8161万元,其中:” ending a paragraph, then “1.财政拨款收入364.6552万元…”, “2.上级补助
    收入0万元…”, …: the total and the first amount of each numbered paragraph that follows (the items are a
    “其中” list, not necessarily complete); or a paragraph closing on “…支出639.35万元具体情况如下(按项级
    科目分类统计)：” with that one figure, whose numbered paragraphs are the whole (the third element)."""
    facts = ctx.facts
    pars, sents = _paragraphs(facts)
    by_mention = {id(a.mention): a for a in facts.amounts}
    for i, par in enumerate(pars):
        last = sents[id(par)][-1]
        details = bool(_ENDS_WITH_DETAILS.search(last.text))
        if not details and not _ENDS_WITH_LIST.search(last.text):
            continue
        if _ENDS_WITH_LIST.fullmatch(last.text.strip()) and len(sents[id(par)]) > 1:
            # “(一) 收入总计 3666.34万元。包括:”: the introducer a sentence of its own, the figure before it
            last = sents[id(par)][-2]
        # (a budget's parts, where the text speaks of no 决算: “2017年收入总预算501.98万元,…。其中:”)
        roles = ("current", "actual") if "决算" in par.text else ("current", "actual", "budget")
        heads = [
            a
            for a in facts.amounts
            if a.sentence is last
            and a.role in roles
            and not a.mention.sign
            # not a figure in brackets (“财政拨款3961.45万元(含基本建设经费1000万元),占…。其中:”): a detail
            and not brackets_open(last.text[: a.mention.start])
        ]
        if not heads or (details and len(heads) > 1):
            continue
        items = [by_mention.get(id(it[3])) for it in _numbered_items(pars[i + 1 :], sents)]
        if len(items) >= 2 and all(a is not None for a in items):
            yield heads[-1], items, details  # type: ignore[misc]
    yield from _run_in_first_parts(facts, pars, sents, by_mention)


# “…决算数为32976万元,其中:(一)均衡性转移支付13460万元,…。” then “(二)基本财力保障补助4022万元,…”: the
# list's first item run in after its introducer, the others numbered paragraphs
_FIRST_RUN_IN = re.compile(r"其中[:：，,]?\s*(?:[（(]一[)）]|1[、.．])")


def _run_in_first_parts(facts, pars, sents, by_mention) -> Iterable[tuple[Amount, list[Amount], bool]]:
    for i, par in enumerate(pars):
        for sent in sents[id(par)]:
            m = _FIRST_RUN_IN.search(sent.text)
            if m is None:
                continue
            said = [a for a in facts.amounts if a.sentence is sent and not a.mention.sign]
            heads = [
                a
                for a in said
                if a.mention.end <= m.start()
                and a.role in ("current", "actual")
                and not brackets_open(sent.text[: a.mention.start])
            ]
            first = next((a for a in said if a.mention.start >= m.end()), None)
            if not heads or first is None or first.mention.unit != heads[-1].mention.unit:
                continue
            if any(s.text and s.index > sent.index for s in sents[id(par)]):
                continue  # the paragraph goes on after the list's first item: the list is not numbered on
            rest = _numbered_items(pars[i + 1 :], sents, after=1)
            items = [first, *(by_mention.get(id(it[3])) for it in rest)]
            if len(items) >= 3 and all(a is not None for a in items):
                yield heads[-1], items, False


def _numbered_items(pars, sents, after: int = 0) -> list[tuple[Decimal, int, Mention | None, Mention]]:
    """The run of paragraphs numbered （一）, （二）, … right after a paragraph (their own sub-items
    1、 2、 skipped): each item's amount (its first), the amount's decimals, the one change its
    paragraph states (None when none or several), and the amount's mention. ``after``: the number of
    items said before the run (the run then starts at the next number)."""
    items: list[tuple[Decimal, int, Mention | None, Mention]] = []
    style = None
    for par in pars:
        num = par.numbering
        if num is None:
            break
        if style is None:
            style = (num.level, num.style)
        if (num.level, num.style) != style:
            if items and num.level > style[0]:
                continue  # a sub-item inside the current item
            break
        if num.number != after + len(items) + 1:
            break
        ss = sents.get(id(par), [])
        mentions = [m for s in ss for c in s.clauses for m in c.mentions if m.kind == "amount"]
        if not mentions or mentions[0].sign or mentions[0].unit not in ("万元", "元"):
            break
        first = mentions[0]
        value, decimals = first.value, first.decimals
        if first.unit == "元":  # “87.50元” beside “87.50万元”: the unit slip reported by A025
            digits = first.raw[: -len(first.unit)]
            twin = next(
                (m for m in mentions[1:] if m.unit == "万元" and m.raw.rstrip("万元") == digits), None
            )
            if twin is None:
                break
            value, decimals, first = twin.value, twin.decimals, twin
        changes = _par_changes(ss)
        items.append((value, decimals, changes[0] if len(changes) == 1 else None, first))
    return items


# --- A054: a definition that belongs to another term ---------------------------------------------------


@dataclass(frozen=True)
class _Term:
    key: str
    name: str  # the catalogue's name, for messages
    definitions: tuple[str, ...]  # the catalogue's first, then other published wordings


@cache
def _terms() -> dict[str, _Term]:
    """Each standard term by its name and by its other names (an older 用事业基金弥补收支差额 for 使用非财政
    拨款结余), with every wording of its definition the catalogue knows."""
    data = yaml.safe_load(resources.files("juesuan.data").joinpath("terms.yaml").read_text(encoding="utf-8"))
    out: dict[str, _Term] = {}
    for t in data:
        if t.get("name") and t.get("definition"):
            term = _Term(t["key"], t["name"], (t["definition"], *t.get("variants", ())))
            for name in (t["name"], *t.get("aliases", ())):
                out[name] = term
    return out


_DEF_AFTER = re.compile(r"^[\d.,，万元]*[,，:：]?\s*(?:为|是|指|系|是指)(.{6,60}?)(?:[。；;]|$)", re.S)
#: a 名词解释 entry of any name: “3.上年结转：指…”, “医疗业务收入是指…”
_ENTRY = re.compile(
    r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?([\u4e00-\u9fff“”\"]{2,16}?)\s*(?:[:：]\s*(?:是指|指)|是指)(.{6,80}?)"
    r"(?:[。；;]|$)",
    re.S,
)


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _fit(stated: set[str], definition: str) -> float:
    ref = _bigrams(definition)
    return len(stated & ref) / len(stated) if stated else 0.0


def _best_fit(stated: set[str], term: _Term) -> float:
    return max(_fit(stated, d) for d in term.definitions)


@dataclass
class _Defined:
    name: str
    key: str  # the catalogue's key, or the name itself for a term it does not know
    said: str
    stated: set[str]
    sentence: Sentence


@audit_rule("A054")
def definition_of_another_term(ctx: Context) -> Iterable[Hit]:
    terms = _terms()
    names = sorted(terms, key=len, reverse=True)
    others = {t.key: t for t in terms.values()}
    defined: list[_Defined] = []
    reported: set[int] = set()
    for s in ctx.facts.sentences:
        text = s.text
        entry = _ENTRY.match(text)
        if entry and entry[1] not in terms:
            said = "".join(entry[2].split())
            if len(_bigrams(said)) >= 6:
                defined.append(_Defined(entry[1], entry[1], said, _bigrams(said), s))
        for name in names:
            pos = text.find(name)
            if pos < 0:
                continue
            end = pos + len(name)
            if any(n != name and n.endswith(name) and text.find(n) == end - len(n) for n in names):
                continue  # part of a longer term
            m = _DEF_AFTER.match(text[pos + len(name) :])
            if not m:
                continue
            said = "".join(m.group(1).split())
            stated = _bigrams(said)
            if len(stated) < 5:
                continue
            term = terms[name]
            defined.append(_Defined(name, term.key, said, stated, s))
            own = _best_fit(stated, term)
            best, other = max((_best_fit(stated, t), t.name) for t in others.values() if t.key != term.key)
            if best >= 0.6 and best >= own + 0.3:
                reported.add(len(defined) - 1)
                yield Hit(
                    f"{quoted(name)}的解释",
                    f"写作“{said}”",
                    f"这是“{other}”的含义（{terms[other].definitions[0].rstrip('。')}）；"
                    f"{quoted(name)}{term.definitions[0].rstrip('。')}",
                    quote_of(s),
                    [s.where],
                    keys=[name, "definition"],
                )
            break
    yield from _same_definitions(defined, reported, terms)


def _same_definitions(defined: list[_Defined], reported: set[int], terms: dict[str, _Term]) -> Iterable[Hit]:
    """Two different terms of one text given the same definition, as a copy from the entry next to it leaves
    them: the one whose own definition fits it worse is reported (the later one where neither is known)."""
    for j, b in enumerate(defined):
        for i in range(j):
            a = defined[i]
            if a.key == b.key or a.name in b.name or b.name in a.name or i in reported or j in reported:
                continue
            if len(a.stated & b.stated) < 0.8 * len(a.stated | b.stated):
                continue
            fit_a = _best_fit(a.stated, terms[a.name]) if a.name in terms else 0.0
            fit_b = _best_fit(b.stated, terms[b.name]) if b.name in terms else 0.0
            wrong, right = (a, b) if fit_a + 0.1 < fit_b else (b, a)
            reported.add(i if wrong is a else j)
            own = (
                f"；{quoted(wrong.name)}{terms[wrong.name].definitions[0].rstrip('。')}"
                if wrong.name in terms
                else ""
            )
            yield Hit(
                f"{quoted(wrong.name)}的解释",
                f"写作“{wrong.said}”",
                f"与{quoted(right.name)}的解释相同，两项的含义不同{own}",
                quote_of(wrong.sentence),
                [wrong.sentence.where],
                keys=[wrong.name, "definition"],
            )
