"""One failing and one passing case per audit rule, on real published passages.

Each case is a short document written to ``tmp_path`` and audited with :func:`audit_path`. The failing case
must produce the rule's finding (rule id, severity, a fragment of the message, the line of its location);
the passing case is the same passage corrected and must not produce it.

Sources (every case says which, and whether the passage was edited):

* SH — 中共上海市普陀区委社会工作部 2024
  (``shared/corpus/shanghai-putuo-2024/putuo-shehuigongzuobu-2024.pdf``), cited as page/line of the PDF
  text. Its tables are written here as tab-separated lines (juesuan's text form, one row per line);
  the “合计” row's empty 科目名称 cell is merged into “合计” as in a Word table.
* GH — 上海市普陀区规划和自然资源局 2024 (``putuo-guihuaziranziyuanju-2024.pdf``), same citation.
* REF — the Sichuan reference report (``shared/seeds/000_4c429ad48011f7fe.txt``), cited by line; the WPS
  ``[bookmark: …]`` residue of a line is dropped. Cases that need its 自评表 read the file itself and are
  skipped when it is absent.
* ``tests/corpus/docs/*.txt`` (= ``shared/corpus/real-texts``), cited by file and line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.audit.run import audit_path

# --- helpers --------------------------------------------------------------------------------------------


def table(title: str, rows: str) -> list[str]:
    """A table as the text reader takes it: its title line, then one tab-separated line per row."""
    return [title, *(r.replace("|", "\t") for r in rows.strip("\n").split("\n"))]


def audit_lines(tmp_path: Path, lines: list[str], name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return audit_path(str(path))


def line_of(lines: list[str], fragment: str) -> int:
    """The 1-based line of the (only) line containing ``fragment``."""
    found = [k + 1 for k, line in enumerate(lines) if fragment in line]
    assert len(found) == 1, (fragment, found)
    return found[0]


def findings(report, rule: str, severity: str | None = None):
    return [f for f in report.findings if f.rule_id == rule and (severity is None or f.severity == severity)]


def assert_found(report, rule: str, severity: str, fragment: str, line: int | None = None, page=None):
    hits = findings(report, rule)
    match = [
        f
        for f in hits
        if f.severity == severity
        and fragment in f.message
        and (line is None or (f.primary is not None and f.primary.line == line))
        and (page is None or (f.primary is not None and f.primary.page == page))
    ]
    assert match, (rule, severity, fragment, line, [(f.severity, f.primary, f.message) for f in hits])
    return match[0]


def assert_absent(report, rule: str, severities: tuple[str, ...] = ("error", "warning", "info")) -> None:
    hits = [f for f in findings(report, rule) if f.severity in severities]
    assert not hits, [(f.severity, f.primary, f.message) for f in hits]


# --- SH: 中共上海市普陀区委社会工作部 2024 (putuo-shehuigongzuobu-2024.pdf) -----------------------------

SH_TITLE = "中共上海市普陀区委社会工作部2024年度部门决算"  # p.1 l.1 (目录 title), “目录” dropped
SH_PART2 = "中共上海市普陀区委社会工作部2024 年度部门决算表"  # p.5 l.1
SH_PART3 = "第三部分中共上海市普陀区委社会工作部2024 年度部门决算情况说明"  # p.17 l.1

# p.12, 表6, verbatim
SH_GPB = """
项目||||
功能分类科目编码|科目名称|合计|基本支出|项目支出
201|一般公共服务支出|264.87|62.63|202.24
20139|社会工作事务|264.87|62.63|202.24
2013901|行政运行|51.32|51.32|
2013950|事业运行|11.31|11.31|
2013999|其他社会工作事务支出|202.24||202.24
208|社会保障和就业支出|10.82|10.82|
20805|行政事业单位养老支出|10.82|10.82|
2080505|机关事业单位基本养老保险缴费支出|6.18|6.18|
2080506|机关事业单位职业年金缴费支出|4.64|4.64|
210|卫生健康支出|2.71|2.71|
21011|行政事业单位医疗|2.71|2.71|
2101101|行政单位医疗|2.22|2.22|
2101102|事业单位医疗|0.49|0.49|
221|住房保障支出|29.42|29.42|
22102|住房改革支出|29.42|29.42|
2210201|住房公积金|17.70|17.70|
2210203|购房补贴|11.72|11.72|
合计|307.82|105.58|202.24
"""

# p.10, 表5, verbatim
SH_FISCAL = """
收入||支出||||
项目|决算数|项目|合计|一般公共预算财政拨款|政府性基金预算财政拨款|国有资本经营预算财政拨款
一、一般公共预算财政拨款|307.82|一、一般公共服务支出|264.87|264.87||
二、政府性基金预算财政拨款||二、外交支出||||
三、国有资本经营预算财政拨款||三、国防支出||||
||四、公共安全支出||||
||五、教育支出||||
||六、科学技术支出||||
||七、文化旅游体育与传媒支出||||
||八、社会保障和就业支出|10.82|10.82||
||九、卫生健康支出|2.71|2.71||
||十、节能环保支出||||
||十一、城乡社区支出||||
||十二、农林水支出||||
||十三、交通运输支出||||
||十四、资源勘探工业信息等支出||||
||十五、商业服务业等支出||||
||十六、金融支出||||
||十七、援助其他地区支出||||
||十八、自然资源海洋气象等支出||||
||十九、住房保障支出|29.42|29.42||
||二十、粮油物资储备支出||||
||二十一、国有资本经营预算支出||||
||二十二、灾害防治及应急管理支出||||
||二十三、其他支出||||
||二十四、债务还本支出||||
||二十五、债务付息支出||||
||二十六、抗疫特别国债安排的支出||||
本年收入合计|307.82|本年支出合计|307.82|307.82||
年初财政拨款结转和结余||年末财政拨款结转和结余||||
一、一般公共预算财政拨款||||||
二、政府性基金预算财政拨款||||||
三、国有资本经营预算财政拨款||||||
总计|307.82|总计|307.82|307.82||
"""

SH_BASIC_HEADER = "经济分类科目编码|科目名称|决算数|经济分类科目编码|科目名称|决算数"
# p.13, 表7, verbatim
SH_BASIC = f"""
{SH_BASIC_HEADER}
301|工资福利支出|95.36|302|商品和服务支出|10.23
30101|基本工资|14.12|30201|办公费|3.78
30102|津贴补贴|39.72|30202|印刷费|0.00
30103|奖金|0.00|30203|咨询费|0.00
30106|伙食补助费|0.00|30204|手续费|0.00
30107|绩效工资|10.16|30205|水费|0.00
30108|机关事业单位基本养老保险缴费|6.18|30206|电费|0.00
30109|职业年金缴费|4.64|30207|邮电费|0.00
30110|职工基本医疗保险缴费|2.71|30208|取暖费|0.00
30111|公务员医疗补助缴费|0.00|30209|物业管理费|0.00
30112|其他社会保障缴费|0.09|30211|差旅费|1.15
30113|住房公积金|17.70|30212|因公出国（境）费用|0.00
30114|医疗费|0.00|30213|维修（护）费|0.02
30199|其他工资福利支出|0.04|30214|租赁费|0.00
303|对个人和家庭的补助|0.00|30215|会议费|0.00
30301|离休费|0.00|30216|培训费|0.00
30302|退休费|0.00|30217|公务接待费|0.00
30303|退职（役）费|0.00|30218|专用材料费|0.00
30304|抚恤金|0.00|30224|被装购置费|0.00
30305|生活补助|0.00|30225|专用燃料费|0.00
30306|救济费|0.00|30226|劳务费|0.68
30307|医疗费补助|0.00|30227|委托业务费|0.48
30308|助学金|0.00|30228|工会经费|0.00
30309|奖励金|0.00|30229|福利费|1.48
30310|个人农业生产补贴|0.00|30231|公务用车运行维护费|0.00
30311|代缴社会保险费|0.00|30239|其他交通费用|2.43
30399|其他对个人和家庭的补助|0.00|30240|税金及附加费用|0.00
|||30299|其他商品和服务支出|0.20
|||310|资本性支出|0.00
|||31001|房屋建筑物购建|0.00
|||31002|办公设备购置|0.00
|||31003|专用设备购置|0.00
|||31007|信息网络及软件购置更新|0.00
|||31013|公务用车购置|0.00
|||31019|其他交通工具购置|0.00
|||31021|文物和陈列品购置|0.00
|||31022|无形资产购置|0.00
|||31099|其他资本性支出|0.00
人员经费合计||95.36|公用经费合计||10.23
"""

# p.14, 表8, verbatim: the header only, “本表无数据”
SH_SANGONG = """
财政拨款“三公”经费|||||||||||
||||公务用车购置及运行维护费|||||||
合计|因公出国（境）费||小计||公务用车购置费||公务用车运行维护费||公务接待费|
预算数|决算数|预算数|决算数|预算数|决算数|预算数|决算数|预算数|决算数|预算数|决算数
"""
# p.14 l.4, verbatim
SH_SANGONG_NOTE = "说明：中共上海市普陀区委社会工作部本年度没有财政拨款“三公”经费支出，故本表无数据。"

# p.20 l.10, verbatim (the 公用经费 list names 邮电费, which is 0.00 in 表7: a real error)
SH_BASIC_TEXT = (
    "一般公共预算财政拨款基本支出105.58 万元。其中：人员经费95.36 万元，主要包括：基本工资、津贴补贴、"
    "绩效工资、机关事业单位基本养老保险缴费、职业年金缴费、职工基本医疗保险缴费、其他社会保障缴费、"
    "住房公积金、其他工资福利支出；公用经费10.23万元，主要包括：办公费、邮电费、差旅费、维修（护）费、"
    "劳务费、委托业务费、福利费、其他交通费用、其他商品和服务支出。"
)


def sh_tables(gpb: str = SH_GPB, fiscal: str | None = None, basic: str | None = None) -> list[str]:
    lines = [SH_TITLE, SH_PART2]
    if fiscal is not None:
        lines += table("财政拨款收入支出决算总表", fiscal)
    lines += table("一般公共预算财政拨款支出决算表", gpb)
    if basic is not None:
        lines += table("一般公共预算财政拨款基本支出决算表", basic)
    return lines


def sh_text(heading: str, *passage: str) -> list[str]:
    return [SH_TITLE, SH_PART3, heading, *passage]


# --- A006 table not read --------------------------------------------------------------------------------


def test_a006_table_with_header_only_is_reported(tmp_path):
    # SH p.13 表7: its title and column header only, the body lost (as when the table is an image). Edited.
    lines = [SH_TITLE, SH_PART2, *table("一般公共预算财政拨款基本支出决算表", SH_BASIC_HEADER)]
    report = audit_lines(tmp_path, lines)
    f = assert_found(report, "A006", "warning", "未能识别出行和数据", line=line_of(lines, "基本支出决算表"))
    assert "一般公共预算财政拨款基本支出决算表" in f.message


def test_a006_a_table_the_page_cuts_short_is_a_note(tmp_path):
    # g22-05 lines 29–51 (verbatim): the last table of a page that stops inside it, one cell a line, is cut,
    # not unreadable
    text = corpus_lines("g22-05.txt")[28:51]
    f = assert_found(audit_lines(tmp_path, text), "A006", "info", "未能识别出行和数据")
    assert "文本在句中中断" in f.message


def test_a006_complete_table_and_table_without_data_are_not_reported(tmp_path):
    # SH p.13 表7 complete, and p.14 表8 (“三公”: header only, 本表无数据 by design), verbatim.
    lines = [
        SH_TITLE,
        SH_PART2,
        *table("一般公共预算财政拨款基本支出决算表", SH_BASIC),
        *table("财政拨款“三公”经费支出决算表", SH_SANGONG),
        SH_SANGONG_NOTE,
    ]
    assert_absent(audit_lines(tmp_path, lines), "A006")


# --- A030 identity within a table ---------------------------------------------------------------------


def test_a030_row_total_differs_from_basic_plus_project(tmp_path):
    # SH p.12 表6, edited: 2013901 行政运行 合计 51.32 → 51.23 (digits transposed), 基本支出 left 51.32.
    gpb = SH_GPB.replace("2013901|行政运行|51.32|", "2013901|行政运行|51.23|")
    lines = sh_tables(gpb)
    report = audit_lines(tmp_path, lines)
    assert_found(
        report,
        "A030",
        "error",
        "“2013901 行政运行”合计：51.23，基本支出＋项目支出＝51.32",
        line_of(lines, "2013901"),
    )


def test_a030_published_table_is_consistent(tmp_path):
    # SH p.12 表6 verbatim: every row's 合计 = 基本支出 + 项目支出.
    assert_absent(audit_lines(tmp_path, sh_tables()), "A030")


# --- A031 hierarchy ---------------------------------------------------------------------------------------


def test_a031_kuan_differs_from_its_xiang(tmp_path):
    # SH p.12 表6, edited: 2013950 事业运行 11.31 → 13.11 in both columns (the row still adds up); its 款
    # 20139 社会工作事务 stays 264.87 while 51.32 + 13.11 + 202.24 = 266.67.
    gpb = SH_GPB.replace("2013950|事业运行|11.31|11.31|", "2013950|事业运行|13.11|13.11|")
    lines = sh_tables(gpb)
    report = audit_lines(tmp_path, lines)
    at = line_of(lines, "20139\t")
    assert_found(report, "A031", "error", "20139 社会工作事务（合计）：264.87，所属项之和＝266.67", at)
    assert_found(report, "A031", "error", "20139 社会工作事务（基本支出）：62.63，所属项之和＝64.43", at)
    assert_absent(report, "A030")  # each row is consistent in itself


def test_a031_published_hierarchy_adds_up(tmp_path):
    # SH p.12 表6 verbatim: 类 = Σ款, 款 = Σ项, 合计 = Σ类.
    assert_absent(audit_lines(tmp_path, sh_tables()), "A031")


# --- A032 between tables -----------------------------------------------------------------------------------


def test_a032_gpb_table_differs_from_fiscal_summary(tmp_path):
    # SH p.10 表5 verbatim + p.12 表6 edited consistently within itself (as if from another draft):
    # 2210203 购房补贴 11.72 → 11.27, so 22102/221 29.42 → 28.97 and 合计 307.82 → 307.37, 基本 105.13.
    gpb = (
        SH_GPB.replace("2210203|购房补贴|11.72|11.72|", "2210203|购房补贴|11.27|11.27|")
        .replace("22102|住房改革支出|29.42|29.42|", "22102|住房改革支出|28.97|28.97|")
        .replace("221|住房保障支出|29.42|29.42|", "221|住房保障支出|28.97|28.97|")
        .replace("合计|307.82|105.58|202.24", "合计|307.37|105.13|202.24")
    )
    lines = sh_tables(gpb, fiscal=SH_FISCAL)
    report = audit_lines(tmp_path, lines)
    assert_absent(report, "A030", ("error",))
    assert_absent(report, "A031", ("error",))
    assert_found(report, "A032", "error", "“住房保障支出”：29.42", line_of(lines, "十九、住房保障支出"))
    assert_found(report, "A032", "error", "一般公共预算财政拨款支出：307.82", line_of(lines, "本年收入合计"))


def test_a032_published_tables_agree(tmp_path):
    # SH p.10 表5 and p.12 表6 verbatim.
    assert_absent(audit_lines(tmp_path, sh_tables(fiscal=SH_FISCAL)), "A032")


# --- A070 items of the basic expenditure named in the text --------------------------------------------------


def sh_basic_doc(text: str) -> list[str]:
    return [
        *sh_tables(basic=SH_BASIC),
        SH_PART3,
        "六、一般公共预算财政拨款基本支出决算情况说明",  # p.20 l.9
        text,
    ]


def test_a070_listed_item_is_zero_in_the_table(tmp_path):
    # SH p.20 l.10 and p.13 表7, verbatim: a real error — 邮电费 is listed, 30207 邮电费 is 0.00.
    lines = sh_basic_doc(SH_BASIC_TEXT)
    report = audit_lines(tmp_path, lines)
    f = assert_found(report, "A070", "warning", "列出了“邮电费”", line_of(lines, "主要包括"))
    assert "30207" in f.message and "0.00" in f.message
    assert len(findings(report, "A070", "warning")) == 1


def test_a070_list_matching_the_table(tmp_path):
    # SH p.20 l.10 corrected (“邮电费、” removed); p.13 表7 verbatim.
    lines = sh_basic_doc(SH_BASIC_TEXT.replace("邮电费、", ""))
    assert_absent(audit_lines(tmp_path, lines), "A070")


# --- A018 growth on a zero base ----------------------------------------------------------------------------

SH_TOTAL = (  # p.17 l.5, verbatim: the department was set up in 2024, yet “增长100.00%”
    "中共上海市普陀区委社会工作部2024 年度收入支出总计307.82万元。与2023 年度相比，"
    "收入支出总计增加307.82 万元，增长100.00%。主要原因：单位于2024 年成立。"
)


def test_a018_growth_rate_on_zero_base(tmp_path):
    lines = sh_text("一、收入支出决算总体情况说明", SH_TOTAL)
    report = audit_lines(tmp_path, lines)
    assert_found(
        report, "A018", "warning", "上年为0（本年307.82万元、增加307.82万元）", line_of(lines, "增长100")
    )


def test_a018_new_spending_stated_as_new_and_doubling_on_a_real_base(tmp_path):
    # p.17 l.5 corrected as the rule's hint says (“新增”, no rate); and p.21 l.18 edited to a real base
    # (本年20.46 = 上年10.23 + 增加10.23: a 100.00% growth that is correct).
    total = SH_TOTAL.replace("收入支出总计增加307.82 万元，增长100.00%", "收入支出总计新增307.82 万元")
    running = "机关运行经费支出20.46 万元，比2023 年度增加10.23 万元，增长100.00%。"
    lines = [*sh_text("一、收入支出决算总体情况说明", total), "（一）机关运行经费支出情况", running]
    assert_absent(audit_lines(tmp_path, lines), "A018")


def test_a018_a_small_real_base_printed_beside_its_figures_is_not_zero(tmp_path):
    # juesuan's own report (Hypothesis): 0.02 up by 0.01 from a prior 0.01, both to the 分: the difference
    # printed to the same decimals is a prior figure, not 0, although it is within their rounding of 0
    line = "2024年度收入、支出总计均为0.02万元。与2023年度相比，收入、支出总计各增加0.01万元，增长100.00%。"
    lines = sh_text("一、收入支出决算总体情况说明", line)
    assert_absent(audit_lines(tmp_path, lines), "A018")
    # a figure to the 角 beside a change to the 分 can still leave nothing for the prior year
    mixed = "2024年度收入、支出总计均为15.3万元。与2023年度相比，收入、支出总计各增加15.28万元，增长100.00%。"
    lines = sh_text("一、收入支出决算总体情况说明", mixed)
    assert_found(audit_lines(tmp_path, lines), "A018", "warning", "上年为0", line_of(lines, "增长100"))


# --- A023 percent sign missing -----------------------------------------------------------------------------

GH_GPB = (  # GH p.21 l.2, verbatim: “增长13.95。” without “%” (1193.20 / 8553.30 = 13.95%)
    "一般公共预算财政拨款支出9746.50 万元，占本年支出合计的99.86%。与2023 年度相比，一般公共预算财政拨款"
    "支出增加1193.20 万元，增长13.95。主要原因：项目支出增加，较上一度增加1133.95 万元，主要由于上海市"
    "普陀区自然资源确权登记事务中心办公大楼装修等。"
)
GH_TITLE = "上海市普陀区规划和自然资源局2024年度部门决算"


def gh_doc(*passage: str) -> list[str]:
    return [
        GH_TITLE,
        "第三部分上海市普陀区规划和自然资源局2024 年度部门决算情况说明",
        "五、一般公共预算财政拨款支出决算情况说明",
        *passage,
    ]


def test_a023_rate_without_percent_sign(tmp_path):
    lines = gh_doc(GH_GPB)
    report = audit_lines(tmp_path, lines)
    assert_found(report, "A023", "warning", "“增长13.95”没有百分号", line_of(lines, "增长13.95"))


def test_a023_rate_with_percent_sign(tmp_path):
    lines = gh_doc(GH_GPB.replace("增长13.95。", "增长13.95%。"))
    assert_absent(audit_lines(tmp_path, lines), "A023")


# --- A051 classification name unknown ----------------------------------------------------------------------

GH_HOUSING = (  # GH p.24 l.5, verbatim: the 款 of 2210201 is 住房改革支出, not “住房保障支出”
    "12、住房保障支出（类）住房保障支出（款）住房公积金（项）。主要用于：行政单位、事业单位住房公积金"
    "支出。年初预算为289.59 万元，支出决算为289.59 万元，完成年初预算的100.00%。决算数同预算数持平。"
)


def test_a051_kuan_name_not_in_the_classification(tmp_path):
    lines = gh_doc("（三）一般公共预算财政拨款支出决算具体情况", GH_HOUSING)
    report = audit_lines(tmp_path, lines)
    assert_found(report, "A051", "warning", "款名称“住房保障支出”", line_of(lines, "住房公积金（项）"))


def test_a051_correct_kuan_name(tmp_path):
    # GH p.24 l.5 corrected to 住房改革支出（款）, the 2024 name of 22102 (as SH p.20 l.2 writes it).
    lines = gh_doc(
        "（三）一般公共预算财政拨款支出决算具体情况",
        GH_HOUSING.replace("住房保障支出（款）", "住房改革支出（款）"),
    )
    assert_absent(audit_lines(tmp_path, lines), "A051")


# --- REF passages: A015, A017, A041 ------------------------------------------------------------------------

REF_PART2 = "第二部分  2024年度部门决算情况说明"  # REF l.10
# REF l.90, verbatim: 21.75 → 17.89 is −3.86, −17.75%
REF_RUNNING = (
    "2024年度，乐山市金口河区信访局机关运行经费支出17.89万元，比2023年度减少3.86万元，下降17.75%。"
    "主要原因是严格执行厉行节约规定，控制经费使用。"
)
# REF l.70, verbatim: 完成预算29.04%, 决算数小于预算数 (its “增减少” residue is A040's, left in)
REF_SANGONG = (
    "2024年度“三公”经费财政拨款支出决算为0.32万元，完成预算29.04%，较上年度增减少0.39万元，下降54.93%。"
    "决算数小于预算数的主要原因是实行扫码付减少部分接待用餐。"
)


def ref_doc(heading: str, passage: str) -> list[str]:
    return [REF_PART2, heading, passage]


def test_a015_amount_and_rate_in_opposite_directions(tmp_path):
    # REF l.90 edited as tests/audit/mutants.py does (a flipped direction word): 下降 → 增长.
    lines = ref_doc("（一）机关运行经费支出情况", REF_RUNNING.replace("下降17.75%", "增长17.75%"))
    report = audit_lines(tmp_path, lines)
    assert_found(report, "A015", "error", "金额用“减少”、比例用“增长”", line_of(lines, "17.75%"))


def test_a015_consistent_directions(tmp_path):
    lines = ref_doc("（一）机关运行经费支出情况", REF_RUNNING)  # REF l.90 verbatim
    assert_absent(audit_lines(tmp_path, lines), "A015")


def test_a015_flat_with_figures(tmp_path):
    # REF l.90 edited: “比2023年度减少3.86万元，下降17.75%” → “与上年度持平，下降17.75%” (no real text in
    # the corpora says 持平 next to a non-zero change).
    passage = REF_RUNNING.replace("比2023年度减少3.86万元", "与上年度持平")
    lines = ref_doc("（一）机关运行经费支出情况", passage)
    report = audit_lines(tmp_path, lines)
    assert_found(report, "A015", "error", "表述为“持平”但给出了增减数", line_of(lines, "持平"))


def test_a015_flat_with_figures_and_year(tmp_path):
    # as above, with the year written as the template has it: “与2023年度持平，下降17.75%”.
    passage = REF_RUNNING.replace("比2023年度减少3.86万元", "与2023年度持平")
    lines = ref_doc("（一）机关运行经费支出情况", passage)
    assert_found(audit_lines(tmp_path, lines), "A015", "error", "表述为“持平”", line_of(lines, "持平"))


def test_a017_comparison_word_contradicts_completion_rate(tmp_path):
    # REF l.70 edited as mutants.py does: 决算数小于预算数 → 决算数大于预算数 (completion 29.04%).
    lines = ref_doc("（一）“三公”经费财政拨款支出决算总体情况说明", REF_SANGONG.replace("小于", "大于"))
    report = audit_lines(tmp_path, lines)
    f = assert_found(report, "A017", "error", "决算数大于预算数", line_of(lines, "29.04%"))
    assert "决算数应小于预算数" in f.message


def test_a017_comparison_word_matches_completion_rate(tmp_path):
    lines = ref_doc("（一）“三公”经费财政拨款支出决算总体情况说明", REF_SANGONG)  # REF l.70 verbatim
    assert_absent(audit_lines(tmp_path, lines), "A017")


# --- 自评表 (REF l.164–307): A062, A064 --------------------------------------------------------------------

EVAL_FIRST, EVAL_LAST = 164, 307  # the 信访维稳工作经费 自评表: 9.8+20+10+10+20+20+9 = 98.8, weights 100


@pytest.fixture(scope="module")
def evaluation(reference) -> list[str]:
    lines = reference.read_text(encoding="utf-8").split("\n")
    return lines[EVAL_FIRST - 1 : EVAL_LAST]


def ref_line(n: int) -> int:
    """The line in the excerpt of REF line ``n``."""
    return n - EVAL_FIRST + 1


def edit_line(lines: list[str], n: int, old: str, new: str) -> list[str]:
    out = list(lines)
    k = n - EVAL_FIRST
    assert out[k] == f"\t{old}", out[k]
    out[k] = f"\t{new}"
    return out


def test_a062_total_differs_from_sum_of_scores(tmp_path, evaluation):
    # REF l.217 edited: 总分 98.8 → 89.8 (digits transposed).
    lines = edit_line(evaluation, 217, "98.8", "89.8")
    report = audit_lines(tmp_path, lines)
    f = assert_found(report, "A062", "error", "各项得分之和为98.80分", ref_line(217))
    assert "信访维稳工作经费" in f.message and "89.8" in f.message


def test_a062_total_one_point_off(tmp_path, evaluation):
    # REF l.217 edited: 总分 98.8 → 99.8. Scores of a 自评表 are exact, not rounded measurements.
    lines = edit_line(evaluation, 217, "98.8", "99.8")
    assert_found(audit_lines(tmp_path, lines), "A062", "error", "各项得分之和为98.80分", ref_line(217))


def test_a062_published_total_is_the_sum(tmp_path, evaluation):
    assert_absent(audit_lines(tmp_path, evaluation), "A062")  # REF l.164–307 verbatim


def test_a064_weights_do_not_add_up_to_100(tmp_path, evaluation):
    # REF l.277 edited: 社会评价 分值 20 → 25 (its score 20 unchanged, so the total still adds up).
    lines = edit_line(evaluation, 277, "20", "25")
    report = audit_lines(tmp_path, lines)
    assert_found(report, "A064", "warning", "合计105.0分，应为100分", ref_line(223))  # at the first 分值
    assert_absent(report, "A062")


def test_a064_published_weights_add_up_to_100(tmp_path, evaluation):
    assert_absent(audit_lines(tmp_path, evaluation), "A064")  # REF l.164–307 verbatim


# === rules being reworked: only cases whose verdict is plain arithmetic ===================================

CORPUS_DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"


def corpus_lines(name: str) -> list[str]:
    return (CORPUS_DOCS / name).read_text(encoding="utf-8").split("\n")


def replace_in_line(lines: list[str], n: int, old: str, new: str) -> list[str]:
    """``lines`` with ``old`` replaced by ``new`` in (1-based) line ``n``, which must contain it once."""
    out = list(lines)
    assert out[n - 1].count(old) == 1, (n, old, out[n - 1])
    out[n - 1] = out[n - 1].replace(old, new)
    return out


# --- A010 same figure twice ---------------------------------------------------------------------------------

SH_GPB_TOTAL = (  # p.17 l.20, verbatim
    "一般公共预算财政拨款支出307.82 万元，占本年支出合计的100.00%。与2023 年度相比，一般公共预算财政拨款"
    "支出增加307.82万元，增长100.00%。主要原因：单位于2024 年成立。"
)
SH_GPB_STRUCTURE = (  # p.18 l.4, verbatim
    "一般公共预算财政拨款支出307.82 万元，主要用于以下方面：一般公共服务支出（类）264.87 万元，占86.05%；"
    "社会保障和就业支出（类）10.82 万元，占3.52%；卫生健康支出（类）2.71 万元，占0.88%；住房保障支出（类）"
    "29.42 万元，占9.55%。"
)


def sh_gpb_doc(structure: str) -> list[str]:
    return [
        *sh_text("五、一般公共预算财政拨款支出决算情况说明", "（一）一般公共预算财政拨款支出决算总体情况"),
        SH_GPB_TOTAL,
        "（二）一般公共预算财政拨款支出决算结构情况",  # p.18 l.3
        structure,
    ]


def test_a010_same_total_printed_differently(tmp_path):
    # SH p.17 l.20 verbatim, p.18 l.4 edited: its 307.82 → 370.82 (the same 2024 total, digits transposed).
    lines = sh_gpb_doc(SH_GPB_STRUCTURE.replace("支出307.82 万元，主要", "支出370.82 万元，主要"))
    report = audit_lines(tmp_path, lines)
    f = assert_found(report, "A010", "error", "此处为370.82", line_of(lines, "370.82"))
    assert "307.82" in f.message


def test_a010_same_total_printed_the_same(tmp_path):
    assert_absent(audit_lines(tmp_path, sh_gpb_doc(SH_GPB_STRUCTURE)), "A010")  # SH p.17–18 verbatim


def test_a010_severity_follows_how_sure_the_subject_is(tmp_path):
    def slipped(label: str) -> list[str]:  # p.18's total (307.82) restated as 370.82 under ``label``
        total = "一般公共预算财政拨款支出307.82 万元"
        return sh_gpb_doc(SH_GPB_STRUCTURE.replace(total, f"{label}370.82 万元"))

    # the report's unit and year known, the same label: an error (test_a010_same_total_printed_differently);
    # another label taken for the same figure (“…支出合计”): a warning, two labels may be two figures
    report = audit_lines(tmp_path, slipped("一般公共预算财政拨款支出合计"))
    assert [f.severity for f in findings(report, "A010")] == ["warning"]
    # no title, so whose report it is is unknown (as in a news item): a note, never an error or warning
    untitled = [line for line in slipped("一般公共预算财政拨款支出") if line not in (SH_TITLE, SH_PART3)]
    report = audit_lines(tmp_path, untitled, "untitled.txt")
    assert report.department == ""
    assert [f.severity for f in findings(report, "A010")] == ["info"]


def test_a010_a_news_item_naming_no_unit_gets_no_error(tmp_path):
    # g21-02 (新京报, 2016): the 市级 aggregate and a department's figure; the department named only by
    # its shortening in the second sentence: no unit is the report's own, so at most a note
    lines = [
        "数据显示,2015年北京市级党政机关和全额拨款事业单位“三公”经费财政拨款决算64245万元,比年初预算下降22.3%。",
        "“三公”经费财政拨款决算数为9530.81万元,相比预算数减少约1418万元。",
    ]
    report = audit_lines(tmp_path, lines)
    assert not [f for f in findings(report, "A010") if f.severity in ("error", "warning")]


def test_a_title_run_into_a_flattened_page_names_the_unit(tmp_path):
    # g4-01 (内蒙古, 2015) as a page flattened to one line: the title runs into the site's links before it
    # and its metadata after it; the unit is still read (and a sentence's “我局”/“全镇” is no unit's name)
    text = (Path(__file__).parents[1] / "corpus" / "docs" / "g4-01.txt").read_text(encoding="utf-8")
    report = audit_lines(tmp_path, ["".join(line.strip() for line in text.splitlines())])
    assert (report.year, report.department) == (2015, "内蒙古自治区文化厅")
    own = "2015年“三公”经费决算情况说明 | 2015年我局部门决算汇总“三公”经费公共预算财政拨款支出74.6万元。"
    assert audit_lines(tmp_path, [own], "own.txt").department == ""


# --- A012 share recomputed ----------------------------------------------------------------------------------

SH_EXPENDITURE = (  # p.17 l.12, verbatim: 105.58 / 307.82 = 34.30%, 202.24 / 307.82 = 65.70%
    "本年支出合计307.82 万元，其中：基本支出105.58 万元，占34.30%；项目支出202.24 万元，占65.70%。"
)


def test_a012_share_plainly_wrong(tmp_path):
    # SH p.17 l.12 edited: 34.30% → 36.30% and 65.70% → 63.70% (still adding up to 100%).
    passage = SH_EXPENDITURE.replace("34.30%", "36.30%").replace("65.70%", "63.70%")
    lines = sh_text("三、支出决算情况说明", passage)
    report = audit_lines(tmp_path, lines)
    at = line_of(lines, "本年支出合计")
    assert_found(report, "A012", "error", "文中为36.30%，按105.58万元÷307.82万元计算应为34.30%", at)
    assert_found(report, "A012", "error", "文中为63.70%，按202.24万元÷307.82万元计算应为65.70%", at)


def test_a012_share_right(tmp_path):
    assert_absent(audit_lines(tmp_path, sh_text("三、支出决算情况说明", SH_EXPENDITURE)), "A012")


# --- A013 shares of one whole adding up ---------------------------------------------------------------------


def test_a013_shares_add_up_to_129_percent(tmp_path):
    # tests/corpus/docs/p10.txt l.1, l.5–6 verbatim: l.6 prints the completion rates (l.3) as shares of 0 +
    # 4.02 + 7.94 = 11.96 万元: 0.00% + 89.33% + 39.7% = 129.03%. Without l.3 the total is not stated, so
    # no share can be recomputed (with it, A012 recomputes each: tests/audit/test_narrative_defects.py).
    full = corpus_lines("p10.txt")
    lines = [full[0], full[4], full[5]]
    report = audit_lines(tmp_path, lines)
    assert_found(report, "A013", "error", "各项占比合计为129.03%", 3)


def test_a013_shares_add_up_to_100_percent(tmp_path):
    # p10.txt l.6 corrected: 4.02 / 11.96 = 33.61%, 7.94 / 11.96 = 66.39%.
    lines = replace_in_line(corpus_lines("p10.txt"), 6, "占89.33%", "占33.61%")
    lines = replace_in_line(lines, 6, "占39.7%", "占66.39%")
    assert_absent(audit_lines(tmp_path, lines), "A013")


# --- A014 change recomputed ---------------------------------------------------------------------------------


def test_a014_rate_plainly_wrong(tmp_path):
    # tests/corpus/docs/f03.txt verbatim: l.32 1023.52万元, 增加96.16万元, 上升0.6% (96.16 / 927.36 = 10.37%)
    report = audit_lines(tmp_path, corpus_lines("f03.txt"))
    assert_found(report, "A014", "error", "增减率应为10.37%", 32)


def test_a014_rate_right(tmp_path):
    lines = replace_in_line(corpus_lines("f03.txt"), 32, "上升0.6%", "上升10.37%")  # f03.txt l.32 corrected
    # (the 类 items' changes still add up to 109.13, not 96.16: another labelled defect of f03)
    hits = [f for f in findings(audit_lines(tmp_path, lines), "A014") if "增减额合计" not in f.message]
    assert not hits, [f.message for f in hits]


# --- A016 completion recomputed -----------------------------------------------------------------------------


def test_a016_completion_plainly_wrong(tmp_path):
    # tests/corpus/docs/g1-12.txt verbatim: l.27 预算3万元, 决算1.71万元, “完成预算的43%” (1.71 / 3 = 57%).
    report = audit_lines(tmp_path, corpus_lines("g1-12.txt"))
    assert_found(report, "A016", "error", "按决算数1.71万元÷预算数3万元计算应为57.00%", 27)


def test_a016_completion_right(tmp_path):
    lines = replace_in_line(corpus_lines("g1-12.txt"), 27, "完成预算的43%", "完成预算的57%")  # corrected
    lines = replace_in_line(lines, 30, "完成预算的47%", "完成预算的53%")  # corrected (0.53 / 1)
    assert_absent(audit_lines(tmp_path, lines), "A016")


# --- A019 completion basis ----------------------------------------------------------------------------------

SH_COMPLETION = (  # p.18 l.9, verbatim: 年初预算 0, 全年预算 321.02; 307.82 / 321.02 = 95.89% of the 全年预算
    "一般公共预算财政拨款支出年初预算为0 万元，全年预算为321.02 万元，支出决算为307.82 万元，完成年初预算的"
    "95.89%。决算数小于预算数的主要原因：人员经费支出数小于预算数。其中："
)


def sh_completion_doc(passage: str) -> list[str]:
    return sh_text(
        "五、一般公共预算财政拨款支出决算情况说明", "（三）一般公共预算财政拨款支出决算具体情况", passage
    )


def test_a019_completion_of_a_zero_budget(tmp_path):
    lines = sh_completion_doc(SH_COMPLETION)
    report = audit_lines(tmp_path, lines)
    f = assert_found(report, "A019", "warning", "完成年初预算95.89%", line_of(lines, "95.89%"))
    assert "321.02" in f.message


def test_a019_completion_of_the_budget_it_was_computed_on(tmp_path):
    lines = sh_completion_doc(SH_COMPLETION.replace("完成年初预算的", "完成全年预算的"))  # corrected
    assert_absent(audit_lines(tmp_path, lines), "A019")


# --- A020 parts vs total ------------------------------------------------------------------------------------

SH_PROCUREMENT = (  # p.22 l.1, verbatim: 21.07 = 21.07 + 0 + 0
    "中共上海市普陀区委社会工作部2024 年度政府采购金额（以合同签订为准）为21.07 万元，其中：货物采购金额"
    "21.07 万元、工程采购金额0 万元、服务采购金额0 万元。"
)


def sh_procurement_doc(passage: str) -> list[str]:
    return sh_text("十一、其他重要事项的情况说明", "（二）政府采购支出情况", passage)


def test_a020_parts_do_not_add_up(tmp_path):
    # SH p.22 l.1 edited: 货物 21.07 → 12.07, so 12.07 + 0 + 0 ≠ 21.07.
    lines = sh_procurement_doc(SH_PROCUREMENT.replace("货物采购金额21.07", "货物采购金额12.07"))
    report = audit_lines(tmp_path, lines)
    assert_found(report, "A020", "error", "相差9.00万元", line_of(lines, "政府采购金额"))


def test_a020_parts_add_up(tmp_path):
    assert_absent(audit_lines(tmp_path, sh_procurement_doc(SH_PROCUREMENT)), "A020")  # verbatim


# --- A041 wrong year ---------------------------------------------------------------------------------------


def test_a041_comparison_with_the_wrong_year(tmp_path):
    # REF l.90 edited as mutants.py does (a wrong year): 比2023年度 → 比2022年度 in the 2024 report.
    lines = ref_doc("（一）机关运行经费支出情况", REF_RUNNING.replace("比2023年度", "比2022年度"))
    report = audit_lines(tmp_path, lines)
    assert_found(report, "A041", "error", "与上年对比应为2023年度", line_of(lines, "2022年度"))


def test_a041_comparison_with_the_previous_year(tmp_path):
    lines = ref_doc("（一）机关运行经费支出情况", REF_RUNNING)  # REF l.90 verbatim
    assert_absent(audit_lines(tmp_path, lines), "A041")


# --- A043 missing part, A044 listed table missing (REF) -----------------------------------------------------


def test_a043_glossary_part_removed(tmp_path, reference):
    # REF edited: 第三部分 名词解释 (l.102–124) removed.
    lines = reference.read_text(encoding="utf-8").split("\n")
    lines = lines[:101] + lines[124:]
    report = audit_lines(tmp_path, lines)
    assert_found(report, "A043", "warning", "未找到“名词解释”部分")
    assert len(findings(report, "A043")) == 1


def test_a043_complete_report(tmp_path, reference):
    lines = reference.read_text(encoding="utf-8").split("\n")  # REF verbatim
    assert_absent(audit_lines(tmp_path, lines), "A043")


REF_APPENDIX = "第五部分 附表"  # REF l.633
REF_LISTED_SANGONG = "十三、财政拨款“三公”经费支出决算表"  # REF l.647


def test_a044_listed_tables_missing(tmp_path, reference):
    # REF l.633–647 verbatim: the 附表 part lists 13 tables, none of which is in the text.
    lines = reference.read_text(encoding="utf-8").split("\n")[632:647]
    report = audit_lines(tmp_path, lines)
    f = assert_found(report, "A044", "warning", "正文未见该表", line_of(lines, REF_LISTED_SANGONG))
    assert "《财政拨款“三公”经费支出决算表》" in f.message
    assert len(findings(report, "A044")) == 13


def test_a044_listed_table_present(tmp_path):
    # REF l.633 and l.647 verbatim, followed by the “三公” table of SH p.14 (表8, 本表无数据) and its note.
    lines = [REF_APPENDIX, REF_LISTED_SANGONG, *table("", SH_SANGONG)[1:], SH_SANGONG_NOTE]
    assert_absent(audit_lines(tmp_path, lines), "A044")
