"""Text a person left unfinished: template placeholders and filling-in instructions.

One pattern, used by the check engine on a dataset's texts (rule C004, before a report is made) and by the
auditor on published reports (rule A040, after).
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])X{2,}(?![A-Za-z])|×{2,}|\*{2,}|＊{2,}|某某|待填写|待补充|待定|（如持平作持平表述）|仍保留该表格式，并在本表下方作下述说明"
)
