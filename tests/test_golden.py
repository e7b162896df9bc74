"""Golden test: the example's complete text (narrative, tables, 自评表, chart data) is pinned.

After an intended change, regenerate with ``JUESUAN_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and
review the diff like any other change to the report.
"""

from __future__ import annotations

import os
from pathlib import Path

from juesuan.build import prepare
from juesuan.render.text import render_text

from .conftest import EXAMPLE

GOLDEN = Path(__file__).parent / "golden" / "jinkouhe-xinfang-2024.txt"


def test_example_text_matches_golden():
    text = render_text(prepare(EXAMPLE))
    if os.environ.get("JUESUAN_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert text == expected, "the report text changed; review and regenerate the golden file"
