"""绩效 rules (A060–A064): the 项目支出绩效自评表 — execution rate, score rule, total score, the score stated
in the text, and indicator weights."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from juesuan.audit.document import Cell, Paragraph, attachment_line
from juesuan.audit.normalise import normalise, simplified
from juesuan.audit.rules.base import (
    Context,
    Hit,
    audit_rule,
    cell_quote,
    quote_of,
    quoted,
)
from juesuan.audit.stdtables import EvalFunds, StdTable, is_number
from juesuan.findings import Severity
from juesuan.money import HUNDRED, ZERO, format_fixed
from juesuan.rules.tolerance import around, half_unit, ratio_range

# --- 绩效自评表 ------------------------------------------------------------------------------------------


def _pct_of(text: str) -> tuple[Decimal, int] | None:
    """A rate cell as a percentage: "98%" → 98; "0.9845" / "1" (ratios) → 98.45 / 100."""
    t = text.strip().replace(" ", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)[%％]", t)
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


def _head_funds_row(std: StdTable) -> EvalFunds | None:
    """The 资金 row of the whole project (年度资金总额; Sichuan's 总额), else the first one read."""
    funds = std.extra.get("funds") or []
    return next((f for f in funds if f["label"] in ("年度资金总额", "总额")), funds[0] if funds else None)


def _funds(std: StdTable) -> tuple[Decimal, int, Decimal, int, EvalFunds] | None:
    row = _head_funds_row(std)
    if row is None:
        return None
    nums = row["cells"]
    named = _named(row, "全年预算数", "调整后预算数"), _named(row, "全年执行数", "预算执行数")
    if named[0] is not None and named[1] is not None:
        b, e = named[0], named[1]
    elif len(nums) >= 2 and row["label"] not in _SICHUAN_FUND_ROWS:
        b, e = nums[0], nums[1]
    else:
        return None
    bv, ev = _dec(b.text, 2), _dec(e.text, 2)  # 万元 amounts of a 自评表: integers are exact to the 分
    if bv is None or ev is None:
        return None
    return bv[0], bv[1], ev[0], ev[1], row


def _rate_cell(row: EvalFunds) -> Cell | None:
    labels, cells = row["labels"], row["cells"]
    for word in ("预算执行率", "执行率"):
        if labels and word in labels and labels.index(word) < len(cells):
            return cells[labels.index(word)]
    return cells[2] if len(cells) >= 3 else None


_SICHUAN_FUND_ROWS = frozenset(("总额", "其中：财政资金", "财政资金", "财政专户管理资金", "单位资金"))


def _named(row: EvalFunds, *names: str) -> Cell | None:
    """The row's cell under the first of ``names`` its header has (None when the header was not read)."""
    columns = row.get("columns") or {}
    return next((columns[n] for n in names if n in columns), None)


def _budget_executed_rate(row: EvalFunds) -> tuple[Cell, Cell, Cell | None] | None:
    """The 全年预算数, 全年执行数 and 执行率 cells of a 资金 row: by the header's column names when it names
    them (Sichuan's 调整后预算数 / 预算执行数 / 预算执行率 too), else the first three amounts."""
    budget = _named(row, "全年预算数", "调整后预算数")
    executed = _named(row, "全年执行数", "预算执行数")
    if budget is not None and executed is not None:
        return budget, executed, _named(row, "执行率", "预算执行率")
    cells = row["cells"]
    if row.get("columns") and _named(row, "执行率", "预算执行率") is None:
        return None  # the header was read and has no 执行率 column: the third amount is something else
    if len(cells) < 3 or row["label"] in _SICHUAN_FUND_ROWS:
        return None  # (Sichuan's rows lead with 年初预算: read only under their header's names)
    return cells[0], cells[1], _rate_cell(row)


@audit_rule("A060")
def evaluation_execution_rate(ctx: Context) -> Iterable[Hit]:
    for std in ctx.tables_of("perf_eval"):
        project = std.extra.get("project") or std.title
        for row in std.extra.get("funds") or []:
            read = _budget_executed_rate(row)
            if read is None:
                continue
            budget_c, executed_c, rate_cell = read
            cells = [budget_c, executed_c]
            b, e = _dec(budget_c.text, 2), _dec(executed_c.text, 2)
            if b is None or e is None or rate_cell is None or b[0] == 0:
                continue
            rate = _pct_of(rate_cell.text)
            if rate is None:
                continue
            rng = ratio_range(e[0], e[1], b[0], b[1])
            if rng is not None and not rng.intersects(around(rate[0], max(rate[1], 0))):
                yield Hit(
                    f"自评表{quoted(project)}{row['label']}预算执行率",
                    rate_cell.text,
                    f"全年执行数{cells[1].text}÷全年预算数{cells[0].text}"
                    f"＝{format_fixed(e[0] / b[0] * HUNDRED)}%",
                    cell_quote(row["cells"]),
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
            if rng is not None and not rng.intersects(around(actual[0], max(actual[1], 0))):
                yield Hit(
                    f"自评表{quoted(project)}预算执行率指标的实际完成值",
                    ind["actual"].text,
                    f"应为全年执行数÷全年预算数＝{format_fixed(ev / bv * HUNDRED)}%",
                    f"预算执行率｜{ind['target'].text}｜"
                    f"{ind['actual'].text}｜{ind['weight'].text}｜{ind['score'].text}",
                    [ind["actual"].where],
                    keys=[project, "execution-actual"],
                )
    yield from _flat_execution_rate(ctx)


# a 自评表 flattened to one cell per line (a web page's table read as text), its header and 年度资金总额 row:
# “年初 预算数 全年预算数 全年 执行数 分值 执行率 得分 年度资金总额 4753.66万元 4753.66万元 3824.26万元
# 10 100% 10”
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_FUNDS_TOTAL = re.compile("年度[资資]金[总總][额額]")
_FLAT_HEADER = re.compile(r"年初\s*预算数\s*全年\s*预算数\s*全年\s*执行数\s*分值\s*(?:预算)?执行率\s*得分\s*")
_FLAT_TOTAL = re.compile(
    rf"年度资金总额[:：]?\s*(?P<b0>{_NUMBER})\s*(?:万元?)?\s+(?P<b>{_NUMBER})\s*(?:万元?)?\s+"
    rf"(?P<e>{_NUMBER})\s*(?:万元?)?\s+(?P<w>\d+(?:\.\d+)?)\s+(?P<rate>\d+(?:\.\d+)?)\s*[%％]"
)


def _flat_execution_rate(ctx: Context) -> Iterable[Hit]:
    """The 执行率 of a 自评表 flattened into text, its cells in the header's order (年初预算数, 全年预算数,
    全年执行数, 分值, 执行率, 得分): the rate is 全年执行数 ÷ 全年预算数."""
    prose = ctx.facts.prose
    if not any(_FUNDS_TOTAL.search(par.text) for par in prose):
        return
    pieces: list[tuple[int, Paragraph]] = []
    at = 0
    for par in prose:
        pieces.append((at, par))
        at += len(par.text) + 1
    # a mirror's traditional characters, told by the whole text (the offsets stay)
    text = simplified("\n".join(par.text for par in prose) + "\n")
    for head in _FLAT_HEADER.finditer(text):
        m = _FLAT_TOTAL.match(text, head.end())
        if m is None:
            continue
        b, e, rate = _dec(m.group("b"), 2), _dec(m.group("e"), 2), _pct_of(m.group("rate") + "%")
        if b is None or e is None or rate is None or b[0] == 0:
            continue
        rng = ratio_range(e[0], e[1], b[0], b[1])
        if rng is None or rng.intersects(around(rate[0], rate[1])):
            continue
        at = m.start("rate")
        start, par = max((x for x in pieces if x[0] <= at), key=lambda x: x[0])
        yield Hit(
            "自评表“年度资金总额”预算执行率",
            m.group("rate") + "%",
            f"全年执行数{m.group('e')}÷全年预算数{m.group('b')}＝{format_fixed(e[0] / b[0] * HUNDRED)}%",
            " ".join(m.group(0).split()),
            [par.where_at(at - start)],
            keys=["flat-execution-rate", str(at)],
        )


def _funds_row_score(std: StdTable, project: str) -> Iterable[Hit]:
    """A 资金 row that carries the 预算执行 score itself (Yunnan/Anhui: 全年执行数 | 分值 | 执行率 | 得分;
    Sichuan: 预算执行率 | 权重 | 得分): its 得分 is the 分值 times the 执行率 (at most 1)."""
    for row in std.extra.get("funds") or []:
        weight, score = _named(row, "分值", "权重"), _named(row, "得分")
        rate = _named(row, "执行率", "预算执行率")
        if weight is None or score is None:
            continue
        w, sc = _dec(weight.text), _dec(score.text)
        if w is None or sc is None:
            continue
        places = max(sc[1], 1)
        if rate is not None:
            r = _pct_of(rate.text)
            if r is None or "%" not in rate.text:
                continue
            rate_value, rate_text = r[0] / HUNDRED, rate.text
        else:
            # no 执行率 column: the form's own 得分计算方法 (“执行率*该指标分值”) gives the rate as the
            # 全年执行数 over the 预算数 of the row (全年预算数, else the 年初预算数 it has)
            budget = _named(row, "全年预算数", "调整后预算数", "年初预算数")
            executed = _named(row, "全年执行数", "预算执行数")
            if not std.extra.get("rate_times_weight") or budget is None or executed is None:
                continue
            b, e = _dec(budget.text, 2), _dec(executed.text, 2)
            if b is None or e is None or b[0] <= 0:
                continue
            rate_value = e[0] / b[0]
            rate_text = f"{format_fixed(rate_value * HUNDRED)}%（{executed.text}÷{budget.text}）"
            places = max(places, 2)
        expected = w[0] * min(rate_value, Decimal(1))
        if not around(expected, 6).intersects(around(sc[0], sc[1])):
            yield Hit(
                f"自评表{quoted(project)}{row['label']}得分",
                score.text,
                f"按分值{weight.text}×执行率{rate_text}应为{format_fixed(expected, places)}分",
                cell_quote(row["cells"]),
                [score.where],
                keys=[project, row["label"], "funds-score"],
            )


# a 部门整体绩效自评表 whose indicator rows run together (OCR text of 指标名称 | 计量单位 | 指标性质 |
# 年初指标值 | 调整指标值 | 完成值 | 得分系数(%) | 指标权重 | 指标得分):
# “政府采购执行率%100%72.74%100%22是”. An indicator named a 执行率 or 完成率 is a floor to reach (not a
# ceiling like 控制率, 调整率, 结余率), so its 得分系数 is the 完成值 over the target, at most 100%.
_COEFFICIENT_HEADER = re.compile(r"得分系数")
_RUN_TOGETHER_ROW = re.compile(
    r"(?P<name>[\u4e00-\u9fff]{2,12}?(?:执行率|完成率))[%％](?:定量指标)?"
    r"(?P<target>\d+(?:\.\d+)?)[%％](?P<actual>\d+(?:\.\d+)?)[%％](?P<coef>\d+(?:\.\d+)?)[%％]"
)


def _run_together_coefficients(ctx: Context) -> Iterable[Hit]:
    """A floor indicator of a 自评表 run together into text scored in full (得分系数 100%) though its 完成值
    falls short of its target: the coefficient is 完成值 ÷ 目标值 (a coefficient short of 100% may follow a
    scoring rule of steps, so only the full one is checked)."""
    if ctx.doc is None or not any(_COEFFICIENT_HEADER.search(simplified(p.text)) for p in ctx.doc.paragraphs):
        return
    for par in ctx.doc.paragraphs:
        norm, idx = normalise(simplified(par.text))
        for m in _RUN_TOGETHER_ROW.finditer(norm):
            target, actual, coef = (Decimal(m.group(g)) for g in ("target", "actual", "coef"))
            if coef < HUNDRED or actual >= target:
                continue
            # the 是否核心指标 cell of the row before runs into the name (“…22否政府采购执行率”)
            name = m.group("name")
            cut = len(name) - len(name.lstrip("是否")) if len(name) > 4 else 0
            start = idx[m.start() + cut]
            yield Hit(
                f"自评表{quoted(name[cut:])}得分系数",
                m.group("coef") + "%",
                f"完成值{m.group('actual')}%未达到目标值{m.group('target')}%，"
                f"按完成值÷目标值应为{format_fixed(actual / target * HUNDRED, 2)}%，不应按满分计",
                par.text[start : idx[m.end() - 1] + 1],
                [par.where_at(start)],
                severity="warning",
                keys=["run-together-coefficient", name[cut:], str(m.start())],
            )


@audit_rule("A061")
def evaluation_score_rule(ctx: Context) -> Iterable[Hit]:
    yield from _run_together_coefficients(ctx)
    for std in ctx.tables_of("perf_eval"):
        project = std.extra.get("project") or std.title
        yield from _funds_row_score(std, project)
        funds = _funds(std)
        scores = [i["score"].text.strip() for i in std.extra.get("indicators") or []]
        whole_points = bool(scores) and all(is_number(x) and "." not in x for x in scores)
        for ind in std.extra.get("indicators") or []:
            w, s = _dec(ind["weight"].text), _dec(ind["score"].text)
            if w is None or s is None:
                continue
            quote = "｜".join(
                (ind["name"], ind["target"].text, ind["actual"].text, ind["weight"].text, ind["score"].text)
            )
            if s[0] > w[0]:
                yield Hit(
                    f"自评表{quoted(project)}{quoted(ind['name'])}得分",
                    ind["score"].text,
                    f"得分不应超过分值{ind['weight'].text}",
                    quote,
                    [ind["score"].where],
                    keys=[project, ind["name"], "over"],
                )
                continue
            expected = None
            severity: Severity | None = None
            if ind["execution"] and funds is not None and funds[0] > 0:
                bv, _bd, ev, _ed, _ = funds
                rate = min(ev / bv, Decimal(1))
                expected = w[0] * rate
                basis = f"分值{ind['weight'].text}×执行率{format_fixed(ev / bv * HUNDRED)}%"
            else:
                t, a = _pct_of(ind["target"].text), _pct_of(ind["actual"].text)
                in_percent = all(any(m in ind[k].text for m in "%％") for k in ("target", "actual"))
                in_percent = in_percent or ind.get("unit") in ("%", "％")  # a 度量单位 column
                if t and a and t[0] > 0 and in_percent:
                    expected = w[0] * min(a[0] / t[0], Decimal(1))
                    basis = f"分值{ind['weight'].text}×实际值{ind['actual'].text}÷目标值{ind['target'].text}"
                    severity = "warning"
            if expected is None:
                continue
            if severity == "warning" and whole_points and s[0] <= expected < s[0] + 1:
                continue  # a form scoring in whole points: 98% of the target's 10 points kept as 9
            if not around(expected, 6).intersects(around(s[0], s[1])):
                yield Hit(
                    f"自评表{quoted(project)}{quoted(ind['name'])}得分",
                    ind["score"].text,
                    f"按{basis}应为{format_fixed(expected, max(s[1], 1))}分",
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
        # scores are printed to the table's precision with trailing zeros dropped (“20” beside “9.8” is
        # 20.0): each stands for ± half a unit of the finest precision the table shows, not of its own
        places = max([tot[1], *(x[1] for x in scores)])  # type: ignore[index]
        envelope = half_unit(places) * (len(scores) + 1)
        if abs(tot[0] - s) > envelope:
            yield Hit(
                f"自评表{quoted(project)}总分",
                total["score"].text,
                f"各项得分之和为{format_fixed(s, 2)}分",
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
        total = None if std is None else std.extra.get("total")
        if std is None or not total:
            continue
        tot = _dec(total["score"].text)
        if tot is None:
            continue
        if not around(score.value.value, score.value.decimals).intersects(around(tot[0], tot[1])):
            yield Hit(
                f"{quoted(std.extra['project'])}绩效自评得分",
                score.value.raw,
                f"所附自评表总分为{total['score'].text}分（{total['score'].where.describe()}）",
                quote_of(score.sentence, score.value),
                [score.sentence.where, total["score"].where],
                keys=[std.extra["project"], "text-score"],
            )


def _cut_with_the_text(ctx: Context, std: StdTable) -> bool:
    """Whether the text ends inside the table, before any 合计 row: a page cut there, whose last row may be
    cut too and whose rows after it are missing (“… | 满意度 | ≥ | 95 | % | 95 | 10.00 |” and no more)."""
    if std.extra.get("total") or ctx.doc is None:
        return False
    last = max((c.where.line or 0 for row in std.table.rows for c in row), default=0)
    # the page's attachment list under the report (“附件：”, “1.2020年部门决算公开表.xls”) is not the report
    # going on after the table
    after = [p for p in ctx.doc.paragraphs if (p.where.line or 0) > last and not attachment_line(p.text)]
    return not after and not any(t is not std.table and (t.where.line or 0) > last for t in ctx.doc.tables)


@audit_rule("A064")
def evaluation_weights(ctx: Context) -> Iterable[Hit]:
    for std in ctx.tables_of("perf_eval"):
        inds = std.extra.get("indicators") or []
        weights = [w for i in inds if (w := _dec(i["weight"].text)) is not None]
        if not inds or len(weights) < len(inds) or _cut_with_the_text(ctx, std):
            continue
        s = sum((w[0] for w in weights), ZERO)
        if not any(i["execution"] for i in inds):
            # the 预算执行 分值 stands in the 资金 rows (年度资金总额 | … | 分值 10; Sichuan's 总额 | … | 权重
            # 10); a form without them is the rest of one whose head is on another page: not summed
            head = _head_funds_row(std)
            cell = _named(head, "分值", "权重") if head is not None else None
            fund_weight = _dec(cell.text) if cell is not None else None
            if fund_weight is None:
                continue
            s += fund_weight[0]
        total = std.extra.get("total")
        total_weight = _dec(total["weight"].text) if total else None
        target = total_weight[0] if total_weight else HUNDRED
        if s != target:
            project = std.extra.get("project") or std.title
            yield Hit(
                f"自评表{quoted(project)}各项分值",
                f"合计{format_fixed(s, 1)}分",
                f"应为{format_fixed(target, 0)}分",
                f"{len(inds)}项指标",
                [inds[0]["weight"].where],
                keys=[project, "weights"],
            )
