"""False alarms found on the held-out groups g58, g59 and g60 after their first score, each from the real
text, with the case that must still be found."""

from __future__ import annotations

from juesuan.audit.read import read_document
from juesuan.audit.rules.base import Context
from tests.audit.test_heldout_g29 import DOCS
from tests.audit.test_heldout_g33 import _of  # the rule's findings above info


# g58-05 line 22: one duty written again under the next number is told once, by A042
def test_an_item_under_two_numbers_is_told_once(tmp_path):
    text = (
        "中共郑州市中原区委党校2017年度部门决算\n"
        "(一)围绕党的中心任务和区委的重大决策开展教学培训工作。\n"
        "(二)围绕党的中心任务和区委的重大决策开展教学培训工作。\n"
        "(三)承担全区干部理论教育的组织协调工作。\n"
    )
    assert [f for f in _of(tmp_path, text, "A042") if "第二条与第一条重复" in f.message]
    assert [f for f in _of(tmp_path, text, "A040") if "重复的词语" in f.message] == []
    # a passage printed twice without numbers is still A040's
    bare = text.replace("(一)", "").replace("(二)", "").replace("(三)", "")
    assert [f for f in _of(tmp_path, bare, "A040", "bare.txt") if "重复的词语" in f.message]


# g59-07 line 16: shares of other bodies, each with a subject of its own and no figure
def test_shares_of_other_subjects_without_figures(tmp_path):
    text = (
        "2018年教育部直属高校决算\n"
        "这些钱都花哪儿了?具体来看,高等教育支出占高校支出的大头。如,清华大学用于高等教育的支出为155.73亿元,"
        "占总支出的56%左右;北京大学的高等教育支出占比57%,中山大学的占比为66%。\n"
    )
    assert _of(tmp_path, text, "A013") == []


# g60-05 line 15: a list cut by the end of the page is not a short list
def test_a_count_list_cut_by_the_page(tmp_path):
    text = (
        "湖南省体育局2015年度部门决算\n"
        "除局本级行政单位外,2015年局系统下有二级独立核算部门预算事业单位18个。其中,差额拨款单位2个(湖南郴州体育训练"
        "基地、湖南贺龙体育馆),全额拨款单位16个(湖南省体育人才交流服务中心、湖南体育职业学院、湖南省羽毛球乒乓球运动"
        "管理中心、湖南省举重运动管"
    )
    assert _of(tmp_path, text, "A021") == []
    whole = text.replace("全额拨款单位16个", "全额拨款单位6个") + "理中心)。\n"
    assert _of(tmp_path, whole, "A021", "whole.txt")


# g60-08 line 3 and g60-03 line 54: a multiple is not a rate; an event told with its month is no stale label
def test_a_multiple_and_an_event_with_its_month(tmp_path):
    multiple = "四川省商务厅2017年工作\n欧美国家到位外资增长4.3倍,“一带一路”国家外资增长18倍。\n"
    assert _of(tmp_path, multiple, "A023") == []
    assert _of(tmp_path, multiple.replace("4.3倍", "4.3"), "A023", "rate.txt")
    event = (
        "北京市人大常委会办公厅2018年度部门决算\n"
        "第一部分 部门概况\n"
        "北京市人民代表大会常务委员会下设办公厅等工作机构。2019年1月,北京市十五届二次人代会选举产生了新的常委会。\n"
    )
    assert _of(tmp_path, event, "A041") == []


# g61-01 line 9: a column heading naming its unit (“比上年增长%”) is no blank figure
def test_a_column_heading_with_its_unit(tmp_path):
    text = (
        "沂源县中庄镇2020年财政预算执行情况\n"
        "项目 | 2019年决算数 | 2020年调整数 | 执行数 | 金额 | 占调整预算% | 比上年增长%\n"
        "一般公共预算收入 | 1,000 | 1,100 | 1,050 | 1,050 | 95.45 | 5.00\n"
        "税收收入 | 800 | 900 | 850 | 850 | 94.44 | 6.25\n"
        "非税收入 | 200 | 200 | 200 | 200 | 100.00 | 0.00\n"
    )
    assert [f for f in _of(tmp_path, text, "A040") if "空缺的数字" in f.message] == []
    prose = text + "全年收入比上年增长%。\n"
    assert [f for f in _of(tmp_path, prose, "A040", "prose.txt") if "空缺的数字" in f.message]


# g62-05 lines 23–28: a page cut inside a table's row is cut short, so the parts and tables its 目录 lists
# are not reported missing as if the text were whole
def test_a_page_cut_inside_a_tables_row(tmp_path):
    text = (DOCS / "g62-05.txt").read_text(encoding="utf-8")
    assert _of(tmp_path, text, "A043") == [] and _of(tmp_path, text, "A044") == []
    whole = text.rstrip() + " | 28 | 0.00 |\n"
    assert _of(tmp_path, whole, "A044", "whole.txt")


# g63-04 line 3: a rate after another item's figure, past a 持平, is that item's, not the flat one's
def test_a_rate_after_a_flat_item_is_the_next_items(tmp_path):
    text = (
        "南康区2021年财政收支情况\n"
        "几项重点支出完成情况为:教育支出19.65亿元,与上年基本持平;科学技术支出1.76亿元,同比增长8%;"
        "农林水支出13.41亿元,同比增长1%。\n"
    )
    assert _of(tmp_path, text, "A015") == []
    path = tmp_path / "facts.txt"
    path.write_text(text, encoding="utf-8")
    changes = Context(str(path), read_document(path)).facts.changes
    # the 8% is read as 科学技术支出's own change, not as the flat 教育支出's
    science = [c for c in changes if c.pct is not None and c.pct.raw == "8%"]
    assert len(science) == 1 and "科学技术支出" in science[0].label and not science[0].flat, changes


# g65-01 line 24: a share's 占 is the nearest one, not that of the share before it inside the bracket
def test_the_nearest_zhan_names_a_shares_base(tmp_path):
    text = (
        "五华区2021年区级“三公”经费决算\n"
        "2021年度一般公共预算财政拨款三公经费支出决算中,因公出国(境)费支出0.00万元,占0.00%;公务用车购置及运行维护费"
        "支出769.70万元,占100%(其中:公务用车购置费0万元,占0.00%;公务用车运行维护费769.70万元,占100%);公务接待费"
        "支出0.00万元,占0.00%。\n"
    )
    assert _of(tmp_path, text, "A012") == []
    path = tmp_path / "facts.txt"
    path.write_text(text, encoding="utf-8")
    shares = Context(str(path), read_document(path)).facts.shares
    # no share takes the words of the share before it (“100%(其中:公务用车购置费”) for its base
    assert shares and not any("%" in s.base_label for s in shares), [s.base_label for s in shares]


# g65-01 flattened to one line: the page's header fields far before do not hide that its last sentence is cut
def test_a_flattened_page_cut_in_its_last_sentence(tmp_path):
    text = (
        "来源:五华区财政局 发布时间:2022-09-30 五华区2021年区级“三公”经费决算 公务接待费为0万元,较上年减少"
        "0.86万元,下降100%。公务用车购置及运行维护费为769.70万元,较上年减少278.22万元,下降26.5"
    )
    assert _of(tmp_path, text, "A023") == []
