"""The form of the auditor's (and the checker's) Chinese messages, as a finance official reads them.

Every audit message on every corpus text (tests/corpus/docs/*.txt) is swept for slips of our own wording:
unpaired or doubled “ ”, ASCII punctuation inside a Chinese sentence, a number with more than four
decimals, “-0.00”, a negative after a direction word (“增加-5.00”), “None”, “nan” and stray braces. The
document's own text is taken as printed (the quoted 原文, a label or fragment as the document prints it),
so a slip is ours only where the message does not print it from the document.

Beside the sweep, the corrected messages of the review are pinned: a label holding “三公” is quoted once,
and the A021 unit list is cut between names (the checker's units: tests/test_rules.py).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from juesuan.audit.normalise import simplified, unglossed
from juesuan.audit.rules.base import quoted
from juesuan.audit.run import audit_path

from .conftest import REPO

DOCS = REPO / "tests" / "corpus" / "docs"
TEXTS = sorted(DOCS.glob("*.txt"))

_SPACE = re.compile(r"\s+")
_OWN_SLIPS = {
    "ASCII punctuation in a Chinese sentence": re.compile(
        r"(?<=[\u4e00-\u9fff“”（）：，；。、])[,;:()]|[,;:()](?=[\u4e00-\u9fff“”（）：，；。、])"
    ),
    "more than 4 decimals": re.compile(r"\d\.\d{5,}"),
    "a negative zero": re.compile(r"[-−－]0(?:\.0+)?(?![\d.]*[1-9])"),
    "a negative after a direction word": re.compile(r"(?:增加|减少|增长|下降|增|减)[-−－]"),
    "a placeholder left in": re.compile(r"(?<![A-Za-z])(?:None|nan|NaN)(?![A-Za-z])|[{}]"),
}
_QUOTED = re.compile(r"“([^“”\x00]+)”")
_HIDDEN = "\x00"


@cache
def _printed_forms(path: Path) -> tuple[str, ...]:
    """The document's text as the auditor may print it: as read, in simplified characters, without a
    mirror's pinyin, without spaces."""
    text = path.read_text(encoding="utf-8")
    forms = {text, simplified(text), unglossed(simplified(text))[0]}
    forms |= {_SPACE.sub("", t) for t in list(forms)}
    return tuple(forms)


def _is_printed(fragment: str, forms: tuple[str, ...]) -> bool:
    return any(fragment in f for f in forms)


def _own_text(message: str, quote: str, forms: tuple[str, ...]) -> str:
    """The message with what it prints from the document hidden: the quoted 原文, every run of four or more
    characters the document prints (the longest from the left), then every quoted fragment it prints."""
    if quote and quote in message:
        message = message.replace(quote, _HIDDEN * len(quote))
    out, i = list(message), 0
    while i < len(message):
        j = i + 4
        if j > len(message) or _HIDDEN in message[i:j] or not _is_printed(message[i:j], forms):
            i += 1
            continue
        while j < len(message) and message[j] != _HIDDEN and _is_printed(message[i : j + 1], forms):
            j += 1
        out[i:j] = _HIDDEN * (j - i)
        i = j
    return _QUOTED.sub(
        lambda m: "“" + (_HIDDEN * len(m.group(1)) if _is_printed(m.group(1), forms) else m.group(1)) + "”",
        "".join(out),
    )


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _slips(path: Path) -> list[str]:
    forms = _printed_forms(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[str] = []
    for f in audit_path(path).findings:
        quote = str(f.params.get("quote", ""))
        said = f"{path.name} {f.rule_id}: {f.message}"
        outside_quote = f.message.replace(quote, _HIDDEN) if quote else f.message
        if "““" in outside_quote or "””" in outside_quote:
            found.append(f"doubled quotation marks — {said}")
        own = _own_text(f.message, quote, forms)
        if not _balanced(outside_quote) and not _balanced(own):  # unpaired, and not as the document prints
            found.append(f"unpaired quotation marks — {said}")
        for what, pattern in _OWN_SLIPS.items():
            m = next((m for m in pattern.finditer(own) if _HIDDEN not in m.group(0)), None)
            if m is not None:
                found.append(f"{what} ({m.group(0)!r}) — {said}")
        # an excerpt of the document pairs its marks as the document does: a cut never splits a quotation
        core = quote.strip("…")
        if core and not _balanced(core):
            printed_unpaired = any(
                (core[:30] in line or core[-30:] in line) and not _balanced(line) for line in lines
            )
            if not printed_unpaired:
                found.append(f"an excerpt cut inside a quotation — {said}")
    return found


@pytest.mark.parametrize("path", TEXTS, ids=[p.stem for p in TEXTS])
def test_corpus_messages_have_no_slips_of_form(path: Path) -> None:
    assert _slips(path) == []


# --- the corrected messages ---------------------------------------------------------------------------


def _messages(name: str, rule_id: str) -> list[str]:
    return [f.message for f in audit_path(DOCS / name).findings if f.rule_id == rule_id]


def test_a_label_is_quoted_once() -> None:
    assert quoted("公务接待费") == "“公务接待费”"
    assert quoted("“三公”经费") == "“三公”经费"  # its own marks: not wrapped again
    assert quoted("镇本级“三公”经费") == "镇本级“三公”经费"
    # the opening mark cut off with the year (“2022年“三公”经费…”), a straight closing mark
    assert quoted("三公”经费财政拨款支出") == "“三公”经费财政拨款支出"
    assert quoted("的“三公\"经费决算数合计") == "的“三公”经费决算数合计"
    assert quoted("“三公经费") == "“三公经费”"
    # g22-03: a subject lost to a mirror's encoding fault is “该项”, not an empty “”
    assert quoted("") == "该项" and quoted("  ") == "该项"
    # g6-08: the “三公” total named from the catalogue, once quoted (was ““三公”经费”), its parts' changes in
    # full-width brackets (was “(-16.00)＋(-2.50)”), 因公出国（境）费 written as the message's own words
    [on_prior] = [m for m in _messages("g6-08.txt", "A014") if "与上年相比的增减额" in m]
    assert on_prior.startswith("“三公”经费与上年相比的增减额：减少19.00万元，")
    assert "各项增减额（-16.00）＋（-2.50）＝-18.50万元" in on_prior
    assert "未列出的因公出国（境）费本年为0" in on_prior
    # g7-10: a label read after “2022年“ keeps its opening mark (was “三公”经费财政拨款支出”与上年相比)
    on_g7_10 = [*_messages("g7-10.txt", "A014"), *_messages("g7-10.txt", "A020")]
    assert any(m.startswith("“三公”经费财政拨款支出与上年相比：增加2.4万元") for m in on_g7_10)
    assert any(m.startswith("“三公”经费财政拨款支出：合计为3.46万元") for m in on_g7_10)


def test_an_excerpt_is_not_cut_inside_a_quotation() -> None:
    # g19-02: the 150-character excerpt ended “…加大对公车“定点…”, opening a quotation it never closed
    [msg] = [m for m in _messages("g19-02.txt", "A014") if m.startswith("“公务用车运行费”与上年相比")]
    assert msg.endswith("认真落实公车运行费用定额标准,加大对公车…”")


def test_the_unit_list_is_cut_between_names(tmp_path: Path) -> None:
    from .test_units import _doc

    names = [f"乐山市金口河区第{n}综合行政执法服务中心" for n in "一二三四五六七"]
    listing = "".join(f"{k}.{name}\n" for k, name in enumerate(names, 2))
    scope = "纳入本部门2024年度部门决算编制范围的单位包括：\n1.乐山市金口河区教育局本级\n"
    path = _doc(tmp_path, "本部门下属二级预算单位9个。\n" + scope + listing)
    [msg] = [f.message for f in audit_path(path).findings if f.rule_id == "A021"]
    # was cut at 60 characters inside a name, with no mark of the cut
    assert "：列出了8个（本级以外7个）：乐山市金口河区教育局本级、乐山市金口河区第一综合" in msg
    assert "、乐山市金口河区第二综合行政执法服务中心等，个数应与所列一致。" in msg, msg
