"""Stated facts, clause by clause: amounts, percentages, counts and direction words bound to their subject.

A paragraph is normalised (full-width digits and %, whitespace removed — PDF text has "2024 年度" and
"9746.50 万元") with a map back to the original offsets, split into sentences (。！？) and clauses (，；：).
In each clause the *mentions* are found: amounts with their unit (元/万元/亿元, converted to 万元 with the
precision they were printed with), percentages, counts (个, 人, 辆 …), years ("2024年", "2023年度" — never
amounts), bare numbers, and the direction word just before a number (增加/减少, 增长/下降 …).

Each amount is bound to a *subject*: the words before it in its clause, mapped to a canonical key
("一般公共预算财政拨款支出" → ``gpb.expenditure``; "财政拨款收入、支出总计" → ``total.fiscal``; a
科目 path "X（类）Y（款）Z（项）" → ``gpb.item.<code>``). A subject that is a part of something (基本支出,
人员经费, an income source …) is scoped by the head of its list ("本年支出合计…，其中：基本支出…" gives
``expenditure.total>expenditure.basic``), so 基本支出 of 本年支出合计 is never compared with 基本支出 of
财政拨款支出. Numbers are paired only inside one sentence; across sentences facts are linked only by
their subject (the 科目 of a numbered item paragraph, a change to the amount stated for the same key).

From the mentions the sentence yields ``Share`` (占X%, with its base), ``Change`` (与上年相比 增减额 and
增减率), ``Completion`` (完成预算X%, with the budget of the same subject and the 大于/小于/等于 wording),
``Group`` (a head and its listed parts), ``CountList`` (N个…：A、B、C) and ``Score`` (自评得分为N分).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from juesuan.audit.document import Document, Paragraph, Where, cn_number, join_continued
from juesuan.audit.normalise import normalise, simplified_cell
from juesuan.rules.tolerance import half_unit

# --- mentions ---------------------------------------------------------------------------------------

# (the digit before no digit or point is looked behind after it is read: a pattern that opens on a digit is
# tried only at digits, one that opens on a look-behind at every character of the text)
_NUM = r"(\d(?<![\d.]\d)(?:(?<=[1-9])\d{0,2}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d*(?:\.\d+)?))"
# “22.62万较上年…” is 万元 (web pages write 万 for 万元); 万 before another unit or a word of quantity is not
_NOT_MONEY_AFTER_WAN = (
    r"人|平方|立方|亩|册|吨|户|公里|千米|米|株|头|只|羽|尾|件|份|套|台|次|辆|名|个|斤|公斤|千克|千瓦|字|张|页|本|条|座"
    r"|间|块|盒|袋|箱|剂|支|瓶|枚|余|多|左右|以上|以下|千|亿|美元|港元|欧元|日元|英镑"
)
_MENTION = re.compile(
    _NUM + r"(亿元|万元|万(?![A-Za-z]|" + _NOT_MONEY_AFTER_WAN + r")|元|%%|%|"
    r"个|人次|人|辆|批次|次|件|台（套）|台|套|名|项|家|分|天|批|年度|年|月|日|号)?"
)
DIRECTIONS = (
    "增减少",
    "增加/减少",
    "减少/增加",
    "增长/下降",
    "下降/增长",
    "增加（减少）",
    "减少（增加）",
    "增长（下降）",
    "下降（增长）",
    "增加",
    "减少",
    "增长",
    "下降",
    "上升",
    "降低",
    "节约",
)
_DIR_BEFORE = re.compile(
    # a template's alternatives left in, with either brackets (“较预算数增加(减少)0.03万元,(下降)0.3%”): a
    # change of no known direction
    r"(增减少|增加/减少|减少/增加|增长/下降|下降/增长|增加[（(]减少[）)]|减少[（(]增加[）)]|增长[（(]下降[）)]|"
    r"下降[（(]增长[）)]|增长[（(]减少[）)]|[（(](?:下降|减少)[）)]|"
    r"增加|减少|增长|下降|上升|降低|增幅|降幅|增长率|下降率|降低率|减少率|增长幅度|下降幅度|"
    # “增加了0.51万元,增加率为8%”
    r"增加率|上升率|增加幅度|减少幅度|上升幅度|"
    # a government's 决算: “较上年增支204万元”, “比上年减收1070万元”
    r"增支|减支|增收|减收|"
    # a budget adjusted (“收入总计88.6亿元,调增4.14亿元”)
    r"调增|调减)(?:支出|收入)?"
    r"(了|约|各|达到|达|为)?$"
)
# “…等三个单位上划到市级,减少了“三公”经费342.74万元”: the change verb stands before its subject, a short noun
# phrase naming money (no digits, clause marks or linking words: “减少的主要原因是…” is not one)
_DIR_OVER_SUBJECT = re.compile(
    r"(增加|减少|增长|下降|上升|降低)了?[^\d，,。；;：:、（）()的是为因由和及与\s]{1,12}?(?:经费|费用|费|支出|收入|资金)$"
)
# “去年决算数较预算数少4211万”: 少 or 多 after a comparison (比/较 … in the same clause) is a difference,
# and so are 减 and 增 (“公务接待费支出决算数比上年减7.60万元”)
_COMPARATIVE = re.compile(r"[比较][^\d，,。；;：:]{1,12}?(少|多|减|增)了?$")
# “…比上年减7.60万元,减83.55%”: a rate whose clause opens with a bare 减 or 增
_BARE_DIRECTION = re.compile(r"^(减|增)了?$")
#: the sign of each word of direction (the words a change, a rate or a reason is said with)
DIRECTION_SIGN = {
    "少": -1,
    "多": 1,
    "减": -1,
    "增": 1,
    "增加": 1,
    "增长": 1,
    "上升": 1,
    "增幅": 1,
    "减少": -1,
    "下降": -1,
    "降低": -1,
    "降幅": -1,
    "增减少": -1,
    "增支": 1,
    "增收": 1,
    "减支": -1,
    "减收": -1,
    "调增": 1,
    "调减": -1,
    # “增长率为6.91%”, “减少率44.69%”
    "增长率": 1,
    "增长幅度": 1,
    "下降率": -1,
    "降低率": -1,
    "减少率": -1,
    "下降幅度": -1,
    "增加率": 1,
    "上升率": 1,
    "增加幅度": 1,
    "上升幅度": 1,
    "减少幅度": -1,
}
# “分别减少0.18亿元和0.56亿元”, “下降133.1%和43.7%”: a figure joined to the one before it by a bare 和/、/及
# continues its list and takes its direction word
_LIST_JOIN = frozenset({"和", "、", "及", "与"})
UNIT_SCALE = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
UNIT_SHIFT = {"万元": 0, "元": 4, "亿元": -4}
COUNT_UNITS = frozenset(
    {"个", "人次", "人", "辆", "批次", "次", "件", "台（套）", "台", "套", "名", "项", "家", "天", "批"}
)


@dataclass
class Mention:
    kind: str  # amount | percent | count | score | year | number
    value: Decimal
    decimals: int  # decimals as printed, in the unit of ``value`` (万元 for amounts)
    unit: str
    start: int  # offsets in the sentence's normalised text
    end: int
    raw: str
    direction: str = ""  # the direction word just before the number
    sign: int | None = None  # +1 / -1 from the direction word; None when absent or ambiguous

    @property
    def is_zero(self) -> bool:
        return self.value == 0


@dataclass
class Clause:
    text: str
    start: int  # offset in the sentence
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class Sentence:
    paragraph: Paragraph
    text: str  # normalised
    start: int  # offset in the paragraph's normalised text
    quote: str  # original text of the sentence
    where: Where
    clauses: list[Clause] = field(default_factory=list)
    index: int = 0  # order in the document
    # for each char of ``text``: its index in ``quote``
    origin: list[int] = field(default_factory=list, repr=False)

    def original(self, start: int, end: int) -> str:
        """The original text of ``text[start:end]`` (traditional characters, spaces and pinyin kept)."""
        if not self.origin or start >= end or end > len(self.origin):
            return self.text[start:end]
        return self.quote[self.origin[start] : self.origin[end - 1] + 1]

    @property
    def mentions(self) -> list[Mention]:
        return [m for c in self.clauses for m in c.mentions]


@dataclass
class Amount:
    key: str  # canonical subject ("" when unknown)
    label: str  # the subject as written
    role: str  # current | budget | actual
    mention: Mention
    sentence: Sentence
    budget_kind: str = ""  # 年初 | 全年 | 调整 for role budget
    in_list: bool = False
    bare: bool = False  # no subject of its own: “…530.59万元，年初预算数为591.14万元” (of the figure before)
    excess_sign: int = 0  # role excess: +1 “决算数大于预算数X万元”, −1 “…小于…”
    names_list: bool = False  # heads the list it names (:func:`_names_a_list`)

    @property
    def value(self) -> Decimal:
        return self.mention.value

    @property
    def decimals(self) -> int:
        return self.mention.decimals


@dataclass
class Share:
    amount: Amount
    pct: Mention
    base_label: str
    base_key: str
    sentence: Sentence
    group: Group | None = None
    base: Amount | None = (
        None  # the stated amount the share is of: named, or the list's head of the same kind
    )


@dataclass
class Change:
    key: str
    label: str
    sentence: Sentence
    current: Amount | None = None
    delta: Mention | None = None
    pct: Mention | None = None
    flat: bool = False
    year: int | None = None
    parts: list[Change] = field(default_factory=list)  # “…减少0.41万元。其中：A增加…，B减少…”
    basis: str = "prior"  # what the change is measured against: the prior year, or the budget
    # no comparison named (“…支出数为459989万元,占调整预算数115.8%,增支42991万元,增长10.3%”): the base is
    # the amount less the change all the same, but whether the prior year's or the budget's is not said
    base_unsaid: bool = False
    parts_apart: bool = False  # the parts are the items of numbered paragraphs after the change's


@dataclass
class PriorRate:
    """A rate of change stated right after the prior figure it is measured on, with no change amount:
    “本年支出合计100万元,较上年80万元增长30%” (``level`` 100, ``reference`` 80, ``pct`` 30%)."""

    pct: Mention
    level: Amount
    reference: Amount
    sentence: Sentence


@dataclass
class Difference:
    """A stated change beside both figures it is the difference of: “总收入530.59万元，年初预算数为591.14万元
    ，减少59.55万元” (``kind`` budget) or “较2014年度“三公”经费合计16.08万元增加15.15万元” after this year's
    31.23 (``kind`` prior)."""

    delta: Mention
    level: Amount
    reference: Amount
    kind: str  # budget | prior
    sentence: Sentence


@dataclass
class Completion:
    key: str
    rate: Mention
    sentence: Sentence
    actual: Amount | None = None
    budget: Amount | None = None
    rate_basis: str = ""  # 年初 | 全年 | 调整 | "" as the rate's wording says
    budgets: list[Amount] = field(default_factory=list)  # every budget stated for the subject
    excess: Amount | None = None  # “决算数大于预算数X万元” beside the rate: the budget is 决算 ∓ X
    distant: bool = False  # the budget is the one stated for the subject in an earlier paragraph
    # the 决算 is the one stated for the budget's subject earlier in the paragraph
    actual_before: bool = False


@dataclass
class Comparison:
    """决算数大于/小于/等于预算数 (or 持平) for a subject with its stated amounts."""

    key: str
    word: str  # 大于 | 小于 | 等于 | 持平
    sentence: Sentence
    actual: Amount | None
    budget: Amount | None
    rate: Mention | None


@dataclass
class Group:
    head: Amount | None
    head_label: str
    head_key: str
    items: list[Amount]
    sentence: Sentence
    introducer: str = ""
    shares: list[Share] = field(default_factory=list)
    # the head is a figure that names its list (:func:`_names_a_list`): its items are all its parts, of
    # whatever family
    named: bool = False


@dataclass
class CountGroup:
    head: Mention
    items: list[tuple[str, Mention]]
    sentence: Sentence
    partial: bool = False  # “37人(其中:公益岗位3人,聘用人员3人)”: some of the whole, wrong only above it
    head_sentence: Sentence | None = None  # the sentence before, when the head is stated there
    word: str = "其中"  # the word that opens the list: 其中, or 包括 (“在职人数56人,包括行政人员0人、…”)


@dataclass
class CountList:
    count: Mention
    noun: str
    items: list[str]
    sentence: Sentence

    joined_last: bool = False  # the last two names were split at 和/及 (“A、B和C”)
    # the names, when they stand in the sentence after the count's (“…7个科室。分别是:…”)
    list_sentence: Sentence | None = None
    others: int = 0  # the members counted after the names (“包括市财政局、审计局,以及其他42个预算单位”)

    @property
    def readings(self) -> set[int]:
        """How many names the list may hold: “A、B和C” is three names, or two when “B和C” is one name
        (“脱贫攻坚和乡村振兴工作经费”); a count that agrees with either reading is right."""
        n = len(self.items) + self.others
        return {n, n - 1} if self.joined_last else {n}


@dataclass
class Score:
    subject: str
    value: Mention
    sentence: Sentence


@dataclass
class ItemPath:
    """A 科目 path in the text: names of 类/款/项 as written (any may be empty)."""

    cls: str
    kuan: str
    xiang: str
    sentence: Sentence | None
    paragraph: Paragraph
    offset: int  # in the paragraph's normalised text

    @property
    def text(self) -> str:
        return "".join(
            f"{n}（{lvl}）" for n, lvl in ((self.cls, "类"), (self.kuan, "款"), (self.xiang, "项")) if n
        )


@dataclass
class Facts:
    sentences: list[Sentence] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    completions: list[Completion] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    prior_rates: list[PriorRate] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    # changes against the budget (“比预算数减少31万元”): subject key, the change, its sentence
    budget_changes: list[tuple[str, Mention, Sentence]] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    count_groups: list[CountGroup] = field(default_factory=list)
    count_lists: list[CountList] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    paths: list[ItemPath] = field(default_factory=list)
    item_paragraphs: list[tuple[Paragraph, ItemPath, str]] = field(default_factory=list)  # (par, path, key)
    # the paragraphs as the figures are read (each stretch of prose joined, :func:`join_continued`): what a
    # rule reading a paragraph's text for figures reads, wherever the lines break
    prose: list[Paragraph] = field(default_factory=list)
    # the report names its 公务接待费 “国内公务接待费” throughout (:func:`_reception_named_domestic`)
    reception_named_domestic: bool = False

    def first_value(self, key: str, roles: tuple[str, ...] = ("current", "actual")) -> Amount | None:
        for a in self.amounts:
            if a.key == key and a.role in roles:
                return a
        return None


# --- subjects ---------------------------------------------------------------------------------------

SUBJECTS: tuple[tuple[str, str], ...] = (
    (
        "total.fiscal",
        r"财政拨款收入[、和及与]?支出(决算)?总计|财政拨款收入总计[、和及与]支出总计|财政拨款收[、和及与]?支(决算)?总计",
    ),
    ("total.all", r"收入[、和及与]?支出(决算)?总计|收入总计[、和及与]支出总计|收[、和及与]?支(决算)?总计"),
    ("income.total", r"本年收入合计|本年收入总额|收入总额|^收入合计|本年收入$"),
    ("expenditure.total", r"本年支出合计|本年支出总额|^支出合计|本年支出$"),
    # (“一般公共预算基本支出” in the 预算 texts' words)
    # (公共财政预算: the name of 一般公共预算 before 2015, “公共财政预算财政拨款支出”)
    ("gpb.basic", r"(?:一般公共|公共财政)预算(?:财政拨款)?基本支出"),
    ("gpb.project", r"(?:一般公共|公共财政)预算财政拨款项目支出"),
    ("gpb.expenditure", r"(?:一般公共|公共财政)预算财政拨款支出"),
    ("fund.expenditure", r"政府性基金预算(财政拨款)?支出"),
    ("capital.expenditure", r"国有资本经营预算(财政拨款)?支出"),
    # also without 财政 (“政府性基金预算拨款收入16.00万元”) or 一般 (“公共预算财政拨款收入3165.33万元”)
    (
        "income.gpb",
        r"(一般)?公共预算(财政)?拨款收入|公共财政预算(财政)?拨款收入|(?:一般公共|公共财政)预算财政拨款$",
    ),
    ("income.fund", r"政府性基金预算(财政)?拨款收入|政府性基金预算财政拨款$"),
    ("income.capital", r"国有资本经营预算(财政)?拨款收入|国有资本经营预算财政拨款$"),
    ("admin_cost", r"机关运行经费"),
    # the car item is also written “购置费及运行维护费”, “购置和运行维护费”, “购置运行维护费”, and
    # “购置及运作费” as Hong Kong and big5 pages write 运行: not its 购置 part
    (
        "sangong.car_purchase",
        r"公务用?车购置(支出|费)?(?!及|费?[及和与、]?运[行作维])|公车购置(支出|费)(?!及|[及和与、]?运[行作维])"
        r"|车辆购置(支出|费)(?!及|[及和与、]?运[行作维])",
    ),
    # (运维 is 运行维护 shortened: “公务用车购置及运维费”, “公务用车运维费”)
    ("sangong.car_run", r"公务用?车运(?:行(维护)?|维)(支出|费)|车辆运(?:行(维护)?|维)(支出|费)"),
    ("sangong.car", r"(?:公务用?车|公车|车辆)购置(?:费|支出)?[及和与、]?运(?:[行作](维护)?|维)(?:费|支出)"),
    # “出國(境)經費0.29億元” (陕西's 2010 “三公” news) as well as 因公出国(境)费
    # (and “因公出国境费”, its brackets left out)
    ("sangong.abroad", r"(?:因公)?出国[（(]?境[）)]?(经)?(费|支出)"),
    ("sangong.domestic", r"国内公务接待"),
    (
        "sangong.foreign",
        r"外事接待|外宾接待|涉外的?(?:公务)?接待|国[（(]境[）)]外(?:公务)?接待|境外(?:公务)?接待",
    ),
    # “其中:因公出国(境)经费0万元,公务接待12.39万元,…”: the item named without its 费
    ("sangong.reception", r"公务接待(费|支出|经费)|公务接待$"),
    ("sangong.total", r"三公[”\"]?经费"),
    ("procurement.sme", r"中小企业合同金额"),
    ("procurement.small", r"小微企业合同金额"),
    ("procurement.goods", r"货物采购|采购货物|政府采购货物"),
    ("procurement.works", r"工程采购|采购工程|政府采购工程"),
    ("procurement.services", r"服务采购|采购服务|政府采购服务"),
    ("procurement.total", r"政府采购(支出|金额)|政府采购支出总额"),
    # “财政补助收入”: the same source in the accounts of 事业单位 before 2019 (“本年收入总额为761.06万元,
    # 其中财政补助收入520.46万元,事业收入235万元,…”)
    ("income.fiscal", r"财政拨款收入|财政补助收入"),
    ("expenditure.fiscal", r"财政拨款支出"),
    ("income.superior", r"上级补助收入"),
    ("income.business", r"事业收入"),
    ("income.operating", r"经营收入"),
    ("income.affiliated", r"附属单位上缴收入"),
    ("income.other", r"其[他它]收入"),  # (其它 as many pages write it)
    ("expenditure.basic", r"基本支出"),
    ("expenditure.project", r"项目支出"),
    ("expenditure.remit", r"上缴上级支出"),
    ("expenditure.operating", r"经营支出"),
    ("expenditure.subsidy", r"对附属单位补助支出"),
    ("gpb.personnel", r"人员经费|人员支出"),
    ("gpb.public", r"公用经费|公用支出"),
    # “年末结转结余” (without 和) too, but not in a bracket saying what a total holds (“收入总计(含…结余)”)
    # (“上年结转和结余资金为98.45万元,本年收入…,支出…,年末结转和结余资金为…”: this year's opening balance)
    ("balance.opening", r"年初结转和结余|年初结转结余(?![^（(]*[）)])|^上年结转和结余(?:资金)?$"),
    ("balance.closing", r"年末结转和结余|年末结转结余(?![^（(]*[）)])"),
)
_SUBJECTS = [(k, re.compile(p)) for k, p in SUBJECTS]
#: Keys that are parts of something else: scoped by the head of their list.
SCOPED_PREFIXES = ("income.", "expenditure.", "gpb.personnel", "gpb.public")
SCOPED_EXCEPT = ("income.total", "expenditure.total", "income.fiscal", "expenditure.fiscal")
#: Keys that head a list of parts.
HEAD_KEYS = frozenset(
    {
        "total.all",
        "total.fiscal",
        "income.total",
        "expenditure.total",
        "income.fiscal",
        "expenditure.fiscal",
        "gpb.expenditure",
        "gpb.basic",
        "sangong.total",
        "procurement.total",
        "sangong.reception",
        "sangong.domestic",
        "sangong.car",
    }
)
#: Heads whose parts have keys of their own (not scoped by the head): a list continued in the next
#: paragraphs (“公务用车购置及运行维护费4.02万元。其中：” / “公务用车购置支出0万元…”) takes them as items.
PARTS_OF: dict[str, tuple[str, ...]] = {
    "sangong.total": ("sangong.abroad", "sangong.car", "sangong.reception"),
    "sangong.car": ("sangong.car_purchase", "sangong.car_run"),
    "sangong.reception": ("sangong.domestic", "sangong.foreign"),
    "procurement.total": ("procurement.goods", "procurement.works", "procurement.services"),
    "income.total": ("income.fiscal",),
    "expenditure.fiscal": ("gpb.expenditure", "fund.expenditure", "capital.expenditure"),
}


def _item_of(key: str, whole: str) -> bool:
    """Whether ``key`` is one of the items ``whole`` is made of (the “三公” total: its three items, or the two
    parts of its car item listed instead, or its 国内公务接待费 named for its 公务接待费)."""
    leaf = key.split(">")[-1]
    parts = PARTS_OF.get(whole, ())
    return bool(leaf) and (
        leaf in parts
        or (whole == "sangong.total" and leaf in (*PARTS_OF["sangong.car"], *PARTS_OF["sangong.reception"]))
    )


#: Income sources beside 财政拨款收入 in 本年收入 (never its parts: those are the three 预算 kinds).
_BESIDE_FISCAL_INCOME = frozenset(
    {"income.superior", "income.business", "income.operating", "income.affiliated", "income.other"}
)
#: A budget figure's label: “年初预算数为”, “预算安排总额为” (“2012年“三公”经费预算安排总额为4.49亿元”),
#: “预算安排资金”, and the base of a comparison, “相比年初预算数的1.5亿元减少0.3亿元”.
_BUDGET_ROLE = re.compile(
    r"(年初预算|全年预算|调整后?预算|预算数?)(数)?(安排(总额|资金)?|总额)?的?为?$"
    # “经…常委会…审议通过一般公共预算支出调整为68000万元”, “…收入调整为368000万元”: the adjusted budget
    r"|(?<=预算[收支][入出])调整为?$"
    # “一般公共预算收入预算调整为537471万元”: the same, the budget named again
    r"|(?<=[收支][入出])预算调整为?$"
)
#: a label that is the name of a kind of funds (“一般公共预算”, “政府性基金预算”)
_FUND_NAME_END = re.compile(r"(?:一般公共|政府性基金|国有资本经营|社会保险基金)预算$")
_ACTUAL_ROLE = re.compile(r"(决算数?|实际支出|执行数)(为|是)?$")
_ACTUAL_BEFORE = re.compile(r"决算(?=(?:支出|收入)数?(?:为|是)?$)")
# “决算数大于预算数55.93万元”: the figure is the 决算's excess over the budget, not the budget
# “完成预算49531万元的85.0%,短收7431万元”: a 收入 short of (or above) its budget by the figure
_EXCESS = re.compile(
    r"(?:决算数?(?P<word>大于|高于|超过|超出|多于|小于|低于|少于)(年初|全年|调整后?)?预算数?(约|为)?"
    r"|(?<![\u4e00-\u9fff])(?P<gap>短收|欠收|超收|超支|节支))$"
)
_EXCESS_SIGN = {"大于": 1, "高于": 1, "超过": 1, "超出": 1, "多于": 1, "小于": -1, "低于": -1, "少于": -1}
_EXCESS_SIGN |= {"短收": -1, "欠收": -1, "超收": 1, "超支": 1, "节支": -1}


#: Words joining the names of items listed one after another (“因公出国(境)费、公务用车购置及运行费和
#: 公务接待费”), and the figures of a list stated respectively (“…分别为31.52亿元、132.95亿元”).
_NAME_JOINS = re.compile(r"^(?:[、，,和及与]|以及)$")
#: “其他公务接待费”: the rest of an item once a part is named, not the item.
_REST_OF = re.compile(r"其[他它]$|其余$")


def _named_items(label: str) -> tuple[list[tuple[int, int, str]], list[tuple[str, re.Match[str]]]]:
    """The subjects named in ``label``, each once where it is written, a name inside another's left out;
    and, in the order of ``_SUBJECTS``, each subject's first match (what its pattern's ``search`` finds),
    so :func:`subject_key` does not search the label again."""
    spans: list[tuple[int, int, str]] = []
    firsts: list[tuple[str, re.Match[str]]] = []
    for key, pattern in _SUBJECTS:
        first = True
        for m in pattern.finditer(label):
            if first:
                firsts.append((key, m))
                first = False
            if m.end() > m.start():
                spans.append((m.start(), m.end(), key))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int, str]] = []
    for s in spans:
        if out and s[0] < out[-1][1]:
            continue
        out.append(s)
    return out, firsts


def _listed_parts(label: str, items: list[tuple[int, int, str]]) -> str | None:
    """The whole whose parts ``label`` lists by name (“因公出国(境)费、公务用车购置及运行费和公务接待费的
    财政拨款” is the “三公” total): the whole's key when all its parts are named, "" when only some are
    (their sum is no item of its own), None when the label is not such a list."""
    if len(items) < 2 or any(not _NAME_JOINS.match(label[a[1] : b[0]]) for a, b in itertools.pairwise(items)):
        return None
    keys = {k for _s, _e, k in items}
    for whole, parts in PARTS_OF.items():
        if keys <= set(parts):
            return whole if keys == set(parts) else ""
    return None


#: A figure per head, per vehicle or per visit (“人均因公出国(境)费用2.4万元”, “车均购置费32.9万元”) is a
#: quotient, not the item's amount.
_PER_UNIT = re.compile(r"人均|车均|户均|次均|批均|平均|每人|每辆|每车|每次|每批|每户")


#: whether the document being read names its 公务接待费 “国内公务接待费” (:func:`_reception_named_domestic`)
_DOMESTIC_IS_RECEPTION: ContextVar[bool] = ContextVar("domestic_is_reception", default=False)


@contextmanager
def reception_named_domestic(domestic: bool) -> Iterator[None]:
    """Within it, :func:`subject_key` keys 国内公务接待费 as the 公务接待费 it names when ``domestic``."""
    token = _DOMESTIC_IS_RECEPTION.set(domestic)
    try:
        yield
    finally:
        _DOMESTIC_IS_RECEPTION.reset(token)


def subject_key(label: str) -> str:
    key = _subject_key(label)
    if _DOMESTIC_IS_RECEPTION.get() and "sangong.domestic" in key:
        return ">".join("sangong.reception" if k == "sangong.domestic" else k for k in key.split(">"))
    return key


def _subject_key(label: str) -> str:
    if _PER_UNIT.search(label):
        return ""
    items, firsts = _named_items(label)
    listed = _listed_parts(label, items)
    if listed is not None:
        return listed
    for key, m in firsts:
        if _REST_OF.search(label, 0, m.start()) and not _REST_OF.search(m.group(0)):
            return ""  # “而其他公务接待费支出517.42万元” beside “涉外的公务接待费支出140万元”
        return key
    return ""


def class_name(name: str) -> str:
    """A 类 name as a key: without "（类）" and without the trailing "支出" (reports write both)."""
    n = name.replace("（类）", "").strip()
    return n[:-2] if n.endswith("支出") and len(n) > 2 else n


def _is_scoped(key: str) -> bool:
    return key.startswith(SCOPED_PREFIXES) and key not in SCOPED_EXCEPT


_LEAD = re.compile(
    r"^([（(](?=其中|包括)|其中|包括|以及|和|及|与|另|共计|共|合计|全年|本部门|本单位|我局|我单位|单位|部门|年度|20\d\d年度?|"
    r"\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|中(?![央国华])|为)+"
)


# what clean_label strips (compiled once: it runs for every figure's label)
# (“公务接待较上年同期”: the comparison with 同期, not a subject “公务接待同期”)
_LABEL_COMPARED = re.compile(
    r"(与|比|较|同)(20\d\d年度?|20\d\d(?=决算)|上年度?|上一年度|去年)(同期)?(相比|比较)?"
)
_LABEL_COMPARED_END = re.compile(r"相比$")
# (“本年度总收入27,664.71万元”: the report's year named 本年度, not “本年收入”, a subject's own name)
_LABEL_YEAR = re.compile(r"20\d\d年度?|本年度")
_LABEL_PART_OF = re.compile(r"^.+?(支出|经费)中(.+)$")
_LABEL_VERB_END = re.compile(r"(均为|为|是|达)$")


def clean_label(text: str, department: str = "") -> str:
    t = text
    if department:
        t = t.replace(department, "")
    t = _LABEL_COMPARED.sub("", t)
    t = _LABEL_COMPARED_END.sub("", t)
    t = _LABEL_YEAR.sub("", t)
    t = _LEAD.sub("", t)
    m = _LABEL_PART_OF.match(t)
    if m:
        t = m.group(2)  # "基本支出中人员支出" is about 人员支出
    t = _LABEL_VERB_END.sub("", t)
    return t.strip("：:，,；;、“”").lstrip(".．")


# --- 科目 paths ---------------------------------------------------------------------------------------

_PATH = re.compile(
    r"(?:([^，。；：:、\d（）()“”]{2,24}?)（类）)?"
    r"(?:([^，。；：:、\d（）()“”]{2,30}?(?:（(?:室|民族)）[^，。；：:、\d（）()]{0,20}?)?)（款）)?"
    # a 项 name may hold a 、 (“环境保护法规、规划及标准”) but not begin with one, and a （室） or （民族）
    # as a 款 may (or open with a quoted word: “三西”农业建设专项补助)
    r"(?:((?:“[^，。；：:、\d（）()“”]{1,8}”)?[^，。；：:、\d（）()“”][^，。；：:\d（）()“”]{1,39}?"
    r"(?:（(?:室|民族)）[^，。；：:\d（）()]{0,20}?)?)（项）)?"
)
_PATH_ANY = re.compile(r"（类）|（款）|（项）")
# “一般公共服务支出(类)人大事务(款)行政运行(项)”, “政府办公厅(室)”: the markers in ASCII brackets
_ASCII_MARKER = re.compile(r"\((类|款|项|室)\)")


def find_paths(text: str) -> list[tuple[int, int, str, str, str]]:
    """(start, end, 类, 款, 项) of every 科目 path in normalised text (markers in full-width or ASCII
    brackets; the names are given with full-width ones)."""
    if "(" in text:
        text = _ASCII_MARKER.sub(lambda m: f"（{m.group(1)}）", text)  # same length: the offsets hold
    out = []
    pos = 0
    while True:
        m = _PATH_ANY.search(text, pos)
        if not m:
            break
        # scan back to a delimiter to find the start of the path
        start = m.start()
        while start > 0 and text[start - 1] not in "，。；：:、\n“”.．" and not text[start - 1].isdigit():
            start -= 1
        if start > 0 and text[start - 1] in "“":
            pass
        seg = text[start:]
        pm = _PATH.match(seg)
        if pm and start + pm.end() <= m.start():
            pos = m.end()  # a marker no path reaches (“（款）（项）”: no 项 name), already read before it
        elif pm and pm.group(0):
            cls, kuan, xiang = (g or "" for g in pm.groups())
            out.append((start, start + pm.end(), cls, kuan, xiang))
            pos = start + max(pm.end(), 1)
        else:
            pos = m.end()
    return out


# --- extraction -------------------------------------------------------------------------------------

_SENT_END = "。！？!?"
_CLAUSE_END = "，；：,;:"
# an ASCII full stop after a figure's unit or a word, before a Chinese character, ends a sentence too
# (“…占100%.本部门2018年度支出合计…”); between digits it is a decimal point, after one a numbering
# (each mark an alternative of its own, the point looked behind after it is read: a pattern whose every
# alternative opens on a character is tried only where one of them is)
_SENT_MARKS = re.compile(
    "|".join(map(re.escape, _SENT_END)) + r"|\.(?<=[%\u4e00-\u9fff]\.)(?=[\u4e00-\u9fff])"
)
# “较2015决算数增加5.35万元” (the year without 年 before 决算) compares with that year too
_COMPARE = re.compile(
    r"(与|同|较|比)于?(20\d\d年度?|20\d\d(?=决算)|上年度?|上一年度|去年同期|去年|上年同期|上年)(决算数?)?(相比|比较)?|较上年度?|比上年度?"
    r"|同比(?=增|减|下降|上升|降低|持平)"  # “同比减少144.92万元”: on the same period of the year before
)
_FLAT = re.compile(r"持平")
# a clause saying what the whole is (“全部为财政拨款收入”) or naming the prior year's figure (“较2017年决算
# 总收入2794494元”): it does not part a change from its level
_BASE_OR_WHOLE = re.compile(
    r"(?:全部|均)(?:为|是|系|来源于)[^\d]*$|(?:比|较)20\d\d年度?[^\d，,]{0,12}\d[\d,.]*万?元$"
)
_BRACKETED_CLAUSE = re.compile(r"[^（()）]*[)）]|[（(][^（()）]*")  # a clause a bracket opens or closes
# “占调整预算数115.8%,增支42991万元”: a government's 决算 states its share of the budget, then a change with
# no comparison named; the budget may be named by what it budgets (“完成全年预算收入的66.4%”)
_SHARE_OF_BUDGET = re.compile(r"(?:占|为|完成)(?:调整|年初|全年|变动)?预算(?:数|收入|支出)?的?[\d.]+%")
# “较年初预算数减少1311.69万元,下降15.86%”: a change measured against the budget
_BUDGET_COMPARE = re.compile(
    r"(?:较|比|与|同)(?:20\d\d年度?)?(?:年初|全年|调整后?的?)?预算(?:数|批复数)?"  # “比2013年年初预算数”
)
# a sentence that only gives the reason for the change before it
_REASON_ONLY = re.compile(r"^(?:其?主要)?(?:原因|是由于|由于|系)[^\d]*$")
_BUDGET_WORDS = re.compile(r"(较|比|与|同)?(年初|全年|调整后?的?)?(预算(数|批复数)?)?(相比)?")
_GOES_ON = re.compile(r"^[^\d，,。；;：:]{1,12}?(增加|减少|增长|下降|上升|降低)了?\d")
# “完成预算的84%”; “完成预算27万元的63.2%”, “完成全年预算84.82万元的73.2%”: the budget written in the phrase
_COMPLETION = re.compile(
    # “完成预算的”, and “为调整预算的67.1%”, “占预算101032万元的67.3%” (a 政府决算's 完成 in other words)
    r"(?:完成|(?:^|(?<=[,，]))[为占])(年初|全年|年度|调整后?)?预算(数)?(?:为)?"
    r"((?<![\d.])\d[\d,]*(?:\.\d+)?(?:亿元|万元|万|元))?的?$"
)
# “…支出决算为13.49万元,预算完成率为36.32%”: the rate named by its own word, with the groups of
# :data:`_COMPLETION` (the budget's kind; no 数, no budget written in the phrase)
_COMPLETION_RATE = re.compile(
    r"(?:^|(?<=[,，]))(年初|全年|年度|调整后?)?预算(数)?(?:完成|执行)率(?:为|达到?|是)?()$"
)
_VERSUS = re.compile(
    r"决算数?(大于|小于|等于|高于|低于|超过|与预算数?基本持平|与预算数?持平|同预算数?持平|与预算数?一致)"
    # “…支出决算大于上年决算数的主要情况”: a comparison with last year, not with the budget
    r"(?!上年|去年|上一年|以前年度|同期|20\d\d年)"
)
# the words of a figure's label that name no subject: the year, 累计, 决算, 数 (“较上年845.61万元”,
# “比2013年度决算数8750.27万元”, “比上年累计支出433万元”)
_NOT_A_SUBJECT = re.compile(r"上年度?|上一年度|去年|20\d\d年度?|累计|决算|实际|数|为")


def _names_the_level(prior_label: str, level_label: str) -> bool:
    """Whether a prior figure's label names no subject, or the level's (one of the two ends the other)."""
    prior = _NOT_A_SUBJECT.sub("", prior_label)
    if not prior:
        return True
    level = _NOT_A_SUBJECT.sub("", level_label)
    return len(min(prior, level, key=len)) >= 2 and (level.endswith(prior) or prior.endswith(level))


_PRIOR = re.compile(
    r"^[，,]?(比|较|与|同)(20\d\d年度?|上年度?|上一年度|去年同期|去年|上年同期)(累计)?(决算)?(支出)?(数)?(为)?$"
)
# “较2014年度部门决算公开“三公”经费合计16.08万元增加15.15万元”: the prior year's figure named with its
# subject, then the change
_PRIOR_NAMED = re.compile(
    r"^[，,]?(比|较|同)(20\d\d年度?|上年度?|上一年度|去年同期|去年|上年同期)(?!相比|比较)"
)
# “与2014年度财政拨款收入218.4万元相比,财政拨款收入减少8.4万元”: a figure framed by “与<prior year>…相比” is
# that year's figure, the base of the change that follows
_PRIOR_FRAME_OPEN = re.compile(
    r"^[，,]?(与|同|和)(20\d\d年度?|上年度?|上一年度|去年同期|去年|上年同期)(?![^，,]*预算(?:数|批复))"
)
_PRIOR_FRAME_CLOSE = re.compile(r"^\s*(相比|比较)")
#: A sentence opening with the budget it splits: “2010年审计署“三公经费”财政拨款预算中,因公出国(境)费617
#: 万元,…” (every figure in it is a budget figure).
_BUDGET_OPENING = re.compile(r"^(?:20\d\d年度?)?[^\d。，,；;：:]{0,40}?预算数?中[，,：:]")
_BALANCE_AFTER_LIST = re.compile(
    r"^(?:此外[，,]?|另外[，,]?)?(?:年末|年终|本年|年初|上年)?(?:结转和|结转)?结余(?:资金|数)?(?:为)?$"
)
_OWN_LIST_AFTER = re.compile(r"^[，,]?其中[：:，,]?")
_INTRO = re.compile(r"(其中|主要用于以下方面|具体内容包括|具体情况如下|包括|分别为|分别是)[：:]?$")


_PARAGRAPH_NUMBER = re.compile(r"^(\d{1,2}[、.．:：]|[（(]\d{1,2}[）)])?")
_INTRO_START = re.compile(r"^(其中|主要用于以下方面|具体内容包括|包括)")
#: “在支出合计218.78亿元中”: a whole named so opens the list after it
_IN_WHOLE = re.compile(r"^(?:此外[，,]?)?在[^，,；;。]{2,30}?\d[\d.,]*[万亿]?元中$")
_WHOLE_AT_END = re.compile(r"(?:收入|支出)(?:合计|总计)$")
_YEAR_ONLY = re.compile(r"[，,]?(20\d\d)年度?(决算数?)?(为|是)?")
#: “公务接待费2016年预算8万元,2015年预算12.5万元”: a clause holding nothing but a year and a role word
_YEAR_AND_ROLE = re.compile(r"[，,]?(20\d\d)年度?(决算|预算)数?(为|是)?")


def _year_before_the_last(sent: Sentence, clause: Clause, m: Mention) -> bool:
    """Whether the figure ``m`` is the prior year's of the clause before: its clause says only “2015年预算”
    after a clause that stated “…2016年预算8万元” (the year after it, with the same role word)."""
    own = _YEAR_AND_ROLE.fullmatch(sent.text[clause.start : m.start].strip())
    if own is None:
        return False
    later = f"{int(own.group(1)) + 1}年"
    before = re.split(r"[，,；;。]", sent.text[: clause.start].rstrip("，,；; "))[-1]
    stated = re.escape(later) + r"度?" + own.group(2) + r"数?(为|是)?[\d.,]+(?:[万亿]?元|万)$"
    return re.search(stated, before) is not None


_AMOUNT_UNIT = r"(?=万元|元|亿元|万(?!" + _NOT_MONEY_AFTER_WAN + r"))"
#: “与2019498.83万元相比”: the prior year and its amount with the 年 between them lost (“20,155.88万元” with
#: a thousands separator, “…万” for 万元)
_YEAR_IN_AMOUNT = re.compile(
    # after 比/与/较, or after this year's amount when 相比 follows (“394.85万元2014247.15万元相比较增长
    # 147.70万元”)
    r"(?:(?<=[比与较])|(?:(?<=万元)|(?<=万))(?=2,?0[\d,]{3,12}(?:\.\d+)?万元?相比))(2,?0[\d,]{3,12}(?:\.\d+)?)"
    + _AMOUNT_UNIT
)
#: what every match of ``_YEAR_IN_AMOUNT`` holds: 比, 与, 较 or 万(元) right before “20” or “2,0” (searched
#: first: a pattern opening on lookbehinds is tried at every character)
_YEAR_IN_AMOUNT_HINT = re.compile(r"[比与较元万]2,?0")
_AMOUNT_IN_TEXT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)" + _AMOUNT_UNIT)


@dataclass(frozen=True)
class RunInYear:
    """A year run into the amount after it: ``year`` and ``amount`` as they should read, ``start`` and
    ``end`` the span of the run-in figure and ``split`` the offset in it where the 年 was lost."""

    year: int
    amount: str
    start: int
    end: int
    split: int


def _confirmed_by_a_change(norm: str, at: int, rest: Decimal) -> bool:
    """Whether the amount read without its year is one side of a difference the paragraph states: “424.71
    万元。与2019498.83万元相比,…各减少74.12万元” (498.83 − 424.71 = 74.12)."""
    others = [Decimal(x.group(1).replace(",", "")) for x in _AMOUNT_IN_TEXT.finditer(norm) if x.start() != at]
    return any(abs(abs(a - rest) - d) <= Decimal("0.011") for a in others for d in others if d != a)


def years_run_into_amounts(norm: str, year: int | None) -> list[RunInYear]:
    """The amounts compared with whose first four digits are the year before the report's and whose rest
    makes a change the paragraph states add up (“较20155.88万元增加了0.51万元” beside 6.39 in a 2016 report:
    2015年5.88万元); ``norm`` is a normalised paragraph. “比20195万元” alone is a large amount."""
    if year is None or not _YEAR_IN_AMOUNT_HINT.search(norm):
        return []
    out = []
    for m in _YEAR_IN_AMOUNT.finditer(norm):
        raw = m.group(1)
        digits = raw.replace(",", "")
        if int(digits[:4]) != year - 1 or len(digits) < 5 or digits[4] in "0.":
            continue
        if "," in raw and not _THOUSANDS.fullmatch(raw.split(".")[0]):
            continue  # commas that are no thousands separators
        rest = digits[4:]
        if not _confirmed_by_a_change(norm, m.start(), Decimal(rest)):
            continue  # “比20195万元”: a large amount, unless the split reading makes the change add up
        split = next(k for k in range(len(raw)) if len(raw[:k].replace(",", "")) == 4)
        out.append(RunInYear(year - 1, rest, m.start(), m.end(), split))
    return out


def _split_run_in_years(norm: str, idx: list[int], year: int | None) -> tuple[str, list[int]]:
    """``norm`` with each year run into an amount written as the year, 年 and the amount (see
    :func:`years_run_into_amounts`), so the amount is read as the prior year's figure; each character put
    in maps to the original index of the run-in figure's character it stands for or after."""
    for r in reversed(years_run_into_amounts(norm, year)):
        raw = norm[r.start : r.end]
        kept = [k for k in range(len(raw)) if raw[k] != ","]
        head = [k for k in kept if k < r.split]
        tail = [k for k in kept if k >= r.split]
        new_idx = (
            [idx[r.start + k] for k in head] + [idx[r.start + r.split]] + [idx[r.start + k] for k in tail]
        )
        norm = norm[: r.start] + f"{r.year}年{r.amount}" + norm[r.end :]
        idx = [*idx[: r.start], *new_idx, *idx[r.end :]]
    return norm, idx


def extract(doc: Document) -> Facts:
    """Every stated fact of the document's narrative (table cells and charts excluded)."""
    facts = Facts(prose=join_continued(doc.blocks))
    facts.reception_named_domestic = _reception_named_domestic(facts.prose)
    with reception_named_domestic(facts.reception_named_domestic):
        _extract(doc, facts)
    return facts


def _extract(doc: Document, facts: Facts) -> None:
    dept = doc.department
    pending_group: Group | None = None
    outer_group: Group | None = None  # the list an item of which opened ``pending_group``
    pending_items: list[tuple[Paragraph, ItemPath, str]] = []
    stated: dict[str, Amount] = {}  # the last level stated of each subject under the current heading
    item_changes: list[_ItemChanges] = []  # totals' changes whose items may follow in numbered paragraphs
    for par in facts.prose:
        if par.in_toc or par.is_chart or par.heading is not None:
            if par.heading is not None:
                pending_group = outer_group = None
                stated = {}
                item_changes = _close_item_changes(item_changes)
            continue
        norm, idx = _split_run_in_years(*normalise(par.text), doc.year)
        par_amounts_start, par_changes_start = len(facts.amounts), len(facts.changes)
        # 科目 paths of the paragraph
        paths = find_paths(norm)
        item_path: ItemPath | None = None
        for s, _e, cls, kuan, xiang in paths:
            facts.paths.append(ItemPath(cls, kuan, xiang, None, par, s))
        lead = _PARAGRAPH_NUMBER.match(norm)
        lead_end = lead.end() if lead else 0
        if paths and paths[0][0] <= lead_end + 1 and (paths[0][4] or paths[0][3]) and par.part != "glossary":
            s, _e, cls, kuan, xiang = paths[0]
            item_path = ItemPath(cls, kuan, xiang, None, par, s)
        item_key = ""
        if item_path is not None:
            prefix = {"s8": "fund", "s9": "capital"}.get(par.topic, "gpb")
            item_key = f"{prefix}.item.{item_path.text}"
            facts.item_paragraphs.append((par, item_path, item_key))
        previous_head: Amount | None = None
        previous_levels: list[Amount] = []
        classified_whole: Amount | None = None  # the figure that sentences “按支出经济分类:…” split
        previous_said: list[Amount] = []
        previous_changes: list[Change] = []
        open_list: Group | None = None  # a “其中” list of the sentences before, which a sentence may go on
        outer_list: Group | None = None  # the list an open nested list (of one of its items) is inside
        for sent in _sentences(par, norm, idx):
            sent.index = len(facts.sentences)
            facts.sentences.append(sent)
            # “…“三公”经费)决算总额2771万元,比上年下降1.8%。分项情况是:因公出国(境)经费决算120万元,…”
            inherited = previous_head if _OPENS_PARTS.match(sent.text) else None
            if inherited is not None:
                # “…;公务用车购置及运行维护费3545万元,…。其中:公务用车购置费710万元,…”: the list splits the
                # figure of the sentence before that its first item is a part of, not the whole before that
                inherited = _whole_of_first_part(sent.text, previous_said) or inherited
            if _counted_before_figures(sent):
                # “其中,…“三公”总数超**的部门共有5个,分别是区公安分局(900.07万)、…”: the sentence splits a
                # count of its own (its members named, their figures beside them), not the figure before it
                inherited = None
            # (also “1.基本支出和项目支出674.35万元。其中，工资福利支出310.28万元，…”, f01)
            if inherited is None and _PARTS_OPENING.match(sent.text) and len(previous_levels) == 1:
                # “2015年全县财政总收入127606万元,…。其中:中央级收入54386万元,…”: the one figure of the
                # sentence before, of whatever subject, is what the list splits
                inherited = previous_levels[0]
            classified = inherited is None and _CLASSIFIED_OPENING.match(sent.text) is not None
            if classified:
                # “…决算支出总计512.3万元。按支出经济分类:基本支出392.39万元,占76.59%;…。按支出功能分类:一般
                # 公共服务支出315.25万元,占61.54%;…”: each classification splits the one figure before them
                if len(previous_levels) == 1:
                    classified_whole = previous_levels[0]
                inherited = classified_whole
            else:
                classified_whole = None
            if inherited is None:
                inherited = _composition_of(sent, stated, dept)
            if inherited is None:
                inherited = _named_again(sent, facts.amounts, par)
            changes_before = len(facts.changes)
            groups_before, amounts_before = len(facts.groups), len(facts.amounts)
            follows = sent.text.startswith("其中") and len(previous_changes) == 1
            # “与2015年决算数相比,收入增加950.05万元、…。支出增加841.13万元,增长13.36%,…”: a sentence opening
            # with a subject and its change goes on with the comparison of the sentence before
            goes_on = bool(
                previous_changes
                and previous_changes[-1].sentence.index == sent.index - 1
                and _COMPARE.search(previous_changes[-1].sentence.text)
                and _GOES_ON.match(sent.text)
            )
            changes_go_on = follows or goes_on
            result = _analyse_sentence(sent, facts, dept, item_key, inherited, changes_go_on)
            if result is None:
                # “去年,…支出572.23万元,其中…。今年,中央党校的预算数为595.99万元,…。其中公务用车…352.56万元,
                # 占59%”: a budget stated since is what the next 其中 splits, not the figure before it
                result = _budget_stated_alone(sent, facts.amounts[amounts_before:])
            if (
                result is None
                and previous_head is not None
                and previous_head.role == "budget"
                and any(a.role in ("current", "actual") for a in facts.amounts[amounts_before:])
            ):
                # “…收入预算调整为200.12亿元。2022年全区完成一般公共预算收入202.96亿元,…。其中,完成税收收入
                # 173.65亿元”: a 决算 stated since the budget is nearer; the budget splits nothing after it
                previous_head = None
            if (
                result is None
                and previous_head is not None
                and previous_head.names_list
                and any(a.role in ("current", "actual") for a in facts.amounts[amounts_before:])
            ):
                # “…全区财政总收入累计完成41.73亿元,…,其中税收收入…。…一般公共预算收入累计完成24.82亿元,…。
                # 其中:地方税收收入…”: a figure of unknown subject is split only by the list right after it
                previous_head = None
            previous_head = result or previous_head
            # “…911.7万元,其中:人员经费489.18万元,主要包括:…。公用经费46.89万元,…” (lines run together): a
            # sentence that opens with a new member of the list before goes on with it
            opened = [g for g in facts.groups[groups_before:] if g.introducer == "其中" and g.items]
            said = facts.amounts[amounts_before:]
            if opened:
                # “…其中,因公出国(境)经费326万元…。公务用车购置及运行维护费8645万元…。其中公务用车购置费
                # 131万元…。公务接待费692万元…”: a list of an item's parts leaves the whole's list open
                nested = open_list is not None and opened[-1].head in open_list.items
                outer_list = open_list if nested else None
                open_list = opened[-1]
            elif open_list is not None and said and not _continue_list(open_list, said[:1], later=True):
                open_list = None
                if outer_list is not None and _continue_list(outer_list, said[:1], later=True):
                    open_list, outer_list = outer_list, None
            if outer_list is not None and open_list is not outer_list and _resume_outer(outer_list, said):
                # “其中:公务用车购置费710万元,…。公务用车运行维护费2835万元,…;公务接待费554万元,…”: after the
                # nested list's last part, a member of the outer list in the same sentence resumes it
                open_list, outer_list = outer_list, None
            previous_levels = [
                a for a in facts.amounts[amounts_before:] if a.role in ("current", "actual") and not a.in_list
            ]
            previous_said = [a for a in facts.amounts[amounts_before:] if a.role in ("current", "actual")]
            # a whole listed as a part of a greater one is still stated (“收入总计231.24万元,其中:年初结转和
            # 结余0万元,…;本年收入合计231.24万元,…。本年收入的具体构成为:…”: the 构成 splits 本年收入合计)
            stated.update(
                (a.key, a) for a in previous_said if a.key and (not a.in_list or a.key in HEAD_KEYS)
            )
            new_changes = facts.changes[changes_before:]
            # “…决算总额2771万元,比上年下降1.8%。分项情况是:因公出国(境)经费决算120万元,比上年增长79.1%;…”
            opens = follows or (len(previous_changes) == 1 and _OPENS_PARTS.match(sent.text) is not None)
            if opens and len(new_changes) > 1 and not previous_changes[0].parts:
                previous_changes[0].parts = _outer_parts([c for c in new_changes if c.delta or c.pct])
            previous_changes = new_changes
        par_amounts = facts.amounts[par_amounts_start:]
        item_changes = _item_changes(item_changes, norm, par_amounts, facts.changes[par_changes_start:])
        # paragraph-level bindings for numbered 科目 items: 决算数小于预算数 in a later sentence
        if item_key:
            _item_comparisons(par_amounts, facts, item_key)
            if pending_group is not None:
                actual = next(
                    (a for a in par_amounts if a.key == item_key and a.role in ("actual", "current")), None
                )
                if actual is not None:
                    actual.in_list = True
                    pending_group.items.append(actual)
                pending_items.append((par, item_path, item_key))  # type: ignore[arg-type]
            continue
        # a list continued from the previous paragraph ("…基本支出199.98万元，其中：" / "人员经费182.09万元")
        if pending_group is not None and par_amounts:
            if _continue_list(pending_group, par_amounts):
                # “(二)公务用车购置及运行费1116.14万元。其中:” / “1、公务用车购置费…” / “2、…运行费…” /
                # “(三)公务接待费…”: an item that opens a list of its own parts; the outer list resumes after
                inner_list = _opened_list(norm, par_amounts)
                if inner_list is not None:
                    facts.groups.append(inner_list)
                    outer_group, pending_group = pending_group, inner_list
                continue
            pending_group = None
            if outer_group is not None and _continue_list(outer_group, par_amounts):
                pending_group, outer_group = outer_group, None
                continue
        elif pending_group is not None and not par_amounts and not _ITEM_OPENING.match(norm):
            pending_group = None  # (“一是因公出国(境)费用不安排,与上年持平;”: an item with no figure goes on)
        elif pending_group is not None and not par_amounts and _numbered_alike(norm, pending_group):
            # “(一)收入总计3666.34万元。包括:” / “1.…” / “2.…” / “(二)支出总计3666.34包括:”: a paragraph
            # numbered as the one that opened the list is its sibling, not an item of it
            pending_group = None
        outer_group = None
        # does this paragraph end with a head and "其中："?
        new_list = _opened_list(norm, par_amounts)
        if new_list is not None:
            pending_group = new_list
            facts.groups.append(new_list)
            pending_items = []
    _close_item_changes(item_changes)
    facts.groups = [g for g in facts.groups if g.items]


#: a figure of 公务接待费, named with its kind (国内, or foreign: 国(境)外, 境外, 外事, 外宾, 涉外) or not
_RECEPTION_FIGURE = re.compile(
    r"(国内|国[（(]境[）)]外|境外|外事|外宾|涉外的?)?(?:公务)?接待(?:费|支出|经费)[^，,。；;：:\d]{0,10}?\d"
)


def _reception_named_domestic(prose: list[Paragraph]) -> bool:
    """Whether the report names its “三公” item 公务接待费 “国内公务接待费” throughout (“国内公务接待费
    0.11万元,同比减少…”): with no figure of 公务接待费 named as itself nor of a foreign kind beside it, the
    国内 one is the item, not a part of it."""
    kinds = {m.group(1) or "" for p in prose if "接待" in p.text for m in _RECEPTION_FIGURE.finditer(p.text)}
    return kinds == {"国内"}


@dataclass
class _ItemChanges:
    """A total's change stated in a paragraph (“2021年度“三公”经费支出25.3万元，比上年减少3.2万元，
    下降11.2%。”) and the changes of its items, each stated in a numbered paragraph after it (“（一）因公出国
    （境）费支出0万元，与上年持平。” / “（二）公务用车购置及运行维护费支出20.1万元，比上年减少2.1万元，…” /
    “（三）…”)."""

    total: Change
    items: list[Change] = field(default_factory=list)
    broken: bool = False  # an item's paragraph states no change of it bound to its amount


def _item_changes(
    pending: list[_ItemChanges], norm: str, par_amounts: list[Amount], par_changes: list[Change]
) -> list[_ItemChanges]:
    """Take a paragraph into the totals' changes whose items are awaited: a numbered paragraph opening with
    an item (a known part of the total, PARTS_OF) gives the item's change of the same basis, stated with its
    amount in one sentence; one opening with a part of an item taken (the car's 购置 or 运行, a nested list)
    is that item's detail, not an item; one with no figure goes on. Any other paragraph closes the lists
    (their items become the totals' parts when they are exactly the known parts) and may open new ones."""
    if pending and _ITEM_OPENING.match(norm):
        if not par_amounts:
            return pending
        leaf = par_amounts[0].key.split(">")[-1]
        for waiting in pending:
            taken = {c.key for c in waiting.items}
            if any(leaf in PARTS_OF.get(k, ()) for k in taken):
                continue
            if leaf not in PARTS_OF[waiting.total.key] or leaf in taken:
                waiting.broken = True
                continue
            own = [
                c
                for c in par_changes
                if c.key == leaf
                and c.basis == waiting.total.basis
                and c.current is not None
                and c.current.sentence is c.sentence
                and (c.delta is not None or c.pct is not None or c.flat)
            ]
            if len(own) == 1:
                waiting.items.append(own[0])
            else:
                waiting.broken = True
        return pending
    _close_item_changes(pending)
    return [
        _ItemChanges(c)
        for c in par_changes
        if c.key in PARTS_OF
        and not c.parts
        and c.current is not None
        and (c.delta is not None or c.pct is not None)
        and not any(o.key in PARTS_OF[c.key] for o in par_changes)
    ]


def _close_item_changes(pending: list[_ItemChanges]) -> list[_ItemChanges]:
    """The items awaited become each total's parts when they are exactly its known parts, one each."""
    for waiting in pending:
        keys = [c.key for c in waiting.items]
        exact = len(keys) == len(set(keys)) and set(keys) == set(PARTS_OF[waiting.total.key])
        if exact and not waiting.broken:
            waiting.total.parts, waiting.total.parts_apart = waiting.items, True
    return []


#: A paragraph opening as an item of a list: “一是…”, “1.…”, “(一)…”, “一、…” (in prose, not a heading).
_ITEM_OPENING = re.compile(
    r"^(?:[一二三四五六七八九十][是、]|\d+[.、．]|[（(][一二三四五六七八九十\d]+[）)])"
)


def _numbering_style(text: str) -> str:
    """How a paragraph is numbered, its numbers made alike (“(二)” → “(一)”, “3.” → “1.”); “” when not."""
    m = _ITEM_OPENING.match("".join(text.split()))
    if m is None:
        return ""
    return re.sub(
        r"[一二三四五六七八九十]+",
        "一",
        re.sub(r"\d+", "1", m.group(0).replace("（", "(").replace("）", ")")),
    )


def _numbered_alike(norm: str, group: Group) -> bool:
    """Whether a paragraph is numbered in the style of the paragraph that opened ``group``."""
    style = _numbering_style(norm)
    head = group.head
    return bool(style) and head is not None and style == _numbering_style(head.sentence.paragraph.text)


_CHANGE_OPENING = re.compile(r"[，,]\s*(?:增加|减少|增长|下降|上升|降低|增收|减收|增支|减支)了?")


def _change_opens_next(sent: Sentence, m: Mention) -> bool:
    """Whether the clause after figure ``m`` opens with the change it is the base of (“较2017年决算总收入
    2794494元,增加了194131元”)."""
    after = next((x for x in sent.mentions if x.start > m.start), None)
    return (
        after is not None
        and after.kind == "amount"
        and after.sign is not None
        and _CHANGE_OPENING.fullmatch(sent.text, m.end, after.start) is not None
    )


def inside_a_bracket(text: str, at: int) -> bool:
    """Whether offset ``at`` of ``text`` is inside a bracket still open there (“(含…列支285,941万元)”)."""
    opened = max(text.rfind("(", 0, at), text.rfind("（", 0, at))
    return opened >= 0 and max(text.rfind(")", opened, at), text.rfind("）", opened, at)) < 0


def _in_bracket_after(text: str, head: Amount, m: Mention) -> bool:
    """Whether ``m`` stands in a bracket still open there and opened after ``head`` (``text`` is the
    sentence of ``m``; a head of an earlier sentence is before any bracket of it)."""
    opened = max(text.rfind("(", 0, m.start), text.rfind("（", 0, m.start))
    after = head.mention.end if head.sentence.text == text else 0
    return opened >= after and inside_a_bracket(text, m.start)


def _opened_list(norm: str, par_amounts: list[Amount]) -> Group | None:
    """The list a paragraph opens when it ends with a head and “其中：” (its items in the next paragraphs)."""
    opening = re.search(r"(其中|具体如下|如下|包括)[：:，,]?$", norm.rstrip("。"))
    if not par_amounts or opening is None:
        return None
    # “…预算919万元(其中一般公共预算经费拨款841万元),与上年预算安排持平。其中:”: the figure in brackets is a
    # part of the one before it; the list splits that one
    outside = [a for a in par_amounts if not inside_a_bracket(a.sentence.text, a.mention.start)]
    head = (outside or par_amounts)[-1]
    if head.key in HEAD_KEYS or head.key.startswith(("gpb.", "fund.", "capital.")):
        return Group(head, head.label, head.key, [], head.sentence, "其中")
    if not head.key and opening.group(1) == "包括" and GRAND_TOTAL.search(head.label):
        # “(一)收入总计3666.34万元。包括:” then “1.财政拨款收入…”, “2.事业收入…”: the 收入总计 (or 支出总计)
        # is the whole its numbered paragraphs split (a sentence ending “其中:” opens its own list already)
        key = "income.total" if "收入" in head.label else "expenditure.total"
        return Group(head, head.label, key, [], head.sentence, "其中")
    return None


#: 收入总计 or 支出总计 named alone, maybe after its numbering: a whole of more than its sources
#: (用事业基金弥补收支差额, 年初结转和结余 besides)
GRAND_TOTAL = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)])?(?:本年)?(?:收入|支出)总计$")


_COMPOSITION = re.compile(r"^([^\d，,。；;：:]{2,16}?)的(?:具体)?(?:构成|组成)(?:情况)?(?:为|是|如下)?[：:]")
# “从“三公”经费具体构成看,因公出国(境)费0.43亿元,…”
_COMPOSITION_SEEN = re.compile(r"^从([^\d，,。；;：:]{2,16}?)的?(?:具体)?(?:构成|组成)(?:情况)?来?看[，,：:]")


def _budget_stated_alone(sent: Sentence, said: list[Amount]) -> Amount | None:
    """The one figure of a sentence when it is a budget of no known subject stated with no rate (not a
    completion's base): what a sentence opening with 其中 after it splits."""
    stated = [a for a in said if a.role in ("current", "actual", "budget") and not a.in_list]
    if len(stated) != 1 or stated[0].role != "budget" or stated[0].key:
        return None
    return None if any(m.kind == "percent" for m in sent.mentions) else stated[0]


def _composition_of(sent: Sentence, stated: dict[str, Amount], dept: str) -> Amount | None:
    """“本年收入合计231.24万元,…。本年收入的具体构成为:财政拨款收入213.24万元,…”: a sentence opening with the
    composition of a subject stated before (under the same heading) lists that figure's parts."""
    m = _COMPOSITION.match(sent.text) or _COMPOSITION_SEEN.match(sent.text)
    if m is None:
        return None
    key = subject_key(clean_label(m.group(1), dept))
    return stated.get(key) if key in HEAD_KEYS else None


#: The first item's name in a sentence opening with 其中 (the parts of a figure of the sentence before).
_FIRST_PART = re.compile(
    r"^(?:其中|分项情况(?:是|为|如下))[：:，,]?([^\d，,；;：:。]{2,30}?)(?:支出|为|是)?[：:]?\d"
)


_A_COUNT = re.compile(r"\d+(?:个|家|项|名|所)")


def _counted_before_figures(sent: Sentence) -> bool:
    """Whether a sentence opening with 其中 states a count before its first amount."""
    if not sent.text.startswith("其中"):
        return False
    first = next((m for m in sent.mentions if m.kind == "amount"), None)
    return first is not None and _A_COUNT.search(sent.text, 0, first.start) is not None


def _named_again(sent: Sentence, amounts: list[Amount], par: Paragraph) -> Amount | None:
    """The figure a sentence names again at its start, with no figure of its own before its “其中”: the list
    splits it (“市级留用新增债券27.38亿元,…。市级留用新增债券共安排20个项目,其中,社会事业方面8.4亿元,…”).
    The figure is one of the paragraph's, stated under that name exactly (four characters at least)."""
    at = _QIZHONG_AFTER.match(sent.text) if "其中" in sent.text else None
    if at is None or any(m.kind == "amount" and m.start < at.end() for m in sent.mentions):
        return None
    for a in reversed(amounts):
        if a.sentence.paragraph is not par:
            return None
        if (
            a.role in ("current", "actual")
            and not a.in_list
            and len(a.label) >= 4
            and sent.text.startswith(a.label)
        ):
            a.names_list = True
            return a
    return None


def _whole_of_first_part(text: str, said: list[Amount]) -> Amount | None:
    """The figure among ``said`` (the sentence before's) that the first item of a sentence opening with
    其中 is a known part of (购置费 of 公务用车购置及运行维护费), the last such; None when there is none."""
    m = _FIRST_PART.match(text)
    key = subject_key(m.group(1)) if m else ""
    if not key:
        return None
    wholes = [a for a in said if key in PARTS_OF.get(a.key.split(">")[-1], ())]
    return wholes[-1] if wholes else None


#: A sentence that opens with the parts of the head of the sentence before it.
_OPENS_PARTS = re.compile(r"其中|分项情况(是|为|如下)")
#: A sentence splitting the figure before it by a classification: “按支出经济分类:”, “按支出功能分类:”.
_CLASSIFIED_OPENING = re.compile(r"按(?:支出|收入)?的?(?:经济|功能)分类(?:科目)?(?:划分)?[：:，,]")
#: “其中:”, “其中,”, a list numbered inline, “其中1、工资福利支出2338.13万元,2、…”, and a bare “其中” before
#: its first item's name (“。其中一般预算收入完成20707万元,…”)
_PARTS_OPENING = re.compile(
    r"其中(?:[：:，,]|(?:\d{1,2}|[（(]\d{1,2}[）)])[、.．]|(?=[^\d，,；;：:。\s（(]))"
)


#: “…,一般性转移支付收入1937万元,主要是体制补助收入150万元,结算补助收入1745万元,…;专项转移支付收入110万元”:
#: what an item of a list is made of, up to the end of its clause
_DETAIL = re.compile(r"主要(?:是|为|包括|有)")


def _detail_of_an_item(text: str, head: Amount, m: Mention) -> bool:
    """Whether ``m`` stands in what an item of the list says it is made of (after its “主要是…”, before the
    “;” that ends the item): a part of that item, not another item of the list."""
    details = list(_DETAIL.finditer(text, head.mention.end, m.start))
    return bool(details) and not re.search(r"[；;。]", text[details[-1].end() : m.start])


def _comma_list(sent: Sentence, group: Group) -> bool:
    """Whether the items of ``group`` (two at least) follow one another, set apart by one comma each (no
    semicolon, and no other figure between: “因公出国(境)支出0万元,年初预算为0万元,差值为0万元,…;” is an item
    set apart by semicolons with its own figures)."""
    items = group.items
    if len(items) < 2:
        return False
    for a, b in itertools.pairwise(items):
        between = sent.text[a.mention.end : b.mention.start]
        if _NAME_JOINS.match(between):
            continue  # figures stated respectively (“…分别为31.52亿元、132.95亿元”)
        if len(re.findall(r"[，,]", between)) != 1 or re.search(r"[；;]", between):
            return False
        if any(a.mention.end <= m.start < b.mention.start for m in sent.mentions if m.kind == "amount"):
            return False
    return True


def _goes_on(clause: Clause, group: Group, dept: str) -> bool:
    """Whether the clause names a further part of the group's head (“…,经营收入0万元;其他收入0万元”)."""
    first = next((m for m in clause.mentions if m.kind == "amount"), None)
    if first is None:
        return False
    key = subject_key(clean_label(clause.text[: first.start - clause.start], dept))
    return bool(key) and (_is_scoped(key) or _item_of(key, group.head_key))


def _heads_a_list(sent: Sentence, m: Mention, key: str) -> bool:
    """A figure of a known subject outside its usual total (“1、一般公共预算财政拨款收入2647万元,与上年同期
    相比减少1275万元,其中:财政基本补助收入1802万元,…”) heads the “其中” list that follows it, changes of
    it between."""
    if not key.startswith("?>"):
        return False
    rest = sent.text[m.end :]
    at = re.search(r"[，,；;]其中[：:]", rest)
    if at is None:
        return False
    between = [x for x in sent.mentions if m.end <= x.start < m.end + at.start()]
    return all(x.direction or x.kind == "percent" for x in between)


def _names_a_list(sent: Sentence, m: Mention, key: str, label: str) -> bool:
    """A named figure that is no total of the usual lists (of no known key, or of one outside
    :data:`HEAD_KEYS`: “2018年度政府采购总额45.24万元,其中:货物13.99万元,工程31.25万元”, “机关运行经费为
    1040322元,其中:办公费145278元,…”, “一般预算收入完成20707万元,完成预算的104.95%,同比增长20.68%,其中:
    税收收入8059万元,…”) heads the “其中” list right after it, its changes and rates between: whatever the
    name means, the items listed are parts of it."""
    if (
        "其中" not in sent.text
        or key in HEAD_KEYS
        or key.startswith(("gpb.", "?>"))
        or not _A_NAME.search(_ACTUAL_WORDS.sub("", label))
    ):
        return False
    at = _QIZHONG_AFTER.match(sent.text[m.end :])
    return at is not None and _only_changes_between(sent, m.end, m.end + at.end())


_NUMBERED_OPENING = re.compile(
    r"\s*(?:\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十]{1,2}、)"
)
#: a subject's name: two Chinese characters at least, once its year and role words are taken away (not
#: “2016年决算数” alone under a clause that names something else)
_A_NAME = re.compile(r"[\u4e00-\u9fff]{2,}")


_INCOME_OR_EXPENDITURE = re.compile(
    r"(?:\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,2}[)）])?(?:本年)?(收入|支出)(?:决算)?(?:情况)?"
)
_ACTUAL_WORDS = re.compile(r"20\d\d年度?|决算数?|为|是")
_NAMED_TOTAL = re.compile(r"(?:总(?:收入|支出)|(?:收入|支出)总计)(?:决算数?)?(?:为|是)?$")
_SUMMED = re.compile(r"(?:共计|合计|总计)[^，,；;：:。\d]{0,30}[：:]?$")
#: “其中” opening a list: “其中:”, “其中,” or a bare “其中” before its first item's name
#: (“…3109.3838万元,其中一般公共服务支出3.6540万元,…”), not before a figure
LIST_OPENS = r"其中(?:[：:，,]|(?=[^\d，,；;：:。\s]))"
#: a “其中” list opening later in the sentence
_QIZHONG_AFTER = re.compile(rf"[^。；;]*?[，,]?{LIST_OPENS}")


def _whole_named_total(sent: Sentence, m: Mention, key: str, label: str) -> bool:
    """A figure named 总收入 or 总支出 (收入总计 or 本年收入? the text does not say) heads the “其中” list
    right after it (“2016年度总收入27,664.71万元,其中:财政拨款收入9,787.85万元,…”): whatever the name means,
    the items listed are parts of that figure (a list without a known head key: its sum is a check of the
    parts against the figure, short of it only a note)."""
    if key:
        return False
    if _NAMED_TOTAL.search(label):
        # its change may stand between (“收入总计1625万元,与2016年决算相比增加745.6万元,其中:财政拨款收入…”)
        at = _QIZHONG_AFTER.match(sent.text[m.end :])
    elif _SUMMED.search(sent.text[: m.start]):
        # a figure the sentence says is a sum (“上级共计下达我乡一般公共预算转移支付资金2085万元,其中返还性
        # 收入52万元,…”) heads the 其中 list right after it
        at = re.match(r"[，,]其中[：:]?(?=[^\d，,；;：:。])", sent.text[m.end :])
    else:
        # “1、收入决算:2016年决算数3181.33万元,其中:…”, “2、支出决算:2016年支出决算数3109.3838万元,其中:…”: a
        # figure named by its 决算 alone under a clause that names 收入 or 支出 only
        first = sent.clauses[0]
        opening = (
            _INCOME_OR_EXPENDITURE.fullmatch(first.text.strip())
            if first.start + len(first.text) <= m.start
            else None
        )
        if opening is None or _ACTUAL_WORDS.sub("", label) not in ("", opening.group(1)):
            return False
        at = _QIZHONG_AFTER.match(sent.text[m.end :])
    return at is not None and _only_changes_between(sent, m.end, m.end + at.end())


def _only_changes_between(sent: Sentence, start: int, end: int) -> bool:
    """Whether the mentions of ``sent`` from ``start`` to ``end`` are all changes, rates and years (a head's
    own change between it and its “其中”: “收入总计1625万元,与2016年决算相比增加745.6万元,其中:…”)."""
    return all(x.direction or x.kind in ("percent", "year") for x in sent.mentions if start <= x.start < end)


def _resume_outer(group: Group, said: list[Amount]) -> bool:
    """Take into ``group`` the figures of ``said`` not in a list yet that are known parts of its head and
    not among its items (the outer list resumed after a nested one); whether any was taken."""
    parts = PARTS_OF.get(group.head_key, ())
    taken = 0
    for a in said:
        leaf = a.key.split(">")[-1]
        if a.in_list or a.role == "budget" or leaf not in parts:
            continue
        if any(i.key.split(">")[-1] == leaf for i in group.items):
            continue
        a.in_list = True
        group.items.append(a)
        taken += 1
    return taken > 0


def _continue_list(group: Group, amounts: list[Amount], later: bool = False) -> bool:
    """Take the items of a list continued in a paragraph (“…基本支出911.7万元，其中：” / “人员经费489.18万元，
    主要包括：…。公用经费46.89万元，…”): the first amount of the paragraph and of each later sentence that
    opens with a member, however the lines break (``later``: the amounts are of a sentence after the one
    that opened the list, in the same paragraph). Whether the paragraph continued the list."""
    firsts = [a for k, a in enumerate(amounts) if k == 0 or a.sentence is not amounts[k - 1].sentence]
    taken = 0
    for k, first in enumerate(firsts):
        leaf = first.key.split(">")[-1]
        own = leaf in PARTS_OF.get(group.head_key, ())
        same_kind = (first.role == "budget") == (group.head is not None and group.head.role == "budget")
        if not (first.key and same_kind and (own or _is_scoped(leaf))):
            break  # a budget's items are budgets, a 决算's are not
        if (k or later) and (
            any(i.key.split(">")[-1] == leaf for i in group.items)
            or first.mention.start > _opening_end(first.sentence)
        ):
            break  # a later sentence opens a member only in its first clause, and names a new one
        if not own:
            first.key = f"{group.head_key}>{leaf}"
        first.in_list = True
        group.items.append(first)
        taken += 1
    return taken > 0


def _opening_end(sent: Sentence) -> int:
    """Where the sentence's opening clause ends: its first clause, with the clause after it when the first
    is a name set before its figure with a colon (“公务用车运行维护支出：0万元,…”)."""
    first = sent.clauses[0]
    end = first.start + len(first.text)
    if len(sent.clauses) > 1 and sent.text[end : end + 1] in ("：", ":") and not first.mentions:
        second = sent.clauses[1]
        if second.mentions and not second.text[: second.mentions[0].start - second.start].strip():
            end = second.start + len(second.text)
    return end


def _sentences(par: Paragraph, norm: str, idx: list[int]):
    start = 0
    # each sentence ends after its end mark (found by a regex, not a Python loop), the last at the text's end
    for end in [*(m.end() for m in _SENT_MARKS.finditer(norm)), len(norm)]:
        text = norm[start:end]
        if text.strip("。！？!? "):
            o0 = idx[start] if start < len(idx) else len(par.text)
            o1 = idx[end - 1] + 1 if end - 1 < len(idx) and end > 0 else len(par.text)
            sent = Sentence(par, text, start, par.text[o0:o1], par.where_at(o0))
            sent.origin = [k - o0 for k in idx[start:end]]
            sent.clauses = _clauses(text)
            yield sent
        start = end


# "3,222.64", "1,055.4%", "12,345,678": an ASCII comma between digit groups of exactly three is a
# thousands separator, not a clause separator ("2,3个" and "2019,2020" are separators).
_THOUSANDS = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d,])")


def _thousands_commas(text: str) -> set[int]:
    if "," not in text:
        return set()
    return {m.start() + k for m in _THOUSANDS.finditer(text) for k, ch in enumerate(m.group(0)) if ch == ","}


#: The characters that open or close a bracket or may end a clause: the only ones ``_clauses`` looks at.
_CLAUSE_MARKS = re.compile("[（()）" + re.escape(_CLAUSE_END) + "]")


def _clauses(text: str) -> list[Clause]:
    clauses = []
    start = 0
    depth = 0
    keep = _thousands_commas(text)
    for m in _CLAUSE_MARKS.finditer(text):
        i = m.start()
        ch = text[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif depth == 0 and i not in keep:  # a clause end outside brackets
            clauses.append(_clause(text[start:i], start))
            start = i + 1
    clauses.append(_clause(text[start:], start))  # the last clause, ended by the text's end
    _bare_zeros(text, clauses)
    return clauses


#: what a bare zero may not be the figure of: a count (“保有量0”, “团组数0”), a rate or a score
_NOT_MONEY_LABEL = re.compile(r"(数|量|次|人|辆|个|率|比|占|分|%)[为是]?$")


def _bare_zeros(text: str, clauses: list[Clause]) -> None:
    """“事业收入(不含专户资金)0,占总收入0%”: a zero written without its unit, ending its clause after a
    subject's name, in a sentence of amounts, is an amount of nothing in the unit of the amounts beside it
    (else the share after it is taken for the figure's before it)."""
    if not any(m.kind == "number" and m.value == 0 for c in clauses for m in c.mentions):
        return
    amounts = [m for c in clauses for m in c.mentions if m.kind == "amount"]
    for clause in clauses:
        for k, m in enumerate(clause.mentions):
            if m.kind != "number" or m.value != 0 or m.unit:
                continue
            before = text[clause.start : m.start]
            if not re.search(r"[\u4e00-\u9fff）)]$", before) or _NOT_MONEY_LABEL.search(before):
                continue
            if not re.match(r"\s*(?:[，,；;。、）)]|$)", text[m.end :]):
                continue  # not the end of the item
            if amounts:
                near = min(amounts, key=lambda a: abs(a.start - m.start))
                unit, decimals = near.unit, near.decimals
            elif re.match(r"[，,；;。]", text[m.end :]) and subject_key(
                clean_label(re.split(r"[，,；;：:。]", before)[-1])
            ):
                # “公务用车购置支出0,购置车辆0辆。”: alone in its sentence, after the name of a sum of money
                unit, decimals = "万元", 2
            else:
                continue
            clause.mentions[k] = Mention(
                "amount", m.value, decimals, unit, m.start, m.end, m.raw, m.direction, m.sign
            )


def _clause(seg: str, start: int) -> Clause:
    clause = Clause(seg, start)
    clause.mentions = _mentions(seg, start)
    return clause


_COMPARED_LOST_WORD = re.compile(
    r"(?:与|同|和)(?:20\d\d年度?|上年度?|上一年度|去年同期|去年|上年同期)(?:决算数?)?相比[，,]?$"
)


def _mentions(seg: str, offset: int) -> list[Mention]:
    out = []
    for m in _MENTION.finditer(seg):
        raw_num, unit = m.group(1), m.group(2) or ""
        try:
            value = Decimal(raw_num.replace(",", ""))
        except InvalidOperation:
            continue
        decimals = len(raw_num.split(".")[1]) if "." in raw_num else 0
        after = seg[m.end() : m.end() + 1]
        if unit in ("年度", "年"):
            if 1900 <= value <= 2100 and decimals == 0:
                out.append(Mention("year", value, 0, unit, offset + m.start(), offset + m.end(), m.group(0)))
            continue
        if unit in ("月", "日", "号"):
            continue
        if unit == "万":
            unit = "万元"  # “合计为1000.86万,其中”: 万 standing alone (not 万人次, 万平方米) is 万元
        if unit in UNIT_SCALE:
            kind = "amount"
            value = value * UNIT_SCALE[unit]
            decimals = decimals + UNIT_SHIFT[unit]
        elif unit in ("%", "%%"):
            kind = "percent"
        elif unit == "分":
            kind = "score"
        elif unit in COUNT_UNITS:
            kind = "count"
        else:
            if re.fullmatch(r"\d{3}(\d{2}){0,2}", raw_num) and after and after not in "%":
                continue  # a classification code
            kind = "number"
        mention = Mention(kind, value, decimals, unit, offset + m.start(), offset + m.end(), m.group(0))
        before = seg[: m.start()]
        dm = _DIR_BEFORE.search(before) or _DIR_OVER_SUBJECT.search(before) or _COMPARATIVE.search(before)
        if dm is None and kind == "percent":
            dm = _BARE_DIRECTION.match(before.lstrip("，,；; "))
        if dm:
            mention.direction = dm.group(1)
            mention.sign = DIRECTION_SIGN.get(dm.group(1))
            if mention.sign is None and value == 0 and re.search(r"[/（(]", dm.group(1)):
                # “因公出国(境)费支出决算增加/减少0万元”: a template's alternatives left before a zero, a
                # change of nothing whichever word was meant (the residue itself is A040's)
                mention.sign = 1
        elif kind == "amount" and _COMPARED_LOST_WORD.search(before):
            # “与2016年相比21.79万元,增加14.01%”: a figure right after the comparison is its change, whose
            # direction word was lost: a change of no known direction, never a part of the level's list
            mention.direction = "相比"
        elif (
            out
            and out[-1].direction
            and out[-1].kind == kind
            and seg[out[-1].end - offset : m.start()] in _LIST_JOIN
        ):
            mention.direction, mention.sign = out[-1].direction, out[-1].sign
        elif (
            kind == "percent"
            and out
            and out[-1].direction
            and out[-1].kind == "amount"
            and seg[out[-1].end - offset : m.start()] in ("(", "（")
            and seg[m.end() : m.end() + 1] in (")", "）")
        ):
            # “较上年减少1.5万元(42.86%)”: the rate of the change, in brackets right after it
            mention.direction, mention.sign = out[-1].direction, out[-1].sign
        out.append(mention)
    _shared_units(seg, offset, out)
    return out


def _shared_units(seg: str, offset: int, mentions: list[Mention]) -> None:
    """“收入476.17、支出总计460.06万元”, “收入减少84.55、支出总计减少99.6万元”: a bare number with decimals
    closed by “、” whose next item names its own subject takes the unit of that item's amount."""
    for k, m in enumerate(mentions[:-1]):
        nxt = mentions[k + 1]
        if m.kind != "number" or nxt.kind != "amount" or m.decimals == 0:
            continue
        gap = seg[m.end - offset : nxt.start - offset]
        if not re.fullmatch(r"、[\u4e00-\u9fff]{2,12}", gap):
            continue
        unit = nxt.unit
        mentions[k] = Mention(
            "amount",
            m.value * UNIT_SCALE[unit],
            m.decimals + UNIT_SHIFT[unit],
            unit,
            m.start,
            m.end,
            m.raw,
            m.direction,
            m.sign,
        )


# a run-in item heading naming the figure after its colon: “1、收入:792.22万元。”, “(二)支出：…”
_RUN_IN_LABEL = re.compile(
    r"(?:^|[。；;])(?:\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,2}[）)])([\u4e00-\u9fff]{2,10})[:：]$"
)


#: a figure's name set before it with a colon (“基本支出：271.33万元”, “2.项目支出：119.91万元”, “其中：
#: 政府采购货物支出:12万元”): the words since the mark before the colon
_COLON_LABEL = re.compile(
    r"(?:^|[，,。；;：:、%％])\s*(?:\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,2}[）)])?\s*(?:其中)?\s*"
    r"((?:20\d\d年度?)?[^，,。；;：:、\d]{2,30}?)\s*[:：]\s*$"
)


#: (“公务接待费2016年预算8万元”: the role word with its figure right after it)
_YEAR_OF_ROLE = re.compile(r"年?度?(?:财政拨款)?(?:(?:决算|预算|执行)数|(?:决算|预算)(?=为|是|\d))")


#: the comparison a year right after it names (“…较2019年”, “…与2019年度”): the year is the comparison's
_COMPARED_YEAR = re.compile(r"(?<!比)(?:较|比|与|同)于?$")
_CHANGE_ON_YEAR = re.compile(r"度?(?:决算数?)?(?:相比|比较)?[，,]?(?:增加|减少|增长|下降|上升|降低)")


#: “…分别为” before the figures of the names listed before it
_RESPECTIVELY = re.compile(r"分别(?:为|是|达到?)?[：:]?")
#: the role words a list of names stated respectively ends in (“…公务接待费支出决算数分别为…”): each name's
_SHARED_ROLE = re.compile(r"(?:支出|收入)?(?:决算|预算|执行)数?(?:支出|收入)?$")


def _respective_labels(sent: Sentence) -> dict[int, str]:
    """“其中:因公出国(境)费、公务接待费、公务车购置及运行维护费分别为0万元、28.1万元、32.5万元”: each figure
    stated respectively after a list of names is the figure of its name, in order (by its start in the
    sentence); none is labelled when the names and the figures do not pair one to one."""
    text = sent.text
    if "分别" not in text:
        return {}
    labels: dict[int, str] = {}
    mentions = sent.mentions
    for rm in _RESPECTIVELY.finditer(text):
        after = [x for x in mentions if x.start >= rm.end()]
        if (
            not after
            or after[0].kind != "amount"
            or after[0].direction
            or text[rm.end() : after[0].start].strip()
        ):
            continue
        figures = [after[0]]
        for x in after[1:]:
            if x.kind != "amount" or x.direction or not _NAME_JOINS.match(text[figures[-1].end : x.start]):
                break
            figures.append(x)
        if len(figures) < 2:
            continue
        start = max(text.rfind(c, 0, rm.start()) for c in "，,；;：:。") + 1
        names = _respective_names(text[start : rm.start()], len(figures))
        if names:
            labels.update({f.start: name for f, name in zip(figures, names, strict=True)})
    return labels


def _respective_names(said: str, n: int) -> list[str] | None:
    """The ``n`` names of ``said`` (“因公出国(境)费、公务用车购置及运行费和公务接待费支出”), each with the
    role words the list ends in; None when ``said`` does not name exactly ``n``."""
    role = _SHARED_ROLE.search(said)
    suffix = role.group(0) if role else ""
    body = said[: len(said) - len(suffix)]
    spans = _named_items(body)[0]
    if len(spans) == n and all(_NAME_JOINS.match(body[a[1] : b[0]]) for a, b in itertools.pairwise(spans)):
        return [body[s:e] + suffix for s, e, _k in spans]
    pieces = body.split("、")
    if len(pieces) == n - 1 and len(re.findall("和|及", pieces[-1])) == 1:
        pieces[-1:] = re.split("和|及", pieces[-1])
    if len(pieces) != n or not all(pieces):
        return None
    return [p + suffix for p in pieces]


def _rate_subject(sent: Sentence, start: int, rate: Mention, dept: str) -> str:
    """The words from ``start`` to a change's rate that name what it is of, its direction word and the
    comparison left out (“公务用车运行费下降20.25%” → 公务用车运行费)."""
    words = sent.text[start : rate.start]
    words = re.sub(re.escape(rate.direction) + r"(了|约|各|达|为)?$", "", words)
    return clean_label(_COMPARE.sub("", words), dept)


def _subject_of_rate_before(sent: Sentence, clause: Clause, dept: str) -> str:
    """The subject of a change's rate stated in the clause just before its amount (“2020年度“三公”经费较上年
    下降49.88%,减少15.29万元”): the amount with no subject of its own is that subject's change."""
    k = sent.clauses.index(clause)
    if k == 0:
        return ""
    before = sent.clauses[k - 1]
    rates = [m for m in before.mentions if m.kind == "percent" and m.direction]
    if len(rates) != 1 or any(m.kind == "amount" for m in before.mentions):
        return ""
    return subject_key(_rate_subject(sent, before.start, rates[0], dept))


def _label_before(sent: Sentence, clause: Clause, mention: Mention, previous_end: int) -> str:
    start = max(clause.start, previous_end)
    text = sent.text[start : mention.start]
    run_in = None
    if not text.strip():
        run_in = _RUN_IN_LABEL.search(sent.text[: mention.start]) or _COLON_LABEL.search(
            sent.text[: mention.start]
        )
    if run_in is not None and not _INTRO.search(run_in.group(1)):
        return run_in.group(1)
    # inside a bracket a clause is not cut at its marks: the label is what follows the last one
    # (“(公务用车购置费0万元,同比减少0万元主要是…购置量减少;公务用车运行维护费585.53万元,…)”)
    text = re.split(r"[，；;]|,(?!\d)", text)[-1]
    if mention.direction:
        text = re.sub(re.escape(mention.direction) + r"(支出|收入)?(了|约|各|达到|达|为)?$", "", text)
    return text


def _analyse_sentence(
    sent: Sentence,
    facts: Facts,
    dept: str,
    item_key: str,
    inherited: Amount | None = None,
    inherited_changes: bool = False,
) -> Amount | None:
    """Mentions → facts for one sentence; returns the sentence's head amount (a total its list splits)."""
    text = sent.text
    compare = _COMPARE.search(text)
    amounts: list[Amount] = []
    head: Amount | None = inherited
    whole: Amount | None = None
    group: Group | None = None
    sub: Group | None = None
    last_key = ""
    bracket_ends: tuple[int, str, str] | None = None  # a bracket of parts: its end, its figure, its part
    previous_end = 0
    intro_seen = inherited is not None
    # the head is a figure that names its list (:func:`_names_a_list`)
    named_head = inherited is not None and inherited.names_list
    budget_sentence = _BUDGET_OPENING.match(text) is not None
    respective = _respective_labels(sent)
    for clause in sent.clauses:
        ends = clause.start and text[clause.start - 1] in "；;"
        if named_head and group is not None and ends and _NUMBERED_OPENING.match(clause.text):
            # “1、群众性综合运动会654.17万元,其中补助地方30万元; 2、示范性全民健身活动559.52万元”: the next
            # numbered item after the semicolon is none of the list's
            head, group, intro_seen, named_head = None, None, False, False
        if (
            group is not None
            and ends
            and _comma_list(sent, group)
            and not _goes_on(clause, group, dept)
            # “…,一般性转移支付收入1937万元,主要是体制补助收入150万元,…;专项转移支付收入110万元”: the
            # semicolon ends the last item's details, not the list
            and not _DETAIL.search(text, group.items[-1].mention.end, clause.start)
        ):
            # “…,其中学前教育支出738.39万元,教育费附加安排的支出2.4万元;结余97.83万元”: a list whose items
            # are set apart by commas ends at the semicolon
            head, group, intro_seen = None, None, False
        if (_INTRO.search(clause.text) and not clause.mentions) or _INTRO_START.match(clause.text):
            intro_seen = True
        for m in clause.mentions:
            if m.kind != "amount":
                if m.kind != "year" or not (
                    _YEAR_OF_ROLE.match(text, m.end)
                    or (_COMPARED_YEAR.search(text, 0, m.start) and _CHANGE_ON_YEAR.match(text, m.end))
                ):
                    # (a year before the figure's role is part of its label: “因公出国(境)费2013年决算数
                    # 93.87万元”, “…2013年度财政拨款决算数为93.87万元”; so is the year a change is on:
                    # “公务接待费较2019年减少12.39万元”)
                    previous_end = m.end
                continue
            raw_label = respective.get(m.start) or _label_before(sent, clause, m, previous_end)
            previous_end = m.end
            following = next((x for x in clause.mentions if x.start > m.start), None)
            year_only = _YEAR_ONLY.fullmatch(sent.text[clause.start : m.start].strip())
            # “因公出国(境)费186.42万元比2014年23.45万元部门决算支出增加162.97万元”: the words since the
            # clause's amount before (its year a mention of its own) name the prior year
            since = max(
                (x.end for x in clause.mentions if x.kind == "amount" and x.end <= m.start), default=0
            )
            if (
                not m.direction
                and (
                    _PRIOR.search(raw_label)
                    # “较2016年决算4.08万元,增加了0.47万元”: the year is a mention of its own, so the label
                    # read after it is only “决算”; the clause up to the figure names the prior year
                    or _PRIOR.search(sent.text[clause.start : m.start].strip())
                    or (since and _PRIOR.search(sent.text[since : m.start]))
                    # “…合计141.55万元,2014年为107.89万元,较2014年增加33.66万元”: a figure under nothing but
                    # the year the sentence compares with is that year's figure
                    or (year_only and compare and year_only.group(1) in compare.group(0))
                    or _year_before_the_last(sent, clause, m)
                    or (
                        _PRIOR_FRAME_OPEN.search(sent.text[clause.start : m.start])
                        and _PRIOR_FRAME_CLOSE.match(sent.text[m.end : clause.start + len(clause.text)])
                        and not any(x.kind == "amount" and x.start < m.start for x in clause.mentions)
                    )
                    or (
                        _PRIOR_NAMED.search(sent.text[clause.start : m.start])
                        and not any(x.kind == "amount" and x.start < m.start for x in clause.mentions)
                        and (
                            (following is not None and following.kind == "amount" and following.sign)
                            # “…,较2017年决算总收入2794494元,增加了194131元,增加6.49%”: the change opens
                            # the next clause
                            or _change_opens_next(sent, m)
                        )
                    )
                )
            ):
                # “支出251万元，比上年累计支出285万元下降34万元”: the prior year's figure, not a level
                prior_label = clean_label(sent.text[clause.start : m.start], dept)
                amounts.append(Amount("", prior_label, "prior", m, sent))
                continue
            em = _EXCESS.search(raw_label)
            if em and not m.direction:
                sign = _EXCESS_SIGN[em.group("word") or em.group("gap")]
                amounts.append(Amount("", clean_label(raw_label, dept), "excess", m, sent, excess_sign=sign))
                continue
            label = clean_label(raw_label, dept)
            role, budget_kind = "current", ""
            bm = _BUDGET_ROLE.search(label)
            if bm and bm.group(0) == "预算" and _FUND_NAME_END.search(label):
                # “财政拨款收入1,167.66万元(其中:一般公共预算1,129.36万元,政府性基金预算38.3万元)”: the kind
                # of funds, whose name ends in 预算, not a budget figure
                bm = None
            if bm and not re.search(r"决算", label[-6:]):
                role = "budget"
                budget_kind = (
                    "年初"
                    if "年初" in bm.group(0)
                    else "全年"
                    if "全年" in bm.group(0)
                    else ("调整" if "调整" in bm.group(0) else "")
                )
                label = label[: bm.start()]
            elif _ACTUAL_ROLE.search(label):
                role = "actual"
                label = _ACTUAL_ROLE.sub("", label)
            elif _ACTUAL_BEFORE.search(label):
                role = "actual"  # “…经费决算支出为13.49万元”: the 决算 named before what it is of
                label = _ACTUAL_BEFORE.sub("", label)
            elif budget_sentence:
                role = "budget"  # “2010年审计署“三公经费”财政拨款预算中,因公出国(境)费617万元,…”
            bare = role != "current" and not label.strip("，,、为")
            key = (
                subject_key(label) or _interposed_subject(sent, clause, label) or _counterpart(label, amounts)
            )
            if not key and label.startswith("在") and sent.text.startswith("中", m.end):
                # “在郑大一附院收入合计218.78亿元中,…”: the whole a list splits, named at its label's end
                ending = _WHOLE_AT_END.search(label)
                key = subject_key(label[1:]) or (subject_key(ending.group(0)) if ending else "")
                label = label[1:] if key else label
            if (
                sent.paragraph.topic == "s5"
                and intro_seen
                and head is not None
                and head.key == "gpb.expenditure"
                and not find_paths(label)
                and not key.startswith("gpb.")
            ):
                key = "gpb.class." + class_name(label)
            paths = find_paths(label)
            if paths:
                _s, _e, cls, kuan, xiang = paths[-1]
                p = ItemPath(cls, kuan, xiang, sent, sent.paragraph, 0)
                if xiang or kuan:
                    prefix = {"s8": "fund", "s9": "capital"}.get(sent.paragraph.topic, "gpb")
                    key = f"{prefix}.item.{p.text}"
                elif cls:
                    key = "gpb.class." + class_name(cls)
            if m.direction:  # a change amount, not a level
                if not key and bracket_ends is not None:
                    key = bracket_ends[1] if m.start > bracket_ends[0] else bracket_ends[2]
                elif not key:
                    key = _subject_of_rate_before(sent, clause, dept) or last_key
                amounts.append(Amount(key, label, "delta", m, sent))
                continue
            if not key:
                if item_key and (role in ("budget", "actual") or not label):
                    key = item_key
                elif label in ("支出", "支出决算") and last_key == "income.total":
                    key = "expenditure.total"  # “本年收入1095.76万元,支出1193.35万元”: the 支出 beside it
                elif label in ("", "为", "共计", "共计支出", "合计", "支出", "支出决算", "决算"):
                    key = last_key or subject_key(clean_label(sent.clauses[0].text, dept))
            nest = re.search(r"(.+?(?:支出|经费))中[^中]*$", raw_label)
            parent = None
            bracket = _bracket_parent(sent.text, m, amounts)
            if bracket is not None:
                # “…192.72万元(公务用车运行维护费192.72万元、公务车购置0万元)”: parts of the figure the
                # bracket follows, not further items of the list it is in
                if sub is None or sub.head is not bracket:
                    sub = Group(bracket, bracket.label, bracket.key, [], sent, "（")
                    facts.groups.append(sub)
                own = key in PARTS_OF.get(bracket.key, ()) or not key or not bracket.key
                part_key = key if own else f"{bracket.key}>{key}"
                amount = Amount(part_key, label or raw_label, role, m, sent, budget_kind, True)
                amounts.append(amount)
                sub.items.append(amount)
                if key:
                    # “(公务用车购置费0万元,同比减少0万元…)”: a change inside the bracket is the part's; one
                    # after it closes (“…2712万元),比预算数减少107万元”) is the figure's the bracket follows
                    bracket_ends = (_bracket_end(sent.text, m.end), bracket.key, key)
                continue
            if nest and key:
                pleaf = subject_key(clean_label(nest.group(1), dept))
                parent = next(
                    (
                        x
                        for x in reversed(amounts)
                        if x.role != "delta" and x.key.split(">")[-1] == pleaf and pleaf
                    ),
                    None,
                )
            if parent is None and sub is not None and key in ("gpb.personnel", "gpb.public"):
                parent = sub.head
            if parent is not None and key:
                # "基本支出中人员支出182.09万元，公用支出17.89万元": parts of 基本支出, not of the head
                if sub is None or sub.head is not parent:
                    sub = Group(parent, parent.label, parent.key, [], sent, "中")
                    facts.groups.append(sub)
                amount = Amount(f"{parent.key}>{key}", label or raw_label, role, m, sent, budget_kind, True)
                amounts.append(amount)
                sub.items.append(amount)
                continue
            if (
                key in _BESIDE_FISCAL_INCOME
                and head is not None
                and head.key == "income.fiscal"
                and not intro_seen
            ):
                # “本年收入的具体构成为:财政拨款收入1233.33万元,占100%;事业收入0万元,…”: an income source
                # after the 财政拨款收入 is its sibling in 本年收入, not its part: the list has no head
                head = None
            if key and _is_scoped(key):
                if head is not None and head.key:
                    key = f"{head.key}>{key}"
                    intro_seen = True
                else:
                    key = f"?>{key}"
            if (
                head is not None
                and intro_seen
                and head.role == "budget"
                and (role == "current" or (role == "actual" and key and key != head.key))
            ):
                # “预算为168.53万元，其中：…119.5万元”; the items of a budget are budgets whatever word they
                # carry (“三公”经费预算54万元，其中：因公出国(境)费支出决算0万元…)
                role, budget_kind = "budget", head.budget_kind
            amount = Amount(key, label or raw_label, role, m, sent, budget_kind, bare=bare)
            amounts.append(amount)
            if (
                head is not None
                and intro_seen
                and (key != head.key or not key)
                and (label or raw_label).endswith("总计")
            ):
                # “本年收入总额为761.06万元,其中财政补助收入520.46万元,…,其他收入0.1万元,收入总计838.62万元”:
                # the grand total named after the list is none of its items (nor is “支出总计” after the list
                # of a “收入总计”, both of no known key)
                head, group, intro_seen = None, None, False
            if (
                head is not None
                and intro_seen
                and key in HEAD_KEYS
                and key != head.key
                and _OWN_LIST_AFTER.match(sent.text[m.end :])
            ):
                # “本年收入总额为761.06万元,其中…,收入总计838.62万元;本年支出总额为740.79万元,其中学前教育支出
                # 738.39万元,…”: a total with a 其中 of its own, after another's list, heads its own list
                head, group, intro_seen, named_head = amount, None, False, False
            if (
                named_head
                and intro_seen
                and amount is not head
                and _names_a_list(sent, m, key, label or raw_label)
            ):
                # “…限额1,105.3亿元,其中一般债务725.3亿元、专项债务380亿元,…余额为1,071.65亿元,其中一般
                # 债务699.47亿元、…”: a figure naming a list of its own ends the list before it
                head, group, intro_seen = None, None, False
            if (
                head is None
                and not intro_seen
                and (
                    key in HEAD_KEYS
                    or key.startswith("gpb.")
                    or _heads_a_list(sent, m, key)
                    or _whole_named_total(sent, m, key, label or raw_label)
                )
            ):
                head, named_head = amount, False
            elif head is None and _names_a_list(sent, m, key, label or raw_label):
                # (after an introducer of no figure too: “具体包括:一是用于群众体育8275.93万元,其中用于公共
                # 体育场馆建设维护5048.40万元,…”)
                head, named_head, intro_seen = amount, True, False
                amount.names_list = True
            elif (
                head is not None
                and head.role == "budget"
                and role != "budget"
                and key == head.key
                and not intro_seen
            ):
                head = amount  # “预算为44.52万元，…决算为22.62万元，其中…”: the list splits the 决算
            elif head is not None and intro_seen and _sibling_of(key, head.key):
                # “公务用车购置及运行费1.41亿元,包括购置费0.14亿元和运行费1.27亿元,…;公务接待费0.27亿元”: an
                # item beside the head (both parts of one total) ends the head's list, not one of its parts
                intro_seen = False
            elif (
                head is not None
                and intro_seen
                and group is not None
                and head.key in ("income.total", "expenditure.total")
                and _BALANCE_AFTER_LIST.match(label or raw_label)
                and re.search(
                    r"[；;]", sent.text[group.items[-1].mention.end : m.start] if group.items else ""
                )
            ):
                # “本年支出总额为740.79万元,其中学前教育支出738.39万元,教育费附加安排的支出2.4万元;结余97.83
                # 万元”: the balance after a semicolon closes the list, no part of the 收入 or 支出
                intro_seen = False
            elif (
                head is not None
                and intro_seen
                and amount is not head
                and (
                    role == ("budget" if head.role == "budget" else "current")
                    # “…支出决算为358.18万元,完成预算的52.4%,其中:因公出国(境)费决算为0万元,…”: the 决算 of
                    # each of the whole's own items under the 决算 of the whole
                    or (role == head.role == "actual" and _item_of(key, head.key))
                )
                and not _detail_of_an_item(text, head, m)
                # (a figure in a bracket opened after a named head's, “…(其中:区本级同口径完成29600万元,…;
                # 区本级自然口径完成26150万元,…)”, is a detail of an item, none of the head's own list)
                and not (named_head and _in_bracket_after(text, head, m))
            ):
                if group is None:
                    group = Group(head, head.label, head.key, [], sent, "其中", named=named_head)
                    facts.groups.append(group)
                amount.in_list = True
                group.items.append(amount)
            # a part named first, its whole after it (a headline run into the sentence)
            parts = PARTS_OF.get(key, ())
            if head is not None and not intro_seen and role == head.role and head.key in parts:
                whole = amount
            bracket_ends = None  # a figure after the bracket: changes are of it, or of what they name
            if key:
                last_key = key.split(">")[-1] if key.startswith("?>") else key
            elif label:
                last_key = ""  # “公务接待支出124万元，…下降24万元”: the change is not of an earlier subject
        if head is not None and not intro_seen and _IN_WHOLE.match(clause.text) and head.sentence is sent:
            # “在支出合计218.78亿元中,基本支出188.89亿元,占90.66%;…”: the idiom opens the list of its whole
            intro_seen = head.mention.start >= clause.start
    excesses = [a for a in amounts if a.role == "excess"]
    amounts = [a for a in amounts if a.role != "excess"]
    levels = [a for a in amounts if a.role not in ("delta", "prior")]
    _differences(sent, amounts, facts, dept)
    _prior_rates(sent, amounts, facts)
    stated_prior = any(a.role == "prior" for a in amounts)
    amounts = [a for a in amounts if a.role != "prior"]
    for k, a in enumerate(amounts):
        _record_budget_change(sent, a, facts, amounts[:k])
    facts.amounts.extend(levels)
    _shares(sent, levels, head, group, facts, dept)
    if (
        compare
        or _FLAT.search(text)
        or (inherited_changes and any(a.role == "delta" for a in amounts))
        or ("预算" in text and _BUDGET_COMPARE.search(text) and any(a.role == "delta" for a in amounts))
        or _unsaid_base(text, amounts)
        # “…2016年预算8万元,2015年预算12.5万元;对比减少4.35万元”: the prior figure stated names the comparison
        or (stated_prior and any(a.role == "delta" for a in amounts))
    ):
        _changes(sent, amounts, facts, compare, dept)
    _completions(sent, levels, facts, item_key, excesses)
    _count_facts(sent, facts)
    _count_then_names(sent, facts)
    _scores(sent, facts)
    if head is inherited:
        return None
    # the next sentence's “其中” splits the whole stated after one of its parts (“外交部去年公务接待费仅8万元…
    # 2014年外交部“三公”经费支出10044.01万元,…。其中:因公出国(境)费…”: a headline run into the text)
    return whole if whole is not None else head


_HOLDING = re.compile(
    r"^(?:其中[：:]?)?([^\d，,；;：:]{2,12}?)(?:年末|年底)?(?:保有量|实有|现有|共有|数量|总数)"
)


_TOTAL_SIDE = re.compile(r"(?P<of>.*?)(?P<side>收入|支出)(?P<total>总计|合计)(?:为|是)?")


def _counterpart(label: str, amounts: list[Amount]) -> str:
    """“财政拨款收入总计500.12万元,支出总计500.12万元”: a bare 支出总计 (收入总计) right after the other
    side's total is of the same funds; the key of that total, or ""."""
    bare = _TOTAL_SIDE.fullmatch(label)
    if bare is None or bare.group("of") or not amounts:
        return ""
    other = _TOTAL_SIDE.fullmatch(amounts[-1].label)
    if other is None or not other.group("of") or other.group("side") == bare.group("side"):
        return ""
    if other.group("total") != bare.group("total") or not amounts[-1].key:
        return ""
    return subject_key(other.group("of") + bare.group("side") + bare.group("total"))


def _interposed_subject(sent: Sentence, clause: Clause, label: str) -> str:
    """“公务用车保有量2辆,购置及运行维护费5万元”: a list item behind an interposed clause names its subject
    there; the key of that subject with the label, or "" (the clause before holds no amount of its own)."""
    if not label:
        return ""
    k = next((i for i, c in enumerate(sent.clauses) if c is clause), 0)
    if k == 0:
        return ""
    prev = sent.clauses[k - 1]
    if any(m.kind == "amount" for m in prev.mentions):
        return ""
    nm = _HOLDING.match(prev.text)
    return subject_key(nm.group(1) + label) if nm else ""


def _bracket_end(text: str, at: int) -> int:
    """Where the bracket open at offset ``at`` of ``text`` closes (the text's end when it does not)."""
    depth = 0
    for i in range(at, len(text)):
        if text[i] in "（(":
            depth += 1
        elif text[i] in "）)":
            if depth == 0:
                return i
            depth -= 1
    return len(text)


def _bracket_parent(text: str, m: Mention, amounts: list[Amount]) -> Amount | None:
    """The level a bracket right after it makes ``m`` a part of (None when ``m`` is not in such a bracket)."""
    depth = 0
    for i in range(m.start - 1, -1, -1):
        ch = text[i]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            if depth == 0:
                previous = [a for a in amounts if a.mention.end <= i]
                if not previous or previous[-1].mention.end != i:
                    return None
                if previous[-1].role in ("current", "actual"):
                    return previous[-1]
                # “…支出2955万元,比去年增加了936万元(基本支出1802万元、…,项目支出1153万元,…)”: a bracket
                # after the figure's change splits the figure
                levels = [a for a in previous if a.role != "delta"]
                if previous[-1].role == "delta" and levels and levels[-1].role in ("current", "actual"):
                    return levels[-1]
                return None
            depth -= 1
        elif ch in "。；;" and depth == 0:
            return None
    return None


_AFTER_LAST_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:亿元|万元|元|%|％)")


#: what stands between a prior figure and its rate of change: the direction word alone (“80万元增长30%”)
_RATE_AFTER_PRIOR = re.compile(r"[，,]?(?:增长|增加|下降|减少|上升|降低)了?(?:幅度为|幅度?)?")


def _prior_rates(sent: Sentence, amounts: list[Amount], facts: Facts) -> None:
    """A rate stated right after the prior figure of the level just before it, with no change amount
    between (“本年支出合计100万元,较上年80万元增长30%”, “…完成95808万元,较上年同期80641万元增长18.8%”)."""
    for k, ref in enumerate(amounts):
        if ref.role != "prior" or k == 0:
            continue
        before = amounts[k - 1]
        if before.role not in ("current", "actual"):
            continue
        if not _PRIOR.match(sent.text[before.mention.end : ref.mention.start]):
            continue
        after = next((m for m in sent.mentions if m.start >= ref.mention.end), None)
        if after is None or after.kind != "percent" or not after.direction:
            continue
        if not _RATE_AFTER_PRIOR.fullmatch(sent.text[ref.mention.end : after.start]):
            continue
        facts.prior_rates.append(PriorRate(after, before, ref, sent))


def _differences(sent: Sentence, amounts: list[Amount], facts: Facts, dept: str) -> None:
    """A change stated right after both figures it is the difference of (see :class:`Difference`)."""
    for k, d in enumerate(amounts):
        if d.role != "delta" or k == 0:
            continue
        ref = amounts[k - 1]
        if ref.role == "prior":
            # a label read back over other figures (“…增长13%(其中:公务用车购置费209万元,…;公务用车运行维护费
            # 803万元,较上年773万元”) names its subject only after the last of them
            ref_label = _AFTER_LAST_FIGURE.split(ref.label)[-1]
            key = subject_key(clean_label(ref_label, dept))
            if not key:
                # “…决算汇总数为715.53万元,较上年845.61万元减少130.08万元”, “本年收入合计252.5万元,
                # 较上年231.5万元,增加21万元”: a prior figure named by the comparison alone, or by the
                # level's own name (“支出431万元,比上年累计支出433万元减少2万元”, “收入决算205.27万元,
                # 比上年收入决算221.17万元减少15.9万元”), is of the level stated just before it in its
                # sentence (changes between)
                levels_before = [a for a in amounts[: k - 1] if a.role != "delta"]
                before = levels_before[-1] if levels_before else None
                if (
                    before is not None
                    and (
                        before.role in ("current", "actual")
                        # (“公务接待费2016年预算8万元,2015年预算12.5万元;对比减少4.35万元”: budget on budget)
                        or (before.role == "budget" and "预算" in ref_label)
                    )
                    # (a 元 level beside a prior in 万元 that fits once read in 万元, “基本支出252.5元,较上年
                    # 231.5万元,增加21万元”, is a unit slip: A014 leaves it to A025)
                    and (
                        _names_the_level(ref_label, before.label)
                        or _PRIOR.match(sent.text[before.mention.end : ref.mention.start])
                        or _YEAR_AND_ROLE.fullmatch(sent.text[before.mention.end : ref.mention.start].strip())
                    )
                ):
                    facts.differences.append(Difference(d.mention, before, ref, "prior", sent))
                continue
            level = next(
                (
                    a
                    for a in reversed([*facts.amounts, *amounts[: k - 1]])
                    if a.key == key
                    and a.role in ("current", "actual")
                    and a.sentence.paragraph is sent.paragraph
                    and (a.sentence is not sent or a.mention.start < ref.mention.start)
                ),
                None,
            )
            if level is not None:
                facts.differences.append(Difference(d.mention, level, ref, "prior", sent))
            continue
        if k < 2:
            continue
        other = amounts[k - 2]
        pair = {ref.role, other.role}
        if "budget" not in pair or not pair & {"current", "actual"} or "delta" in pair or "prior" in pair:
            continue
        budget, level = (ref, other) if ref.role == "budget" else (other, ref)
        if not (ref.bare or (ref.key and ref.key == other.key)):
            continue
        between = sent.text[ref.mention.end : d.mention.start]
        if _COMPARE.search(between) or re.search(r"[。；;]", between) or len(between) > 12:
            continue  # “…，比上年减少…”: a change on the prior year, not on the budget
        facts.differences.append(Difference(d.mention, level, budget, "budget", sent))


def _shares(sent, levels, head, group, facts, dept) -> None:
    named_before = ""  # a base named earlier in the sentence holds for the shares after it
    for clause in sent.clauses:
        for m in clause.mentions:
            if m.kind != "percent" or m.direction:
                continue
            before = sent.text[clause.start : m.start]
            # the nearest 占, not that of a share before it (“…占100%(其中:公务用车购置费0万元,占0.00%”)
            sm = re.search(r"占([^占%％]{0,20}?)(的|为)?$", before)
            if not sm:
                continue
            at = clause.start + sm.start()
            # “占本年财政拨款支出488.80万元的0%”: an amount inside the 占 phrase is the base, not the part
            inside = [a for a in levels if at < a.mention.start and a.mention.end <= m.start]
            named = sent.text[at + 1 : inside[0].mention.start] if inside else sm.group(1) or ""
            # “财政拨款收入194.43万元,占比99.95%”: 占比 (占比重) is the word “share”, it names no base
            named = re.sub(r"^比重?(?:约|达)?", "", named)
            # “占总收入的比重为35.39%”, “占总支出比例45.46%”: the base is what the 比重 is of
            named = _SHARE_WORD.sub("", named)
            base_label = clean_label(named, dept)
            if _BUDGET_BASE.fullmatch(base_label):
                continue  # “完成13,866万元,占调整预算100.93%”: a completion rate (A016), not a share
            if base_label:
                named_before = base_label
            elif named_before and not inside:
                base_label = named_before  # “…占总收入99.90%,包括财政拨款收入494.34万元,占94.70%”
            # “财政拨款收入494.34万元(其中,一般公共预算494.34万元,政府性基金预算0万元),占94.70%”: the
            # share is of the figure before the bracket, not of the bracket's last part
            prior = [a for a in levels if a.mention.end <= at and not _in_closed_bracket(sent.text, a, at)]
            if not prior:
                continue
            amount = prior[-1]
            if amount.mention.start < clause.start and _OWN_SUBJECT.search(sent.text[clause.start : at]):
                # “…清华大学…155.73亿元,占总支出的56%左右;北京大学的高等教育支出占比57%”: a share with a
                # subject of its own and no figure is not a share of the figure before it
                continue
            base_key = subject_key(base_label) if base_label else ""
            pcts = _rates_in_a_row(sent, clause, m)
            if len(pcts) > 1:
                # “…规模分别为2666.3亿元和30400.7亿元,占全国政府采购规模的8.1%和91.9%”: the rates listed are
                # the figures' listed before them, in order; with no such list of figures, no share is sure
                figures = prior[-len(pcts) :]
                if len(figures) < len(pcts) or not all(
                    _AND.fullmatch(sent.text[a.mention.end : b.mention.start])
                    for a, b in itertools.pairwise(figures)
                ):
                    continue
                pairs = list(zip(figures, pcts, strict=True))
            else:
                pairs = [(amount, m)]
            for amount, pct in pairs:
                share = Share(amount, pct, base_label, base_key, sent, group if amount.in_list else None)
                share.base = inside[-1] if inside else _base_of(share, levels, facts)
                facts.shares.append(share)
                if share.group is not None:
                    share.group.shares.append(share)
    # “本年收入1,396万元,占总收入100%,包括财政拨款收入1,167.66万元…,占总收入83.64%;…”: with no figure
    # stated under the base the shares name, the one figure said to be 100% of it is that base
    mine = [s for s in facts.shares if s.sentence is sent and s.base_label]
    whole = [s for s in mine if s.pct.value == 100 and s.base is None]
    if len(whole) == 1:
        for other in mine:
            if other.base is None and other.pct.value < 100 and other.base_label == whole[0].base_label:
                other.base = whole[0].amount


_OWN_SUBJECT = re.compile(r"[\u4e00-\u9fff]{2,}的")
#: the word “share” after the base a share names (“占总收入的比重为”, “占总支出比例”)
_SHARE_WORD = re.compile(r"的?(?:比重|比例)(?:约|达)?$")
#: what joins the members of a list stated respectively (“2666.3亿元和30400.7亿元”, “8.1%和91.9%”)
_AND = re.compile(r"\s*[和、及与]\s*")


def _rates_in_a_row(sent: Sentence, clause: Clause, m: Mention) -> list[Mention]:
    """``m`` and the rates listed after it, each joined to the one before by 和, 、, 及 or 与 alone."""
    rates = [m]
    for later in clause.mentions:
        if later.start < rates[-1].end or later.kind != "percent" or later.direction:
            continue
        if not _AND.fullmatch(sent.text[rates[-1].end : later.start]):
            break
        rates.append(later)
    return rates


_BUDGET_BASE = re.compile(r"(?:年初|全年|调整后?的?|变动)?预算(?:数|批复数)?")


def _in_closed_bracket(text: str, a: Amount, at: int) -> bool:
    """Whether ``a`` sits in a bracket that closes before position ``at``."""
    return _closed_before(text, a.mention.end, at)


def _closed_before(text: str, start: int, at: int) -> bool:
    """Whether a bracket open at ``start`` closes before position ``at``."""
    after = text[start:at]
    depth = 0
    for ch in after:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth -= 1
            if depth < 0:
                return True
    return False


def _same_kind(a: Amount, b: Amount) -> bool:
    """Both budgets, or both levels (决算/current): a 决算 share is never of a budget."""
    return (a.role == "budget") == (b.role == "budget")


def adds_up(group: Group) -> bool:
    """Whether a list's items add up to its head, to the rounding of the figures as printed. A list under a
    figure of unknown subject (:attr:`Group.named`) is the base of its shares only then (“…同口径完成地方
    财政收入10,066万元,…,其中:税收收入完成5,537万元,非税收入完成3,015万元,非税占比35.3%”: the share is of
    the 8,552 its items make, a figure stated before)."""
    head = group.head
    assert head is not None
    gap = abs(head.value - sum((i.value for i in group.items), Decimal(0)))
    return gap <= sum((half_unit(a.decimals) for a in (head, *group.items)), Decimal(0))


def _base_of(share: Share, levels: list[Amount], facts: Facts) -> Amount | None:
    """The amount a share is of. A named base wins: the nearest stated amount of that subject (and kind)
    before the share. Otherwise the head of the share's list, or the nearest total of the same subject
    and kind as that head (“预算为44.52万元，决算为22.62万元，其中公务接待费20.10万元，占88.86%”:
    of 22.62)."""
    amount = share.amount
    if share.base_key:
        for a in reversed(facts.amounts):
            if a is amount or not _same_kind(a, amount) or a.sentence.index > share.sentence.index:
                continue
            if a.sentence is share.sentence and a.mention.start > share.pct.start:
                continue
            leaf = a.key.split(">")[-1]
            if a.key == share.base_key or (leaf == share.base_key and not _is_scoped(leaf)):
                return a
        return None
    if share.base_label:
        return None  # a base named in words we cannot bind
    group = share.group
    if group is None or group.head is None or group.head is amount:
        return None
    if group.named and not adds_up(group):
        return None
    head = group.head
    if _same_kind(head, amount):
        return head
    for a in reversed(levels):
        if (
            a is not amount
            and a.key == head.key
            and _same_kind(a, amount)
            and a.mention.start < amount.mention.start
        ):
            return a
    return None


_PARENTHESISED = re.compile(r"（[^（）]*）|\([^()]*\)")


def _sibling_of(key: str, head_key: str) -> bool:
    """Whether ``key`` names an item beside ``head_key`` in a total's parts (公务接待费 beside 公务用车购置及
    运行费 in the “三公” total), so that it cannot be one of the head's parts."""
    return (
        bool(key)
        and key != head_key
        and (
            any(key in parts and head_key in parts for parts in PARTS_OF.values())
            # 国内公务接待费 named for the 公务接待费 beside the other “三公” items
            or (
                _item_of(key, "sangong.total")
                and _item_of(head_key, "sangong.total")
                and not (key in PARTS_OF.get(head_key, ()) or head_key in PARTS_OF.get(key, ()))
            )
        )
    )


def _outer_parts(parts: list[Change]) -> list[Change]:
    """“公务用车购置及运行维护费…(其中:公务用车购置费…)”: a part of a listed item is not another item."""
    within = {k for r in parts for k in PARTS_OF.get(r.key, ())}
    return [r for r in parts if r.key not in within]


def _unsaid_base(text: str, amounts: list[Amount]) -> bool:
    """Whether the sentence states a change with no comparison named right after a share of the budget."""
    share = _SHARE_OF_BUDGET.search(text)
    return share is not None and any(a.role == "delta" and a.mention.start > share.end() for a in amounts)


def _changes(sent, amounts, facts, compare, dept) -> None:
    year = None
    if compare:
        ym = re.search(r"(20\d\d)", compare.group(0))
        year = int(ym.group(1)) if ym else None
    records: list[Change] = []
    current: Change | None = None
    last_level: Amount | None = None
    flat_at = -1  # where the clause that said 持平 starts
    respective = False  # the clause before stated the respective changes of a list (“分别减少A和B”)
    compare_pos = compare.start() if compare else 0
    label_before_compare = (
        clean_label(re.split(r"[，,；;：:]", sent.text[:compare_pos])[-1], dept) if compare else ""
    )
    for clause in sent.clauses:
        deltas = [
            a
            for a in amounts
            if a.role == "delta" and clause.start <= a.mention.start < clause.start + len(clause.text) + 1
        ]
        pcts = [m for m in clause.mentions if m.kind in ("percent", "number") and m.direction]
        # “与2023年度持平”: a year names the comparison, it is not a figure of the change; a 持平 in
        # brackets is the template's instruction (“（如持平作持平表述）”), not a statement
        flat = "持平" in _PARENTHESISED.sub("", clause.text) and all(
            m.kind == "year" for m in clause.mentions
        )
        levels_here = [
            a
            for a in amounts
            if a.role != "delta" and clause.start <= a.mention.start <= clause.start + len(clause.text)
        ]
        if levels_here and not (
            # “…决算为62.07万元,完成全年预算84.82万元的73.2%,比上年决算数增加38.97万元”: a budget stated after
            # the 决算 (its completion) is not what the change on last year is of
            last_level is not None
            and last_level.role in ("current", "actual")
            and all(a.role == "budget" for a in levels_here)
        ):
            last_level = levels_here[-1]
        if not deltas and ("分别" in clause.text or respective) and _respective_rates(clause, records):
            continue  # “…收入总计减少84.55万元、支出总计减少99.6万元,分别下降18%、21.6%”
        respective = False
        if "分别" in clause.text and len(deltas) > 1 and not pcts:
            # “包括公务用车购置费0.14亿元和公务用车运行费1.27亿元,与2015年相比,分别减少0.18亿元和0.56亿元,
            # 下降133.1%和43.7%”: the changes, in order, of the items listed just before (rates may follow)
            listed = [a for a in amounts if a.role in ("current", "actual") and a.mention.end <= clause.start]
            listed = listed[-len(deltas) :]
            if (
                len(listed) == len(deltas)
                and len({a.key for a in listed}) == len(listed)
                and all(a.key for a in listed)
            ):
                for level, d in zip(listed, deltas, strict=True):
                    current = Change(level.key, level.label, sent, year=year)
                    current.delta = d.mention
                    records.append(current)
                respective = True
                continue
        if not deltas and not pcts and not flat:
            continue
        if (
            deltas
            and pcts
            and current is not None
            and current.pct is None
            and pcts[0].start < deltas[0].mention.start
        ):
            # “…减少42.07万元,下降9.91%(其中:公务用车购置费…减少48.7万元…)”: a rate before the clause's
            # first change (a bracket keeps the clause whole) is of the change before it
            current.pct = pcts[0]
            pcts = pcts[1:]
        later = deltas[1:] if deltas and re.search(r"[(（、]", clause.text) else []
        if later:
            pcts = [m for m in pcts if m.start < later[0].mention.start]
        label = ""
        if deltas:
            label = deltas[0].label
        elif flat:
            label = clean_label(re.sub(r"(与|同|较|比).*$", "", clause.text), dept)
        key = subject_key(label) if label else ""
        if deltas and deltas[0].key and not key:
            key = deltas[0].key
        if not key and label_before_compare:
            key = subject_key(label_before_compare)
        own = ""
        if pcts and not deltas and not flat:
            # a rate with its own subject is another item's:
            # “公务用车购置费增加0.89万元，公务用车运行费下降20.25%”
            own = _rate_subject(sent, clause.start, pcts[0], dept)
            own = own if subject_key(own) or find_paths(own) else ""
            if own:
                label, key = own, subject_key(own) or key
            elif current is not None and (said := current.delta or current.pct) is not None:
                # “因公出国(境)经费决算120万元,比上年增长79.1%;公务接待费决算1033万元,与上年下降7.6%”: a rate
                # after another item's amount, with no subject of its own, is that item's (not that of a part
                # in brackets: “公车购置及运行费995万元(其中…运行费958万元),比上年决算数下降26.24%”)
                item = next(
                    (
                        a
                        for a in reversed(amounts)
                        if a.role != "delta"
                        and a.mention.end <= clause.start
                        and not inside_a_bracket(sent.text, a.mention.start)
                    ),
                    None,
                )
                if (
                    item is not None
                    and item.role in ("current", "actual")
                    and (item.key or item.label)
                    and (item.key != current.key or (not item.key and item.label != current.label))
                    and item.mention.start > said.start
                ):
                    # (an item of no known subject too: “税收收入…,同比增长12%,增加2047万元;非税收入累计完成
                    # 15355万元,同比下降8%,减少1242万元”, told apart by its name)
                    own, label, key = item.label, item.label, item.key
        if (
            len(deltas) == 1
            and not pcts
            and not later
            and current is not None
            and current.delta is None
            and current.pct is not None
            and current.pct.sign is not None
            and deltas[0].mention.sign == current.pct.sign
            and not re.sub(
                r"增加|减少|增长|下降|增收|减收|增支|减支|了",
                "",
                clean_label(sent.text[clause.start : deltas[0].mention.start], dept),
            )
        ):
            # “…完成30,161万元,同比增长14.6%,增收4,376万”: the amount of a change stated after its rate, in a
            # clause of its own with no subject
            current.delta = deltas[0].mention
            continue
        if (deltas or flat) or current is None or (own and (key != current.key or label != current.label)):
            # “…,较年初预算数减少1311.69万元,下降15.86%”: measured against the budget, not the prior year
            # (the words before the change's first figure: its amount, or its rate when that comes first,
            # “较上年下降49.88%,减少15.29万元,较年初预算数减少0.04万元”, not those of a later comparison)
            at_delta = deltas[0].mention.start if deltas else pcts[0].start if pcts else len(sent.text)
            on_budget = bool(_BUDGET_COMPARE.search(sent.text[clause.start : at_delta]))
            if on_budget and _BUDGET_WORDS.fullmatch(label):
                label = ""  # “较年初预算数”: the comparison, not a subject
                key = "" if not deltas or not deltas[0].key else key
            if not key and last_level is not None:
                key = last_level.key
            current = Change(
                key,
                label or ("" if on_budget else label_before_compare),
                sent,
                year=None if on_budget else year,
                basis="budget" if on_budget else "prior",
            )
            records.append(current)
            if deltas:
                current.delta = deltas[0].mention
            current.flat = flat
            flat_at = clause.start if flat else -1
        if pcts and current.flat and last_level is not None and last_level.mention.start > flat_at >= 0:
            # “教育支出19.65亿元,与上年基本持平;科学技术支出1.76亿元,同比增长8%”: a rate after another item's
            # figure, past the 持平, is that item's change
            current = Change(last_level.key, last_level.label, sent, year=year)
            records.append(current)
        if pcts and current.pct is None:
            current.pct = pcts[0]
        for i, d in enumerate(later):
            # the bracket's further items, each with the rate that follows it
            end = later[i + 1].mention.start if i + 1 < len(later) else len(sent.text)
            current = Change(d.key, d.label, sent, year=year)
            records.append(current)
            current.delta = d.mention
            rate = next(
                (
                    m
                    for m in clause.mentions
                    if m.kind in ("percent", "number") and m.direction and d.mention.start < m.start < end
                ),
                None,
            )
            current.pct = rate
    # a 其中 in brackets splits the figure just before it (“公车购置及运行费995万元(其中购置费38万元…)”)
    intro = next(
        (m.start() for m in re.finditer("其中", sent.text) if not inside_a_bracket(sent.text, m.start())), -1
    )
    if intro > 0 and len(records) > 2:
        # the whole is the last change stated before the 其中 (“…公务接待费…下降7.6%;公务用车购置及运行费决算
        # 1618万元,比上年下降1.2%,其中:…”), not the sentence's first
        before_intro = [r for r in records if (f := r.delta or r.pct) is not None and f.start < intro]
        first = before_intro[-1] if before_intro else records[0]
        at = first.delta or first.pct
        if at is not None and at.start < intro:
            placed = []
            for r in records[1:]:
                figure = r.delta or r.pct
                # an item said to be 持平 has no figure: it stands where its label does
                at_r = figure.start if figure is not None else sent.text.find(r.label) if r.flat else -1
                if at_r > intro:
                    placed.append((at_r, r))
            first.parts = _outer_parts([r for _at, r in sorted(placed, key=lambda t: t[0])])
    if compare is None and _unsaid_base(sent.text, amounts):
        for rec in records:
            rec.base_unsaid = rec.basis == "prior"
    for rec in records:
        if not rec.key:
            # a subject without a key (“节能环保支出39.83万元，比上年增加39.83万元”): the change is of the
            # level stated just before it, in its own clause or the one before, with no other level between
            # the change's first figure (its rate, when the amount follows it: “…,同比增长14.6%,增收4,376万”)
            at = min((x for x in (rec.delta, rec.pct) if x is not None), key=lambda x: x.start, default=None)
            before = [
                a for a in amounts if a.role != "delta" and at is not None and a.mention.end <= at.start
            ]
            if at is not None and not inside_a_bracket(sent.text, at.start):
                # “…总收入完成126.05亿元(县本级98.88亿元,高新区27.17亿元),…,同比增收9.74亿元”: the parts in
                # brackets are not what a change outside them is of
                before = [a for a in before if not inside_a_bracket(sent.text, a.mention.start)]
            # the subject named again (“收入决算总额为6754.31万元,…,收入决算总额较2019年增加1122.72万元”):
            # the change is of the figure stated under that name, not of the one just before it
            subject = _COMPARE.sub("", rec.label)
            subject = "" if re.fullmatch(r"同比?", subject) else subject  # what 同比上年 leaves: no subject
            named = [a for a in before if subject and len(subject) >= 4 and a.label.endswith(subject)]
            if named and named[-1].role in ("current", "actual") and not named[-1].key:
                rec.current = named[-1]
                facts.changes.append(rec)
                continue
            if not named and subject and len(subject) >= 2:
                # “2020年度收入总计476.17万元、支出总计460.06万元。与2019年相比,收入总计减少84.55万元…”: the
                # subject named again in the next sentence of the paragraph is the figure stated there
                named = [a for a in _stated_before(facts, sent) if not a.key and _same_name(a.label, subject)]
                if len(named) == 1:
                    rec.current = named[0]
                    facts.changes.append(rec)
                    continue
            if not before and re.fullmatch(r"收[、和及与]?支(决算)?", rec.label):
                # “2019年度收入总计13,826.42万元,支出总计13,826.42万元。收支较上年决算数增加7,101.31万元、
                # 增长105.59%”: 收支 is both totals of the sentence just before, when they are one figure
                named = [
                    a
                    for a in _stated_before(facts, sent)
                    if a.key in ("", "total.all") and _TOTAL_NAME.fullmatch(a.label)
                ]
                if named and len({a.mention.value for a in named}) == 1:
                    rec.current = named[0]
                    facts.changes.append(rec)
                    continue
            if not before and rec.label in ("收入", "支出"):
                # “收入总计267.07万元,支出总计213万元。与2017年决算数相比,收入减少15.65万元,…”: a bare 收入
                # or 支出 of the sentence just before that states the total under that name
                names = (rec.label + "总计", "总" + rec.label, "本年" + rec.label + "合计")
                named = [a for a in _stated_before(facts, sent) if a.label in names]
                if not _stated_before(facts, sent):
                    # “…支出总计6,954.57万元。与2015年决算数相比,收入增加…。支出增加841.13万元,…”: past a
                    # sentence of changes only, the totals stated in the sentence before it
                    named = [a for a in _stated_before(facts, sent, 2) if a.label in names]
                if len(named) == 1:
                    rec.current = named[0]
                    facts.changes.append(rec)
                    continue
            if (
                at is not None
                and not before
                and not subject
                and sent.text.startswith(("较", "比", "与", "同比"))
            ):
                # “1.财政拨款收入364.6552万元,为财政拨款资金。较上年度决算数减少24.1522万元,下降6.2118%”: a
                # sentence opening with the comparison is of the one figure of the sentence before it
                # (“1、收入:792.22万元。同比上年度增加189.25万元,增加31.39%”: labelled by the heading's word)
                back = 1
                while (
                    back < 3
                    and not _stated_before(facts, sent, back)
                    and _REASON_ONLY.match(facts.sentences[sent.index - back].text)
                ):
                    back += 1  # “…增长15.82%。主要原因是上年结转。较年初预算数减少…”: past the reason
                stated = [
                    a
                    for a in facts.amounts
                    if a.sentence.paragraph is sent.paragraph and a.sentence.index == sent.index - back
                ]
                if len(stated) == 1 and stated[0].role in ("current", "actual"):
                    rec.current = stated[0]
                    rec.label = stated[0].label
                    facts.changes.append(rec)
                    continue
            intro = sent.text.rfind("其中", 0, before[-1].mention.start) if before else -1
            listed = [a for a in before if a.mention.start > intro] if intro >= 0 else []
            if len(listed) > 1 and not any(
                m.direction and listed[0].mention.end <= m.start < listed[-1].mention.start
                for m in sent.mentions
            ):
                # “海洋管理事务45.98万元，其中机关服务15.48万元，其他…30.50万元，较2015决算数增加33.97万元”:
                # after a list of parts the change may be of the whole or of the last part (unless each
                # part before has its change: “其中:A234.49万元,与上年相比增加106.4万元,…;B1万元,…减少…”)
                continue
            if rec.basis == "budget" and len(before) > 1 and before[-1].role == "budget":
                # “共1.2亿元,相比年初预算数的1.5亿元减少0.3亿元”: the budget named in the comparison is its
                # base; the change is of the level stated before it
                before = before[:-1]
            if at is not None and before and before[-1].role in ("current", "actual") and not before[-1].key:
                n = next(
                    k for k, c in enumerate(sent.clauses) if c.start <= at.start <= c.start + len(c.text)
                )
                m = next(
                    k
                    for k, c in enumerate(sent.clauses)
                    if c.start <= before[-1].mention.start <= c.start + len(c.text)
                )
                # a clause that only names the comparison (“…520.52万元,与2016年决算数相比,减少51.48元”)
                # does not separate the change from its level
                between = [
                    c
                    for c in sent.clauses[m + 1 : n]
                    if not (
                        _COMPARE.fullmatch(c.text.strip("，,；;：: "))
                        and all(x.kind == "year" for x in c.mentions)
                    )
                    # nor its share of the budget (“…459989万元,占调整预算数115.8%,增支42991万元”)
                    and not _SHARE_OF_BUDGET.fullmatch(c.text.strip("，,；;：: "))
                    # nor its parts in brackets (“126.05亿元(县本级98.88亿元,高新区27.17亿元),…,同比增收…”)
                    and not _BRACKETED_CLAUSE.fullmatch(c.text.strip("，,；;：: "))
                    and not inside_a_bracket(sent.text, c.start + 1)
                    # nor one naming the prior year's figure it is measured on, or saying what the whole is
                    # (“…总收入2988625元,全部为财政拨款收入,较2017年决算总收入2794494元,增加了194131元”)
                    and not _BASE_OR_WHOLE.match(c.text.strip("，,；;：: "))
                    # nor one that states the prior year's figure (“…141.55万元,2014年为107.89万元,较2014年…”)
                    and not (
                        compare
                        and re.fullmatch(
                            r"(20\d\d)年度?(决算数?)?(为|是)?[\d.]+万?元", c.text.strip("，,；;：: ")
                        )
                        and c.text.strip("，,；;：: ")[:4] in compare.group(0)
                    )
                ]
                if n - m - len(sent.clauses[m + 1 : n]) + len(between) <= 1:
                    rec.current = before[-1]
                    rec.label = rec.label or before[-1].label
                    facts.changes.append(rec)
            continue
        cur = next(
            (
                a
                for a in amounts
                if a.role in ("current", "actual")
                # “基本支出250.7219万元,较上年度决算数增加…”: a 基本支出 whose parent is not said is still the
                # subject of the change in its own sentence
                and a.key in (rec.key, f"?>{rec.key}")
                and a.mention.start < (rec.delta.start if rec.delta else len(sent.text))
            ),
            None,
        )
        if cur is None:
            # the figure stated in the sentence before, under the same subject and not of another year
            # (“…2021年的三公经费决算数合计为807.95万…。2022年“三公”经费决算数相较于上年增加…”)
            for a in reversed(facts.amounts):
                if (
                    a.sentence.paragraph is sent.paragraph
                    and a.sentence.index >= sent.index - 1
                    and a.key == rec.key
                    and a.role in ("current", "actual")
                ):
                    if a.sentence is sent or not _of_another_year(a, sent):
                        cur = a
                    break
        if cur is None and rec.key.startswith(_STATED_ONCE):
            cur = _the_one_level(facts, rec, sent)
        rec.current = cur
        facts.changes.append(rec)


#: Subjects a report states one figure for, wherever it says it: the “三公” total and items, the 收支总计.
_STATED_ONCE = ("sangong.", "total.all")


def _the_one_level(facts: Facts, rec: Change, sent: Sentence) -> Amount | None:
    """The level of a change stated in a paragraph of its own (“2018年度“三公”经费财政拨款支出决算数比2017年
    减少142,858.57元,下降37.04%” after the paragraph that states the 决算 242,870.81元): the figure stated
    earlier under its subject, when every statement of it gives the same figure and none is another year's."""
    earlier = [
        a
        for a in facts.amounts
        if a.key == rec.key and a.role in ("current", "actual") and a.sentence.index < sent.index
    ]
    if not earlier or len({a.mention.value for a in earlier}) != 1:
        return None
    if any(_of_another_year(a, sent) for a in earlier):
        return None
    return earlier[0]


_YEAR = re.compile(r"(?<![与较比同于])(20\d\d)年")


def _of_another_year(a: Amount, sent: Sentence) -> bool:
    """Whether ``a`` is stated for a year (“2021年的…807.95万”) other than the one ``sent`` names first as
    its own (not the year it compares with: “与2023年度相比”)."""
    clause = re.split(r"[，,；;。]", a.sentence.text[: a.mention.start])[-1]
    own = _YEAR.search(a.sentence.text[: a.mention.start] if not _YEAR.search(clause) else clause)
    named = _YEAR.search(sent.text)
    return own is not None and named is not None and own.group(1) != named.group(1)


_VS_BUDGET = re.compile(
    r"(较|比|与)(年初|全年|调整后?的?)?预算(数|批复数)?(相比)?(增加|减少|增长|下降|上升|降低|节约|超支)?(了|约)?$"
)


def _record_budget_change(sent: Sentence, a: Amount, facts: Facts, before: list[Amount]) -> None:
    """Keeps ``a`` in ``facts.budget_changes`` when it is a change against the budget (“…99万元,比预算数减少
    31万元”, “较年初预算数减少0.04万元”), with the subject of the change against last year stated just
    before it when it names none (“公务接待费较上年减少12.39万元,较年初预算数减少0.04万元”)."""
    if a.role != "delta" or not a.mention.sign:
        return
    clause = next((c for c in sent.clauses if c.start <= a.mention.start <= c.start + len(c.text)), None)
    if clause is None or not _VS_BUDGET.search(sent.text[clause.start : a.mention.start]):
        return
    key = a.key
    if not key and before and before[-1].role == "delta":
        key = before[-1].key
    if key:
        facts.budget_changes.append((key.split(">")[-1], a.mention, sent))


#: 收入总计 or 支出总计 (or both at once), maybe with a bracket saying what it includes
#: (“收入总计(含用事业基金弥补收支差和年初结转结余)”)
_TOTAL_NAME = re.compile(r"(?:收入|支出|收[、和及与]?支(?:出)?)(?:决算)?总计(?:[（(][^（）()]*[)）])?")


def _stated_before(facts: Facts, sent: Sentence, back: int = 1) -> list[Amount]:
    """The year's figures stated in the sentence ``back`` sentences before ``sent``, in its paragraph."""
    return [
        a
        for a in facts.amounts
        if a.sentence.paragraph is sent.paragraph
        and a.sentence.index == sent.index - back
        and a.role in ("current", "actual")
    ]


def _same_name(label: str, subject: str) -> bool:
    """A figure's label names the subject: the same words, or the subject with one character dropped
    (“2020年度收入476.17、支总计460.06万元。与2019年相比,收入减少84.55、支出总计减少99.6万元”)."""
    if label == subject:
        return True
    return (
        len(subject) >= 4
        and len(label) == len(subject) - 1
        and any(subject[:i] + subject[i + 1 :] == label for i in range(len(subject)))
    )


def _respective_rates(clause: Clause, records: list[Change]) -> bool:
    """“分别下降18%、21.6%”: the rates, in order, of the changes just stated that have none (the later
    rates take the direction word of the first). False when they do not pair one to one."""
    at = clause.start + clause.text.index("分别") if "分别" in clause.text else clause.start
    rates = [m for m in clause.mentions if m.kind == "percent" and m.start > at]
    if (
        len(rates) < 2
        or not rates[0].direction
        or any(r.direction not in ("", rates[0].direction) for r in rates[1:])
    ):
        return False
    open_ = [r for r in records if r.pct is None and r.delta is not None]
    if len(open_) != len(rates):
        return False
    for r in rates[1:]:
        r.direction, r.sign = rates[0].direction, rates[0].sign
    for rec, rate in zip(open_, rates, strict=True):
        rec.pct = rate
    return True


_YEARS = re.compile(r"(20\d\d)年")


def _completions(sent, levels, facts, item_key, excesses=()) -> None:
    for clause in sent.clauses:
        for m in clause.mentions:
            if m.kind != "percent":
                continue
            before = sent.text[clause.start : m.start]
            cm = _COMPLETION.search(before) or _COMPLETION_RATE.search(before)
            if not cm:
                continue
            # (“决算收入为719万元(其中:…,上年结转190万元),较上年下降79.3%,完成预算数的80.8%”: a part in a
            # bracket closed before the rate is not what the rate is of)
            prior = [
                a
                for a in levels
                if a.mention.end <= m.start
                and a.role in ("actual", "current")
                and not _closed_before(sent.text, a.mention.end, m.start)
            ]
            actual = prior[-1] if prior else None
            key = actual.key if actual else item_key
            budgets = [a for a in levels if a.role == "budget" and (not key or a.key == key or not a.key)]
            if not budgets and key:
                budgets = [
                    a
                    for a in facts.amounts
                    if a.role == "budget" and a.key == key and a.sentence.paragraph is sent.paragraph
                ]
            distant = False
            if not budgets and key:
                # “二是公务接待费预算288万元” in the budget part, “二是公务接待费282万元,完成预算的97.92%” in
                # the 决算 part: the one budget stated for the subject earlier in the text
                years = set(_YEARS.findall(sent.text))
                earlier = [
                    a
                    for a in facts.amounts
                    if a.role == "budget"
                    and a.key == key
                    and a.sentence.index < sent.index
                    # of the rate's own kind (“完成调整预算的…” is not of a 年初 budget), not of another year
                    and (not cm.group(1) or a.budget_kind in ("", cm.group(1)))
                    and not (years and set(_YEARS.findall(a.sentence.text)) - years)
                ]
                if len({a.value for a in earlier}) == 1:
                    budgets, distant = earlier[-1:], True
            basis = cm.group(1) or ""
            budget = None
            inline = [
                a
                for a in levels
                if cm.group(3)
                and a.role == "budget"
                and clause.start + cm.start(3) <= a.mention.start
                and a.mention.start < clause.start + cm.end(3)
            ]
            if inline:
                # the budget the phrase itself names is the rate's base (not the last budget of the sentence,
                # “完成预算10万元的78.0%;…完成预算12万元的62.5%”), whatever subject it was bound to
                budgets, budget = inline, inline[0]
            elif budgets:
                wanted = [b for b in budgets if b.budget_kind == basis] if basis else []
                budget = (wanted or budgets)[-1] if basis else budgets[-1]
            # the excess stated beside the rate, of the same 决算 (no other level between them)
            excess = next(
                (
                    x
                    for x in sorted(excesses, key=lambda x: abs(x.mention.start - m.start))
                    if actual is not None
                    and not any(
                        a is not actual
                        and min(x.mention.start, m.start) < a.mention.start < max(x.mention.start, m.start)
                        for a in levels
                    )
                ),
                None,
            )
            if excess is not None and budget is not None and actual is not None and not excess.key:
                # “一般公共预算收入42100万元,完成预算49531万元的85.0%,短收7431万元”: the gap stated beside
                # both figures is their difference
                facts.differences.append(Difference(excess.mention, actual, budget, "budget", sent))
            if excess is None and budget is None and actual is not None:
                # “…决算为1.33万元,完成预算的38%,比预算减少2.17万元”: the change on the budget stated beside
                # the rate says by how much the 决算 is under (or over) it
                on_budget = next(
                    (
                        ch.delta
                        for ch in facts.changes
                        if ch.sentence is sent
                        and ch.basis == "budget"
                        and ch.current is actual
                        and ch.delta is not None
                        and ch.delta.sign
                    ),
                    None,
                )
                if on_budget is not None:
                    sign = on_budget.sign or 0
                    excess = Amount(actual.key, "", "excess", on_budget, sent, excess_sign=sign)
            actual_before = False
            if actual is None and budget is not None and budget.key and budget.sentence is sent:
                # “…财政拨款收入总计500.12万元,支出总计500.12万元,…;财政拨款支出年初预算数472.9万元,完成年初
                # 预算的27.22%”: a rate after a budget alone is of the 决算 stated for its subject before it
                stated = {
                    a.value: a
                    for a in facts.amounts
                    if a.key == budget.key
                    and a.role in ("current", "actual")
                    and a.sentence.paragraph is sent.paragraph
                    and a.sentence.index < sent.index
                }
                if len(stated) == 1:
                    (actual,) = stated.values()
                    key, actual_before = actual.key, True
            facts.completions.append(
                Completion(key, m, sent, actual, budget, basis, budgets, excess, distant, actual_before)
            )


def _item_comparisons(par_amounts: list[Amount], facts: Facts, item_key: str) -> None:
    """In a 科目 item paragraph: bind 决算数大于/小于/等于预算数 to the item's budget and actual."""
    sentences = {id(a.sentence): a.sentence for a in par_amounts}
    if not par_amounts:
        return
    par = par_amounts[0].sentence.paragraph
    budgets = [a for a in par_amounts if a.role == "budget" and a.key == item_key]
    actuals = [a for a in par_amounts if a.role in ("actual", "current") and a.key == item_key]
    del sentences
    for sent in [s for s in facts.sentences if s.paragraph is par]:
        vm = _VERSUS.search(sent.text)
        if not vm:
            continue
        word = _versus_word(vm.group(1))
        rate = next(
            (c.rate for c in facts.completions if c.key == item_key and c.sentence.paragraph is par), None
        )
        facts.comparisons.append(
            Comparison(
                item_key,
                word,
                sent,
                actuals[0] if len(actuals) == 1 else None,
                budgets[0] if len(budgets) == 1 else None,
                rate,
            )
        )


def _versus_word(word: str) -> str:
    if "持平" in word or "一致" in word or word == "等于":
        return "等于"
    if word in ("大于", "高于", "超过"):
        return "大于"
    return "小于"


def best_budget(comp: Completion) -> Amount | None:
    """The budget a completion rate was computed on: the one that reproduces the rate, else a non-zero one."""
    if comp.actual is not None and len(comp.budgets) > 1:
        for b in comp.budgets:
            if b.value > 0:
                exact = comp.actual.value / b.value * 100
                if abs(exact - comp.rate.value) <= Decimal(5).scaleb(-comp.rate.decimals - 1) + Decimal(
                    "0.01"
                ):
                    return b
        nonzero = [b for b in comp.budgets if b.value > 0]
        if nonzero:
            return nonzero[-1]
    return comp.budget


def paragraph_comparisons(facts: Facts) -> None:
    """决算数大于/小于预算数 in sentences of non-item paragraphs: bind to the sentence's (or paragraph's)
    completion statement of the same subject."""
    item_pars = {id(p) for p, _, _ in facts.item_paragraphs}
    for sent in facts.sentences:
        if id(sent.paragraph) in item_pars:
            continue
        vm = _VERSUS.search(sent.text)
        if not vm:
            continue
        word = _versus_word(vm.group(1))
        # ““三公”经费支出决算小于预算数的主要情况” after the rates of the total and of each item: the subject
        # the sentence names, when one of the paragraph's rates is of it
        named = subject_key(clean_label(re.split(r"[，,；;：:]", sent.text[: vm.start()])[-1]))
        comp = (
            next(
                (c for c in facts.completions if c.sentence is sent),
                None,
            )
            or next(
                (
                    c
                    for c in reversed(facts.completions)
                    if named
                    and c.key == named
                    and c.sentence.paragraph is sent.paragraph
                    and c.sentence.index <= sent.index
                ),
                None,
            )
            or next(
                (
                    c
                    for c in reversed(facts.completions)
                    if c.sentence.paragraph is sent.paragraph and c.sentence.index <= sent.index
                ),
                None,
            )
        )
        if comp is None:
            continue
        facts.comparisons.append(Comparison(comp.key, word, sent, comp.actual, best_budget(comp), comp.rate))


# "内设6个部门,分别为党政办公室、学校发展中心、…": a count, then the named list it counts
_COUNT_LIST = re.compile(
    r"(\d+)个(?:(项目|单位|部门|科室|处室)(?:[，,]?(?:分别是|分别为|包括|为|即))?[：:]?"
    # a noun of its own is followed by a word or mark opening the list: “7个直属事业单位所有…费、…” is no list
    r"|([^，,。；;：:、\d（(]{1,4}?|(?=[（(]))(?:[，,]?(?:分别是|分别为|包括|为|即)[：:]?|[：:（(])"
    # or the noun before the count: “内设机构12个:办公室、人事处、…”
    r"|[：:])"
    r"((?:[^。；;，,：:、\d]{2,20}、)+[^。；;，,：:、\d]{2,20}?(?:和|及|以及)?[^。；;，,：:、\d]{0,20})(?=[。；;，,]|$)"
)
# “…的部门共有5个,分别是区公安分局(…)、…和区水务局(…)。”: the noun said before the count, the list closing
# the sentence (“派出人民法庭4个,分别是政治处、…,名山人民法庭、…”, two lists after one 分别是, is not read)
_COUNT_THEN_LIST = re.compile(
    r"(\d+)个[，,](?:分别是|分别为|即)[：:]?"
    r"((?:[^。；;，,：:、\d]{2,20}、)+[^。；;，,：:、\d]{2,20}?(?:和|及|以及)?[^。；;，,：:、\d]{0,20})(?=[。；;]|$)"
)
# the rest of a count's members counted after its names (“包括市财政局、审计局,以及其他42个预算单位”; a copy's
# injected marks between the words, “以及其他@@42个”)
_OTHERS_AFTER = re.compile(
    r"[，,]?[^\u4e00-\u9fff\d]{0,3}(?:以及|及|和|还有|另有)?[^\u4e00-\u9fff\d]{0,3}其[他它][^\u4e00-\u9fff\d]{0,3}(\d+)个"
)
# "对A、B、C等3个项目开展绩效评价", "A、B共2个单位": the named list, then its count
_COUNT_LIST_BEFORE = re.compile(
    r"(?:^|[，,；;：:。对含括即])((?:[^，,。；;：:、\d]{2,15}、)+[^，,。；;：:、\d]{2,15})(?:等|共|合计)(\d+)个"
    r"(项目|单位|部门|科室|处室|[^，,。；;：:、\d]{1,2})"
)
# the count in Chinese numerals: “下设综合办公部、全媒指挥部、…、技术运维部十个部门”
_CN_COUNT_LIST_BEFORE = re.compile(
    r"(?:^|[，,；;：:。对含括即设])((?:[^，,。；;：:、\d]{2,15}、){2,}[^，,。；;：:、\d]{2,15}?)(等|共)?"
    r"([一二三四五六七八九十两]{1,3})个(部门|科室|处室|股室|单位|中心|机构|内设机构|职能部门|部|室|科|处|股)"
    r"(?![\u4e00-\u9fff]{0,2}[的和及])"
)
#: A bracketed figure after a name (“区公安分局(900.07万)”).
_FIGURE_NOTES = re.compile(r"[（(][^（）()，,。；;、]{0,12}\d[^（）()，,。；;、]{0,12}[）)]")
#: A short quoted summary right after a list's colon (“分别是:“一室两科”,办公室、…”).
_QUOTED_SUMMARY = re.compile(r"(?<=[:：])\s*[“\"][^“”\"]{2,8}[”\"]\s*[,，]")
_NOUN_BEFORE_COUNT = re.compile(
    r"(?:^|[，,；;。：:])((?:内设|下属|直属|所属)?(?:事业)?(?:机构|科室|处室|部门|单位))$"
)
_RETIRED = re.compile(r"^(退休|离休|离退休)")
#: a thing named after the count, joined by 以及/及/和, with no figure of its own, right before a 其中
_UNCOUNTED_CONJUNCT = re.compile(r"(?:以及|及|和)[^，,。；;\d]{2,20}$")
_NOT_A_MEMBER = re.compile(r"^(另有|另外|此外|退休|离休|离退休|遗属|临聘|外聘|返聘|聘用)")


def brackets_open(text: str) -> bool:
    """Whether ``text`` opens more brackets than it closes (its end stands inside a bracket)."""
    return text.count("(") + text.count("（") > text.count(")") + text.count("）")


def _listed(text: str) -> tuple[list[str], bool]:
    """The names of a list ("A、B和C" → A, B, C) and whether the last two were split at 和/及; [] when it
    is open-ended ("A、B等")."""
    if re.search(r"等[\u4e00-\u9fff]{0,6}$", text):  # “…、检验等辅助科室”: an open list
        return [], False
    items: list[str] = []
    for piece in text.split("、"):
        if items and brackets_open(items[-1]):
            # “民政和社区事务办公室(挂卫生健康办公室、物业管理办公室牌子)”: a list inside one name's bracket
            items[-1] += "、" + piece
        elif piece:
            items.append(piece)
    last = re.split(r"和|以及|及", items[-1]) if items else []
    if len(last) == 2 and all(len(x) >= 2 for x in last):
        items[-1:] = last
        return items, True
    return items, False


def _count_facts(sent: Sentence, facts: Facts) -> None:
    """Counts against what is really listed: a count of N followed (or preceded) by exactly the names it
    counts, and a count split by 其中 into counts of the same unit."""
    text = sent.text
    if "包括" in text:
        _included_counts(sent, facts)
    if "个" not in text and "其中" not in text and "（" not in text and "(" not in text:
        return
    _bracketed_counts(sent, facts)
    # “共有5个,分别是区公安分局(900.07万)、区城管局(385.76万)、…”: each name's bracketed figure blanked (the
    # same length, so offsets hold) for the list to read as names
    blanked = _FIGURE_NOTES.sub(lambda b: "　" * len(b.group(0)), text)
    # “…1个内设机构,分别是:“一室两科”,办公室、…”: a quoted summary of the list before its names, blanked too
    blanked = _QUOTED_SUMMARY.sub(lambda b: "　" * len(b.group(0)), blanked)
    for m in (*_COUNT_LIST.finditer(blanked), *_COUNT_THEN_LIST.finditer(blanked)):
        items, joined = _listed(m.group(m.lastindex or 0).replace("　", ""))
        if len(items) < 2 or _CHANGE_BEFORE.search(text[: m.start(1)]):
            continue  # “此次公开的部门增加了19个,…”: a change in a count, not a count of what follows
        noun = (m.group(2) or m.group(3)) if m.re is _COUNT_LIST else ""
        if noun is None:
            # “内设机构12个:办公室、…”: the noun stands before the count, right before it
            named = _NOUN_BEFORE_COUNT.search(text, 0, m.start(1))
            if named is None:
                continue
            noun = named.group(1)
        count = next((x for x in sent.mentions if x.kind == "count" and x.start == m.start(1)), None)
        if count is not None:
            others = _OTHERS_AFTER.match(blanked, m.end())
            facts.count_lists.append(
                CountList(count, noun, items, sent, joined, others=int(others.group(1)) if others else 0)
            )
    for m in _COUNT_LIST_BEFORE.finditer(text):
        items, joined = _listed(re.sub(r"^(对|包括|涉及|含|即)", "", m.group(1)))
        count = next((x for x in sent.mentions if x.kind == "count" and x.start == m.start(2)), None)
        if count is None or len(items) < 2:
            continue
        # “分为序厅、…、留言板等28个展区”: a list closed by 等 may name only some of its N members (it is
        # wrong only when it names more than N); 共 and 合计 close a complete list
        if text[m.end(1)] == "等" and count.value > len(items):
            continue
        facts.count_lists.append(CountList(count, m.group(3), items, sent, joined))
    # a list of names with its count in numerals needs a 个 and a 、: searched only where both are
    for m in _CN_COUNT_LIST_BEFORE.finditer(text) if "个" in text and "、" in text else ():
        items, joined = _listed(m.group(1))
        n = cn_number(m.group(3).replace("两", "二"))
        if n is None or len(items) < 3 or (m.group(2) == "等" and n > len(items)):
            continue
        raw = f"{m.group(3)}个"
        count = Mention("count", Decimal(n), 0, "个", m.start(3), m.start(3) + len(raw), raw)
        facts.count_lists.append(CountList(count, m.group(4), items, sent, joined))
    _closed_counts(sent, facts)
    _whole_of_one_kind(sent, facts)
    # counts with "其中": head = the last count before 其中, items = the counts of the same unit in the
    # clauses right after it (the list ends at the first clause without one, or at a non-member); and each
    # 其中 after a semicolon that follows a count of its own (“…教职工187人,其中男教师79人,…;专任教师182人,
    # 其中研究生学历7人,本科学历185人”)
    pos = text.find("其中")
    if pos < 0:
        return
    _count_group(sent, facts, pos)
    # (its 其中 may open a bracket: “…;现有在校学生44264人(其中小学30565人、初中11323人、高中2376人)”)
    for later in re.finditer(r"[;；]([^;；其]*?\d+[人个名辆所家])[，,（(]?其中", text[pos:]):
        _count_group(sent, facts, pos + later.end() - 2)


#: “在职人数56人,包括行政人员0人、全部补助事业人员0人、…”: a count split by 包括 into counts set apart by 、
_INCLUDED = re.compile(r"\d+[人名](?:[，,]?(?:包括|包含)[：:]?)(?=[^，,；;。]*?\d+[人名]、)")
#: the kinds of post a staff count is split into (the standard 人员 wording of a 决算's 概况)
_POST_KIND = re.compile(r"行政|事业|参公|参照|全额|差额|补助|自收自支|工勤|机关|在编|编外|聘")


def _included_spans(text: str) -> list[tuple[int, int]]:
    """Where each 包括 list of counts lies (from after 包括 to the first mark that is not 、)."""
    if "包括" not in text and "包含" not in text:
        return []
    spans = []
    for m in _INCLUDED.finditer(text):
        end = re.search(r"[，,；;。]", text[m.end() :])
        spans.append((m.end(), m.end() + end.start() if end else len(text)))
    return spans


def _included_counts(sent: Sentence, facts: Facts) -> None:
    """“在职人数56人,包括行政人员0人、全部补助事业人员0人、部分补助事业人员0人、自收自支事业人员0人”: a
    staff count split by 包括 into the kinds of post, its members set apart by 、 (a list of other things,
    “职工56人,包括高级职称5人、中级职称10人”, may name some of them only: wrong only above the whole)."""
    text = sent.text
    counts = [m for m in sent.mentions if m.kind == "count"]
    for start, end in _included_spans(text):
        head = next((m for m in reversed(counts) if m.end <= start), None)
        if head is None:
            continue
        members = [m for m in counts if start <= m.start < end and m.unit == head.unit]
        if len(members) < 2:
            continue
        items = []
        for member in members:
            label = re.split(r"[、：:]", text[start : member.start])[-1]
            items.append((label, member))
            start = member.end
        kinds = all(_POST_KIND.search(simplified_cell(label)) for label, _ in items)
        facts.count_groups.append(CountGroup(head, items, sent, partial=not kinds, word="包括"))


def _count_group(sent: Sentence, facts: Facts, pos: int) -> None:
    """The count split by the 其中 at ``pos``, and its members (see :func:`_count_facts`)."""
    text = sent.text
    counts = [m for m in sent.mentions if m.kind == "count"]
    # (“实有在职职工64人(含援疆干部1人),其中:…”: a count in a bracket closed before the 其中 is part of the
    # count before it, not what the 其中 splits)
    before = [m for m in counts if m.end <= pos and not _closed_before(text, m.end, pos)]
    head_sentence: Sentence | None = None
    if not before and pos == 0 and sent.index > 0:
        # “局系统共有事业单位5个,全部为全额拨款事业单位。其中正厅级…2个,…;处级…3个,…”: a sentence opening
        # with 其中 splits the one count of the sentence before it, when that count is said to be a whole
        # (共, 合计; not “实际在职人数41人。其中…行政编制13人”, 编制 beside people in post)
        previous = facts.sentences[sent.index - 1]
        heads = [m for m in previous.mentions if m.kind == "count"]
        if (
            previous.paragraph is sent.paragraph
            and len(heads) == 1
            and re.search(r"共有?|合计|总计|总数", previous.text[: heads[0].start])
        ):
            before, head_sentence = heads, previous
    if not before:
        # “…实有人员编制37人。其中:行政编制5人,…,事业编制32人”: a sentence opening with “其中:” splits the
        # count that closed the sentence before it, whole or not
        head_before = _count_closing(facts, sent) if re.match(r"其中[：:]", text) else None
        if head_before is None:
            return
        before, head_sentence = [head_before], facts.sentences[sent.index - 1]
    head = before[-1]
    if head_sentence is None and _UNCOUNTED_CONJUNCT.search(text[head.end : pos].rstrip("，,：: ")):
        # “…本级和8个财政补助事业单位以及国家统计局各级调查队,其中,省级调查总队32个,…”: the 其中 splits the
        # last thing named, which has no count of its own here, not the count before it
        return
    group: list[tuple[str, Mention]] = []
    started = naming = False
    # “中级17人(其中正科1人,副科2人),助理级36人”: a 其中 opening a bracket lists inside it only
    limit = _bracket_end(text, pos) if pos and text[pos - 1] in "（(" else len(text)
    # “其中在编职工17人,临聘人员16人,其中高级职称0名、中级职称5人”: a second 其中 opens a list of its own
    again = text.find("其中", pos + 2)
    if again > 0:
        limit = min(limit, again)
    # (the kinds a member's own 包括 splits it into are not members: “其中:在职人数56人,包括行政人员0人、…”)
    included = _included_spans(text)
    for clause in sent.clauses:
        if clause.start + len(clause.text) <= pos:
            continue
        members = [
            m
            for m in clause.mentions
            if m.kind == "count"
            and pos < m.start < limit
            and m.unit == head.unit
            and not any(s <= m.start < e for s, e in included)
        ]
        if not members:
            # the names of the item before (“…2个,分别是:A、B;处级…3个”) do not end the list
            naming = bool(_NAMES_OF_ITEM.match(clause.text)) or (naming and not re.search(r"\d", clause.text))
            # “在职职工40人,与上年相比,减少4人;退休18人”: a clause naming the comparison of the member's
            # change does not end the list
            if started and not naming and not _COMPARE.fullmatch(clause.text.strip("，,；;：: ")):
                break
            continue
        naming = False
        started = True
        for member in members:
            label = text[max(clause.start, pos + 2) : member.start]
            label = re.split(r"[、，,]", label)[-1]
            if not label or label.startswith(("已", "正在", "其中", "累计")) or "（" in text[pos - 1 : pos]:
                continue
            if re.fullmatch(r"(合计|共计|小计|总计|共)(为|是)?", label):
                continue  # “…,科员7人,合计17人”: the total restated, not a member
            if _in_bracket(text, pos, member.start) or _CHANGE_LABEL.match(label):
                continue  # a sub-count of the item before it, or a change (“比上年减少1人”), not a member
            if _SUBSET_LABEL.search(label) or re.match(r"(同时|同時|并且|並且)", clause.text):
                # “中央部門達104個,其中,公布政府采購決算情況的共99個,同時公開…的部門達66個”: those that did
                # something, and those that also did another thing, may overlap: not a partition of the head
                group = []
                break
            if (
                group
                and _SEMICOLON.search(text, group[-1][1].end, member.start)
                and (
                    _OTHER_COUNT.match(label)
                    or (
                        sum((x.value for _, x in group), Decimal(0)) == head.value
                        and not _parallel_member(text, group, member)
                    )
                )
            ):
                # the list ends at a semicolon when it adds up there or a count of its own follows:
                # “…,退休人员36人;年末其他人员35人;年末学生人数656人” (but “在职职工40人,…;退休18人” goes on)
                limit = member.start
                break
            group.append((label, member))
    # a trailing non-member ("…，退休职工28人") is part of the list only when the list needs it to add up
    cut = next((k for k, (label, _) in enumerate(group) if k >= 2 and _NOT_A_MEMBER.match(label)), None)
    # …unless the list already names one such category as a member (“在职人员157人,离休人员0人,退休人员81人”)
    retired_before = cut is not None and any(_NOT_A_MEMBER.match(label) for label, _ in group[:cut])
    needed = cut is not None and sum((m.value for _, m in group[:cut]), Decimal(0)) != head.value
    if cut is not None and not retired_before and not needed:
        group = group[:cut]
    # a list whose first members (none of them nil) add up to the head exactly goes on with other figures of
    # the same thing, not its parts: “总人口48368人,其中农业人口40556人,城镇人口7812人,街镇常住人口2378人,
    # 流动人口542人” (not a list going on with retirees or survivors, which the lines above weigh)
    whole = next(
        (k for k in range(2, len(group)) if sum((m.value for _, m in group[:k]), Decimal(0)) == head.value),
        None,
    )
    if (
        whole is not None
        and sum((m.value for _, m in group), Decimal(0)) != head.value
        and all(m.value for _, m in group[:whole])
        and not any(_NOT_A_MEMBER.match(label) for label, _ in group[whole:])
    ):
        group = group[:whole]
    if re.search(r"编制(?:数|人数)?[为是:：]?$", text[max(0, head.start - 8) : head.start]):
        # “编制数为59人,其中在职在编教职工人数为53人,退休人员23人”: posts hold no retirees
        group = [(label, m) for label, m in group if not _RETIRED.match(label)]
    if head_sentence is None and len(group) >= 2:
        split = _split_by_noun(text, before, group)
        if split is not None:
            for own_head, own in split:
                if len(own) >= 2:
                    facts.count_groups.append(CountGroup(own_head, own, sent))
            return
    if len(group) >= 2:
        bracketed = head_sentence is None and text[head.end : pos].strip("：:") in ("（", "(")
        # “现有正式工作人员18名,其中:常务副校长1名、副校长2名、校委2名”: the posts of its leaders are some of
        # the staff, not a division of them (only a list above the whole is wrong)
        leaders = all(_LEADER_POST.search(label) for label, _ in group)
        facts.count_groups.append(
            CountGroup(head, group, sent, partial=bracketed or leaders, head_sentence=head_sentence)
        )
    elif len(group) == 1 and group[0][1].value > head.value:
        # “编制数为59人,其中在职在编教职工人数为63人”: one part of the whole is no more than the whole
        facts.count_groups.append(CountGroup(head, group, sent, partial=True, head_sentence=head_sentence))


def _split_by_noun(
    text: str, heads: list[Mention], group: list[tuple[str, Mention]]
) -> list[tuple[Mention, list[tuple[str, Mention]]]] | None:
    """Counts of several nouns before one 其中, each split by members named with its noun: “对5个部门、5个
    镇乡街道开展…,15个专项开展…,其中:良好部门5个;优秀镇乡街道3个,良好镇乡街道2个;良好专项14个,中等专项1个”
    — each count with its own members (None when the members are not named so)."""
    nouns = []
    for head in heads:
        m = re.match(r"[\u4e00-\u9fff]{2}", text[head.end : head.end + 2])
        if m is None or head.unit != group[0][1].unit:
            continue
        nouns.append((head, m.group(0)))
    if len({noun for _, noun in nouns}) < 2:
        return None
    split = [(head, [(label, m) for label, m in group if noun in label]) for head, noun in nouns]
    named = sum(len(own) for _, own in split)
    if named != len(group) or sum(1 for _, own in split if own) < 2:
        return None  # a member no count's noun names, or all under one noun: not a split by nouns
    return split


_CLOSING_TOTAL = re.compile(r"^(合计|共计|总计|小计|共)(为|有)?$")


# “纳入2016年部门决算编报的单位共1个,为其他事业单位6个”: a whole said to be of one kind, with that kind's
# count, which must be the whole's
_WHOLE_OF_ONE_KIND = re.compile(
    r"共(?:有|计)?(\d+)(个|家|所|人|名|辆)[，,]?(?:全部|均|都)?(?:为|是)([\u4e00-\u9fff]{2,12}?)(\d+)\2(?=[。；;，,]|$)"
)


def _whole_of_one_kind(sent: Sentence, facts: Facts) -> None:
    """A count of a whole followed by the one kind it is, with a count of its own (“单位共1个,为其他事业单位
    6个”): a group of one item, wrong when the two differ."""
    text = sent.text
    if "共" not in text:
        return
    counts = {m.start: m for m in sent.mentions if m.kind == "count"}
    for m in _WHOLE_OF_ONE_KIND.finditer(text):
        head, part = counts.get(m.start(1)), counts.get(m.start(4))
        if head is None or part is None or re.search(r"其中|增|减|以上|以下", m.group(3)):
            continue
        facts.count_groups.append(CountGroup(head, [(m.group(3), part)], sent))


def _closed_counts(sent: Sentence, facts: Facts) -> None:
    """“其中:副县级3人,正科级2人,副科级5人,科员7人,合计17人”: counts of one unit, one a clause, closed
    by their total (合计, 共计, 总计, 小计, 共) in the clause after them; the list goes back to its opening
    (其中, a colon or the sentence's start)."""
    text = sent.text
    if "计" not in text and "共" not in text:
        return  # no total (合计, 共计, 总计, 小计, 共) to close a list
    for clause in sent.clauses:
        totals = [m for m in clause.mentions if m.kind == "count"]
        if len(totals) != 1:
            continue
        total = totals[0]
        if not _CLOSING_TOTAL.match(text[clause.start : total.start].strip("，,；;：: ")):
            continue
        opening = max(text.rfind(w, 0, clause.start) for w in ("其中", "：", ":"))
        items: list[tuple[str, Mention]] = []
        for before in sent.clauses:
            if before.start >= clause.start or before.start + len(before.text) <= opening:
                continue
            counts = [m for m in before.mentions if m.kind == "count"]
            if len(counts) != 1 or counts[0].unit != total.unit or counts[0].start < opening:
                items = []
                continue
            label = re.sub(r"^(其中)?[：:，,；;]*", "", text[before.start : counts[0].start])
            if not label or re.search(r"\d", label) or _CHANGE_LABEL.match(label):
                items = []
                continue
            items.append((label, counts[0]))
        if len(items) >= 2:
            facts.count_groups.append(CountGroup(total, items, sent))


# “…共设7个科室。分别是:办公室、财务室、…、信息培训股。”: a sentence of names only, after one closing with
# its count
_NAMES_SENTENCE = re.compile(
    r"^(?:分别是|分别为|即)[：:]?"
    r"((?:[^。；;，,：:、\d]{2,20}、)+[^。；;，,：:、\d]{2,20}?(?:和|及|以及)?[^。；;，,：:、\d]{0,20})[。；;]?$"
)
_NOUN_CLOSING = re.compile(r"^(项目|单位|部门|科室|处室|股室|机构|内设机构)[。.；;]?$")


def _count_then_names(sent: Sentence, facts: Facts) -> None:
    """A count closing a sentence (“共设7个科室。”) against the names of the next sentence of the same
    paragraph when that sentence only lists them (“分别是:办公室、财务室、…”)."""
    m = _NAMES_SENTENCE.match(sent.text)
    at = sent.index
    if m is None or not 0 < at < len(facts.sentences) or facts.sentences[at] is not sent:
        return
    prev = facts.sentences[at - 1]
    last = prev.mentions[-1] if prev.mentions else None
    if prev.paragraph is not sent.paragraph or last is None or last.kind != "count" or last.unit != "个":
        return
    noun = _NOUN_CLOSING.match(prev.text[last.end :].strip())
    items, joined = _listed(m.group(1))
    if noun is not None and len(items) >= 2:
        facts.count_lists.append(CountList(last, noun.group(1), items, prev, joined, list_sentence=sent))


def _count_closing(facts: Facts, sent: Sentence) -> Mention | None:
    """The count that closes the sentence before ``sent`` in the same paragraph (nothing after it but the
    full stop), else None."""
    at = sent.index
    if not 0 < at < len(facts.sentences) or facts.sentences[at] is not sent:
        return None
    if facts.sentences[at - 1].paragraph is not sent.paragraph:
        return None
    prev = facts.sentences[at - 1]
    last = prev.mentions[-1] if prev.mentions else None
    if last is None or last.kind != "count" or prev.text[last.end :].strip("。.；; ") != "":
        return None
    return last


def _parallel_member(text: str, group: list[tuple[str, Mention]], member: Mention) -> bool:
    """Whether a count after a semicolon is stated like every member before it, each followed by its own
    change (“在职职工40人,与比上年减少4人;退休18人,与比上年减少0人;遗属1人,与比上年增加0人”): a member
    of the same list, even where the list already adds up without it."""

    def changed(m: Mention) -> bool:
        return bool(_CHANGE_LABEL.match(re.sub(r"^[，,\s]+", "", text[m.end : m.end + 12])))

    return changed(member) and all(changed(m) for _, m in group)


_SEMICOLON = re.compile(r"[;；]")
#: a leader's post (“常务副校长”, “副局长”, “党组书记”, “校委”): some of the staff, not a kind of them
_LEADER_POST = re.compile(
    r"(?:校|院|局|所|站|馆|处|科|部|镇|乡|区|县|市|厅)长$|主任$|书记$|校委$|党委委员$|领导(?:班子)?(?:成员)?$|班子成员$"
)
# a change just before a count (“增加了19个”, “新增3个”): the count is the change, not a whole
_CHANGE_BEFORE = re.compile(r"(增加|减少|新增|净增|净减|增长|下降|多|少)了?(约|近)?$")
# a member named by what it did (“公布…情况的共99个”, “…的部门达66个”): a subset, not a category
_SUBSET_LABEL = re.compile(r"的[\u4e00-\u9fff]{0,3}?(共|达|達|有|计|計)$")
_NAMES_OF_ITEM = re.compile(r"^(分别是|分别为|包括|即)[：:]?$")
_OTHER_COUNT = re.compile(r"^(年末|年底|年初|另有|另外|此外)|人数|学生|在校生|床位")
_BRACKET = re.compile(r"[（(]([^（）()]*)[）)]")
# the bracket right after a count, or after the comma that follows it (“在校学生 1152人,(中学 576 人,
# 小学 813 人)”)
_BRACKET_AFTER = re.compile(r"\s*[,，]?\s*[（(]([^（）()]*)[）)]")
_CHANGE_LABEL = re.compile(
    r"^与?(同比|比|较|同)?(上年度?|上一年度?|去年|年初|20\d\d年度?)?(同期)?(相比[，,]?)?"
    r"(增加|减少|新增|净增|净减|下降|增长)"
)


def _in_bracket(text: str, start: int, end: int) -> bool:
    """Whether ``end`` lies inside a bracket opened after ``start`` (“事业编制12人(其中:参公管理12人)”)."""
    between = text[start:end]
    return between.count("(") + between.count("（") > between.count(")") + between.count("）")


def _bracketed_counts(sent: Sentence, facts: Facts) -> None:
    """“在职财政供养人员22人(行政在职18人、事业在职5人)”: counts in brackets right after a count of the same
    unit, without 其中, split it."""
    text = sent.text
    counts = [m for m in sent.mentions if m.kind == "count"]
    for head in counts:
        bm = _BRACKET_AFTER.match(text, head.end)
        if not bm or re.match(r"(其中|含|包括|另有|另)", bm.group(1)):
            continue
        inner = [m for m in counts if bm.start(1) <= m.start and m.end <= bm.end(1)]
        if len(inner) < 2 or any(m.unit != head.unit for m in inner):
            continue
        items: list[tuple[str, Mention]] = []
        previous = bm.start(1)
        for m in inner:
            label = re.split(r"[、，,；;]", text[previous : m.start])[-1]
            previous = m.end
            if not label or _NOT_A_MEMBER.match(label):
                items = []
                break
            items.append((label, m))
        if len(items) >= 2:
            # “在职教师32人(跟岗1人,交流1人)”: a bracket of a few small counts notes some of them; it
            # splits the count only when it comes near it (then a shortfall is a defect too)
            total = sum((m.value for _, m in items), Decimal(0))
            facts.count_groups.append(CountGroup(head, items, sent, partial=total * 2 < head.value))


_SCORE = re.compile(r"(?:自评)?得分(?:为|是)?$")


def _scores(sent: Sentence, facts: Facts) -> None:
    for clause in sent.clauses:
        for m in clause.mentions:
            if m.kind != "score":
                continue
            before = sent.text[clause.start : m.start]
            if not _SCORE.search(before):
                continue
            subject = re.sub(r"(绩效)?(自评)?得分(为|是)?$", "", before)
            facts.scores.append(Score(subject, m, sent))
