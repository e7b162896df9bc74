"""A014: the items' changes (on the prior year or on the budget) add up to the total's change."""

from __future__ import annotations

from juesuan.audit.run import audit_path

# g3-04 (海口市中级人民法院 2021): item budgets 0 + 74.90 + 5.00 = 79.90, not 89.90
G3_04 = (
    "2021年度一般公共预算财政拨款“三公”经费支出预算为89.90万元,支出决算为57.53万元,完成预算的63.99%。\n"
    "因公出国(境)费支出决算比预算数增加(减少)0万元,增长(下降)0%。\n"
    "公务用车购置及运行费支出决算数比预算数减少17.54万元,下降23.42%。\n"
    "公务接待费支出决算数比预算数减少4.82万元,下降96.40%。\n"
)
# g4-02 (甘南 2015): −0.26 + 14.79 = 14.53, not 15.15; 因公出国 is 0 and left out
G4_02 = (
    "2015年部门决算公开“三公”经费合计31.23万元,其中:公务接待费1.58万元,车辆运行费28.91万元,"
    "因公出国(境)费0万元。较2014年度部门决算公开“三公”经费合计16.08万元增加15.15万元。"
    "其中:公务接待费减少0.26万元,公务用车运行维护费增加14.79万元。\n"
    "2015年度我单位支出公务接待费为1.58万元,较2014年公务接待费减少0.26万元。\n"
    "公务用车运行维护费28.91万元,较2014年度增加14.79万元。\n"
)
# g6-08 (焦石镇 2020), line 4
G6_08 = (
    "2020年度“三公”经费41万元,其中:因公出国(境)费0万元,公务用车购置及运行维护费21万元"
    "(公务用车购置费0万元、公务用车运行维护费21万元),公务接待费20万元。\n"
    "经比较2020年度镇本级“三公”经费41万元,较上年减少19万元,下降43.78% ,较年初预算数减少4万元,下降2.2%。"
    "主要是压减“三公”经费。其中:公务用车购置及运行维护费21 万元,较上年减少16万元,较年初预算数减少4万元,"
    "主要是事业单位公车改革;公务接待费20万元,公务接待费较上年减少2.5万元,较年初预算数减少1万元。\n"
)


def _sums(tmp_path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text("某单位2021年度部门决算\n" + text, encoding="utf-8")
    return [
        f
        for f in audit_path(path).findings
        if f.rule_id == "A014" and f.severity != "info" and "各项增减额" in f.message
    ]


def test_item_budgets_against_the_total_budget(tmp_path):
    found = _sums(tmp_path, G3_04)
    assert [f.severity for f in found] == ["error"] and "22.36" in found[0].message
    assert not _sums(tmp_path, G3_04.replace("89.90", "79.90").replace("63.99", "72.00"), "ok.txt")


def test_a_left_out_zero_item_makes_a_warning(tmp_path):
    found = _sums(tmp_path, G4_02.replace("2021", "2015"))
    assert [f.severity for f in found] == ["warning"] and "14.53" in found[0].message
    ok = G4_02.replace("增加15.15万元", "增加14.53万元").replace("31.23", "30.61")
    assert not _sums(tmp_path, ok, "ok.txt")


def test_changes_on_prior_year_and_on_budget(tmp_path):
    found = _sums(tmp_path, G6_08)
    assert len(found) == 2 and {f.severity for f in found} == {"warning"}
    assert any("-18.50" in f.message for f in found) and any("-5.00" in f.message for f in found)
    ok = G6_08.replace("减少19万元", "减少18.5万元").replace(
        "较年初预算数减少4万元,下降2.2%", "较年初预算数减少5万元,下降10.87%"
    )
    assert not _sums(tmp_path, ok, "ok.txt")


# juesuan's own report with a defect injected (corpus synth, a docx the auditor missed): the total's change
# altered from 0.39 to 5.39 while two items say 持平 and the third fell by 0.39
OWN_FLAT_ITEMS = (
    "2024年度“三公”经费财政拨款支出决算数比2023年度减少5.39万元，下降54.93%，其中：因公出国（境）费支出决算"
    "持平；公务用车购置及运行维护费支出决算持平；公务接待费支出决算减少0.39万元，下降54.93%。\n"
)


def test_items_said_to_be_flat_count_as_no_change(tmp_path):
    (hit,) = _sums(tmp_path, OWN_FLAT_ITEMS)
    assert hit.severity == "error" and "相差5.00万元" in hit.message
    assert _sums(tmp_path, OWN_FLAT_ITEMS.replace("减少5.39", "减少0.39"), "ok.txt") == []
