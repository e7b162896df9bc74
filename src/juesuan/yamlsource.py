"""Read YAML into plain Python values with the line of every key, and exact Decimals for numbers.

PyYAML composes the node tree (which keeps marks); this module turns the tree into dicts, lists,
``str``, ``int``, ``bool``, ``date``, ``None`` and ``Decimal`` (never ``float``), records the 1-based
line and column of every value under its key path, and reports duplicate keys, which PyYAML would
silently overwrite.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from juesuan.errors import InputError, InputProblem, message

_SCALAR = yaml.ScalarNode
_MAPPING = yaml.MappingNode

try:  # the C composer is faster and keeps the same marks
    _BaseLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _BaseLoader = yaml.SafeLoader

# The tag of a scalar depends only on its text and whether it was quoted (the safe loader has no path
# resolvers); resolving one tries regular expressions in Python, and field names recur in every file. The
# C composer calls ``resolve`` for every node: the tags are kept by ``implicit`` (plain, quoted), then by
# text, so a known scalar costs two dictionary lookups and no tuple.
_TAGS: dict[tuple[bool, bool], dict[str, str]] = {}
_TAGS_LIMIT = 20_000
_known = 0  # texts remembered, over all ``implicit``


class _Loader(_BaseLoader):
    """The safe loader, remembering the tag each plain or quoted scalar text resolves to."""

    # The C composer calls these two around every node (~700 calls a dataset); without path resolvers (the
    # safe loader has none, see ``resolve``) they do nothing. Builtins taking the same arguments, whose
    # results the composer ignores, cost a fraction of a Python call: ~11 % of composing a dataset.
    descend_resolver = staticmethod(operator.is_)  # (current_node, current_index)
    ascend_resolver = staticmethod(tuple)  # ()

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is _SCALAR:
            tags = _TAGS.get(implicit)
            if tags is not None:
                tag = tags.get(value)
                if tag is not None:
                    return tag
            return _resolve_scalar(self, value, implicit)
        if kind is _MAPPING and not self.yaml_path_resolvers:  # the default tag, as the safe loader's
            return _MAP
        return _BaseLoader.resolve(self, kind, value, implicit)


def _resolve_scalar(loader: _Loader, value: str, implicit: tuple[bool, bool]) -> str:
    global _known
    tag: str = _BaseLoader.resolve(loader, yaml.ScalarNode, value, implicit)
    if _known < _TAGS_LIMIT:
        _TAGS.setdefault(implicit, {})[value] = tag
        _known += 1
    return tag


_MAP = "tag:yaml.org,2002:map"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"

Path_ = tuple[str | int, ...]

# The safe loader's constructors of int, bool, null and timestamp scalars, called directly: they read only
# the node and the loader's class attributes, so one loader serves every file (``construct_object`` would
# remember each node in the loader; a loader made per file, holding bound methods of itself, is ~30 objects
# of cyclic garbage for the collector).
_CONSTRUCTOR = yaml.SafeLoader("")
_SCALAR_CONSTRUCTORS = {
    tag: yaml.SafeLoader.yaml_constructors[tag] for tag in (_INT, _BOOL, _NULL, _TIMESTAMP)
}


@dataclass
class YamlDocument:
    """A parsed YAML file: its data and where each key path sits in the file."""

    file: str
    data: Any
    lines: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """Line of the value at ``path``, or of its nearest ancestor that is in the file."""
        found = self.lines.get(path) if type(path) is tuple else None
        if found is not None:
            return found[0]
        probe = tuple(path)
        while True:
            if probe in self.lines:
                return self.lines[probe][0]
            if not probe:
                return None
            probe = probe[:-1]


class _Converter:
    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, tuple[int, int]] = {}
        self.problems: list[InputProblem] = []

    def problem(self, node: yaml.Node, key: str, path: Path_, /, **params: object) -> None:
        from juesuan.errors import key_path

        self.problems.append(
            InputProblem(
                self.file,
                message(key, **params),
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                key_path(path),
            )
        )

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        mark = node.start_mark
        self.lines[path] = (mark.line + 1, mark.column + 1)
        return self._value(node, path)

    def _value(self, node: yaml.Node, path: Path_) -> Any:
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(child, (*path, i)) for i, child in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        lines = self.lines
        for key_node, value_node in node.value:
            tag = key_node.tag
            if tag == _STR:
                key = key_node.value
            elif tag == _MERGE:
                self.problem(key_node, "unsupported_yaml", path, detail="合并键 <<")
                continue
            else:
                key = self._scalar(key_node, path)
                if not isinstance(key, str):
                    if isinstance(key, int | Decimal) and not isinstance(key, bool):
                        key = str(key_node.value)  # numeric keys such as classification codes
                    else:
                        self.problem(key_node, "key_not_string", path, key=key_node.value)
                        continue
            if key in first:
                self.problem(key_node, "duplicate_key", (*path, key), key=key, first_line=first[key])
                continue
            mark = key_node.start_mark
            line = first[key] = mark.line + 1
            child = (*path, key)
            # a field is found by its key's line, not by where its (possibly nested) value starts
            lines[child] = (line, mark.column + 1)
            if type(value_node) is _SCALAR:  # most values: taken here, a string as it is
                out[key] = value_node.value if value_node.tag == _STR else self._scalar(value_node, child)
            else:
                out[key] = self._value(value_node, child)
        return out

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        if tag == _FLOAT:
            cleaned = text.replace("_", "")
            try:
                value = Decimal(cleaned)
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite():
                self.problem(node, "not_a_number", path, value=text)
                return text
            return value
        if tag in (_INT, _BOOL, _NULL, _TIMESTAMP):
            try:
                constructed = _SCALAR_CONSTRUCTORS[tag](_CONSTRUCTOR, node)
            except (ValueError, yaml.YAMLError) as exc:
                self.problem(node, "unsupported_yaml", path, detail=str(exc).splitlines()[0])
                return text
            return constructed
        self.problem(node, "unsupported_yaml", path, detail=f"标签 {tag}")
        return text


class YamlDumper(yaml.SafeDumper):
    """The project's YAML writer: amounts (``Decimal``) as exact numbers, never floats."""


YamlDumper.add_representer(Decimal, lambda d, v: d.represent_scalar(_FLOAT, str(v)))


def dump_yaml(data: Any) -> str:
    """``data`` as YAML text in the project's style (insertion order, CJK as is, lines up to 110)."""
    return yaml.dump(data, Dumper=YamlDumper, allow_unicode=True, sort_keys=False, width=110)


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a BOM is accepted); undecodable bytes are reported with their line."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([InputProblem(str(path), message("not_utf8", line=line), line)]) from None


def load_yaml(path: Path, display_name: str | None = None) -> YamlDocument:
    """Parse ``path``; raise ``InputError`` listing every syntax or structure problem found."""
    return parse_yaml(read_text(path), display_name or str(path))


def parse_yaml(text: str, name: str) -> YamlDocument:
    """Parse YAML ``text`` read from the file ``name`` (as :func:`load_yaml` does a file's text)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        detail = exc.problem or exc.context or "无法解析"
        raise InputError(
            [
                InputProblem(
                    name, message("yaml_syntax", detail=detail), line, mark.column + 1 if mark else None
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise InputError([InputProblem(name, message("yaml_syntax", detail=str(exc)))]) from None
    if node is None:
        raise InputError([InputProblem(name, message("yaml_empty"), 1)])
    converter = _Converter(name)
    data = converter.convert(node, ())
    if converter.problems:
        raise InputError(converter.problems)
    return YamlDocument(name, data, converter.lines)
