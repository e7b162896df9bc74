"""Input problems as data: a located, user-facing message for each thing wrong with an input file.

Reading a dataset never stops at the first problem and never raises a bare traceback at the user:
problems are collected as ``InputProblem`` records (file, line, key path, Chinese message) and, when any
exist, raised together as one ``InputError`` that the CLI prints and turns into a non-zero exit status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml


@cache
def _catalogue() -> dict[str, str]:
    text = (resources.files("juesuan") / "data" / "messages.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


class Message(str):
    """A rendered message that remembers its key in data/messages.yaml (mapped to rules by the checks)."""

    key: str = ""


def message(key: str, /, **params: object) -> Message:
    """The Chinese message ``key`` from ``data/messages.yaml`` with its placeholders filled."""
    text = Message(_catalogue()[key].format(**params))
    text.key = key
    return text


def key_path(path: tuple[str | int, ...]) -> str:
    """Render a key path as the user writes it: ``functional_items[2].expenditure.basic``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True, slots=True)
class InputProblem:
    """One problem in one input file, with where it is."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    key: str = ""
    code: str = ""  # the message key; filled from the message when not given

    def __post_init__(self) -> None:
        if not self.code:
            object.__setattr__(self, "code", getattr(self.message, "key", ""))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        suffix = f"（{self.key}）" if self.key else ""
        return f"{where}: {self.message}{suffix}"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "key": self.key,
            "code": self.code,
            "message": str(self.message),
        }


@dataclass
class InputError(Exception):
    """Raised when an input cannot be used; carries every problem found."""

    problems: list[InputProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def fail(file: str | Path, key: str, line: int | None = None, /, **params: object) -> InputError:
    """Shorthand for an ``InputError`` with one problem."""
    return InputError([InputProblem(str(file), message(key, **params), line)])
