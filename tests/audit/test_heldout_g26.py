"""False alarms and misses found on the held-out group g26, each with the case that must still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g19 import _findings, _rules
from tests.audit.test_heldout_g22 import _clean_then_found

# g26-02 (昆明市人社局's 2020 “三公” 决算), the two paragraphs as published
_THREE_PUBLIC = (
    "2020年昆明市人力资源和社会保障局“三公”经费决算情况说明\n"
    "昆明市人力资源和社会保障局部门2020年度一般公共预算财政拨款“三公”经费支出预算为37.11万元,支出决算为13.49万元,"
    "完成预算的36.35%。其中:因公出国(境)费支出决算为0.00万元,完成预算的0%;公务用车购置及运行费支出决算为11.99万元,"
    "完成预算的61.05%;公务接待费支出决算为1.50万元,完成预算的8.59%。\n"
    "2020年度一般公共预算财政拨款“三公”经费支出决算数比2019年减少18.17万元,下降57.39%。其中:公务用车购置及运行费支出决算"
    "减少10.57万元,下降46.85%;公务接待费支出决算数比上年减7.60万元,减83.52%。\n"
)


def test_a_bare_jian_after_a_comparison_is_a_change(tmp_path):
    # g26-02 line 4: “公务接待费支出决算数比上年减7.60万元,减83.55%” — 减 after 比上年 is 减少: the 7.60 is
    # the item's change, not a second statement of its 1.50 (A010)
    assert "A010" not in _rules(tmp_path, _THREE_PUBLIC)
    # the change and its rate (a clause opening with a bare 减) are read: with the item's figure in the
    # sentence a wrong rate is found
    text = "2020年度部门决算\n公务接待费支出1.50万元,比上年减7.60万元,减85.55%。\n"
    found = [f for f in _findings(tmp_path, text) if f.rule_id == "A014"]
    assert found and "83.52%" in found[0].message, found
    assert "A014" not in _rules(tmp_path, text.replace("85.55%", "83.52%"), "right.txt")
    # a figure stated twice for one item is still found
    twice = _THREE_PUBLIC + "公务接待费支出决算为1.60万元,主要用于接待上级检查。\n"
    assert "A010" in _rules(tmp_path, twice, "twice.txt")


def test_a_bare_zeng_after_a_comparison_is_a_rise(tmp_path):
    # the same reading for 增: “比上年增2.00万元,增25%” (8.00 − 2.00 = 6.00; 2.00 / 6.00 = 33.33%)
    _clean_then_found(
        tmp_path,
        "2020年度部门决算\n公务接待费支出8.00万元,比上年增2.00万元,增33.33%。\n",
        ("A010", "A014"),
        ("增33.33%", "增25%"),
        "A014",
    )


def test_a_list_of_another_style_right_under_an_item_is_nested(tmp_path):
    # g26-12 lines 81–83: “1、主要职能 / 1.林芝图书馆系…” — the “1.” right under “1、主要职能” opens a list
    # under that item, not “1.” numbered twice (A042); the outer list resumes at “2、”
    text = (
        "林芝市图书馆2022年度部门决算\n"
        "一、部门(单位)情况\n"
        "1、主要职能\n"
        "1.林芝图书馆系地市级公共图书馆。\n"
        "2.全面实行免费开放。\n"
        "2、机构设置\n"
        "内设7室。\n"
    )
    assert "A042" not in _rules(tmp_path, text)
    # an item numbered twice in one style is still found, under the nested list and in the outer one
    for slip in (("2.全面", "1.全面"), ("2、机构", "1、机构")):
        assert "A042" in _rules(tmp_path, text.replace(*slip), "slip.txt"), slip


def test_the_year_from_a_file_name_title_and_a_public_text(tmp_path):
    # g26-14: a PDF on a document site titled by its file name (“…决算公开文本.pdf”);
    # Hebei calls the report “决算公开文本”
    from juesuan.audit.read import read_document

    path = tmp_path / "doc.txt"
    path.write_text(
        "2020年度辛集市农业农村局决算公开文本.pdf\n"
        "2021 年 10 月 辛集市农业农村局 2020 年度决算公开文本 二〇二一年十月 目录 第一部分单位概况\n",
        encoding="utf-8",
    )
    doc = read_document(path)
    assert (doc.year, doc.department) == (2020, "辛集市农业农村局")
    # a file name that is no report's title gives no year
    path.write_text("2021年工作计划.pdf\n辛集市农业农村局负责全市农业工作。\n", encoding="utf-8")
    assert read_document(path).year is None


# g26-07 (鹤山市文化馆, a mirror in traditional script): its 目录 headed “目 錄”
_TRADITIONAL_TOC = (
    "2015年鶴山市文化館部門決算公開\n"
    "目 錄\n"
    "第一部分鶴山市文化館概況\n"
    "一、 部門主要職能\n"
    "二、 部門決算單位構成\n"
    "第二部分鶴山市文化館2015年部門決算表\n"
    "一、收入支出決算總表\n"
    "二、收入決算表\n"
    "三、支出決算表\n"
    "四、財政撥款收入支出決算總表\n"
    "五、一般公共預算財政撥款支出決算表\n"
    "六、一般公共預算財政撥款基本支出決算表\n"
    "七、一般公共預算財政撥款“三公”經(jīng)費支出決算表\n"
    "八、政府性基金預算財政撥款收入支出決算表\n"
    "九、一般公共預算財政撥款“三公”經(jīng)費支出決算表\n"
    "第三部分鶴山市文化館2015年部門決算情況說明\n"
    "第四部分 專業(yè)名詞解釋\n"
    "第一部分鶴山市文化館概況\n"
    "(一)部門主要職能\n"
    "鶴山市文化館是公益一類文化事業(yè)機構。\n"
)


def test_a_traditional_script_toc_is_the_toc(tmp_path):
    # g26-07, g26-08, g26-10, g12-06: “目 錄” heads the 目录 as “目录” does
    from juesuan.audit.read import read_document

    path = tmp_path / "doc.txt"
    path.write_text(_TRADITIONAL_TOC, encoding="utf-8")
    toc = read_document(path).toc
    assert toc and toc[0].text.startswith("第一部分") and toc[-1].text.startswith("第四部分")


def test_a_toc_item_listed_twice_in_one_list(tmp_path):
    # g26-07 line 16: the 目录's table 九、 repeats table 七、 word for word (A042)
    found = [f for f in _findings(tmp_path, _TRADITIONAL_TOC) if f.rule_id == "A042"]
    assert [f.severity for f in found] == ["warning"] and "第九项与第七项" in found[0].message, found
    # the same title in two lists (the part's tables and an appendix's, each from 一、) is no slip
    two_lists = _TRADITIONAL_TOC.replace(
        "九、一般公共預算財政撥款“三公”經(jīng)費支出決算表\n",
        "第三部分 附表\n一、收入支出決算總表\n二、收入決算表\n",
    )
    assert "A042" not in _rules(tmp_path, two_lists, "two.txt")


def test_a_percent_sign_after_an_amounts_unit(tmp_path):
    # g26-02 line 4: “其中:因公出国(境)费支出决算0.00万元%;” — a rate's sign left after the amount (A040)
    text = _THREE_PUBLIC.replace("其中:公务用车", "其中:因公出国(境)费支出决算0.00万元%;公务用车")
    found = [f for f in _findings(tmp_path, text) if f.rule_id == "A040"]
    assert [f.severity for f in found] == ["warning"] and "0.00万元%" in found[0].message, found
    # an amount and then its share, or a rate, are no slip
    assert "A040" not in _rules(tmp_path, _THREE_PUBLIC, "clean.txt")


def test_a_bracket_a_short_line_never_closes(tmp_path):
    # g26-12 lines 15, 45: “第一部分林芝市图书馆(部门概况” — the “)” of “(部门)” lost (A040)
    text = (
        "林芝市图书馆(部门)2022年度部门决算\n"
        "第一部分林芝市图书馆(部门概况\n"
        "一、部门决算单位构成\n"
        "纳入林芝市图书馆2022年度部门决算编制范围的单位共1个。\n"
    )
    found = [f for f in _findings(tmp_path, text) if f.rule_id == "A040"]
    assert [f.severity for f in found] == ["warning"] and "(部门概况" in found[0].message, found
    # a title wrapped inside its bracket (the next line closes it), a mirror's pinyin cut at the line's end
    # and a page cut inside a bracket are no slip
    for fine in (
        text.replace("(部门概况\n", "(部门\n)概况\n"),
        text.replace("(部门概况\n", "概况\n二、部門決算情況說(shu\n"),
        text + "(二)部门职责(含",
    ):
        assert "A040" not in _rules(tmp_path, fine.replace("(部门概况", "(部门)概况"), "fine.txt"), fine


def test_a_chinese_numeral_closed_by_a_bracket_never_opened(tmp_path):
    # g26-12 line 79: “一、部门(单位)情况 / 一)基本情况 / 1、主要职能” — the “(” of “(一)” lost (A042)
    text = "林芝市图书馆2022年度部门决算\n一、部门(单位)情况\n一)基本情况\n1、主要职能\n负责图书借阅。\n"
    found = [f for f in _findings(tmp_path, text) if f.rule_id == "A042"]
    assert [f.severity for f in found] == ["warning"] and "“一)”" in found[0].message, found
    # “(一)” written whole, split by the layout after its “(”, or an arabic “1)” is no slip
    for whole in ("(一)基本", "(\n一)基本", "1)基本"):
        fine = text.replace("一)基本", whole)
        assert "A042" not in _rules(tmp_path, fine, "fine.txt"), fine


def test_a_template_instruction_left_as_a_line(tmp_path):
    # g26-07 line 6: “簡要說明部門本部和列入部門決算編制的下屬單位情況” under the 目录's item 二、 (A040)
    note = "簡要說明部門本部和列入部門決算編制的下屬單位情況\n"
    text = _TRADITIONAL_TOC.replace("二、 部門決算單位構成\n", "二、 部門決算單位構成\n" + note, 1)
    found = [f for f in _findings(tmp_path, text) if f.rule_id == "A040"]
    assert [f.severity for f in found] == ["warning"] and "简要说明部门本部" in found[0].message, found
    # the item's own text that explains (a sentence, or a numbered item) is no instruction
    said = _TRADITIONAL_TOC + "簡要說明如下:鶴山市文化館沒有下屬單位。\n一、簡要說明部門決算情況\n"
    assert "A040" not in _rules(tmp_path, said, "said.txt")


_DUTIES = (
    "同德县消防救援大队 2021 年度部门决算\n"
    "第二部分同德县消防救援大队 2021 年度部门决算表\n"
    "第一部分同德县消防救援大队概况\n"
    "一、部门职责\n"
    "青海省消防救援总队训练与战勤保障总队由青海省消防救援总队领导,是青海省消防救援队伍的保障机关。消防救援队伍"
    "承担防范化解重大安全风险、应对处置各类灾害事故的重要职责。依据有关法律法规,训保大队履行下列职责:\n"
    "(一)负责消防救援队伍综合性消防救援预执勤备战、训练演练等工作。\n"
)


def test_the_duties_of_another_unit(tmp_path):
    # g26-11 line 33: 同德县消防救援大队's 部门职责 is another unit's text (“…训保大队履行下列职责”) (A040)
    found = [f for f in _findings(tmp_path, _DUTIES) if f.rule_id == "A040"]
    assert [f.severity for f in found] == ["warning"] and "训保大队" in found[0].message, found
    # the report's own unit, shortened or in full, or 本大队, lists its own duties
    for own in ("同德县消防救援大队", "县消防救援大队", "本大队", "消防救援大队"):
        assert "A040" not in _rules(tmp_path, _DUTIES.replace("训保大队履行", f"{own}履行"), "own.txt"), own
    # a regulation's article naming the unit in full (“第三条上海市普陀区财政局的主要职责是:”) is its own
    article = _DUTIES.replace("依据有关法律法规,训保大队履行下列职责", "第三条同德县消防救援大队的主要职责是")
    assert "A040" not in _rules(tmp_path, article, "article.txt")
