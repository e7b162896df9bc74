"""Sums of “其中” lists the auditor did not read, found by planting slips where a real text's own arithmetic
is clean (``bench/auto_slips.py``). Each case is a real sentence (cited by file and line of
``tests/corpus/docs``): the slipped version is found, the published one (which adds up) is silent.
"""

from __future__ import annotations

from pathlib import Path

from juesuan.audit.run import audit_path


def _audit(tmp_path: Path, lines: list[str]):
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return audit_path(str(path))


def _said(tmp_path: Path, lines: list[str], rule: str) -> list[str]:
    return [
        f.message
        for f in _audit(tmp_path, lines).findings
        if f.rule_id == rule and f.severity in ("error", "warning")
    ]


def test_a_list_named_whole_by_its_items_names(tmp_path):
    # g33-04 l.14: 本级支出 and 转移性支出 are the whole of a 支出总计 by nature: a shortfall is a gap
    ok = "一般公共预算支出总计76.68亿元,其中:本级支出65.37亿元,转移性支出11.31亿元。"
    assert not _said(tmp_path, [ok], "A020")
    (said,) = _said(tmp_path, [ok.replace("11.31亿元", "11.13亿元")], "A020")
    assert "65.37亿元＋11.13亿元＝76.50亿元" in said
    # g35-11 l.27: the same for a bracketed list of 新增 and 再融资 bonds
    ok = (
        "债务转贷收入7661万元(其中:新增一般债券收入4330万元,再融资一般债券收入3331万元),"
        "动用预算稳定调节基金1378万元。"
    )
    assert not _said(tmp_path, [ok], "A020")
    assert _said(tmp_path, [ok.replace("3331万元", "3313万元")], "A020")


def test_a_figure_of_unknown_subject_heads_the_list_right_after_it(tmp_path):
    # g7-03 l.23: 政府采购总额 is no known total, the 其中 after it still splits it
    ok = "2018年度政府采购总额45.24万元,其中:货物13.99万元,工程31.25万元。"
    assert not _said(tmp_path, [ok], "A020")
    (said,) = _said(tmp_path, [ok.replace("31.25万元", "31.52万元")], "A020")
    assert "“政府采购总额”" in said and "13.99＋31.52＝45.51万元" in said
    # parts below it are no finding: 货物 and 工程 without 服务 may not be the whole
    assert not _said(tmp_path, [ok.replace("31.25万元", "31.05万元")], "A020")


def test_a_known_figure_outside_the_usual_totals_heads_its_list(tmp_path):
    # g51-04 l.12 (its first items): a 机关运行经费 split in 元
    ok = (
        "我单位为行政单位,机关运行经费为422903元,其中:办公费145278元,印刷费239747元,电费18004元,"
        "邮电费19874元。"
    )
    assert not _said(tmp_path, [ok], "A020")
    assert _said(tmp_path, [ok.replace("印刷费239747元", "印刷费239774元")], "A020")


def test_a_named_figure_after_an_introducer_heads_its_own_list(tmp_path):
    # g52-05 l.18 (shortened): “具体包括:” then each purpose with its own 其中 list
    ok = (
        "2016年,市本级体育彩票公益金决算支出10001.32万元。具体包括:一是用于群众体育5216.29万元,其中用于公共体育"
        "场馆建设维护5048.40万元,资助群众体育组织和队伍建设167.89万元。"
    )
    assert not _said(tmp_path, [ok], "A020")
    assert _said(tmp_path, [ok.replace("167.89万元", "167.98万元")], "A020")


def test_a_named_list_ends_where_it_should(tmp_path):
    # g56-02 l.8: the next numbered item after the semicolon is none of the list's
    text = (
        "(一)项目资金安排落实情况:1、档案管理项目资金:2016年县财政安排30万元在当年都按时到位,其中国重档案10万元;"
        "2、县档案馆建设项目资金:2016年县财政拨款427.36万元,于2016年当年全部到位。"
    )
    assert not _said(tmp_path, [text], "A020")
    # g74-08 l.9: a figure naming a list of its own ends the list before it; a slip in either is found
    ok = (
        "截至目前,自治区下达我市法定债务限额1,105.3亿元,其中一般债务725.3亿元、专项债务380亿元,"
        "全市政府法定债务余额为1,071.65亿元,其中一般债务699.47亿元、专项债务372.18亿元。"
    )
    assert not _said(tmp_path, [ok], "A020")
    (said,) = _said(tmp_path, [ok.replace("372.18亿元", "372.81亿元")], "A020")
    assert "“全市政府法定债务余额”" in said
    # a list whose items are the whole again nests lists (g24-03 l.3, its opening)
    nested = (
        "衢州市衢江区大洲中学单位2016年度收入决算1,396万元,其中:本年收入1,396万元,占总收入100%,包括财政拨款"
        "收入1,167.66万元,占总收入83.64%;事业单位专户资金158.3万元,占总收入11.34%;其他收入70.04万元,"
        "占总收入5.02%。"
    )
    assert not _said(tmp_path, [nested], "A020")


def test_a_list_that_makes_the_figure_before_its_head(tmp_path):
    # g81-01 l.6: the items make the 8,552 stated first, not the 10,066 the 其中 follows: no gap, and the
    # share is not of the 10,066
    text = (
        "2023年,全县一般公共预算收入8,552万元,占调整预算的100%,考虑增值税留抵退税调库1514万元的因素,"
        "同口径完成地方财政收入10,066万元,同口径增长9.7%,其中:税收收入完成5,537万元,非税收入完成3,015万元,"
        "非税占比35.3%。"
    )
    report = _audit(tmp_path, [text])
    assert not [f for f in report.findings if f.rule_id in ("A012", "A020") and f.severity != "info"]


def test_a_bare_qizhong_opening_a_sentence_splits_the_figure_before(tmp_path):
    # g107-04 l.9 with “其中:” written as a bare “其中”: the list is the 208852's, its first item's own list
    # after it is no list of the whole line
    lines = [
        "2021年,一般公共预算总收入预计完成208852万元。其中一般预算收入完成20707万元,完成预算的104.95%,"
        "同比上升20.68%,其中税收收入8059万元,非税收入12648万元,上级补助收入147757万元,地方政府一般债券转贷"
        "收入37400万元;调入预算稳定调节基金2594万元;上年结余收入394万元。"
    ]
    assert not _said(tmp_path, lines, "A020")


def test_a_list_whose_twin_adds_up_is_whole(tmp_path):
    # g29-03: the budget's list and the spending's name the same items; the spending's adds up, so the
    # budget's is the whole too, and 286,400元 of it is missing
    budget = (
        "本项目共申请预算资金2026400元,其中村级组织运转400000元,村民组长,党小组长基本报酬252000元,"
        "村民监督委员会工资28000元,村级事务补助960000元,村级工作目标奖励100000元。"
    )
    spent = (
        "本项目共完成预算资金1329120.67元,其中村级组织运转439120.67元,村民组长,党小组长基本报酬152000元,"
        "村民监督委员会工资28000元,村级事务补助660000元,村级工作目标奖励50000元。"
    )
    (said,) = _said(tmp_path, [budget + spent], "A020")
    assert "“本项目共申请预算资金”：合计为2026400元" in said and "相差286400.00元" in said
    # alone, a list short of its figure may list only some of its parts
    assert not _said(tmp_path, [budget], "A020")
    assert not _said(tmp_path, [budget.replace("2026400", "1740000") + spent], "A020")


def test_a_list_under_a_figure_named_again(tmp_path):
    # g77-06 l.3: the sentence names the 新增债券 again (with a count, no figure) before its 其中 list, which
    # closes with 其他方面: the list is the 27.38亿元's, 5亿元 short
    text = (
        "2024 年,市级留用新增债券27.38亿元,再融资债券 21.33亿元。市级留用新增债券共安排20个项目,其中,社会事业"
        "方面8.4亿元,农林水利方面5.87亿元,市政和产业园区基础设施方面2.9亿元,交通基础设施方面2.2亿元,"
        "其他方面3.01亿元。"
    )
    (said,) = _said(tmp_path, [text], "A020")
    assert "“市级留用新增债券”：合计为27.38亿元" in said and "相差5.00亿元" in said
    assert not _said(tmp_path, [text.replace("其他方面3.01亿元", "其他方面8.01亿元")], "A020")


def test_one_plain_list_under_a_total_of_no_key_sums_all_its_items(tmp_path):
    # g51-02 l.17: the 其中 list mixes a known source (上级补助收入) with others (调入资金, 债务收入,
    # 上年结余): one list in its sentence, nothing nested or added, so every item is a part of the 收入总计
    ok = (
        "2021年基金预算收入总计91,302万元,比上年增加9.99%,其中:上级补助收入1,776万元,调入资金7,616万元,"
        "债务(转贷)收入80,500万元,上年结余资金1,410万元。"
    )
    assert not _said(tmp_path, [ok], "A020")
    (said,) = _said(tmp_path, [ok.replace("7,616", "7,661")], "A020")
    assert "91347" in said.replace(",", "").replace("，", "")
    # g105-02 l.31: the same in a bracket after the figure
    ok = (
        "2020年,政府性基金预算收入年初预算为890万元,决算收入为719万元(其中:城市建设配套费4万元,上级补助收入"
        "525万元,上年结转190万元),较上年下降79.3 %,完成预算数的80.8%。"
    )
    assert not _said(tmp_path, [ok], "A020")
    assert _said(tmp_path, [ok.replace("上级补助收入525", "上级补助收入552")], "A020")


def test_a_fiscal_total_over_its_year_and_its_balance(tmp_path):
    # g66-02 l.1: 财政拨款收入总计 = 收入合计 + 年初结转和结余, 支出总计 = 支出合计 + 年末结转和结余
    ok = (
        "2022年财政拨款收入总计766.75万元,其中:2022年收入合计610.42万元,年初结转和结余156.33万元;"
        "2022年财政拨款支出总计766.75万元,其中:2022年支出合计766.60万元,年末结转和结余0.15万元。"
    )
    assert not _said(tmp_path, [ok], "A020")
    (said,) = _said(tmp_path, [ok.replace("年末结转和结余0.15", "年末结转和结余0.51")], "A020")
    assert "766.60＋0.51＝767.11万元" in said
    (said,) = _said(tmp_path, [ok.replace("年初结转和结余156.33", "年初结转和结余165.33")], "A020")
    assert "610.42＋165.33＝775.75万元" in said


def test_a_balance_stated_after_a_figure_less_another(tmp_path):
    # g35-02 l.10: 收入总计 less 支出总计 is the 滚存结余 stated right after them
    ok = "收入总计451227万元,减支出总计425533万元,财政滚存结余25694万元,减结转下年支出25694万元,净结余为零。"
    assert not _said(tmp_path, [ok], "A020")
    (said,) = _said(tmp_path, [ok.replace("451227", "451272")], "A020")
    assert "451272万元−425533万元＝25739.00万元" in said and "相差45.00万元" in said
