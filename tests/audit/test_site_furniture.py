"""Metamorphic tests of the auditor: what surrounds a report on a real web page must not change what the
auditor finds in it.

A 决算 text copied from a government site comes with the site's furniture: the breadcrumb (“当前位置：
首页 > 政务公开 > … > 部门决算”), a line of 发布时间 / 来源 / 浏览次数 with the date the page was published
(the year after the report's), 打印本页 / 关闭窗口 / 分享到, then under the report 上一篇 / 下一篇 naming
other years' and other departments' reports, a 相关链接 list of such titles, an 附件 list of the tables'
files, the site's copyright notice (“凡本网注明“来源：XXX”的作品…”) and its 主办 / ICP / 网站标识码 line.
The shapes here are the ones seen around the corpus texts (g2-08, g14-08, g11-09, g17-05, g3-02, g21-05,
g6-01, f03, f04).

Every corpus text is audited as published and with each of :data:`FURNISH` added — a header (site
name, banner, breadcrumb, 发布日期 / 来源 / 浏览次数, buttons), a footer (buttons, 分享到, 上一篇 / 下一篇,
相关链接, 附件, the copyright notice, 版权所有 / ICP / 网站标识码), both, the fields of a 政务公开 page as a
row of cells with a dated 【相关链接】 list and 上一条 / 下一条 under the report, or a news item's headline,
date line and lead naming several bodies and years — and:

- no new finding at error or warning level (of any rule: the furniture is no part of the report);
- the arithmetic findings (:data:`ARITHMETIC`) the same, none lost;
- the same year and department read (where the text as published gave them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from juesuan.findings import CheckReport

from .test_layout_invariance import ARITHMETIC, DOCS, SCORED, TEXTS, Signature, figures, original

# --- the furniture ---------------------------------------------------------------------------------------

_PLACE = re.compile(r"^(.{2,9}?(?:自治州|自治县|地区|[省市县区旗州]))")
_YEAR = re.compile(r"(20[0-2]\d)年")


def _site(department: str) -> str:
    """The government site a department's report is published on (“新绛县人民政府” for “新绛县万安镇…”)."""
    m = _PLACE.match(department)
    return f"{m.group(1)}人民政府" if m else "市人民政府"


def _other(department: str) -> str:
    """Another department of the same place."""
    place = _site(department).removesuffix("人民政府")
    return f"{place}{'教育局' if '财政' in department else '财政局'}"


@cache
def _read(name: str, text: str) -> CheckReport:
    import tempfile

    from juesuan.audit.run import audit_document

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8")
        return audit_document(path)[0]


def _subject(name: str, text: str) -> tuple[str, int]:
    """The department and year the furniture names: those read from the text as published, else a
    plausible place and the latest year the text names."""
    report = _read(name, text)
    years = [int(y) for y in _YEAR.findall(text)]
    year = report.year or (max(years) if years else 2020)
    return report.department or "区卫生健康委员会", year


def header(department: str, year: int) -> str:
    site = _site(department)
    return "\n".join(
        [
            f"{site}门户网站",
            "简体 | 繁体 | 无障碍浏览 | 网站支持IPv6",
            f"当前位置：首页 > 政府信息公开 > 部门信息公开 > {department} > 财政信息 > 部门决算",
            f"发布日期：{year + 1}-09-15 10:42    来源：{site}办公室    浏览次数：1296"
            "    【字体：大 中 小】    打印本页",
            "扫一扫在手机打开当前页",
            "",
        ]
    )


def footer(department: str, year: int) -> str:
    site = _site(department)
    other = _other(department)
    return "\n".join(
        [
            "",
            "【打印本页】  【关闭窗口】",
            "分享到：微信 微博 QQ空间",
            f"上一篇：{other}{year}年度部门决算公开",
            f"下一篇：{department}{year + 1}年度部门预算公开说明",
            "相关链接：",
            f"{department}{year - 1}年度部门决算",
            f"{other}{year - 1}年度部门决算公开说明",
            f"{site}办公室{year}年“三公”经费决算情况说明",
            "附件：",
            f"1.{year}年部门决算公开表.xls",
            f"2.{department}{year}年度部门决算公开报表.pdf",
            "凡本网注明“来源：XXX”的作品，均转载自其它媒体，转载目的在于传递更多信息，"
            "并不代表本网赞同其观点和对其真实性负责。",
            f"版权所有：{site}  主办：{site}办公室  ICP备案号：蜀ICP备13001076号  网站标识码：5101210012",
            "",
        ]
    )


def header_fields(department: str, year: int) -> str:
    """A 政务公开 page's fields as a row of cells (Chongqing's sites: g8-06, g18-10, p01)."""
    return "\n".join(
        [
            f"[ 索引号 ] | 11500000MB19069553/{year + 1}-00434 | [ 发文字号 ] | |",
            f"[ 发布机构 ] | {department} | [ 发布日期 ] | {year + 1}-08-25 |",
            f"[ 成文日期 ] | {year + 1}-08-25 | [ 发布日期 ] | {year + 1}-08-25 |",
            "【字体：大 中 小】 打印 打印 纠错 纠错 分享到",
            "",
        ]
    )


def footer_links(department: str, year: int) -> str:
    """Links with dates, 上一条 / 下一条, a news lead's kind of list, the site's registration."""
    other = _other(department)
    return "\n".join(
        [
            "",
            "【相关链接】",
            f"· {department}{year - 1}年度部门决算公开说明 {year}-09-10",
            f"· {other}{year}年度部门决算 {year + 1}-09-12",
            f"· {other}关于{year + 1}年部门预算的说明 {year + 1}-02-20",
            f"上一条：{other}{year + 1}年部门预算",
            f"下一条：关于{year - 1}年度“三公”经费决算的说明",
            "【打印】 【关闭】",
            "网站标识码：5101210012  蜀ICP备13001076号  川公网安备 51012102000123号",
            "",
        ]
    )


def news_lead(department: str, year: int) -> str:
    """A news item's head over the report it reports (g18-03, g21-05, g21-06): headline, date and paper,
    the lead naming several bodies and years."""
    site = _site(department)
    other = _other(department)
    return "\n".join(
        [
            f"{site.removesuffix('人民政府')}各部门集中晒出{year}年度“账本”",
            f"{year + 1}年09月16日  来源:{site.removesuffix('人民政府')}日报",
            f"本报讯（记者 李明）近日，{department}、{other}等部门在{site}门户网站集中公开了"
            f"{year}年度部门决算，这是自{year - 3}年以来连续第4年集中公开，"
            f"公开时间较{year - 1}年度提前了10天。",
            "",
        ]
    )


def with_header(name: str, text: str) -> str:
    return header(*_subject(name, text)) + text


def with_footer(name: str, text: str) -> str:
    return text.rstrip("\n") + "\n" + footer(*_subject(name, text))


def with_page(name: str, text: str) -> str:
    department, year = _subject(name, text)
    return header(department, year) + text.rstrip("\n") + "\n" + footer(department, year)


def with_fields_and_links(name: str, text: str) -> str:
    department, year = _subject(name, text)
    return header_fields(department, year) + text.rstrip("\n") + "\n" + footer_links(department, year)


def with_news_lead(name: str, text: str) -> str:
    # a news lead names the year of the accounts it reports: over a text whose year the auditor cannot read
    # (a budget news item, an 教育经费 notice), any year it names would be a claim the text does not make
    if _read(name, text).year is None:
        return text
    return news_lead(*_subject(name, text)) + text


FURNISH: dict[str, Callable[[str, str], str]] = {
    "news_lead": with_news_lead,
    "header": with_header,
    "footer": with_footer,
    "page": with_page,
    "fields_and_links": with_fields_and_links,
}

# --- the comparison --------------------------------------------------------------------------------------


def scored(report: CheckReport) -> Counter[Signature]:
    return Counter(
        (f.rule_id, f.severity, figures(f.params.get("found", "")), figures(f.params.get("expected", "")))
        for f in report.findings
        if f.severity in SCORED
    )


def changes(name: str, text: str, furnished: str) -> list[str]:
    """How the audit of ``furnished`` differs from that of ``text``: new scored findings, lost arithmetic
    ones, another year or department."""
    before, after = _read(name, text), _read(name, furnished)
    out = []
    new = scored(after) - scored(before)
    lost = Counter({k: v for k, v in (scored(before) - scored(after)).items() if k[0] in ARITHMETIC})
    if new or lost:
        out.append(f"new {sorted(new)} lost {sorted(lost)}")
    if before.year is not None and after.year != before.year:
        out.append(f"year {before.year} → {after.year}")
    if before.department and after.department != before.department:
        out.append(f"department {before.department!r} → {after.department!r}")
    return out


@pytest.mark.parametrize("furnish", list(FURNISH))
def test_site_furniture_changes_nothing(furnish: str) -> None:
    changed = []
    for path in TEXTS:
        text = original(path)
        diff = changes(path.name, text, FURNISH[furnish](path.name, text))
        if diff:
            changed.append(f"{path.stem}: {'; '.join(diff)}")
    summary = f"site furniture ({furnish}) changed the audit of {len(changed)} texts:"
    assert not changed, "\n".join([summary, *changed])


# --- the causes fixed, each on the real shapes -----------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "首页 > 政府信息公开>部门信息公开>乡镇>万安镇>财政信息",  # g2-08
        "发布日期:2019-10-21 08:48    来源: 新绛县政府网     浏览次数:     【字体: 】    打印本页",  # g2-08
        "  信息来源:卫健局 发布时间:2021-07-09 浏览次数: 【打印】 【字体:",  # g14-08
        "扫一扫在手机打开当前页",  # g14-08
        "日期:2022-09-15 来源:劲松街道 打印页面 关闭页面",  # g11-09
        "• 登录 | 注册",  # g2-08
        "金堂县人民政府主办 金堂县行政审批局承办",  # g3-02
        "管理维护:(028)84922299 (028)84922661 技术支持:(028)85455369 网站标识码:5101210012",  # g3-02
        '3、凡本网注明"来源:XXX(非大众网)"的作品,均转载自其它媒体,转载目',  # g21-05
        "上一篇：某县财政局2019年度部门决算公开",
        "下一篇：某县教育局2021年度部门预算公开说明",
        "分享到：微信 微博 QQ空间",
        "[ 索引号 ] 11500230008686369K/2024-00230 [ 发文字号 ]",  # g13-07
        "[ 主题分类 ] 财政、金融、审计 [ 体裁分类 ] 财政预算、决算",  # g13-07
        "[ 有效性 ]",  # g13-07
        "• 主题分类",  # g8-06: the value on the next line
        "• [ 成文日期 ]",  # g9-03
        "索  引  号:",  # g15-05
        "• 页面放大功能",  # g16-06: the accessibility toolbar
        "• 黑底黄字白链接",  # g16-06
    ],
)
def test_a_line_of_the_web_page_is_furniture(line: str) -> None:
    from juesuan.audit.furniture import is_furniture

    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "资金来源：财政拨款收入",  # a field of the report, not of the page
        "来源:苏澳镇 10.政府采购情况表 附件下载 收支决算总表.xls",  # f03: the tables' files are evidence
        "发布时间：2020年，本单位支出合计1234.56万元",  # a figure is the report's
        "附件：",
        # f01: a page flattened to one line opens with its breadcrumb, the report follows
        "当前位置： 首页政务公开重点领域信息公开财政资金部门预决算公开部门决算公开 "
        "2014年度平潭综合实验区东庠乡人民政府决算说明 时间：2015-11-11 15:33 微信 微博 QQ空间 "
        "按照《平潭综合实验区财政金融局关于批复东庠乡2014年度部门决算的通知》要求，"
        "现将我乡2014年度部门决算公开如下，本年收入合计1234万元，主要用于保障机构正常运转和各项事业发展。",
        "|",
        "• 标题",  # g8-06: the field's value on the next line is the report's title
        "[ 标题 ] 2020年涪陵区武陵山乡“三公”经费情况说明",
    ],
)
def test_a_line_of_the_report_is_no_furniture(line: str) -> None:
    from juesuan.audit.furniture import is_furniture

    assert not is_furniture(line)


def test_a_related_links_list_is_set_aside_under_the_report_only() -> None:
    # the titles after “相关链接：” under the report name other years' and other departments' reports (their
    # years made A041 errors and the year of a report cut short); g11-04 opens with “相关解读:” / “相关文件:”
    # and then its own title, which is no link
    from juesuan.audit.furniture import furniture_lines

    under = [
        "本年支出合计120.5万元。",
        "相关链接：",
        "某县财政局2019年度部门决算",
        "2018年“三公”经费决算情况说明",
        "附件：",
    ]
    assert furniture_lines([*under]) == {1, 2, 3}
    top = ["相关解读:", "相关文件:", "共青城市泽泉乡中心小学2020年度部门决算", "目 录"]
    assert furniture_lines([*top]) == set()
    assert furniture_lines(["相关链接：", *top[2:]]) == {0}
    assert furniture_lines([under[0], "【相关链接】", "· 某县财政局2019年度部门决算 2020-09-10"]) == {1, 2}


def test_a_breadcrumb_ending_at_the_reports_title_keeps_the_title() -> None:
    # f01, real-f01 (shared corpus): the breadcrumb's last step is the title, the department is read from it
    from juesuan.audit.document import Document, Paragraph, Where, analyse_structure

    lines = [
        "当前位置： 首页政务公开重点领域信息公开财政资金部门预决算公开部门决算公开 "
        "2014年度平潭综合实验区东庠乡人民政府决算说明 时间：2015-11-11 15:33 微信 微博 QQ空间",
        "一、部门主要职责",
    ]
    doc = Document("f01.txt", "txt", [Paragraph(k, t, [(0, Where(line=k + 1))]) for k, t in enumerate(lines)])
    analyse_structure(doc)
    assert (doc.year, doc.department) == (2014, "平潭综合实验区东庠乡人民政府")
    assert not doc.furniture


def test_an_item_numbered_before_a_year_is_a_list_item() -> None:
    # an attachment list “1.2021年部门决算公开表.xls” / “2.…报表.pdf”: “1.2021” is no decimal before 年, so
    # the “2.” after it is the second item, not a repeat of the report's last “2.” (a false A042 on 25 texts)
    from juesuan.audit.document import parse_numbering

    num = parse_numbering("1.2021年部门决算公开表.xls")
    assert num is not None and (num.level, num.number) == (3, 1)
    assert parse_numbering("1.2021万元") is None


@pytest.mark.parametrize("stem", ["g8-04", "g14-10", "g19-07"])
def test_a_text_cut_short_before_an_attachment_list_is_still_cut(stem: str, tmp_path: Path) -> None:
    # g8-04 ends “…下降7”, g14-10 “…增長2.”, g19-07 in a list: a cut text; the page's attachment list under it
    # (“附件：” / “1.2017年部门决算公开表.xls”) hid the cut, and the cut figure or list was reported (A014,
    # A023, A021)
    path = DOCS / f"{stem}.txt"
    text = original(path)
    attached = text.rstrip("\n") + "\n附件：\n1.2017年部门决算公开表.xls\n2.部门决算公开报表.pdf\n"
    assert not changes(path.name, text, attached)
    from juesuan.audit.read import read_document

    (tmp_path / path.name).write_text(attached, encoding="utf-8")
    assert read_document(tmp_path / path.name).ends_abruptly


def test_the_unit_is_read_from_the_part_headings_when_a_sentence_gave_the_year() -> None:
    # g16-11 under a news lead (“…集中公开了2018年度部门决算”): its title “梧州市统计局” / “2018年部门决算公开
    # 信息” is read by neither pattern, the year came from the lead, and the unit named by the part heading
    # of that year was no longer read; g5-09 names it in a numbered part heading (“二、中共西湖区委老干部局
    # 2017年度部门决算公开表”)
    from juesuan.audit.document import Document, Paragraph, Where, analyse_structure

    for lines, year, dept in (
        (
            [
                "本报讯 近日，梧州市各部门集中公开了2018年度部门决算。",
                "第一部分:梧州市统计局概况",
                "第二部分:梧州市统计局2018年度部门决算表",
            ],
            2018,
            "梧州市统计局",
        ),
        (
            [
                "本报讯 近日，西湖区各部门集中公开了2017年度部门决算。",
                "一、中共西湖区委老干部局概况",
                "二、中共西湖区委老干部局2017年度部门决算公开表",
            ],
            2017,
            "中共西湖区委老干部局",
        ),
    ):
        pars = [Paragraph(k, t, [(0, Where(line=k + 1))]) for k, t in enumerate(lines)]
        doc = analyse_structure(Document("t.txt", "txt", pars))
        assert (doc.year, doc.department) == (year, dept)


def test_buttons_run_into_a_flattened_title_are_not_the_units_name() -> None:
    # g8-02 flattened with its page: “…打印本页扫一扫在手机打开当前页寻甸县文化和旅游局2022年度“三公”经费决算
    # 情况说明”: the department was read with the buttons in front of it; one character (中, 大) is no button
    from juesuan.audit.furniture import without_leading_buttons

    title = "寻甸县文化和旅游局2022年度“三公”经费决算情况说明"
    assert without_leading_buttons("打印本页扫一扫在手机打开当前页" + title) == title
    assert without_leading_buttons("【打印本页】 【关闭窗口】" + title) == title
    assert without_leading_buttons("中共西湖区委老干部局2017年度部门决算情况说明").startswith("中共")


def test_the_footer_of_a_flattened_page_is_cut_from_the_reports_last_sentence(tmp_path: Path) -> None:
    # g8-04 flattened with its footer: “…公务接待费支出决算减少12,625.00元,下降7【打印本页】 【关闭窗口】
    # 分享到：…上一篇：…2022年度部门决算公开…”: the footer's years made A041 errors (g12-01, g15-11, g5-01)
    # and hid the cut (A014, A023); the footer starts at its first mark when no figure follows
    from juesuan.audit.furniture import footer_start
    from juesuan.audit.read import read_document

    from .test_layout_invariance import one_line

    last = "本年支出合计12.5万元。【打印本页】 【关闭窗口】上一篇：某局2019年度部门决算"
    assert footer_start(last) == last.index("【打印本页】")
    assert footer_start("上一篇：某局2019年度部门决算") is None  # a line of its own: furniture_lines
    assert footer_start("分享到：微信。本年支出合计12.5万元。") is None  # a figure after it: the report's
    path = DOCS / "g8-04.txt"
    text = original(path)
    flat = one_line(with_footer(path.name, text))
    assert not changes(path.name, one_line(text), flat)
    (tmp_path / path.name).write_text(flat, encoding="utf-8")
    doc = read_document(tmp_path / path.name)
    assert doc.ends_abruptly and doc.furniture[-1].text.startswith("【打印本页】")

