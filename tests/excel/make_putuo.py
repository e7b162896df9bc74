"""Build tests/fixtures/putuo-caizhengju-2024.xlsx: the tables of 上海市普陀区财政局 2024年度部门决算
(shared/corpus/shanghai-putuo-2024/putuo-caizhengju-2024.pdf) typed into the blank mof template workbook.

Every figure below was typed from the PDF's text (``pdftotext -layout``; the 基本支出 table was read from the
page image, whose text layer interleaves the two panels). The printed totals are typed as printed — the 决算
software rounds every level from 元, so several differ by 0.01–0.02 from the sum of their rows; juesuan keeps
them as printed totals and reports the 尾差. Prior-year figures are the PDF's “与2023年度相比” statements
turned back into last year's totals (this year − change). Run: ``.venv/bin/python tests/excel/make_putuo.py``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from openpyxl import load_workbook

from juesuan.excel.template import write_template

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "putuo-caizhengju-2024.xlsx"
ORG = "上海市普陀区财政局"

T1_LEFT = {"一、一般公共预算财政拨款收入": "2,940.05", "八、其他收入": "6.20", "本年收入合计": "2,946.25",
           "年初结转和结余": "49.14", "总计": "2,995.39"}  # fmt: skip
T1_RIGHT = {"一、一般公共服务支出": "2,106.66", "八、社会保障和就业支出": "326.71", "九、卫生健康支出": "60.99",  # noqa: E501
            "十九、住房保障支出": "445.69", "本年支出合计": "2,940.05", "年末结转和结余": "55.34",
            "总计": "2,995.39"}  # fmt: skip
NAMES = {
    "201": "一般公共服务支出", "20106": "财政事务", "2010601": "行政运行", "2010602": "一般行政管理事务",
    "2010607": "信息化建设", "2010608": "财政委托业务支出", "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出", "2080501": "行政单位离退休", "2080505": "机关事业单位基本养老保险缴费支出",  # noqa: E501
    "2080506": "机关事业单位职业年金缴费支出", "2080599": "其他行政事业单位养老支出", "210": "卫生健康支出",
    "21011": "行政事业单位医疗", "2101101": "行政单位医疗", "221": "住房保障支出", "22102": "住房改革支出",
    "2210201": "住房公积金", "2210203": "购房补贴",
}  # fmt: skip
# 收入决算表: 本年收入合计, 财政拨款收入, 其他收入
T2 = [("合计", 2946.25, 2940.05, 6.20), ("201", 2112.86, 2106.66, 6.20), ("20106", 2112.86, 2106.66, 6.20),
      ("2010601", 1511.90, 1511.89, 0.01), ("2010602", 16.19, 10.00, 6.19), ("2010607", 135.25, 135.25, None),
      ("2010608", 449.52, 449.52, None), ("208", 326.72, 326.72, None), ("20805", 326.72, 326.72, None),
      ("2080501", 84.65, 84.65, None), ("2080505", 160.75, 160.75, None), ("2080506", 80.38, 80.38, None),
      ("2080599", 0.94, 0.94, None), ("210", 60.99, 60.99, None), ("21011", 60.99, 60.99, None),
      ("2101101", 60.99, 60.99, None), ("221", 445.69, 445.69, None), ("22102", 445.69, 445.69, None),
      ("2210201", 187.19, 187.19, None), ("2210203", 258.50, 258.50, None)]  # fmt: skip
# 支出决算表 and 一般公共预算财政拨款支出决算表: 合计, 基本支出, 项目支出
T3 = [("合计", 2940.05, 2336.91, 603.14), ("201", 2106.66, 1503.52, 603.14), ("20106", 2106.66, 1503.52, 603.14),  # noqa: E501
      ("2010601", 1511.89, 1503.52, 8.37), ("2010602", 10.00, None, 10.00), ("2010607", 135.25, None, 135.25),
      ("2010608", 449.52, None, 449.52), ("208", 326.72, 326.72, None), ("20805", 326.72, 326.72, None),
      ("2080501", 84.65, 84.65, None), ("2080505", 160.75, 160.75, None), ("2080506", 80.38, 80.38, None),
      ("2080599", 0.94, 0.94, None), ("210", 60.99, 60.99, None), ("21011", 60.99, 60.99, None),
      ("2101101", 60.99, 60.99, None), ("221", 445.69, 445.69, None), ("22102", 445.69, 445.69, None),
      ("2210201", 187.19, 187.19, None), ("2210203", 258.50, 258.50, None)]  # fmt: skip
T4_LEFT = {"一、一般公共预算财政拨款": 2940.05, "本年收入合计": 2940.05, "年初财政拨款结转和结余": 21.63,
           "总计": 2961.68}  # fmt: skip
T4_OPENING_GENERAL = 21.63  # the second “一、一般公共预算财政拨款” row (under 年初财政拨款结转和结余)
T4_RIGHT = {"一、一般公共服务支出": (2106.66, 2106.66), "八、社会保障和就业支出": (326.71, 326.71),
            "九、卫生健康支出": (60.99, 60.99), "十九、住房保障支出": (445.69, 445.69),
            "本年支出合计": (2940.05, 2940.05), "年末财政拨款结转和结余": (21.63, 21.63),
            "总计": (2961.68, 2961.68)}  # fmt: skip
T6 = {"301": 2082.85, "30101": 262.33, "30102": 1238.58, "30108": 160.75, "30109": 80.38, "30110": 60.99,
      "30112": 1.61, "30113": 187.19, "30199": 91.03, "303": 69.41, "30302": 69.10, "30309": 0.31,
      "302": 171.07, "30201": 21.21, "30202": 7.61, "30204": 0.09, "30207": 4.88, "30211": 1.20,
      "30213": 2.83, "30216": 4.05, "30226": 2.01, "30228": 24.42, "30229": 42.77, "30239": 48.49,
      "30299": 11.53, "310": 13.58, "31002": 13.58}  # fmt: skip
T6_FOOTERS = {"人员经费合计": 2152.26, "公用经费合计": 184.65}
T7 = [0.95, None, None, None, None, None, None, None, None, None, 0.95, None]  # 预算数/决算数 pairs
# 第三部分 五（三）: 年初预算 and the explanations of each 项
ITEMS = [
    ("2010601", 1560.05, "局本部人员经费及公用经费等的基本支出", "人员进出及退休变化，减少人员经费开支"),
    ("2010602", 10.00, "局财政业务指导与宣传等基本支出", None),
    ("2010607", 135.90, "信息化系统日常维护费等支出", "因产业政策扶持资金管理系统项目进度，调减相关经费"),
    (
        "2010608",
        450.52,
        "委托中介机构开展各类审计及绩效评价工作",
        "因个别项目评审费未能实施或未来得及支付完毕，于明年重新申请",
    ),
    ("2080501", 85.55, "退休人员经费支出", "预算按充分保障预估，实际执行基本贴合预期"),
    ("2080505", 161.62, "在职人员的基本养老保险支出", "预算按充分保障预估，实际执行基本贴合预期"),
    ("2080506", 80.81, "在职人员的职业年金缴费支出", "预算按周全保障测算，实际执行基本贴合预期"),
    ("2080599", 0.94, "退休人员经费支出", None),
    ("2101101", 62.29, "在职人员基本医疗保险费", "预算按周全保障测算，实际执行基本贴合预期"),
    ("2210201", 187.75, "缴纳在职人员住房公积金", "预算按周全保障测算，实际执行基本贴合预期"),
    ("2210203", 258.50, "缴纳在职人员住房购房补贴", None),
]
REASON = "基本支出中人员进出及退休变化，以及项目支出中合同支付进度条款等原因减少支付"
TEXT = {
    "department.name": ORG,
    "department.year": 2024,
    "department.profile": "mof",
    "department.duties": "上海市普陀区财政局是主管全区财政工作的区政府工作部门，为正处级。主要职责是：贯彻执行国家和本市有关财政工作的法律、法规、规章和方针、政策；承担政府各项财政收支管理的责任；负责编制年度财政预决算并组织执行；负责本区会计管理工作；拟订和组织实施本区国库管理制度；负责政府投资项目资金管理；完成区委、区政府交办的其他任务。",  # noqa: E501
    "department.organisation.included_units": "上海市普陀区财政局财政所（预算不单列，并入本级）\n上海市普陀区国库收付中心（预算不单列，并入本级）",  # noqa: E501
    "completion_basis": "initial",
    "explanations.total_change": REASON,
    "explanations.fiscal_total_change": REASON,
    "explanations.general_budget_change": REASON,
    "explanations.general_budget_variance": "因年度工作计划安排，个别信息化项目和中介机构服务调减",
    "three_public.reasons.budget_variance": "当年度无“三公”经费支出",
    "admin_cost.amount": 184.65,
    "admin_cost.reason": "优化办公环境、提升照明效率，更换了老旧照明设施，导致相关支出略有增加",
    "procurement.goods": 4.79,
    "procurement.works": 0,
    "procurement.services": 246.47,
    "procurement.sme": 246.47,
    "assets.equipment_over_1m": 2,
    "performance.target_projects": 4,
    "performance.monitored_projects": 4,
    # last year = this year − the change the PDF states
    "prior_year.total": 3052.34,  # 2995.39 + 56.95 (减少56.95万元，下降1.87%)
    "prior_year.fiscal_total": 2961.68,  # “与2023年度相比，财政拨款收入支出总计持平”
    "prior_year.general_budget_expenditure": 3003.19,  # 2940.05 + 63.14 (减少63.14万元，下降2.10%)
    "prior_year.three_public.outbound": 0,  # “与2023年度持平”, 0.00
    "prior_year.three_public.vehicle_purchase": 0,
    "prior_year.three_public.vehicle_operation": 0,
    "prior_year.three_public.reception": 0,
    "prior_year.admin_cost": 182.10,  # 184.65 − 2.55 (增加2.55万元，增长1.40%)
}


def _rows(ws):
    return {r: [c.value for c in row] for r, row in enumerate(ws.iter_rows(), 1)}


def _find(ws, text, column=None, after=0):
    for row in ws.iter_rows(min_row=after + 1):
        for cell in row:
            if cell.value == text and (column is None or cell.column == column):
                return cell.row
    raise LookupError(text)


def _list_table(ws, rows, total_bottom=False):
    first = _find(ws, "合计", column=1)
    start = 5 if total_bottom else first + 1  # the 30 empty input rows
    for i, (code, *values) in enumerate(r for r in rows if r[0] != "合计"):
        ws.cell(row=start + i, column=1, value=code)
        ws.cell(row=start + i, column=2, value=NAMES[code])
        for j, value in enumerate(values):
            if value is not None:
                ws.cell(row=start + i, column=3 + j, value=value)
    total = next(r for r in rows if r[0] == "合计")
    for j, value in enumerate(total[1:]):
        if value is not None:
            ws.cell(row=first, column=3 + j, value=value)


def build() -> bytes:
    wb = load_workbook(io.BytesIO(write_template("mof")))
    names = wb.sheetnames
    t1, t2, t3, t4, t5, t6, t7 = (wb[n] for n in names[1:8])
    for label, value in T1_LEFT.items():
        t1.cell(row=_find(t1, label, 1), column=2, value=value)  # typed as text, with thousands separators
    for label, value in T1_RIGHT.items():
        t1.cell(row=_find(t1, label, 3), column=4, value=value)
    # 收入决算表: columns 本年收入合计, 财政拨款收入, 上级补助, 事业, 经营, 附属单位上缴, 其他收入
    _list_table(t2, [(c, total, fiscal, None, None, None, None, other) for c, total, fiscal, other in T2])
    _list_table(t3, T3)
    for label, value in T4_LEFT.items():
        t4.cell(row=_find(t4, label, 1), column=2, value=value)
    opening = _find(t4, "年初财政拨款结转和结余", 1)
    t4.cell(row=_find(t4, "一、一般公共预算财政拨款", 1, after=opening), column=2, value=T4_OPENING_GENERAL)
    for label, (total, general) in T4_RIGHT.items():
        row = _find(t4, label, 3)
        t4.cell(row=row, column=4, value=total)
        t4.cell(row=row, column=5, value=general)
    _list_table(t5, [r for r in T3 if r[0] != "合计"] + [("合计", *T3[0][1:])], total_bottom=True)
    for row in t6.iter_rows(min_row=4):
        for cell in row:
            if cell.column in (1, 4) and cell.value in T6:
                t6.cell(row=cell.row, column=cell.column + 2, value=T6[cell.value])
            if cell.value in T6_FOOTERS:
                t6.cell(row=cell.row, column=cell.column + 2, value=T6_FOOTERS[cell.value])
    data_row = 7  # title, unit line, four header rows
    for j, value in enumerate(T7):
        if value is not None:
            t7.cell(row=data_row, column=1 + j, value=value)
    items = wb["项级科目预算及说明"]
    for i, (code, budget, use, reason) in enumerate(ITEMS, 4):
        items.cell(row=i, column=1, value=code)
        items.cell(row=i, column=2, value=NAMES[code])
        items.cell(row=i, column=3, value=budget)
        items.cell(row=i, column=7, value=use)
        items.cell(row=i, column=8, value=reason)
    text = wb["文字说明"]
    keys = {row[1].value: row[1].row for row in text.iter_rows(min_row=4)}
    extra = max(keys.values()) + 1
    for key, value in TEXT.items():
        row = keys.get(key)
        if row is None:
            row, extra = extra, extra + 1
            text.cell(row=row, column=2, value=key)
        text.cell(row=row, column=3, value=value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


if __name__ == "__main__":
    OUT.write_bytes(build())
    print(f"wrote {OUT}", file=sys.stderr)
