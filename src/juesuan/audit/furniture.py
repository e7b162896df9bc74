"""The furniture of the web page a report was copied from, which is no part of the report.

Around a 决算 text published on a site stand the site's banner and breadcrumb (“当前位置：首页 >
政务公开 > … > 部门决算”), a line of fields (“发布日期：2019-10-21 08:48 来源：新绛县政府网 浏览次数：”),
buttons (打印本页, 关闭窗口, 分享到, 扫一扫在手机打开当前页), and under it 上一篇 / 下一篇 and a 相关链接
list naming other years' and other departments' reports, the site's copyright notice (“凡本网注明“来源：
XXX”的作品…”) and its
主办 / ICP备 / 网站标识码 line. Their years, names and numbers are not the report's: the reader sets these
lines aside before it looks for the title, the year, the department, the headings or any figure.

A line is furniture by its shape (a field label, a button, a navigation word, a site notice) and only when
it states no figure of the report (no amount, share or count); a 相关链接 list under the report is the run
of short title lines after its heading. An 附件 list is not furniture: it says the tables are published as
attachments.
"""

from __future__ import annotations

import re

# a navigation line: the breadcrumb (“当前位置：首页 > …”, “首页>政府信息公开>…”), 上一篇 / 下一篇
_NAVIGATION = re.compile(
    r"^(?:当前位置|您的位置|您现在的位置|您当前的位置|所在位置)[：:]"
    r"|^首页\s*(?:>|＞|»|›|/|>>)"
    r"|^(?:上一篇|下一篇|上一条|下一条|上一页|下一页|上篇|下篇)\s*[：:]?"
)
# the fields of the page: date, source, author, editor, views, font size
_FIELD = re.compile(
    r"(?:^|[\s【\[|•·])(?:发布时间|发布日期|发布机构|更新时间|信息来源|稿件来源|文章来源|来源|作者|责任编辑|编辑"
    r"|浏览次数|浏览量|浏览人数|浏览|访问量|访问次数|点击数|点击量|点击率|阅读次数|阅读量|字号|字体|时间|日期)"
    r"\s*[：:]"
)
# the fields of a 政府信息公开 page, in brackets or after a bullet, with their value or alone (the value on
# the next line): “[ 索引号 ] 11500230008686369K/2024-00230 [ 发文字号 ]”, “• 主题分类”, “[ 有效性 ]”
# (not 标题: its value is the report's title)
_LABELS = (
    r"索\s*引\s*号|主题分类|体裁分类|发文字号|文\s*号|成文日期|发文日期|发布日期|发布机构|有效性|公开方式|公开时限"
    r"|公开范围|公开类别|公开目录|目录名称|所属机构|信息分类|组配分类|服务对象|生效日期|废止日期|责任部门"
)
# (two patterns: the bracketed one searched only in a line with a closing bracket, the other matched at the
# start of a line only)
_BRACKETED_INDEX_FIELD = re.compile(rf"[\[【]\s*(?:{_LABELS})\s*[\]】]")
_LEADING_INDEX_FIELD = re.compile(rf"[•·\-\s]*(?:{_LABELS})\s*(?:[：:|｜].*)?$")
# buttons and site banners: a line made only of them
_BUTTON = (
    r"(?:【\s*)?(?:打印本页|打印页面|打印正文|打印|关闭窗口|关闭页面|关闭本页|关闭|返回顶部|返回首页|返回上一级|收藏本页"
    r"|收藏|下载本页|全文下载|保存本页|纠错|大|中|小|默认|简体|繁体|简|繁|无障碍浏览|网站地图|本站地图|登录|注册"
    r"|网站支持IPv6|本站支持ipv6|长者专区|字号|字体|字体大小|设为首页|加入收藏|智能机器人|分享到[：:]?"
    r"|微信|微博|QQ空间|QQ好友|新浪微博|腾讯微博|人人网|豆瓣|扫一扫在手机打开当前页|扫一扫在手机上查看当前页面"
    # the accessibility toolbar (g16-06): “切换成纯文本”, “页面放大功能”, “黑底黄字白链接”, “退出无障碍”
    r"|切换成纯文本|页面(?:放大|缩小|配色|后退|前进)功能|页面原始配色|[黑黄蓝白]底[黑黄蓝白]字[黑黄蓝白]链接"
    r"|十字辅助线功能|[显示]屏放大器功能|退出无障碍)"
    r"(?:\s*】)?"
)
# the buttons of more than one character, which a page flattened to one line runs into the report's title
# (“…打印本页扫一扫在手机打开当前页寻甸县文化和旅游局2022年度…说明”)
_LEADING_BUTTONS = re.compile(
    r"^(?:[【\[]?\s*(?:打印本页|打印页面|关闭窗口|关闭页面|返回顶部|收藏本页|下载本页|全文下载|分享到[：:]?|QQ空间"
    r"|扫一扫在手机打开当前页|扫一扫在手机上查看当前页面)\s*[】\]]?\s*)+"
)
_SEPARATOR = r"[\s|｜/•·:：\[\]【】-]"
_BUTTONS = re.compile(rf"^{_SEPARATOR}*{_BUTTON}(?:{_BUTTON}|{_SEPARATOR}+)*$", re.IGNORECASE)
# the site's own notices: copyright, disclaimer, who runs the site and its registration
_SITE_WORDS = (
    r"凡本网注明|(?:本网|本站|本网站)[^。]{0,60}?(?:转载|版权|授权|免责)|版权与免责声明|版权所有|Copyright|©"
    r"|ICP备|网站标识码|公网安备|技术支持[：:]|主办[：:]|承办[：:]|主办单位[：:]|网站主办|管理维护[：:]"
)
_SITE_RUNS = r"\S{2,30}主办\s+\S{2,30}承办"
_SITE_NAME = r"^\S{2,30}(?:门户网站|政府网|政务网|政务服务网|网站)$"  # the site's name, on a line of its own
# the three searched apart, each only where it can match (one pattern of all three tried its last two
# alternatives at every character with backtracking: a fifth of a Word report's furniture check, for the
# few lines that hold one of ``_SITE_CHARACTERS``); a line holds 承办 for the one and ends in 网 or 站 for
# the other
_SITE_WORDS_RE = re.compile(_SITE_WORDS, re.IGNORECASE)
_SITE_RUNS_RE = re.compile(_SITE_RUNS)
_SITE_NAME_RE = re.compile(_SITE_NAME)
# a 相关链接 list's heading: the titles that follow it are links to other pages
_RELATED = re.compile(
    r"^[【\[]?\s*(?:相关链接|相关文章|相关阅读|相关新闻|相关信息|相关稿件|相关推荐|相关内容|延伸阅读|推荐阅读"
    r"|热点推荐|友情链接)\s*[】\]]?\s*[：:]?\s*$"
)
# a line naming the tables' files is evidence that they are attached (“…来源：苏澳镇 附件下载 …统计表.xls”)
_ATTACHMENT = re.compile(r"附件|\.(?:xlsx?|docx?|pdf|wps|et)\b", re.IGNORECASE)
# a figure of the report: an amount, a share, a count of people, cars or units
_FIGURE = re.compile(r"\d\s*(?:万元|亿元|元|万|%|％|人|辆|个|批次|台|套)")
# a line of furniture is short: a longer one is the report's text run into it
_LONGEST = 200
# a link's title: short, no sentence in it (a date may follow it)
_LINK_TITLE = re.compile(r"^[^。；;，,！？!?]{4,80}$")


def is_breadcrumb(text: str) -> bool:
    """Whether ``text`` is a breadcrumb (“当前位置：首页 > …”), whose last step may be the report's title."""
    return bool(re.match(r"(?:当前位置|您的位置|您现在的位置|您当前的位置|所在位置)[：:]|首页", text.strip()))


# where the page's footer begins when the page was flattened to one line and the footer runs on from the
# report's last sentence (“…下降7%。【打印本页】 【关闭窗口】分享到：…上一篇：…”)
_FOOTER_START = re.compile(
    r"[【\[]\s*(?:打印本页|打印|关闭窗口|关闭)\s*[】\]]|打印本页|关闭窗口|分享到[：:]|(?:上一篇|下一篇|上一条|下一条)[：:]"
    r"|[【\[]?\s*相关链接\s*[】\]]?\s*[：:]?|凡本网注明|版权所有[：:]"
)


#: words one of which every match of ``_FOOTER_START`` holds: a text without them is not searched (the
#: pattern, with an optional bracket before 相关链接, is tried at every character)
_FOOTER_WORDS = ("打印", "关闭", "分享到", "上一", "下一", "相关链接", "凡本网注明", "版权所有")


def footer_start(text: str) -> int | None:
    """Where the footer of a flattened page begins in ``text`` (its last paragraph), or None: the first
    footer mark after which no figure is stated."""
    if not any(w in text for w in _FOOTER_WORDS):
        return None
    m = _FOOTER_START.search(text)
    if m is None or m.start() == 0 or _FIGURE.search(text, m.start()):
        return None
    return m.start()


def without_leading_buttons(text: str) -> str:
    """``text`` without the page's buttons run into its start."""
    return _LEADING_BUTTONS.sub("", text)


#: characters one of which every match of the site patterns holds (本网/本站/版权/©/ICP备/网站…/主办/承办/技术
#: 支持/管理维护; “Copyright” ignoring case, which only a “C” or “c” begins): a line without them is not
#: searched
_SITE_CHARACTERS = frozenset("网站权©备办持护Cc")


def _might_be_site(text: str) -> bool:
    return not _SITE_CHARACTERS.isdisjoint(text)


def _is_site(t: str) -> bool:
    """Whether the stripped line ``t`` is one of the site's own notices (copyright, registration, who runs
    the site) or its name."""
    return bool(
        _SITE_WORDS_RE.search(t)
        or ("承办" in t and _SITE_RUNS_RE.search(t))
        or (t.endswith(("网", "站")) and _SITE_NAME_RE.search(t))
    )


def is_furniture(text: str) -> bool:
    """Whether the line ``text`` (simplified characters) is a line of the page around the report."""
    t = text.strip()
    if not t or _FIGURE.search(t) or _ATTACHMENT.search(t) or len(t) > _LONGEST:
        return False  # a page flattened to one line starts with its breadcrumb, and the report follows
    if _might_be_site(t) and _is_site(t):
        return True  # a notice may be sentences (“…并不代表本网赞同其观点和对其真实性负责。”)
    # a breadcrumb, a row of buttons, a line of fields: no sentence
    # (“来源:达州高新区阁溪学校 发布日期: 2021-09-16 16:52:55”)
    return "。" not in t and bool(
        _NAVIGATION.search(t)
        or _BUTTONS.match(t)
        or (("：" in t or ":" in t) and _FIELD.search(t))  # (every field ends in a colon)
        or (("]" in t or "】" in t) and _BRACKETED_INDEX_FIELD.search(t))
        or _LEADING_INDEX_FIELD.match(t)
    )


def furniture_lines(texts: list[str | None]) -> set[int]:
    """The indices of the furniture among ``texts`` (one per block, None for a table): each line of
    furniture, and a 相关链接 list (its heading and the title lines after it)."""
    out: set[int] = set()
    in_links = False
    report_seen = False  # links follow the report: above it (“相关文件:” then its title), no link
    for i, text in enumerate(texts):
        t = (text or "").strip()
        if text is None:
            in_links = False
            report_seen = True
            continue
        if not t:
            continue
        if _RELATED.match(t):
            out.add(i)
            in_links = report_seen
            continue
        if in_links and _LINK_TITLE.match(t) and not _FIGURE.search(t) and not t.startswith("附件"):
            out.add(i)
            continue
        in_links = False
        if is_furniture(t):
            out.add(i)
        else:
            report_seen = True
    return out
