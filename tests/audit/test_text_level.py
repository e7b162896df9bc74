"""Text-level robustness and text-level defects, on real published passages.

Sources: ``tests/corpus/docs/*.txt`` (= ``shared/corpus/real-texts``), cited by file and line; a passage
is verbatim unless it says it was edited (the passing case is the same passage corrected).
"""

from __future__ import annotations

from pathlib import Path

from juesuan.audit.document import Table
from juesuan.audit.read import read_document
from juesuan.audit.run import audit_path


def write(tmp_path: Path, lines: list[str], name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def audit_lines(tmp_path: Path, lines: list[str]):
    return audit_path(str(write(tmp_path, lines)))


def hits(report, rule: str, severities=("error", "warning", "info")):
    return [f for f in report.findings if f.rule_id == rule and f.severity in severities]


# --- flattened tables ----------------------------------------------------------------------------------

# g1-06 l.1–19: a “三公” table printed one cell per line, rows separated by a lone “|”
G1_06_TABLE = [
    "杜集区机关事务管理中心2021年度一般公共预算财政拨款“三公”经费支出决算情况说明",
    "一、2021年度一般公共预算财政拨款“三公”经费支出决算表",
    "单位:万元",
    "|",
    "项 目 |",
    "预 算 数 |",
    "决 算 数 |",
    "|",
    "合 计 |",
    "246 |",
    "167.37 |",
    "|",
    "因公出国(境)费 |",
    "0 |",
    "0 |",
    "|",
    "公务接待费 |",
    "1 |",
    "2.14 |",
    "二、“三公”经费支出决算情况说明",
]
# g4-03 l.40–52 (a 收入支出决算总表 cell by cell, without row separators)
G4_03_TABLE = [
    "一、收入支出决算总表",
    "项目 |",
    "行次 |",
    "决算数 |",
    "一、财政拨款收入 |",
    "1 |",
    "593 |",
    "一、一般公共服务支出 |",
    "35 |",
    "|",
    "二、上级补助收入 |",
    "3 |",
    "|",
    "二、外交支出 |",
    "36 |",
    "|",
]


def test_flattened_table_rows_rebuilt(tmp_path):
    doc = read_document(write(tmp_path, G1_06_TABLE))
    (table,) = doc.tables
    assert table.texts()[:3] == [
        ["项 目", "预 算 数", "决 算 数"],
        ["合 计", "246", "167.37"],
        ["因公出国(境)费", "0", "0"],
    ]
    assert table.rows[1][2].where.line == 11
    assert not any("|" in p.text for p in doc.paragraphs)


def test_flattened_table_is_not_numbered_prose(tmp_path):
    report = audit_lines(tmp_path, G1_06_TABLE)
    assert not hits(report, "A042")
    report = audit_lines(tmp_path, G4_03_TABLE)
    assert not hits(report, "A042")


def test_numbered_prose_still_checked(tmp_path):
    # g1-05 l.6–7 (the second “(二)” is the labelled numbering slip)
    report = audit_lines(
        tmp_path,
        [
            "(二)公务用车购置及运行费支出1.20万元,与2018年度预算相比,减少0.30万元。",
            "(二)公务接待费支出0.65万元, 与2018年度预算相比,减少0.85万元。",
        ],
    )
    assert [f.severity for f in hits(report, "A042")] == ["warning"]


def test_pipe_row_table(tmp_path):
    # g4-11 l.6–7: a row per line, cells between “|”
    doc = read_document(
        write(
            tmp_path,
            [
                "预算数 | 决算数 | 预算数 | 决算数 |",
                "22.00 | 8.77 | 14.00 | 8.47 |",
            ],
        )
    )
    assert [type(b) for b in doc.blocks] == [Table]
    assert doc.tables[0].texts()[1] == ["22.00", "8.77", "14.00", "8.47"]


def test_space_separated_figures_are_a_table_row(tmp_path):
    doc = read_document(
        write(tmp_path, ["合计 246.00 167.37 68.04", "本年支出167.37万元，比上年减少12.00万元。"])
    )
    assert isinstance(doc.blocks[0], Table)
    assert len(doc.paragraphs) == 1


# --- mirror sites: traditional characters with pinyin ----------------------------------------------------


def test_mirror_text_normalised_for_analysis():
    from juesuan.audit.facts import normalise

    # g4-04 l.2
    text = "公務(wù)接待費(fèi)30萬(wàn)元,占 %"
    norm, idx = normalise(text)
    assert norm == "公务接待费30万元,占%"
    assert text[idx[norm.index("30")]] == "3"  # offsets still point into the original text
    # simplified text is left as it is (著 is not turned into 着 there)
    assert normalise("显著增加 12 万元")[0] == "显著增加12万元"
    # a parenthesis after a character that is not pinyin stays
    assert normalise("因公出國(guó)(境)費(fèi)")[0] == "因公出国(境)费"


def test_mirror_text_audited(tmp_path):
    # g2-05 l.12 (growth from zero, in traditional characters): found once normalised
    text = (
        "2017年度本單位財政撥款收入總計289.49萬元,與上年相比減少41.51萬元,減少12.54%。其中:一般公共預算財政撥款"
        "收入234.49萬元,與上年相比增加106.4萬元,增加83.07%;政府性基金預算財政撥款收入54萬元,與上年相比增加54萬元,"
        "增加100%;上年結轉和結余1萬元,與上年相比減少201.9萬元,減少99.51%。"
    )
    lines = ["天水市國土資源執法監察支隊2017年度部門決算", text]
    report = audit_lines(tmp_path, lines)
    assert any("上年为0" in f.message for f in hits(report, "A018", ("warning",)))
    lines[1] = text.replace("與上年相比增加54萬元,增加100%", "上年無此項收入")
    report = audit_lines(tmp_path, lines)
    assert not hits(report, "A018")


# --- text-level defects (A040) ---------------------------------------------------------------------------


def a040(report, severity: str, fragment: str):
    return [f for f in hits(report, "A040", (severity,)) if fragment in f.message]


def test_blank_figures(tmp_path):
    # g4-04 l.2 (mirror text, verbatim excerpt)
    text = (
        "其中:因公出國(guó)(境)費(fèi) 0 萬(wàn)元,占 %,比上年減少 萬(wàn)元;"
        "公務(wù)接待費(fèi)30萬(wàn)元,占 %,比上年減少2 萬(wàn)元。"
    )
    report = audit_lines(tmp_path, [text])
    assert len(a040(report, "error", "空缺的数字")) == 3
    fixed = "其中:因公出國(境)費0萬元,占0%,比上年減少0萬元;公務接待費30萬元,占85.71%,比上年減少2萬元。"
    assert not hits(audit_lines(tmp_path, [fixed]), "A040")


def test_a_share_left_blank_after_its_bases_name(tmp_path):
    # g13-13 (a template's “占单位总数的 %”, verbatim) and g11-08 l.9 with its share left blank (the slip
    # bench/auto_slips.py plants): the blank stands after the base's name, not right after 占
    report = audit_lines(
        tmp_path,
        [
            "3)事业单位汇总录入 户,其中含单位 个,占单位总数的 %;",
            "2017年度支出合计2906万元,其中:基本支出279万元,占总支出的 %;项目支出2626万元,占总支出的90%。",
            "税收收入420.6亿元,可比下降8.4%,占一般公共预算收入比重 %。",
        ],
    )
    assert len(a040(report, "error", "空缺的数字：出现“占")) == 3
    fixed = [
        "2017年度支出合计2906万元,其中:基本支出279万元,占总支出的10%;项目支出2626万元,占总支出的90%。",
        "税收收入420.6亿元,可比下降8.4%,占一般公共预算收入比重83.2%。",
        # a flattened table's headings name the unit of their columns: no blank
        "金额|占调整预算%|比上年增长%|",
    ]
    assert not hits(audit_lines(tmp_path, fixed), "A040")


def test_an_amount_left_blank_after_its_subjects_name(tmp_path):
    # g91-02 (verbatim): “…支出合计亿元,比预算数减少亿元”
    report = audit_lines(
        tmp_path, ["2018年中央本级“三公”经费财政拨款支出合计亿元,比预算数减少亿元。"]
    )
    assert a040(report, "error", "出现“合计亿元”")
    fixed = "2018年中央本级“三公”经费财政拨款支出合计30.48亿元,比预算数减少12.17亿元。"
    assert not hits(audit_lines(tmp_path, [fixed]), "A040")


def test_template_placeholder_in_contents(tmp_path):
    # g2-12 l.1–4: the placeholder left in the 目录
    lines = [
        "2023年黔东南州机关事务管理局本级部门决算公开说明",
        "目录",
        "第一部分:部门(单位)名称概况",
        "一、部门职责",
    ]
    assert a040(audit_lines(tmp_path, lines), "error", "部门(单位)名称")
    lines[2] = "第一部分:黔东南州机关事务管理局概况"
    assert not hits(audit_lines(tmp_path, lines), "A040")


def test_filling_in_instruction(tmp_path):
    # g4-03 l.17 and g4-09 l.28 (simplified here)
    report = audit_lines(
        tmp_path,
        ["一、部门职能(为机构改革后“三定方案”确定的职能)", "5、请对“三公”经费增减变化原因等进行说明。"],
    )
    assert len(a040(report, "error", "模板占位符")) == 2
    assert not hits(audit_lines(tmp_path, ["一、部门职能", "5、“三公”经费减少的原因是压缩开支。"]), "A040")


def test_duplicated_words(tmp_path):
    # g2-03 l.1, g1-04 l.23, g2-07 l.29, f03 l.59 (excerpts)
    lines = [
        "公务接待支出124万元,比上年累计支出148万元下降24万元,下降16%,减少原因原因是减少压缩开支。",
        "用于保障保障执法巡查、环卫巡查。",
        "截至目前,工程完工程完成了进场土路修建。",
        "（一）政府采购支出支出情况：2016年本部门政府采购支出总额0万元。",
    ]
    report = audit_lines(tmp_path, lines)
    assert len(a040(report, "warning", "重复的词语")) == 4
    # f01 l.2: a run-in heading before its paragraph is not a doubled word; nor are reduplications
    ok = [
        "配合乡党委、政府做好中心工作。团委团委在乡党委的领导和上级团委的指导下开展工作。",
        "常常深入基层,年年组织培训,一个一个落实。",
        "用于保障执法巡查、环卫巡查。",
    ]
    assert not hits(audit_lines(tmp_path, ok), "A040")


def test_contradictory_direction_words(tmp_path):
    # g1-07 l.24
    text = "完成預算的15.41%,決算數(shù)大小于預算數(shù)的主要原因是由于厲行節約。"
    assert a040(audit_lines(tmp_path, [text]), "error", "“大小于”")
    assert not hits(audit_lines(tmp_path, [text.replace("大小于", "小于")]), "A040")


def test_stray_point_in_amount(tmp_path):
    # g2-06 l.19
    text = "1、财政拨款支出决算总体情况。财政拨款本年支出488.8. 万元,比上年增加33万元。"
    assert a040(audit_lines(tmp_path, [text]), "warning", "“488.8.”")
    assert not hits(audit_lines(tmp_path, [text.replace("488.8. ", "488.8")]), "A040")


# --- truncated texts ---------------------------------------------------------------------------------------

# g4-03 l.1–4 and its last lines: a shanghai-style contents, the page cut inside the first table
G4_03_START = [
    "目录",
    "第一部分西宁市总寨镇逸夫小学概况",
    "第二部分西宁市总寨镇逸夫小学2016年度部门决算报表",
    "一、收入支出决算总表",
    "二、收入决算表",
    "第三部分西宁市总寨镇逸夫小学2016年度部门决算情况说明",
    "第四部分名词解释",
    "第一部分西宁市总寨镇逸夫小学部门概况",
    "一、部门职能",
    "实施小学义务教育,促进基础教育发展。",
]


def test_text_cut_mid_sentence(tmp_path):
    # g2-11 (last line): the page stops inside a list
    cut = [*G4_03_START, "实施防汛、抗旱应急抢险、岁修、 水毁工程的修复、人畜应急饮水、排涝、泵站安装施工、"]
    doc = read_document(write(tmp_path, cut))
    assert doc.ends_abruptly
    report = audit_lines(tmp_path, cut)
    structural = hits(report, "A043") + hits(report, "A044")
    assert structural and all(f.severity == "info" and "中断" in f.message for f in structural)
    # the same text ending with its sentence closed: the missing parts are reported without the note
    whole = [*cut[:-1], "负责组织防汛抗旱。"]
    assert not read_document(write(tmp_path, whole)).ends_abruptly
    report = audit_lines(tmp_path, whole)
    structural = hits(report, "A043") + hits(report, "A044")
    assert structural and not any("中断" in f.message for f in structural)


def test_text_cut_inside_a_table_or_after_a_heading(tmp_path):
    # g4-03 l.110–113: the last cell without its “ |”
    assert read_document(
        write(tmp_path, [*G4_03_START, "| |", "12 |", "|", "十二、农林水支出 |", "4"])
    ).ends_abruptly
    # g3-01 (last line): a heading with nothing under it
    assert read_document(
        write(tmp_path, [*G4_03_START, "四、财政拨款收入支出决算总体情况说明"])
    ).ends_abruptly


def test_page_furniture_is_not_a_cut(tmp_path):
    # f04 / g4-06 (last lines): attachments and the date signing the report
    assert not read_document(
        write(tmp_path, [*G4_03_START, "sdj_政府采购情况表.xls 来源：区高速公路建设指挥部 附件下载"])
    ).ends_abruptly
    assert not read_document(write(tmp_path, [*G4_03_START, "2022年4月14日"])).ends_abruptly


def test_a_count_left_blank_in_a_list_of_counts(tmp_path):
    # g5-01 (武汉市江汉区老干部局 2015), lines 8–9: “行政人”, “离休人” lost their numbers
    path = tmp_path / "g.txt"
    text = "在职实有人数6人,其中:行政人,事业6人。\n离退休人员6人,其中:离休人,退休6人。\n"
    path.write_text(text, encoding="utf-8")
    blanks = [f for f in audit_path(path).findings if f.rule_id == "A040" and "空缺" in f.message]
    assert [(f.severity, f.locations[0].line) for f in blanks] == [("error", 1), ("error", 2)]
    ok = tmp_path / "ok.txt"
    ok.write_text("在职实有人数6人,其中:行政0人,事业6人。其中:负责人,联系人3人。\n", encoding="utf-8")
    assert not [f for f in audit_path(ok).findings if f.rule_id == "A040"]
