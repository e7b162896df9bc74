"""Writing one output file all or nothing (a temporary file beside it, then a rename).

Every command that writes a single file (a workbook, an annotated copy, a consolidated dataset, an audit's
HTML, an extracted dataset) uses this, so an interrupted or failed write never leaves half a file behind; a
failure is an ``InputError`` naming the path. ``build`` writes its several outputs through a staging
directory instead (``build.write_atomically``).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from juesuan.errors import InputError, InputProblem, message


def write_file_atomically(path: Path, content: bytes | str) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        problem = InputProblem(str(path), message("output_write", path=path, detail=exc.strerror))
        raise InputError([problem]) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
