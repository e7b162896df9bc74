"""The report as a format-neutral block list, parsed from the block markup the narrative templates emit.

Markup, one block per line: ``= title``, ``#``/``##``/``###``/``####`` headings, ``> note`` (a centred
note), ``@toc``, ``@pagebreak``, ``@table ID``, ``@chart ID``, ``@evaluation N``; any other non-empty line is
a paragraph. Renderers (HTML now; Word and PDF later) walk the same blocks, so every format shows the same
text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal[
    "title", "heading", "paragraph", "note", "toc", "pagebreak", "table", "chart", "evaluation"
]
_DIRECTIVE = re.compile(r"^@(toc|pagebreak|table|chart|evaluation)(?:\s+(\S+))?\s*$")
_HEADING = re.compile(r"^(#{1,4})\s+(.+)$")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the report: ``text`` for text blocks, ``ref`` for tables, charts and evaluations."""

    kind: BlockKind
    text: str = ""
    level: int = 0
    ref: str = ""
    anchor: str = ""


class MarkupError(ValueError):
    """A template produced a line that is not valid block markup (a template bug, not bad input)."""


def parse(markup: str) -> list[Block]:
    """Parse the block markup of a rendered narrative template."""
    blocks: list[Block] = []
    headings = 0
    for raw in markup.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("@"):
            match = _DIRECTIVE.match(line)
            if not match:
                raise MarkupError(f"unknown directive: {line!r}")
            kind, ref = match.group(1), match.group(2) or ""
            if kind in ("table", "chart", "evaluation") and not ref:
                raise MarkupError(f"directive without a reference: {line!r}")
            blocks.append(Block(kind, ref=ref))  # type: ignore[arg-type]
        elif line.startswith("= "):
            blocks.append(Block("title", line[2:].strip()))
        elif line.startswith("#"):
            match = _HEADING.match(line)
            if not match:
                raise MarkupError(f"malformed heading: {line!r}")
            headings += 1
            blocks.append(
                Block("heading", match.group(2).strip(), len(match.group(1)), anchor=f"h{headings}")
            )
        elif line.startswith("> "):
            blocks.append(Block("note", line[2:].strip()))
        else:
            blocks.append(Block("paragraph", line))
    return blocks


def plain_text(blocks: list[Block]) -> str:
    """The report's text, one block per line (tables, charts and evaluations as placeholders by id).

    This is what the golden test pins: every word the report says, in order.
    """
    out = []
    for block in blocks:
        if block.kind in ("title", "paragraph", "note"):
            out.append(block.text)
        elif block.kind == "heading":
            out.append("#" * block.level + " " + block.text)
        elif block.kind in ("table", "chart", "evaluation"):
            out.append(f"[{block.kind} {block.ref}]")
    return "\n".join(out) + "\n"
