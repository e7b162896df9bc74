"""Text as the auditor analyses it: without whitespace, full-width digits (and a year in Chinese numerals,
“二〇二三年”) as ASCII, and — for text from mirror sites that converted a report to traditional characters
with pinyin after them — simplified characters without the pinyin, and with HTML character references a page
left in (“&ldquo;三公”) as the characters they stand for; with, for each kept character, its index in the
original (quotes are always taken from the original)."""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape

_FULLWIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH.update({"％": "%", "．": ".", "，": "，"})


# Mirror sites convert a report to traditional characters and insert pinyin after characters
# (“萬(wàn)元”, “決算數(shù)”). For analysis the pinyin is dropped and the characters are mapped to simplified
# ones (OpenCC's character table, from opencc-purepy), only in a text that holds a traditional character
# of this set (common in these reports and never simplified), so simplified text is left as it is.
_TRADITIONAL_MARKERS = "萬預決數費經說與們會書總機關財務這個為發從區縣門項額車實現計劃體貨幣較績僅"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(rf"[（(](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[）)]")
_NEEDS_NORMALISING = re.compile(rf"[\s\u3000０-９％．&·〇○{_TRADITIONAL_MARKERS}{_TONED}]")
# a year written in Chinese numerals, as a formal title may write it (“二〇二三年度部门决算”): its digits
_CN_YEAR = re.compile(r"[一二][〇○][〇○一二三四五六七八九]{2}(?=年)")
_CN_DIGIT = {"〇": "0", "○": "0"} | {ch: str(k) for k, ch in enumerate("一二三四五六七八九", 1)}
# a middle dot for the decimal point, as some aggregators print figures (“总收入2477·1万元,…增长81·3%”)
_DOT_POINT = re.compile(r"(?<=\d)[·](?=\d+\s*(?:万元|亿元|元|%|％))")
# an HTML character reference left in the text by a page or a mirror (“&ldquo;”, “&nbsp;”, “&#8220;”)
ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_IS_TRADITIONAL = re.compile(f"[{_TRADITIONAL_MARKERS}]")


@lru_cache(maxsize=1)
def _t2s() -> dict[str, str]:
    """Traditional → simplified, character by character (the first candidate of OpenCC's table)."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("opencc_purepy")
    if spec is None or not spec.submodule_search_locations:
        return {}
    table = Path(next(iter(spec.submodule_search_locations))) / "dicts" / "TSCharacters.txt"
    out: dict[str, str] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        first = values.split(" ")[0] if values else ""
        if len(key) == 1 and len(first) == 1 and first != key:
            out[key] = first
    return out


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """:func:`_t2s` as a ``str.translate`` table."""
    return {ord(k): v for k, v in _t2s().items()}


# The three below are asked about the same texts again and again in one audit (each paragraph by the
# structure analysis and by several rules: in a 50-page Word report, 1600 calls of ``simplified`` for 230
# texts, 460 of ``unglossed`` for 200, 390 of ``simplified_cell`` for 95), and are pure: their answers are
# cached as :func:`normalise`'s are (a cached answer is a str, or a list no caller changes).
@lru_cache(maxsize=8192)
def simplified(text: str) -> str:
    """``text`` in simplified characters, character for character, so an offset in it is one in ``text``
    (only a text that :func:`normalise` converts: one holding a character of ``_TRADITIONAL_MARKERS``)."""
    if not _IS_TRADITIONAL.search(text):
        return text
    return text.translate(_t2s_table())


@lru_cache(maxsize=8192)
def simplified_cell(text: str) -> str:
    """A short label (a table cell) in simplified characters, whether or not it holds a marker of
    ``_TRADITIONAL_MARKERS``: a mirror's cell “執行率” is 执行率 though no marker says it is traditional."""
    return text.translate(_t2s_table())


def _glosses(text: str) -> list[re.Match[str]]:
    """The pinyin a mirror put after the characters of ``text`` (“萬(wàn)”: a toned syllable in brackets right
    after a CJK character)."""
    return [m for m in _PINYIN.finditer(text) if m.start() and "\u3400" <= text[m.start() - 1] <= "\u9fff"]


@lru_cache(maxsize=8192)
def unglossed(text: str) -> tuple[str, list[int] | None]:
    """``text`` without the pinyin a mirror put after its characters (“收入總計(jì)” → “收入總計”), and for
    each kept character its index in ``text``; ``(text, None)`` when there is none (the usual case)."""
    glosses = _glosses(text)
    if not glosses:
        return text, None
    kept: list[int] = []
    at = 0
    for m in glosses:
        kept.extend(range(at, m.start()))
        at = m.end()
    kept.extend(range(at, len(text)))
    return "".join(text[i] for i in kept), kept


_OPPOSITE = {"增长": "下降", "增加": "减少", "上升": "下降", "下降": "增长", "减少": "增加", "降低": "增长"}
_OPPOSITE.update({"增長": "下降", "減少": "增加"})  # as mirror sites write them (traditional characters)
_NEGATIVE_CHANGE = re.compile(r"(增长|增長|增加|上升|下降|减少|減少|降低)(了|为|為)?[-－−](?=\d)")


@lru_cache(maxsize=8192)
def normalise(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, full-width digits as ASCII, without pinyin after a character and in
    simplified characters (see ``_TRADITIONAL_MARKERS``); and for each kept char its original index."""
    if not _NEEDS_NORMALISING.search(text) and not _NEGATIVE_CHANGE.search(text):
        return text, list(range(len(text)))
    t2s = _t2s() if _IS_TRADITIONAL.search(text) else {}
    skip: set[int] = set()
    for m in _glosses(text):
        skip.update(range(m.start(), m.end()))
    swapped: dict[int, str] = {}
    for m in ENTITY.finditer(text):
        ch = unescape(m.group(0))
        if len(ch) == 1:  # a known reference: its character at its “&”, the rest of it dropped
            swapped[m.start()] = " " if ch.isspace() else ch
            skip.update(range(m.start() + 1, m.end()))
    for m in _DOT_POINT.finditer(text) if "·" in text else ():
        swapped[m.start()] = "."
    for m in _CN_YEAR.finditer(text) if "〇" in text or "○" in text else ():
        for k, ch in enumerate(m.group(0)):
            swapped[m.start() + k] = _CN_DIGIT[ch]
    # “增长-5.86%” is a decrease of 5.86%: the words swapped, the sign dropped (the text is read by words)
    for m in _NEGATIVE_CHANGE.finditer(text):
        for k, ch in enumerate(_OPPOSITE[m.group(1)]):
            swapped[m.start(1) + k] = ch
        skip.add(m.end() - 1)  # the sign
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch == "\u3000" or i in skip:
            continue
        ch = swapped.get(i) or _FULLWIDTH.get(ch) or t2s.get(ch, ch)
        if ch.isspace():
            continue  # “&nbsp;”
        out.append(ch)
        idx.append(i)
    return "".join(out), idx
