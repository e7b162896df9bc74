"""Statements that must agree with each other (A014, A024, A025, A054), from excerpts of real published texts
(``tests/corpus/docs/*.txt``, cited by file and line): each defect as published and the passage corrected."""

from __future__ import annotations

from .test_rule_cases import assert_absent, assert_found, audit_lines, findings, line_of

TITLE_F03 = "平潭综合实验区苏澳镇人民政府2016年部门决算"

# f03 l.32–49, shortened to three 类 (amounts and changes as printed where kept)
F03_TOTAL = (
    "五、公共财政拨款支出决算情况 2016年公共财政拨款支出542.14万元，比2015年决算数增加{delta}万元，"
    "上升{pct}%，具体情况如下(按项级科目分类统计)："
)
F03_ITEMS = [
    "（一）一般公共服务支出（科目编号：201）448.80万元，较2015年决算数增加12.41万元，上升2.84%。",
    "1、政府办公厅（室）及相关机构事务（科目编码：20103）413.39万元，其中行政运行（科目编码：2010301）413.39万元，"
    "较2015年决算数增加2.79万元，较2015年决算数上升0.68%。",
    "2、财政事务（科目编码：20106）35.41万元，其中行政运行（科目编码: 2010601）35.41万元，"
    "较2015决算数增加9.62万元。",
    "（二）文化体育与传媒支出（科目编码：207）5.84万元。包括：文化（科目编码：20701）5.84万元，其中行政运行"
    "（科目编码：2070101）5.84万元。较15年决算下降1.81万元，减少24%，主要原因是用于镇文化宣传等项目开支减少。",
    "（三）其他支出（科目编码：229）{unit}。包括其他支出（科目编码：22999）87.50万元，其中其他支出"
    "（科目编码：2299901）87.50万元。较2015年决算数减少35.44万元，减少28.83%。主要原因是：办公相应设备及采购用品减少。",
]


def f03(delta: str = "-24.84", unit: str = "87.50元") -> list[str]:
    pct = "4.38" if delta == "-24.84" else "0.6"
    word = "增加" if not delta.startswith("-") else "减少"
    total = F03_TOTAL.format(delta=delta.lstrip("-"), pct=pct).replace("增加", word, 1)
    if word == "减少":
        total = total.replace("上升", "下降")
    return [TITLE_F03, total, *[s.replace("{unit}", unit) for s in F03_ITEMS]]


def test_unit_slip_of_the_same_item(tmp_path):
    # f03 l.49: “其他支出（科目编码：229）87.50元”, the same item 87.50万元 in the next clause.
    lines = f03()
    assert_found(audit_lines(tmp_path, lines), "A025", "error", "87.50万元", line_of(lines, "87.50元"))


def test_unit_slip_of_the_same_item_right(tmp_path):
    assert_absent(audit_lines(tmp_path, f03(unit="87.50万元")), "A025")


def test_yuan_throughout_is_no_slip(tmp_path):
    # a text in 元 throughout, with a 人均 figure that is genuinely 元
    lines = [
        "某某局2023年度部门决算",
        "2023年度本部门一般公共预算财政拨款支出875000.00元，其中其他支出（科目编码：229）87.50元。",
        "人均公用经费87.50元，其他支出（科目编码：229）87.50元。",
    ]
    assert_absent(audit_lines(tmp_path, lines), "A025")


def test_class_changes_vs_the_total_change(tmp_path):
    # f03 l.32–49: the items' changes add up to 12.41 − 1.81 − 35.44 = −24.84, stated +96.16
    lines = f03(delta="96.16")
    line = line_of(lines, "公共财政拨款支出542.14")
    assert_found(audit_lines(tmp_path, lines), "A014", "error", "－24.84万元", line)


def test_class_changes_vs_the_total_change_right(tmp_path):
    assert_absent(audit_lines(tmp_path, f03(unit="87.50万元")), "A014", ("error", "warning"))


def test_class_changes_of_an_incomplete_enumeration(tmp_path):
    # the items do not add up to the total (a 类 left out): their changes need not either
    lines = [s.replace("542.14", "600.00") for s in f03(delta="96.16")]
    assert not [f for f in findings(audit_lines(tmp_path, lines), "A014") if "增减额合计" in f.message]


# f03 l.18 / f04 l.5 shape: the four balance figures in one sentence
BALANCE = (
    "四、2016年决算收支总体情况2016年本部门年初结转和结余{op}万元，本年收入1085.50万元，本年支出1088.58万元，"
    "事业基金弥补收支差额0万元，结余分配0万元，年末结转和结余{cl}万元。"
)


def test_balance_identity(tmp_path):
    lines = [TITLE_F03, BALANCE.format(op="18.76", cl="25.68")]
    assert_found(audit_lines(tmp_path, lines), "A024", "error", "相差10.00万元", 2)


def test_balance_identity_right(tmp_path):
    assert_absent(audit_lines(tmp_path, [TITLE_F03, BALANCE.format(op="18.76", cl="15.68")]), "A024")


def test_balance_identity_within_rounding(tmp_path):
    lines = [TITLE_F03, BALANCE.format(op="18.76", cl="15.69")]
    assert_found(audit_lines(tmp_path, lines), "A024", "info", "尾差", 2)


# the reference template's shape (“收入总计…其中本年收入…、年初结转和结余…；支出总计…”)
TOTALS = (
    "2023年度收入总计1200.50万元，其中本年收入1000.20万元、年初结转和结余200.30万元；"
    "支出总计{out}万元，其中本年支出950.10万元、年末结转和结余{cl}万元。"
)


def test_balance_identity_of_the_grand_totals(tmp_path):
    lines = ["上海市普陀区某局2023年度部门决算", TOTALS.format(out="1200.50", cl="260.40")]
    assert_found(audit_lines(tmp_path, lines), "A024", "error", "＝250.40万元", 2)
    lines = ["上海市普陀区某局2023年度部门决算", TOTALS.format(out="1210.50", cl="250.40")]
    assert_found(audit_lines(tmp_path, lines), "A024", "error", "两者应相等", 2)


def test_balance_identity_of_the_grand_totals_right(tmp_path):
    lines = ["上海市普陀区某局2023年度部门决算", TOTALS.format(out="1200.50", cl="250.40")]
    assert_absent(audit_lines(tmp_path, lines), "A024")


# p09 l.10–11 (joined): 上级补助收入 described with 事业收入's definition
P09 = [
    "(一)本单位2021年度总收入581.45万元,其中本年收入390.55万元,较2020年度决算数减少175.26万元,下降31%。",
    "2.上级补助收入8.38万元,为事业单位开展业务活动取得的收入。较2020年度决算数减少17.40万元,下降67.5%。",
]


def test_definition_of_another_term(tmp_path):
    assert_found(audit_lines(tmp_path, P09), "A054", "warning", "事业收入", 2)


def test_definition_of_another_term_right(tmp_path):
    own = "为事业单位从主管部门和上级单位取得的非财政补助收入"
    right = P09[1].replace("为事业单位开展业务活动取得的收入", own)
    lines = [P09[0], right]
    assert_absent(audit_lines(tmp_path, lines), "A054")


# g27-05 l.11–15: a glossary in the older wordings (年初结转和结余 as 基本支出结转、项目支出结转…)
G27_05 = [
    "四、名词解释",
    "1、财政拨款收入:指单位本年度从县级财政部门取得的财政拨款。",
    "2、上级补助收入:指事业单位从主管部门和上级单位取得的非财政补助收入。",
    "3、年初结转和结余:指单位上年结转本年使用的基本支出结转、项目支出结转和结余和经营结余。",
    "4、年末结转和结余资金:指本年度或以前年度预算安排、因客观条件发生变化无法按原计划实施,需要延迟到以后年度按有关规定"
    "继续使用的资金。",
]


def _definition_of(lines: list[str], line: int) -> str:
    return lines[line].split(":", 1)[1]


def test_definition_in_an_older_wording_of_another_term(tmp_path):
    # 上级补助收入 given the next entry's definition, in the older wording of 年初结转和结余
    lines = list(G27_05)
    lines[2] = lines[2].replace(_definition_of(lines, 2), _definition_of(lines, 3))
    assert_found(audit_lines(tmp_path, lines), "A054", "warning", "年初结转和结余", 3)


# g18-09 l.26 and l.28: a hospital's 财政拨款收入 defined in its own words, which no catalogue wording fits
G18_09 = [
    "1、一般公共预算财政拨款收入2647万元,与上年同期相比减少1275万元,其中:财政基本补助收入1802万元,较去年同期减少"
    "13万元;财政项目补助收入845万元较去年同期减少1262万元。财政拨款收入是指州财政当年划拨给医院的财政基本补助收入和"
    "财政项目补助收入。",
    "2、医疗业务收入38077.8万元,与上年同期相比增加了2461.67万元,增长率为6.91%。主要原因是医院开展医疗服务使医疗业务"
    "收入增加。医疗业务收入是指{definition}。",
]


def test_two_terms_given_one_definition(tmp_path):
    # 医疗业务收入 given 财政拨款收入's definition: the later of two entries that are the same is reported
    copied = "州财政当年划拨给医院的财政基本补助收入和财政项目补助收入"
    lines = [G18_09[0], G18_09[1].format(definition=copied)]
    assert_found(audit_lines(tmp_path, lines), "A054", "warning", "与“财政拨款收入”的解释相同", 2)


def test_two_terms_given_their_own_definitions(tmp_path):
    lines = [G18_09[0], G18_09[1].format(definition="医院开展医疗服务活动取得的门诊收入和住院收入")]
    assert_absent(audit_lines(tmp_path, lines), "A054")


def test_glossary_in_older_wordings_right(tmp_path):
    assert_absent(audit_lines(tmp_path, G27_05), "A054")


# g5-08 l.18 (in simplified characters): a “三公” item of a few 元 among the paragraph's 万元 figures
G5_08 = (
    "2017年度一般公共预算财政拨款“三公”经费支出预算为12.50万元,支出决算为13.07万元,完成预算104.56%。"
    "其中:因公出国(境)费支出决算为{abroad},公务接待费支出决算为8.61万元。"
)


def test_implausible_yuan_among_wanyuan(tmp_path):
    lines = ["某某医院2017年度部门决算", G5_08.format(abroad="4.46元")]
    assert_found(audit_lines(tmp_path, lines), "A025", "warning", "单位可能应为万元", 2)


def test_implausible_yuan_among_wanyuan_right(tmp_path):
    lines = ["某某医院2017年度部门决算", G5_08.format(abroad="4.46万元"), "全年车均运行维护费支出5.97元。"]
    assert_absent(audit_lines(tmp_path, lines), "A025")
