"""Minor defects of real texts (a rate cut instead of rounded, a list missing an item, a standard term
mis-written, a unit out of line, …): each detector with the real passage it must find and a correct real
passage it must leave alone."""

from __future__ import annotations

import pytest

from juesuan.audit.run import audit_path


def _of(tmp_path, text: str, rule: str, name: str = "doc.txt") -> list[tuple[str, str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [(f.severity, f.message) for f in audit_path(path).findings if f.rule_id == rule]


# (case, rule, the real passage with the defect, a correct real passage, severity, a fragment of the message)
CASES = [
    (
        # g1-09 line 17: 0.28 ÷ (1.52 + 0.28) = 15.56% → 16%, printed 15%; g1-04 line 22: 9.6 ÷ 36.0 = 26.67%
        "rate cut",
        "A014",
        "2021年度部门决算\n"
        "2.公务接待费支出1.52万元, 与2021年度预算相比,减少0.28万元,下降15%,下降的原因是公务接待支出减少。\n",
        "2016年度部门决算\n(二)公务接待经费支出26.4万元,与2015年度决算相比,减少9.6万元,下降26.67%,"
        "公务接待220批次,人数2929人。\n",
        "warning",
        "四舍五入应为16%",
    ),
    (
        # g4-05 lines 2–3: 52.15 stated with “减少30.31万元” in one paragraph, the cut rate in the next
        "rate cut, level stated apart",
        "A014",
        "2016年度部门决算\n“三公”经费支出为163.58万元,其中:因公出国(境)费支出52.15万元,"
        "因公出国(境)费支出较2015年因公出国(境)费减少30.31万元,减少原因主要是2016年出国团组减少。\n"
        "2016年度“三公”经费财政拨款支出决算数比2015年减少80.74万元,下降33.05%。"
        "其中:因公出国(境)费支出决算减少30.31万元,下降36.75%。\n",
        # f02 line 24: 469.53 ÷ 16.36 = 2869.99%, but 16.36 (±0.01) allows 2868%–2872%
        "2016年度部门决算\n（一）综合医院支出485.89万元，较2015年决算数增加469.53万元，增长2869%。\n",
        "warning",
        "36.76%",
    ),
    (
        # g8-11 line 9: 24.1522 ÷ (364.6552 + 24.1522) = 6.21187% → 6.2119%; line 11: 33.1608 ÷ 60 = 55.268%
        "change opening its sentence",
        "A014",
        "2021年度单位决算\n1.财政拨款收入364.6552万元,为财政拨款资金。较上年度决算数减少24.1522万元,"
        "下降6.2118%,主要是公共卫生财政拨款减少。\n",
        "2021年度单位决算\n3.事业收入93.1608万元,为事业单位开展专业业务活动及辅助活动所取得的收入。"
        "较上年度决算数增加33.1608万元,增长55.268%。\n",
        "error",
        "6.2119%",
    ),
    (
        # f01 lines 15–20: the items of (二) run 1.–5. then 7.
        "one item missing",
        "A042",
        "2014年度部门决算\n（二）支出情况\n1.基本支出和项目支出674.35万元。\n2.上缴上级支出0万元。\n"
        "3.经营支出0万元。\n4.对附属单位补助支出0万元。\n5.结余分配0万元。\n7.年末结转结余25.34万元。\n",
        "2014年度部门决算\n（二）支出情况\n1.基本支出和项目支出674.35万元。\n2.上缴上级支出0万元。\n"
        "3.经营支出0万元。\n4.对附属单位补助支出0万元。\n5.结余分配0万元。\n6.年末结转结余25.34万元。\n",
        "warning",
        "缺少6.",
    ),
    (
        # g8-07 lines 6–12: under “(一)主要职能。” the first numbered item is “2.人员情况”; g1-12 lines 29–31
        "list opening at 2",
        "A042",
        "2020年度部门决算\n第一部分 部门概况\n一、基本职能及主要工作\n(一)主要职能。\n"
        "大英县人民法院是国家审判机关,依法独立行使审判权。\n2.人员情况\n2020年底在编职工共有72人。\n"
        "(二)2020年重点工作完成情况。\n",
        "2023年度部门决算\n(二)一般公共预算财政拨款“三公”经费支出决算具体情况说明。\n"
        "1.公务接待费预算为1万元,支出决算为0.53万元。\n2.公务用车购置及运行维护费预算为2万元。\n",
        "warning",
        "缺少1.",
    ),
    (
        # g13-04 (绩效自评表, 年度总体目标): 30 + 30 + 29.99 = 89.99 > 89.97; its 预期目标: 30 × 3 = 90
        "amount-first 其中 list",
        "A020",
        "2022年度项目支出绩效自评表\n本项目共完成预算资金89.97万元。其中:30万元用于基建工程项目预算编制;"
        "30万元用于基建工程项目审计;29.99万元用于基建工程项目设计、规划、测绘。\n",
        "2022年度项目支出绩效自评表\n本项目共申请预算资金90万元。其中:30万元用于基建工程项目预算编制;"
        "30万元用于基建工程项目审计;30万元用于基建工程项目设计、规划、测绘。\n",
        "warning",
        "89.99万元",
    ),
    (
        # g8-01 line 6: the note is in 元, its 因公出国(境)费 in 万元; g5-11 line 4: all three in 万元
        "one 三公 item in another unit",
        "A025",
        "2022年度部门决算\n2022年度一般公共预算财政拨款“三公”经费支出决算中,因公出国(境)费支出0.00万元,"
        "占0.00%;公务用车购置及运行维护费支出12,000.00元,占100%;公务接待费支出0.00元,占0.00%。\n",
        "2021年度部门决算\n2021年度镇本级“三公”经费决算4.5万元,因公出国(境)费0万元,公务接待费0万元,"
        "公务用车购置及运行维护费4.5万元(公务用车购置费0万元、公务用车运行维护费4.5万元)。\n",
        "warning",
        "0.00万元",
    ),
    (
        # g7-01 line 35; g5-03 lines 15–16: “比去 / 年增加0.5万元” broken across two lines
        "比去 without 年",
        "A040",
        "2020年度部门决算\n(3)确保安全工作,信访稳定比去大幅度下降。\n",
        "2020年度部门决算\n公务接待费支出决算比预算无增减变化,比去\n年增加0.5万元。\n",
        "warning",
        "去年",
    ),
]

_G12_06 = (  # g12-06 lines 4–5 (目录) and 29–30 (the body), a mirror's traditional characters and pinyin
    "2021年度部門決算\n第一部分 丹東市第六人民醫(yī)院概況\n"
    "第二部分 丹東市第六人民醫(yī)院2021年度部門(mén)決算情況說(shuō)明\n"
    "第一部分 丹東市第六人民醫(yī)院概況\n一、主要職能\n"
    "第二部分 丹東市第六人民醫(yī){}2021年度部門(mén)決算情況說(shu\n"
)
CASES.append(
    (
        "heading with a character dropped",
        "A040",
        _G12_06.format(""),
        _G12_06.format("院"),
        "warning",
        "人民医院",
    )
)

CASES.append(
    (
        # g11-05 line 91: a count without its measure word; g11-04 line 37 has it
        "count without its measure word",
        "A040",
        "2020年度部门决算\n纳入本套部门决算汇编范围的单位共1,单位名称:上犹县第三中心小学。\n",
        "2020年度部门决算\n纳入本套部门决算汇编范围的单位共1个,包括:共青城市泽泉乡中心小学。\n",
        "warning",
        "单位共1个",
    )
)

CASES.append(
    (
        # g1-08 line 30 (a mirror: traditional characters, pinyin): the share of 因公出国(境)费 left as “0”;
        # g1-10 line 19 states it
        "share left as a bare number",
        "A040",
        "2019年度部門決算\n九華山風(fēng)景區(qū)宗教事務(wù)局2019年度一般公共預(yù)算財政撥款“三公”經(jīng)費支出決算中,"
        "因公出國(境)費支出決算0萬元,0;公務(wù)接待費支出決算6.28萬元,占34.88%。具體情況如下:\n",
        "2019年度部门决算\n因公出国(境)费支出决算0万元,占0%;公务接待费支出决算0.39万元,占22.14%;"
        "公务用车购置及运行维护费支出决算1.37万元,占77.86%。\n",
        "warning",
        "应为“占……%”",
    )
)

_G6_01 = [  # g6-01 lines 4–8: the shares of 总收入 stated one a sentence, adding up to 100.00%
    "2016年度总收入27,664.71万元,其中:财政拨款收入9,787.85万元,教育事业收入5,738.74万元,"
    "其他收入12,037.17万元,经营收入100.95万元。",
    "①财政拨款收入:本年度我院财政拨款收入共计9,787.85万元,占总收入的35.39%。",
    "②教育事业收入:本年度我院事业收入5,738.74万元,占总收入的20.74%。",
    "③其他收入:本年度我院其他收入为12,037.17万元,主要是李先生捐赠款收入,占总收入的43.51%。",
    "④经营收入:本年度我院经营收入为100.95万元,主要为食堂本年收入,占总收入的0.36%。",
]
CASES.append(
    (
        # 9,787.85 ÷ 27,664.71 = 35.3805% → 35.38%: the remainder pushed onto it; lines 6–7 are right
        "share of a named base, remainder pushed",
        "A012",
        "2016年度部门决算\n" + "\n".join(_G6_01) + "\n",
        "2016年度部门决算\n" + "\n".join([_G6_01[0], _G6_01[2], _G6_01[3]]) + "\n",
        "warning",
        "35.38%",
    )
)

_G11_10 = (  # g11-10 lines 10–16 (目录): two of its items on one line
    "2020年度部门决算\n目录\n四、财政拨款收入支出决算总表\n五、一般公共预算财政拨款支出决算表\n"
    "六、一般公共预算财政拨款基本支出决算表\n七、“三公”经费支出决算表{}八、政府性基金预算财政拨款收入支出决算表\n"
    "九、国有资本经营预算财政拨款支出决算表\n十、国有资产占用情况表\n第三部分 2020年度部门决算情况说明\n"
)
CASES.append(
    ("items run together", "A042", _G11_10.format(""), _G11_10.format("\n"), "warning", "与上一项连写")
)

CASES.append(
    (
        # g11-02 line 25, a 2021 report: last year's sentence left in; p03 line 9, a 2023 report
        "scope of another year",
        "A041",
        "2021年度部门决算\n从预算单位构成看,纳入本部门2020年度决算编制的二级预算单位主要包括昌州幼儿园本部,进士家园分部。\n",
        "2023年度部门决算\n从预算单位构成看,纳入本部门2023年度决算编制的二级预算单位主要包括重庆市铜梁区国库集中支付核算中心、重庆市铜梁区非税收入征收管理中心、重庆市铜梁区财政预算评审中心3个直属事业单位。\n",
        "warning",
        "应为2021年度",
    )
)

# standard terms mis-written: (the real passage, the wrong form, the standard term)
TERMS = [
    # g13-07 line 25: 舍入 (四舍五入) written 收舍
    (
        "二是本级支出增加1050万元、地方政府债务还本支出因收舍原因增加1万元、上解支出增加2162万元。",
        "收舍",
        "舍入",
    ),
    # g12-13 line 22: 应对气候变化 written 气侯
    ("组织、指导全市森林资源调查和动态监测;承担林业应对气侯变化的相关工作。", "气侯", "气候"),
    # g2-11 line 2 (目录): 一般公共预算财政拨款 written 一般公共决算
    (
        "三、2021 年度一般公共决算财政拨款安排的“三公”经费支出决算及增减变动情况说明",
        "一般公共决算",
        "一般公共预算",
    ),
    # g1-04 line 23: 公务用车运行维护费 with its 费 written twice
    (
        "其中:公务用车运行费维护费41.9万元,包括燃修费、修理费、过路过桥费、保险费等支出。",
        "运行费维护费",
        "运行维护费",
    ),
]
for passage, wrong, right in TERMS:
    CASES.append(
        (
            f"{wrong} for {right}",
            "A040",
            f"2021年度部门决算\n{passage}\n",
            f"2021年度部门决算\n{passage.replace(wrong, right)}\n",
            "warning",
            f"应为“{right}”",
        )
    )

# 目录 entries, part headings and standard words with a character lost (each from the real text)
CASES += [
    (
        # g16-11 line 9: “2018度” for 2018年度 (line 18: “2018年度部门决算情况说明”); not kilowatt-hours
        "year without 年",
        "A040",
        "2018年部门决算公开信息\n第二部分:梧州市统计局2018度部门决算报表\n",
        "2018年部门决算公开信息\n第三部分:梧州市统计局2018年度部门决算情况说明\n全年用电2018度。\n",
        "warning",
        "应为“2018年度”",
    ),
    (
        # g16-05 line 86 (目录): “十三、关2020年度…” under “十一、关于政府采购支出说明”
        "关于 without 于",
        "A040",
        "2022年度部门决算\n十一、关于政府采购支出说明\n十三、关2020年度预算绩效情况的说明\n",
        "2022年度部门决算\n十一、关于政府采购支出说明\n十三、关于2022年度预算绩效情况的说明\n",
        "warning",
        "应为“关于”",
    ),
    (
        # g16-07 line 44 (目录): “七、财政拨款三公”经费…” (line 82: 财政拨款“三公”经费)
        "三公 without its opening quotation mark",
        "A040",
        "2024年度部门决算\n七、财政拨款三公”经费支出决算情况说明\n",
        "2024年度部门决算\n十三、财政拨款“三公”经费支出决算表\n",
        "warning",
        "“三公”应有前引号",
    ),
    (
        # g16-07 line 48 (目录): “九、有资本经营预算…” (line 78: 十一、国有资本经营预算…)
        "国有资本经营 without 国",
        "A040",
        "2024年度部门决算\n九、有资本经营预算支出决算情况说明\n",
        "2024年度部门决算\n十一、国有资本经营预算财政拨款收入支出决算表\n",
        "warning",
        "应为“国有资本经营预算”",
    ),
    (
        # g16-06 line 64 (目录): “第三部  2024年度部门决算情况说明” between 第二部分 and 第四部分
        "part heading without 分",
        "A042",
        "2024年度部门决算\n目录\n第一部分  单位概况\n第二部分  2024年度部门决算表\n"
        "第三部  2024年度部门决算情况说明\n第四部分  其他重要事项及相关口径情况说明\n",
        "2024年度部门决算\n目录\n第一部分  单位概况\n第二部分  2024年度部门决算表\n"
        "第三部分  2024年度部门决算情况说明\n第四部分  其他重要事项及相关口径情况说明\n",
        "warning",
        "应为“第三部分”",
    ),
    (
        # g16-06 line 88 (目录): “部分  名词解释” after 第四部分
        "part heading without its number in the 目录",
        "A042",
        "2024年度部门决算\n目录\n第三部分  2024年度部门决算情况说明\n"
        "第四部分  其他重要事项及相关口径情况说明\n部分  名词解释\n",
        "2024年度部门决算\n目录\n第三部分  2024年度部门决算情况说明\n"
        "第四部分  其他重要事项及相关口径情况说明\n第五部分  名词解释\n",
        "warning",
        "应为“第五部分”",
    ),
    (
        # g16-06 lines 34 (目录) and 108: “一、主要职” listed, “一、主要职责” over the section
        "目录 entry without its last character",
        "A040",
        "2024年度部门决算\n目录\n第一部分  单位概况\n一、主要职\n二、基本情况\n"
        "第一部分  单位概况\n一、主要职责\n对幼儿实施体、智、德、美等方面全面发展的教育。\n",
        "2024年度部门决算\n目录\n第一部分  单位概况\n一、主要职责\n二、基本情况\n"
        "第一部分  单位概况\n一、主要职责\n对幼儿实施体、智、德、美等方面全面发展的教育。\n",
        "warning",
        "应为“主要职责”",
    ),    (
        # g15-07 lines 58–62: “部分2021年度部门决算 / 收入支出决算总表》 / 二、《收入决算…》”: “一、《” lost
        "table name without its opening title mark",
        "A040",
        "2021年度部门决算\n第二部分2021年度部门决算\n收入支出决算总表》\n二、《收入决算(按功能分类列示)》\n",
        "2021年度部门决算\n第二部分2021年度部门决算\n一、《收入支出决算总表》\n二、《收入决算(按功能分类列示)》\n",
        "warning",
        "应为“一、《收入支出决算总表》”",
    ),
    (
        # g16-07 lines 24–26 (its 目录, untitled) and 86–89: the body's first heading lost “一、”
        "part's first heading without the 目录's numeral",
        "A042",
        "2024年度部门决算\n第一部分 部门概况\n一、部门职责\n二、机构设置\n第二部分 名词解释\n"
        "第一部分 部门概况\n部门职责\n蜂桶乡党委负责本辖区党的建设。\n",
        "2024年度部门决算\n第一部分 部门概况\n一、部门职责\n二、机构设置\n第二部分 名词解释\n"
        "第一部分 部门概况\n一、部门职责\n蜂桶乡党委负责本辖区党的建设。\n",
        "warning",
        "应为“一、部门职责”",
    ),
]


@pytest.mark.parametrize(
    ("rule", "bad", "ok", "severity", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_the_defect_is_found_and_the_correct_passage_left_alone(tmp_path, rule, bad, ok, severity, fragment):
    found = [(s, m) for s, m in _of(tmp_path, bad, rule) if fragment in m]
    assert [s for s, _m in found] == [severity], _of(tmp_path, bad, rule, "again.txt")
    assert _of(tmp_path, ok, rule, "ok.txt") == []


def test_a_gap_whose_number_lost_its_punctuation_or_spans_parts_stays_info(tmp_path):
    # g7-02: 第一部分 then 第三部分 — the tables (第二部分) are published apart
    parts = "2020年度部门决算\n第一部分 部门概况\n一、部门职责\n第三部分 2020年度部门决算情况说明\n"
    assert [s for s, _m in _of(tmp_path, parts, "A042", "parts.txt")] == ["info"]
    # g5-09 lines 8–11: “6做好…” lost its “、”; the item is there
    lost = (
        "2017年度部门决算\n4、组织离休干部参加有关会议和政治活动。\n"
        "5、开展调查研究,接待处理来信来访。\n6做好全区离休干部公用经费和特需经费的收缴发放工作。\n"
        "7、做好区级退休干部的服务管理工作。\n"
    )
    found = _of(tmp_path, lost, "A042")
    # the gap 5 → 7 stays info; the “6” written without its “、” is a slip of its own (a warning)
    assert sorted(s for s, _m in found) == ["info", "warning"]
    assert any(s == "warning" and "6做好" in m and "序号写法" in m for s, m in found), found


def test_a_list_whose_style_changes_after_its_first_item_is_not_missing_one(tmp_path):
    # the reference report, lines 601–606: “（一）设立背景… / （2） 实施目的… / （3） 预算安排…”
    text = (
        "2024年度部门决算\n第一部分 项目概况\n（一）设立背景及基本情况。\n"
        "信访维稳工作经费为区信访局主管项目。\n（2） 实施目的及支持方向。\n"
        "目的是化解各种不稳定因素。\n（3） 预算安排及分配管理。\n"
    )
    assert _of(tmp_path, text, "A042") == []


def test_a_heading_whose_twin_doubles_a_bracket_has_no_character_dropped(tmp_path):
    # g11-14 lines 18 (目录) and 34: “…图书馆))概况” and “…图书馆)概况”
    text = (
        "2022年度部门决算\n第一部分上海市青浦区图书馆(上海市青浦区青杏科技图书馆))概况\n"
        "第一部分    上海市青浦区图书馆(上海市青浦区青杏科技图书馆)概况\n"
    )
    assert [m for _s, m in _of(tmp_path, text, "A040") if "缺字" in m] == []


def test_a_gap_left_by_an_item_whose_numeral_was_lost_stays_info(tmp_path):
    # g15-07 lines 62–66 (目录 of the tables): “三” lost before “、《收入决算…”; the item is there, so the gap
    # 二、→四、 is no second defect
    text = (
        "2021年度部门决算\n第三部分 附表\n二、《收入决算(按功能分类列示)》\n"
        "、《收入决算(按单位列示)》\n四、《支出决算表》\n"
    )
    found = _of(tmp_path, text, "A042")
    assert not [m for s, m in found if s == "warning" and "缺少三、" in m], found



def test_a_heading_worded_otherwise_elsewhere_has_no_character_lost(tmp_path):
    # g11-06 lines 1, 3 (目录) and 30: the body's “…学校所部门概况” beside the title's “…学校部门”; and a word
    # left out of a 目录 entry (g18-08: “…小学部门概况” / “…小学概况”) is a wording, not a slip
    text = (
        "安义县长均乡中心学校部门2020年度部门决算\n目 录\n第一部分 长均乡中心学校部门概况\n一、部门主要职责\n"
        "第一部分 长均乡中心学校所部门概况\n一、部门主要职责\n"
    )
    assert [m for _s, m in _of(tmp_path, text, "A040") if "缺字" in m] == []
    text = "2016年度部门决算\n目录\n第一部分 西宁市东方小学部门概况\n第一部分 西宁市东方小学概况\n"
    assert [m for _s, m in _of(tmp_path, text, "A040") if "缺字" in m] == []
