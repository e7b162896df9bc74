"""Reading YAML: a scalar's type depends on its text and on whether it was quoted, however often it recurs."""

from __future__ import annotations

from decimal import Decimal

from juesuan.yamlsource import load_yaml


def test_quoted_and_plain_scalars_keep_their_types_across_files(tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text('year: 2024\ncode: "2024"\nrate: 1.50\nflag: true\nnone: null\n', encoding="utf-8")
    quoted = 'year: "2024"\ncode: 2024\nrate: "1.50"\nflag: "true"\nnone: "null"\n'
    second.write_text(quoted, encoding="utf-8")
    for _ in range(2):  # the second time every text has been seen before
        a, b = load_yaml(first).data, load_yaml(second).data
        assert a == {"year": 2024, "code": "2024", "rate": Decimal("1.50"), "flag": True, "none": None}
        assert b == {"year": "2024", "code": 2024, "rate": "1.50", "flag": "true", "none": "null"}
        assert type(a["year"]) is int and type(b["year"]) is str
