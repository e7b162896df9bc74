"""The figures the auditor read, as a partial dataset in juesuan's YAML format (``docs/dataset.md``).

What maps cleanly is written as data: the department and year, the duties (部门职责 / 主要职能), each 项
from the 收入/支出/一般公共预算 tables (income by source, expenditure by nature, 财政拨款 基本/项目), the
经济分类 detail of the 基本支出 table, balances, the “三公” budget and 决算, 机关运行经费, 政府采购, the
prior-year figures implied by the stated changes, the 绩效自评表 projects. Printed totals go under
``stated`` (keyed by derived-figure key), so ``juesuan check`` compares them with the sums of the detail.
What the report states but the dataset cannot hold without inventing a split (a 项 known only by its
total from the text, say) is listed in YAML comments at the end, for a person to complete.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from juesuan.audit.facts import Amount
from juesuan.audit.read import read_document
from juesuan.audit.rules import Context, resolve_class, resolve_path
from juesuan.audit.stdtables import Num
from juesuan.yamlsource import dump_yaml


def _num(value: Decimal) -> Decimal:
    return value.normalize() if value == value.to_integral() else value


def _duties(ctx: Context) -> str:
    doc = ctx.doc
    assert doc is not None
    pars = doc.paragraphs
    for k, p in enumerate(pars):
        if p.heading is not None and re.search(r"部门职责|主要职能|职能职责", p.heading.title):
            body = []
            for q in pars[k + 1 :]:
                if q.heading is not None and q.heading.level <= p.heading.level:
                    break
                body.append(q.text.strip())
            text = "".join(body).strip()
            if text:
                return text
    return "（未能从公开文本中读出部门职责，请补充）"


def extract(path: str | Path) -> dict:
    """The partial dataset read from a published report; ``_notes`` holds what could not be mapped."""
    doc = read_document(path)
    ctx = Context(str(path), doc)
    year = doc.year or 0
    notes: list[str] = []
    data: dict = {
        "schema_version": 1,
        "unit": "万元",
        "decimals": 2,
        "department": {
            "name": doc.department or Path(path).stem,
            "year": year,
            "profile": "sichuan" if doc.template == "sichuan" else "mof",
            "duties": _duties(ctx),
        },
    }
    items: dict[str, dict] = {}
    max_decimals = 2

    def item(code: str) -> dict:
        return items.setdefault(code, {"code": code})

    def amount(num) -> Decimal:
        nonlocal max_decimals
        max_decimals = max(max_decimals, min(num.decimals, 6))
        return _num(num.value)

    income_keys = {
        "fiscal": "general_budget",
        "superior": "superior_subsidy",
        "business": "business",
        "operating": "operating",
        "affiliated": "affiliated",
        "other": "other",
    }
    nature_keys = {
        "basic": "basic",
        "project": "project",
        "remit": "remit_superior",
        "operating": "operating",
        "subsidy": "affiliated_subsidy",
    }
    stated: dict[str, Decimal] = {}
    for std in ctx.tables:
        if not std.readable or std.empty:
            continue
        if std.kind in ("income", "expenditure"):
            # 项 rows: the columns by source (nature); 类 rows: their printed total, for checking
            columns = income_keys if std.kind == "income" else nature_keys
            for r in std.rows:
                if len(r.code) == 7:
                    values = {columns[k]: amount(v) for k, v in r.values.items() if k in columns and v.value}
                    if values:
                        item(r.code)[std.kind] = values
                elif len(r.code) == 3 and "total" in r.values:
                    stated[f"func.{r.code}.{std.kind}.total"] = amount(r.values["total"])
        elif std.kind == "gpb":
            for r in std.rows:
                if len(r.code) == 7:
                    fis = {k: amount(v) for k, v in r.values.items() if k in ("basic", "project") and v.value}
                    if fis:
                        item(r.code)["fiscal"] = {"general_budget": fis}
                elif len(r.code) == 3 and "total" in r.values:
                    stated[f"func.{r.code}.fiscal.general_budget.expenditure"] = amount(r.values["total"])
        elif std.kind == "gpb_basic":
            econ = [
                {"code": r.code, "basic": amount(r.values["value"])}
                for r in std.rows
                if len(r.code) == 5 and r.values["value"].value
            ]
            if econ:
                data["economic_items"] = econ
    # budgets, and 项 known only from the text
    for _par, path_, key in ctx.facts.item_paragraphs:
        codes, _ = resolve_path(path_, year)
        if not codes or len(codes[-1]) != 7:
            notes.append(f"未能识别科目：{path_.text}")
            continue
        code = codes[-1]
        budgets = [a for a in ctx.facts.amounts if a.key == key and a.role == "budget"]
        actual = next(
            (a for a in ctx.facts.amounts if a.key == key and a.role in ("actual", "current")), None
        )
        if budgets:
            b = budgets[-1]
            item(code)["budget"] = {"initial" if b.budget_kind == "年初" else "adjusted": _num(b.value)}
        if actual is not None and "fiscal" not in item(code):
            stated[f"func.{code}.fiscal.general_budget.expenditure"] = _num(actual.value)
            notes.append(
                f"{code} {path_.text}：支出决算{actual.mention.raw}（{actual.sentence.where.describe()}），"
                "公开文本未列基本支出/项目支出和收入来源，请在 functional_items 中补充"
            )
    for code in sorted(items):
        items[code].setdefault("income", {})
    data["functional_items"] = [items[c] for c in sorted(items)]
    # balances and the summary tables' totals
    tf = ctx.tfacts
    balances = {}
    if "balance.opening" in tf and tf["balance.opening"].value.value:
        balances["opening"] = amount(tf["balance.opening"].value)
    if "balance.closing" in tf and tf["balance.closing"].value.value:
        balances["closing"] = amount(tf["balance.closing"].value)
    if balances:
        data["balances"] = balances
    for text_key, dataset_key in (
        ("income.total", "income.total"),
        ("expenditure.total", "expenditure.total"),
        ("total.all", "total.income"),
        ("total.fiscal", "fiscal.total.income_side"),
        ("gpb.basic>gpb.personnel", "basic.personnel"),
        ("gpb.basic>gpb.public", "basic.public"),
    ):
        if text_key in tf:
            stated.setdefault(dataset_key, amount(tf[text_key].value))
    # “三公”
    tp: dict = {}
    names = {
        "abroad": "outbound",
        "car_purchase": "vehicle_purchase",
        "car_run": "vehicle_operation",
        "reception": "reception",
    }
    budget = {
        names[k.split(".")[1].split("@")[0]]: amount(v.value)
        for k, v in tf.items()
        if k.startswith("sangong.")
        and k.endswith("@budget")
        and k.split(".")[1].split("@")[0] in names
        and v.value.value
    }
    if budget:
        tp["budget"] = budget
    spent: dict[str, Num | Amount] = {
        k.split(".")[1].split("@")[0]: v.value
        for k, v in tf.items()
        if k.startswith("sangong.") and k.endswith("@actual")
    }
    if not spent:
        for key in ("abroad", "car_run", "reception", "domestic", "foreign"):
            a = ctx.facts.first_value(f"sangong.{key}")
            if a is not None:
                spent[key] = a
    if "abroad" in spent and spent["abroad"].value:
        tp["outbound"] = {"amount": _num(spent["abroad"].value)}
    if "car_run" in spent and spent["car_run"].value:
        tp["vehicles"] = {"operation": _num(spent["car_run"].value)}
    domestic = spent.get("domestic") or spent.get("reception")
    if domestic is not None and domestic.value:
        rec: dict[str, Decimal | int] = {"amount": _num(domestic.value)}
        for sent in ctx.facts.sentences:
            m = re.search(r"国内公务接待(\d+)批次[，、](\d+)人次", sent.text)
            if m:
                rec.update({"batches": int(m.group(1)), "persons": int(m.group(2))})
                break
        tp["domestic_reception"] = rec
    if tp:
        data["three_public"] = tp
    # 机关运行经费, 政府采购
    admin = ctx.facts.first_value("admin_cost")
    if admin is not None:
        data["admin_cost"] = {"amount": _num(admin.value)}
    proc = {}
    for key, field in (
        ("goods", "goods"),
        ("works", "works"),
        ("services", "services"),
        ("sme", "sme"),
        ("small", "small_micro"),
    ):
        a = ctx.facts.first_value(f"procurement.{key}")
        if a is not None and a.value:
            proc[field] = _num(a.value)
    if proc:
        data["procurement"] = proc
    # prior year, from the stated changes
    prior: dict = {}
    for ch in ctx.facts.changes:
        if ch.current is None or ch.delta is None or not ch.delta.sign or ch.basis != "prior":
            continue
        value = _num(ch.current.value - ch.delta.sign * ch.delta.value)
        prior_key = {
            "total.all": "total",
            "total.fiscal": "fiscal_total",
            "income.fiscal": "fiscal_income",
            "gpb.expenditure": "general_budget_expenditure",
            "admin_cost": "admin_cost",
        }.get(ch.key)
        if prior_key and prior_key not in prior and value >= 0:
            prior[prior_key] = value
        elif ch.key == "sangong.reception" and value >= 0:
            prior.setdefault("three_public", {})["reception"] = value
    if prior:
        data["prior_year"] = prior
    # 绩效
    projects = []
    for std in ctx.tables_of("perf_eval"):
        e = std.extra
        funds = next((f for f in e.get("funds") or [] if f["label"] == "年度资金总额"), None)
        if not e.get("project") or funds is None or len(funds["cells"]) < 2:
            continue
        try:
            budgeted, executed = Decimal(funds["cells"][0].text), Decimal(funds["cells"][1].text)
        except Exception:
            continue
        inds = []
        level1 = level2 = ""
        for ind in e.get("indicators") or []:
            if ind["execution"]:
                continue
            row = std.table.rows[ind["row"]]
            names_ = [c.text.strip() for c in row if c.text.strip()][:-4]
            if ind["reason"]:
                names_ = names_[:-1] if names_ and names_[-1] == ind["reason"] else names_
            if len(names_) >= 3:
                level1, level2 = names_[0], names_[1]
            elif len(names_) == 2:
                level2 = names_[0]
            try:
                weight = Decimal(ind["weight"].text)
            except Exception:
                continue
            entry = {
                "level1": level1,
                "level2": level2,
                "name": ind["name"],
                "target": ind["target"].text or "—",
                "actual": ind["actual"].text or "—",
                "weight": _num(weight),
            }
            inds.append(entry)
        goals = _goals(std)
        projects.append(
            {
                "name": e["project"],
                "funds": {"budget_fiscal": _num(budgeted), "executed_fiscal": _num(executed)},
                "expected_goal": goals[0],
                "actual_goal": goals[1],
                "indicators": inds,
            }
        )
    perf: dict = {}
    if projects:
        perf["projects"] = projects
    dept_score = next((s for s in ctx.facts.scores if "部门整体" in s.subject), None)
    if dept_score is not None:
        perf["department"] = {"score": _num(dept_score.value.value)}
    if perf:
        data["performance"] = perf
    if stated:
        data["stated"] = {k: stated[k] for k in sorted(stated)}
    data["decimals"] = min(max_decimals, 6)
    data["_notes"] = notes
    return data


def _goals(std) -> tuple[str, str]:
    rows = std.table.rows
    for k, row in enumerate(rows):
        texts = [c.text.strip() for c in row if c.text.strip()]
        if texts and texts[0] == "年度总体目标" and k + 1 < len(rows):
            nxt = [c.text.strip() for c in rows[k + 1] if c.text.strip()]
            if len(nxt) >= 2:
                return nxt[-2], nxt[-1]
            if nxt:
                return nxt[0], nxt[0]
    return "（未读出）", "（未读出）"


def extract_yaml(path: str | Path) -> str:
    """``extract`` as YAML text with a header comment and the unmapped figures as comments."""
    data = extract(path)
    notes = data.pop("_notes")
    head = [
        f"# 由 juesuan extract 从公开文本读出：{path}",
        "# 这是不完整的数据集：只含公开文本能直接对应的数字；stated 下是文本或表中印出的合计数，",
        "# juesuan check 会用明细数核对它们。下面末尾的注释列出未能对应为数据的内容，请补充后再生成报告。",
    ]
    body = dump_yaml(data)
    tail = ["", "# 未能对应为数据的内容："] + [f"# - {n}" for n in notes] if notes else []
    return "\n".join(head) + "\n" + body + ("\n".join(tail) + "\n" if tail else "")


__all__ = ["extract", "extract_yaml", "resolve_class"]
