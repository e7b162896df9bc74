"""False alarms and misses found on the held-out group g30 after its first score, each with the case that
must still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g19 import _findings

# g30-01: a 部门整体支出绩效自评表 flattened with “|”, its first row the form's field and its value
_FORM = (
    "太白镇2021年度部门整体支出绩效自评表\n"
    "部门(单位)名称 | 绥阳县太白镇人民政府 | | | |\n"
    "年度资金总额 | 1000 | 900 | 10 | 90% | 9 |\n"
)


def _placeholders(tmp_path, text: str, name: str = "doc.txt") -> list[str]:
    found = _findings(tmp_path, text, name)
    return [f.message for f in found if f.rule_id == "A040" and "部门(单位)名称" in f.message]


def test_a_forms_unit_field_filled_in_the_next_cell_is_no_placeholder(tmp_path):
    assert _placeholders(tmp_path, _FORM) == []
    blank = _FORM.replace("| 绥阳县太白镇人民政府 |", "| |")  # the field left empty: the template's blank
    assert _placeholders(tmp_path, blank, "blank.txt")


def test_a_count_of_units_with_its_list_after_ji(tmp_path):
    # g30-07 line 6: “直属事业单位10个,即县国库集中支付中心、…、县经济开发区财政所。” (nine names)
    names = "县国库集中支付中心、县财政信息中心、县工资统发中心、县财政投资评审中心、县政府债务研究评估中心"
    text = f"南县财政局2020年度部门决算\n下设办公室等16个股室;直属事业单位6个,即{names}。\n"
    found = [f for f in _findings(tmp_path, text) if f.rule_id == "A021"]
    assert [f.severity for f in found] == ["warning"] and "列出了5个" in found[0].message, found
    right = text.replace("直属事业单位6个", "直属事业单位5个")
    assert not [f for f in _findings(tmp_path, right, "right.txt") if f.rule_id == "A021"]


# g30-01: the 资金 rows of a 部门整体支出绩效自评表 with no 执行率 column; the form's 得分计算方法 says
# “执行率*该指标分值”, and the 基本支出 row wraps onto the next line of the flattened text
_FUNDS = (
    "部门整体支出绩效自评表 | |||||||||\n"
    "部门(单位)名称 | 绥阳县太白镇人民政府 | ||||||||\n"
    "部门(单位)总体 资金(万元) | 资 金 来 源 | 年初预算数(A) | 全年执行数(B) | 分值(10分) | 得分 | "
    "得分计算方法 | |||\n"
    "年度资金总额: | 1172.55 | 1268.72 | 10 | 10 | 执行率*该指标分值,最高不得超过分值上限。 | ||||\n"
    "基本支出 | 985.19 | 914.97 |\n"
    "10 | 10 | |||||\n"
    "项目支出 | 187.36 | 353.75 | 10 | 10 | |||||\n"
)


def _funds_findings(tmp_path, text: str, name: str = "doc.txt") -> list:
    return [f for f in _findings(tmp_path, text, name) if f.rule_id in ("A060", "A061")]


def test_a_funds_rows_score_follows_the_forms_own_rate_times_weight(tmp_path):
    found = _funds_findings(tmp_path, _FUNDS)
    assert [(f.rule_id, f.severity) for f in found] == [("A061", "error")], found
    assert "基本支出得分" in found[0].message and "应为9.29分" in found[0].message
    # scored as its rate gives: nothing; rows above 100% stay capped at the 分值
    right = _FUNDS.replace("10 | 10 | |||||\n", "10 | 9.29 | |||||\n", 1)
    assert _funds_findings(tmp_path, right, "right.txt") == []
    # a form that does not say how it scores its 资金 rows is not judged by this rule
    unstated = _FUNDS.replace("执行率*该指标分值,最高不得超过分值上限。", "")
    assert _funds_findings(tmp_path, unstated, "unstated.txt") == []
