"""The dashboard's progress percentages are rounded half up (四舍五入), as juesuan shows every figure."""

from __future__ import annotations

from juesuan_web.progress import _bar, _row


def _counts(published: int, draft: int) -> dict[str, int]:
    from juesuan_web.progress import BAR_ORDER

    counts = dict.fromkeys(BAR_ORDER, 0)
    counts["published"], counts["draft"] = published, draft
    return counts


def test_published_share_rounds_half_up() -> None:
    row = _row(None, _counts(1, 7), frozenset(), late=False)  # 12.5%
    assert row["published_percent"] == 13
    assert _row(None, _counts(0, 0), frozenset(), late=False)["published_percent"] == 0


def test_segment_labels_round_half_up_to_one_decimal() -> None:
    bar = {seg["state"]: seg for seg in _bar(_counts(1, 15), 16)}  # 6.25% and 93.75%
    assert bar["published"]["percent_label"] == "6.3"
    assert bar["draft"]["percent_label"] == "93.8"
