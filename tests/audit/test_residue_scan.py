"""The residue scan's look-ahead (``structure._RESIDUE_FIRST``) lists every character a residue match can
begin with: derived here from the patterns themselves, so a pattern added later cannot be skipped. The one
pattern that opens on a digit (a stray point) and the prose slips are looked for behind literals they must
hold: on every line of the labelled corpus, the gates answer as the patterns do."""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
from pathlib import Path

from juesuan.audit.normalise import normalise
from juesuan.audit.rules import structure

_DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"
_DIGITS = set("0123456789")


def _first(items: sre_parse.SubPattern | list) -> set[str] | None:
    """The characters a match of ``items`` can begin with (digits as 0-9); None when any may."""
    for op, av in items:
        if (op in (sre.ASSERT, sre.ASSERT_NOT) and av[0] == -1) or op is sre.AT:
            continue  # a look-behind or an anchor: zero width, the next item begins the match
        if op is sre.LITERAL:
            return {chr(av)}
        if op is sre.IN:
            chars: set[str] = set()
            for kind, arg in av:
                if kind is sre.LITERAL:
                    chars.add(chr(arg))
                elif kind is sre.RANGE and arg[1] - arg[0] < 256:
                    chars.update(chr(c) for c in range(arg[0], arg[1] + 1))
                elif kind is sre.CATEGORY and arg is sre.CATEGORY_DIGIT:
                    chars |= _DIGITS
                else:
                    return None
            return chars
        if op is sre.SUBPATTERN:
            return _first(av[-1])
        if op is sre.BRANCH:
            branches = [_first(b) for b in av[1]]
            if any(b is None for b in branches):
                return None
            return set().union(*branches)  # type: ignore[arg-type]
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            return _first(av[2]) if av[0] > 0 else None
        return None
    return None


_PATTERNS = [p.pattern for p, _, _ in structure._RESIDUE] + [
    p.pattern
    for p in (
        structure._DOUBLE_PUNCT,
        structure._STRAY_COMMA,
        structure._WRONG_TERM,
        structure._OPEN_DOC_YEAR,
    )
]


def test_look_ahead_covers_every_residue_pattern() -> None:
    allowed = set(structure._RESIDUE_FIRST)
    assert _first(sre_parse.parse(structure._STRAY_POINT.pattern)) == _DIGITS
    for pattern in _PATTERNS:
        first = _first(sre_parse.parse(pattern))
        assert first is not None, (
            f"cannot tell how {pattern!r} begins: extend the test or drop the look-ahead"
        )
        assert first <= allowed, f"{pattern!r} may begin with {''.join(sorted(first - allowed))}"


def test_scan_matches_as_the_patterns_without_look_ahead() -> None:
    plain = re.compile("|".join(_PATTERNS))
    texts = [
        "支出增加/减少",
        "部门（单位）名称概况",
        "合计XX万元",
        "收入，，支出",
        "占,12%",
        "为1.5.万元",
        "附：名称解释",
        "比上年增长万元",
        "１２.３.万元",
        "无增加或减少",
        "一般公共预算支出",
    ]
    for text in texts:
        scanned, found = structure._ANY_RESIDUE.search(text), plain.search(text)
        assert (scanned and scanned.span()) == (found and found.span()), text
        assert structure._any_residue(text) == bool(found or structure._STRAY_POINT.search(text)), text
    assert structure._ANY_RESIDUE.search("一般公共预算支出") is None
    assert structure._any_residue("为1.5.万元") and structure._any_residue("增长1.5.%")
    assert not structure._any_residue("为1.5万元")


def test_gates_answer_as_the_patterns_on_the_corpus() -> None:
    extra = (structure._STRAY_LIST_COMMA, structure._COMMA_AT_CLOSE, structure._STRAY_POINT)
    plain = re.compile("|".join([*_PATTERNS, *(p.pattern for p in extra)]))
    lines = {
        normalise(line)[0]
        for path in sorted(_DOCS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    lines |= {"收入1.25.万元", "比上年增长3.5.%", "原因是主要是", "其中:其中:", "西部(重庆)重庆科学城"}
    for line in lines:
        assert structure._any_residue(line) == bool(plain.search(line)), line
        slips = any(p.search(line) for p, _ in structure._PROSE_SLIPS)
        assert structure._any_prose_slip(line) == slips, line
