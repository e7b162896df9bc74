"""An uploaded YAML dataset is read for ``prior_year.dataset`` by the engine's own YAML reader
(``api.parse_yaml``), so the app refuses exactly what ``check`` would follow (flow style and anchors
included); a file the engine cannot parse, or a merge key it does not follow, is left to the check, which
reports it as a finding."""

from __future__ import annotations

import pytest

from juesuan_web.reports import YAML, UploadRefused, inspect_upload

MAX = 10 * 1024 * 1024


@pytest.mark.parametrize(
    "text",
    [
        "prior_year:\n  dataset: ../../../etc/passwd\n",
        "prior_year: {dataset: other.yaml}\n",
        "prior_year: &p\n  dataset: 'other.yaml'\n",
    ],
)
def test_a_yaml_naming_last_years_file_is_refused(text: str) -> None:
    with pytest.raises(UploadRefused, match="不能引用其他文件"):
        inspect_upload("dataset.yaml", text.encode(), MAX)


@pytest.mark.parametrize(
    "text",
    [
        "prior_year:\n  dataset: ''\n",  # empty: names nothing
        "prior_year:\n  dataset: null\n",
        "prior_year:\n  figures: {}\n",
        "department: {name: prior_year dataset}\n",  # the words, not the key
        "prior_year: [dataset\n",  # a syntax error: the check reports it with its line
        "- prior_year\n- dataset: x\n",  # not a mapping at the top
        # a merge key the engine does not follow (the check reports “不支持的 YAML 写法：合并键 <<”)
        "base: &p\n  dataset: other.yaml\nprior_year:\n  <<: *p\n",
    ],
)
def test_a_yaml_that_names_no_other_file_is_accepted(text: str) -> None:
    assert inspect_upload("dataset.yaml", text.encode(), MAX) == YAML
