"""The example report against the published reference (乐山市金口河区信访局 2024年度部门决算).

Each expected phrase is checked in our generated text. Phrases marked ``same`` must also occur, with the
same figures, in the reference text (normalised for number formatting); those marked with a reason
differ from the reference on purpose: the reference contradicts itself there, and the example dataset's
comments say which statement was wrong.
"""

from __future__ import annotations

import re

import pytest

from juesuan.build import prepare
from juesuan.render.text import render_text

from .conftest import EXAMPLE, REFERENCE, SICHUAN_TABLE_TITLES

# (phrase in our report, phrase in the reference or None, why they differ)
FIGURES: list[tuple[str, str | None, str]] = [
    ("收入、支出总计均为243.40万元", "收入、支出总计均为243.4万元", "same"),
    ("收入、支出总计各减少53.30万元，下降17.96%", "收入、支出总计各减少53.3万元，下降17.96%", "same"),
    ("本年收入合计243.33万元", "本年收入合计243.33万元", "same"),
    (
        "一般公共预算财政拨款收入243.33万元，占100.00%",
        None,
        "reference says 占99.99%, but 243.33 of 243.33 is 100%",
    ),
    ("本年支出合计243.38万元", "本年支出合计243.38万元", "same"),
    (
        "基本支出200.03万元，占82.19%",
        None,
        "reference says 82.18%, which with 17.81% does not add up to 100%; 200.03/243.38 = 82.1883%",
    ),
    ("项目支出43.35万元，占17.81%", "项目支出43.35万元，占17.81%", "same"),
    ("财政拨款收入、支出总计均为243.33万元", "财政拨款收入、支出总计均为243.33万元", "same"),
    (
        "财政拨款收入总计、支出总计各减少53.25万元，下降17.95%",
        "财政拨款收入总计、支出总计各减少53.25万元，下降17.95%",
        "same",
    ),
    (
        "一般公共预算财政拨款支出243.33万元，占本年支出合计的99.98%",
        None,
        "reference says 99.97%; 243.33/243.38 = 99.9795%",
    ),
    (
        "一般公共预算财政拨款支出减少53.25万元，下降17.95%",
        "一般公共预算财政拨款支出减少53.25万元，下降17.95%",
        "same",
    ),
    (
        "一般公共服务支出185.21万元，占76.11%",
        None,
        "reference prints the 类 subtotal 185.22; the 项 sum to 185.21",
    ),
    ("社会保障和就业支出36.64万元，占15.06%", "社会保障和就业支出36.64万元，占15.06%", "same"),
    ("卫生健康支出5.68万元，占2.33%", None, "reference prints 5.67; the 项 sum to 5.68"),
    ("农林水支出1.50万元，占0.62%", "农林水支出1.5万元，占0.62%", "same"),
    ("住房保障支出14.30万元，占5.88%", "住房保障支出14.3万元，占5.88%", "same"),
    ("支出决算数为243.33万元，完成预算100.00%", "支出决算数为243.33万元，完成预算100%", "same"),
    ("行政运行（项）：支出决算为91.14万元，完成预算100.00%", "支出决算为91.14万元，完成预算100%", "same"),
    ("事业运行（项）：支出决算为54.38万元，完成预算100.00%", "支出决算为54.38万元，完成预算100%", "same"),
    (
        "信访事务（款）信访业务（项）：支出决算为39.69万元",
        "信访事务（款）信访业务（项）：支出决算为39.69万元",
        "same",
    ),
    ("基本养老保险缴费支出（项）：支出决算为17.45万元", "支出决算为17.45万元", "same"),
    ("职业年金缴费支出（项）：支出决算为10.89万元", "支出决算为10.89万元", "same"),
    ("其他行政事业单位养老支出（项）：支出决算为1.40万元", "支出决算为1.4万元", "same"),
    ("残疾人就业（项）：支出决算为1.96万元", "残疾人就业（项）: 支出决算为1.96万元", "same"),
    ("其他社会保障和就业支出（项）：支出决算为4.94万元", "支出决算为4.94万元", "same"),
    ("行政单位医疗（项）：支出决算为2.77万元", "行政单位医疗（项）:支出决算为2.77万元", "same"),
    ("事业单位医疗（项）：支出决算为2.13万元", "事业单位医疗（项）:支出决算为2.13万元", "same"),
    ("公务员医疗补助（项）：支出决算为0.78万元", "公务员医疗补助（项）:支出决算为0.78万元", "same"),
    ("乡村振兴支出（项）：支出决算为1.50万元", "支出决算为1.5万元", "same"),
    ("住房公积金（项）：支出决算为14.30万元", "住房公积金（项）:支出决算为14.30万元", "same"),
    ("一般公共预算财政拨款基本支出199.98万元", "一般公共预算财政拨款基本支出199.98万元", "same"),
    ("人员经费182.09万元", "人员经费182.09万元", "same"),
    ("公用经费17.89万元", "公用经费17.89万元", "same"),
    (
        "“三公”经费财政拨款支出决算为0.32万元，完成预算29.04%",
        "“三公”经费财政拨款支出决算为0.32万元，完成预算29.04%",
        "same",
    ),
    ("比2023年度减少0.39万元，下降54.93%", "减少0.39万元，下降54.93%", "same"),
    ("公务接待费支出决算0.32万元，占100.00%", "公务接待费支出决算0.32万元，占100%", "same"),
    ("因公出国（境）费支出决算0.00万元，占0.00%", "因公出国（境）费支出决算0万元，占0%", "same"),
    ("3.公务接待费支出0.32万元，完成预算29.04%", "3.公务接待费支出0.32万元，完成预算29.04%", "same"),
    (
        "国内公务接待2批次，30人次（不包括陪同人员），共计支出0.32万元",
        "国内公务接待2批次，30人次（不包括陪同人员），共计支出0.32万元",
        "same",
    ),
    ("沙湾区对口帮扶工作支出0.08万元", "沙湾区对口帮扶工作支出0.08万元", "same"),
    ("省信访局到金口河开展调研工作0.24万元", "省信访局到金口河开展调研工作0.24万元", "same"),
    (
        "外事接待0批次，0人次（不包括陪同人员），共计支出0.00万元",
        "外事接待0批次，0人次（不包括陪同人员），共计支出0万元",
        "same",
    ),
    ("全年安排因公出国（境）团组0个，出国（境）0人次", None, "reference: 团组0次，出国（境）0人"),
    (
        "单位共有公务用车0辆，其中：轿车0辆、越野车0辆、载客汽车0辆",
        "单位共有公务用车0辆，其中：轿车0辆、越野车0辆、载客汽车0辆",
        "same",
    ),
    (
        "机关运行经费支出17.89万元，比2023年度减少3.86万元，下降17.75%",
        "机关运行经费支出17.89万元，比2023年度减少3.86万元，下降17.75%",
        "same",
    ),
    ("主要原因是严格执行厉行节约规定，控制经费使用", "主要原因是严格执行厉行节约规定，控制经费使用", "same"),
    (
        "共有车辆0辆，其中：主要负责人用车0辆、机要通信用车0辆、应急保障用车0辆、其他用车0辆",
        "共有车辆0辆，其中：主要负责人用车0辆、机要通信用车0辆、应急保障用车0辆、其他用车0辆",
        "same",
    ),
    (
        "单价100万元（含）以上设备（不含车辆）0台（套）",
        "单价100万元（含）以上设备（不含车辆）0台（套）",
        "same",
    ),
    (
        "3个项目开展了预算事前绩效评估，对3个项目编制了绩效目标，预算执行过程中，选取3个项目开展绩效监控",
        "3个项目开展了预算事前绩效评估，对3个项目编制了绩效目标，预算执行过程中，选取3个项目开展绩效监控",
        "same",
    ),
    ("绩效自评得分为93分", "绩效自评得分为93分", "same"),
    (
        "信访维稳工作经费项目绩效自评得分为99分",
        None,
        "reference says 94分 in the text and 98.8 in the 自评表, which scores 执行率100% as 9.8",
    ),
    (
        "疑难信访专项经费项目绩效自评得分为98.3分",
        None,
        "the reference's 自评表 total 98.3 (not stated in the text)",
    ),
    (
        "脱贫攻坚和乡村振兴工作经费项目绩效自评得分为99分",
        None,
        "the reference's 自评表 total 99 (not stated in the text)",
    ),
    (
        "年末实有人数9人，其中行政人员5人，事业人员4人。较上年减少1人，变动原因为退休1人",
        "年末实有人数9人，其中行政人员5人，事业人员4人。较上年减少1人，变动原因为退休1人",
        "same",
    ),
    ("财政拨款收入为243.33万元，占本年收入总额的100.00%", None, "reference says 占本年收入总额为99.99%"),
    (
        "财政拨款收入与2023年相比减少53.25万元，下降17.95%",
        None,
        "reference says 减少53.28万元; 296.58 − 243.33 = 53.25",
    ),
    ("基本支出199.98万元，占财政拨款支出的82.18%", "基本支出199.98万元，占总支出82.18%", "same"),
    ("项目支出43.35万元，占财政拨款支出的17.82%", "项目支出43.35万元，占总支出17.82%", "same"),
    (
        "基本支出中人员经费182.09万元、公用经费17.89万元",
        "基本支出中人员支出182.09万元，公用支出17.89万元",
        "same",
    ),
    ("2024年本部门财政资金无结转结余", "2024年本部门财政资金无结转结余", "same"),
    ("内设2个职能部门，分别是办公室、信访股", "内设2个职能部门，分别是办公室、信访股", "same"),
    (
        "下属二级预算单位0个，其中行政单位0个，参照公务员法管理的事业单位0个，其他事业单位0个",
        "下属二级预算单位0个，其中行政单位0个，参照公务员法管理的事业单位0个，其他事业单位0个",
        "same",
    ),
    ("项目全年预算数20.00万元", "项目全年预算数20万元", "same"),
]

# figures of the 附表 and 自评表, as tab-separated runs of cells in the text rendering
TABLE_FIGURES = [
    "本年收入合计\t243.33\t本年支出合计\t243.38",
    "年初结转和结余\t0.07\t年末结转和结余\t0.02",
    "总计\t243.40\t总计\t243.40",
    "合计\t243.38\t200.03\t43.35",
    "2010301\t行政运行\t91.14",
    "201\t一般公共服务支出\t185.21",
    "210\t卫生健康支出\t5.68",
    "年度资金总额\t20.00\t19.69\t98.45%",
    "预算执行率（10分）\t100%\t98.45%\t10\t9.8",
    "来访对象满意度\t100%\t85%\t10\t8.5",
    "得分\t100\t98.3\t部分历史遗留问题未能解决",
    "得分\t100\t99\t部分历史遗留问题未能解决",
    "得分\t100\t99\t少数群众满意度低",
    "2023年\t2024年\n296.70\t243.40",
    "2023年\t2024年\n296.58\t243.33",
    "一般公共服务支出\t社会保障和就业支出\t卫生健康支出\t农林水支出\t住房保障支出\n76.11%\t15.06%\t2.33%\t0.62%\t5.88%",
]


def _normalise(text: str) -> str:
    text = re.sub(r"\[bookmark: [^\]]*\]", "", text)
    return text.replace(" ", "").replace("\u3000", "")


@pytest.fixture(scope="module")
def generated() -> str:
    return render_text(prepare(EXAMPLE))


@pytest.fixture(scope="module")
def reference() -> str:
    if not REFERENCE.exists():
        pytest.skip("the shared reference report is not available")
    return _normalise(REFERENCE.read_text(encoding="utf-8"))


def test_enough_figures_are_checked():
    assert len(FIGURES) + len(TABLE_FIGURES) >= 60


@pytest.mark.parametrize(("ours", "theirs", "why"), FIGURES, ids=[f[0][:24] for f in FIGURES])
def test_figure_in_generated_report(generated, ours, theirs, why):
    assert ours in generated


@pytest.mark.parametrize(("ours", "theirs", "why"), [f for f in FIGURES if f[1]], ids=lambda x: str(x)[:24])
def test_same_figure_in_reference(reference, ours, theirs, why):
    assert _normalise(theirs) in reference, f"the reference does not say {theirs!r}"


@pytest.mark.parametrize("run", TABLE_FIGURES, ids=lambda x: x[:24])
def test_table_and_chart_figures(generated, run):
    assert run in generated


def test_sections_in_reference_order(generated):
    headings = [
        "第一部分 部门概况",
        "一、部门职责",
        "二、机构设置",
        "第二部分 2024年度部门决算情况说明",
        "一、收入支出决算总体情况说明",
        "二、收入决算情况说明",
        "三、支出决算情况说明",
        "四、财政拨款收入支出决算总体情况说明",
        "五、一般公共预算财政拨款支出决算情况说明",
        "（一）一般公共预算财政拨款支出决算总体情况",
        "（二）一般公共预算财政拨款支出决算结构情况",
        "（三）一般公共预算财政拨款支出决算具体情况",
        "六、一般公共预算财政拨款基本支出决算情况说明",
        "七、财政拨款“三公”经费支出决算情况说明",
        "（一）“三公”经费财政拨款支出决算总体情况说明",
        "（二）“三公”经费财政拨款支出决算具体情况说明",
        "八、政府性基金预算支出决算情况说明",
        "九、国有资本经营预算支出决算情况说明",
        "十、其他重要事项的情况说明",
        "（一）机关运行经费支出情况",
        "（二）政府采购支出情况",
        "（三）国有资产占有使用情况",
        "（四）预算绩效管理情况",
        "第三部分 名词解释",
        "第四部分 附件",
        "部门整体预算绩效评价报告",
        "部门预算项目支出绩效自评表",
        "信访维稳工作经费项目绩效评价报告",
        "第五部分 附表",
        "一、收入支出决算总表",
        "十三、财政拨款“三公”经费支出决算表",
    ]
    position = -1
    for heading in headings:
        found = generated.find(heading, position + 1)
        assert found > position, f"{heading!r} missing or out of order"
        position = found


def test_thirteen_tables_in_order(generated):
    titles = SICHUAN_TABLE_TITLES
    part = generated[generated.index("第五部分 附表") :]
    position = 0
    for n, title in enumerate(titles, 1):
        found = part.find(title, position)
        assert found >= position, f"table {n} {title} missing or out of order"
        position = found + len(title)


def test_no_residue_of_the_references_mistakes(generated):
    for residue in (
        "增加/减少",
        "增长/下降",
        "增减少",
        "0%%",
        "#DIV/0!",
        "医疗卫生与计划生育",
        "产所",
        "XX",
        "××",
        "None",
        "nan",
        "{{",
        "}}",
        "{%",
    ):
        assert residue not in generated, residue


def test_glossary_names_are_current(generated):
    glossary = generated[generated.index("第三部分 名词解释") : generated.index("第四部分 附件")]
    assert "卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）" in glossary
    assert "一般公共服务支出（类）信访事务（款）信访业务（项）" in glossary
    assert "政府办公厅（室）及相关机构事务（款）信访事务（项）" not in glossary
