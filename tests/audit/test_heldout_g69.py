"""The held-out groups g69–g73 after their first score: each fix from the real text, with the case that must
still be found."""

from __future__ import annotations

import pytest

from juesuan.audit.read import read_document
from tests.audit.test_heldout_g33 import _of  # the rule's findings above info


# g69-02 line 10: a completion of the 调整预算 stated as “预算调整为X”, not of the 年初预算 before it
def test_a_budget_adjusted_to_a_figure_is_the_completions_base(tmp_path):
    text = (
        "关于中原区2020年财政预算执行情况和2021年财政预算(草案)的报告\n"
        "区十六届人民代表大会第五次会议批准的2020年全区一般公共预算收入预算为567858万元,经区十六届人大常委会第三十次"
        "会议批准,一般公共预算收入预算调整为537471万元,实际完成544209万元,为调整预算的101.25%,比上年同期(同口径)"
        "下降1.28%。\n"
    )
    assert _of(tmp_path, text, "A016") == []
    wrong = text.replace("101.25%", "102.25%")
    assert [f for f in _of(tmp_path, wrong, "A016", "wrong.txt") if "101.25%" in f.message]


# g72-01 line 47: the text's last line, a heading the page cut, is no heading that lost a character
def test_a_heading_cut_by_the_end_of_the_page(tmp_path):
    text = (
        "中共梧州市委宣传部2022年部门决算\n"
        "目录\n"
        "第一部分:部门概况\n"
        "一、主要职能\n"
        "二、机构设置\n"
        "三、编制现状、人员构成\n"
        "第一部分:部门概况\n"
        "一、主要职能\n"
        "负责全市宣传思想工作。\n"
        "二、机构设置\n"
        "部门机关内设机构共设11个职能科室。\n"
        "三、编制现状、人员构\n"
    )
    assert [f for f in _of(tmp_path, text, "A040") if "人员构" in f.message] == []
    # the same slip with the text going on under it is still told
    inside = text + "本部门编制30名,实有人数28名。\n"
    assert [f for f in _of(tmp_path, inside, "A040", "inside.txt") if "人员构" in f.message]


# the year of a report from its title or sentences, where the page has no 决算 title of the usual form
@pytest.mark.parametrize(
    ("text", "year"),
    [
        # g69-01 / g69-02: a government's report on the year's execution, next year's budget beside it
        ("关于延边朝鲜族自治州2020年预算执行情况和2021年预算草案的报告\n各位代表:\n", 2020),
        # g49-06: half a year's execution is no year's report
        ("关于2021年上半年预算执行情况的报告\n各位代表:\n", None),
        # g69-04: the congress's resolution approving the 决算
        (
            "绿园区人大常委会关于批准\n2017年区本级财政决算的决议\n"
            "(2018年8月7日区十八届人大常委会第十二次会议通过)\n",
            2017,
        ),
        # g70-04: the units reported on, “纳入…部门决算编报”
        ("第一部分 学校概况\n纳入2016年部门决算编报的单位共1个。\n", 2016),
        # g71-03: an indicator form's title
        ("2019年度宁晋县高中助学金项目绩效评价指标表\n", 2019),
        # g71-01: a project's self-evaluation form
        ("2020年市级服务贸易发展资金项目自评表\n单位名称:区商务局\n", 2020),
        # g73-03: a 镇's numbered part heading naming its 公共财政决算
        ("第一部分 概况\n一、柏祥镇人民政府2024年度公共财政决算情况说明\n", 2024),
    ],
)
def test_the_year_read_from_more_titles(tmp_path, text, year):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    assert read_document(path).year == year


# g70-04 line 8: a whole said to be of one kind, that kind counted otherwise
def test_a_whole_of_one_kind_counted_otherwise(tmp_path):
    text = "云南北辰高级中学2016年度部门决算\n纳入2016年部门决算编报的单位共1个,为其他事业单位6个。\n"
    assert [f for f in _of(tmp_path, text, "A021") if "6个" in f.message]
    right = text.replace("事业单位6个", "事业单位1个")
    assert _of(tmp_path, right, "A021", "right.txt") == []
