"""Deterministic single-defect mutants of the reference report, for the mutation test.

Five kinds of defect, each injected once per mutant into the narrative (the 决算说明 and the 绩效评价报告,
lines 1–160 of the reference): a changed figure (an amount in 万元 scaled by 1.1–1.9), a changed share
(a printed percentage after 占 moved by 0.5–5 points), a flipped direction word (增加↔减少, 增长↔下降,
大于↔小于, 等于→大于), a placeholder inserted into a sentence (XX, ××, 增加/减少, %%, #REF!) and a wrong
year (the report year or the previous year replaced by another). The random generator is seeded, so the
mutants are the same on every run.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from decimal import Decimal

NARRATIVE = range(1, 161)  # 1-based lines of the narrative in the reference text


@dataclass(frozen=True)
class Mutant:
    kind: str
    line: int  # 1-based
    before: str
    after: str
    text: str  # the whole mutated document


def _replace_at(lines: list[str], idx: int, start: int, end: int, new: str) -> str:
    out = list(lines)
    out[idx] = out[idx][:start] + new + out[idx][end:]
    return "\n".join(out)


def mutants(text: str, seed: int = 20240531) -> list[Mutant]:
    rng = random.Random(seed)
    lines = text.split("\n")
    sites: dict[str, list[tuple[int, re.Match]]] = {"figure": [], "share": [], "direction": [], "year": []}
    for i in NARRATIVE:
        line = lines[i - 1]
        for m in re.finditer(r"(?<![\d.])(\d+(?:\.\d+)?)(?=万元)", line):
            if Decimal(m.group(1)) != 0 and not line[m.end() : m.end() + 8].startswith("万元（含）以上"):
                sites["figure"].append((i, m))
        for m in re.finditer(r"(?<=占)(?:[^，。；\d]{0,12}?)(\d+(?:\.\d+)?)(?=%)", line):
            sites["share"].append((i, m))
        # direction words of quantitative statements: before a number, or comparing 决算数 with 预算数
        for m in re.finditer(
            r"(增加|减少|增长|下降)(?=各?\d+(?:\.\d+)?(?:万元|%))|(?<=决算数)(大于|小于|等于)", line
        ):
            if line[max(0, m.start() - 1) : m.start()] in ("/", "增"):
                continue
            sites["direction"].append((i, m))
        for m in re.finditer(r"(20\d\d)(?=年)", line):
            sites["year"].append((i, m))
    flips = {
        "增加": "减少",
        "减少": "增加",
        "增长": "下降",
        "下降": "增长",
        "大于": "小于",
        "小于": "大于",
        "等于": "大于",
    }
    out: list[Mutant] = []

    def pick(kind: str, n: int) -> list[tuple[int, re.Match]]:
        pool = sites[kind]
        return [pool[k] for k in sorted(rng.sample(range(len(pool)), min(n, len(pool))))]

    for i, m in pick("figure", 40):
        raw = m.group(1)
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        factor = Decimal(rng.choice(["1.1", "1.2", "1.3", "1.5", "1.9"]))
        new = f"{Decimal(raw) * factor:.{decimals}f}"
        if new == raw:
            new = f"{Decimal(raw) + 1:.{decimals}f}"
        out.append(Mutant("figure", i, raw, new, _replace_at(lines, i - 1, m.start(1), m.end(1), new)))
    for i, m in pick("share", 20):
        raw = m.group(1)
        delta = Decimal(rng.choice(["0.5", "1", "2.5", "5"]) if "." in raw else rng.choice(["1", "2", "5"]))
        value = Decimal(raw) + delta if Decimal(raw) < 95 else Decimal(raw) - delta
        new = f"{value:.2f}" if "." in raw else str(value)
        out.append(Mutant("share", i, raw, new, _replace_at(lines, i - 1, m.start(1), m.end(1), new)))
    for i, m in pick("direction", 20):
        new = flips[m.group(0)]
        out.append(
            Mutant("direction", i, m.group(0), new, _replace_at(lines, i - 1, m.start(), m.end(), new))
        )
    placeholders = ["XX", "××", "增加/减少", "%%", "#REF!"]
    candidates = [i for i in NARRATIVE if "。" in lines[i - 1] and len(lines[i - 1]) > 20]
    for k, i in enumerate(sorted(rng.sample(candidates, 15))):
        line = lines[i - 1]
        pos = line.index("。")
        new = placeholders[k % len(placeholders)]
        out.append(Mutant("placeholder", i, "", new, _replace_at(lines, i - 1, pos, pos, new)))
    for i, m in pick("year", 15):
        raw = m.group(1)
        new = str(int(raw) + rng.choice([-2, -1, 1]))
        out.append(Mutant("year", i, raw, new, _replace_at(lines, i - 1, m.start(1), m.end(1), new)))
    return out
