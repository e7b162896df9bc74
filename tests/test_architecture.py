"""Architecture checks: the modules of juesuan and juesuan_web form no import cycle, and no module imports
another module's private (underscore) names.

The import graph is built statically from the sources with `ast`, imports inside functions included: a lazy
import is still a dependency, and lazy imports are how cycles hide.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGES = ("juesuan", "juesuan_web")

# Known violations (none left since the one-load/facade work of issue 13). An entry that no longer occurs
# fails the test, so this list only shrinks.
ALLOWED_CYCLES: set[tuple[str, ...]] = set()
ALLOWED_PRIVATE: set[tuple[str, str, str]] = set()


@dataclass(frozen=True)
class Import:
    """One imported module (and, for `from m import n`, the name) at a line of a module."""

    source: str
    target: str
    name: str | None
    line: int


def _module_name(path: Path, root: Path = SRC) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((SRC / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module a `from ... import` statement names."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imports(modules: dict[str, Path]) -> list[Import]:
    """Every import, anywhere in a module's body, of one of our own modules."""
    found: list[Import] = []
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in modules:
                        found.append(Import(module, alias.name, None, node.lineno))
            elif isinstance(node, ast.ImportFrom):
                target = _resolve(module, is_package, node)
                for alias in node.names:
                    submodule = f"{target}.{alias.name}"
                    if submodule in modules:  # `from package import submodule`
                        found.append(Import(module, submodule, None, node.lineno))
                    elif target in modules:
                        found.append(Import(module, target, alias.name, node.lineno))
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), plus modules importing
    themselves, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def _graph(imports: list[Import]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if imp.target == imp.source:
            continue
        graph.setdefault(imp.source, set()).add(imp.target)
    return graph


def _private_imports(imports: list[Import]) -> set[tuple[str, str, str]]:
    return {
        (imp.source, imp.target, imp.name)
        for imp in imports
        if imp.name is not None and imp.name.startswith("_") and not imp.name.startswith("__")
    }


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return _imports(_modules())


def test_scanner_sees_lazy_relative_and_package_imports(tmp_path: Path) -> None:
    """The scanner itself, on a made-up package: an import inside a function counts, a relative import is
    resolved, ``from package import module`` names the module, and a cycle is found."""
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from pkg import a\n")
    (pkg / "a.py").write_text("def f():\n    from .sub.b import _hidden\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "b.py").write_text("from .. import c\n_hidden = 1\n")
    (pkg / "c.py").write_text("import pkg.a\n")
    modules = {_module_name(p, tmp_path): p for p in sorted(pkg.rglob("*.py"))}
    found = _imports(modules)
    edges = {(imp.source, imp.target) for imp in found}
    assert edges == {("pkg", "pkg.a"), ("pkg.a", "pkg.sub.b"), ("pkg.sub.b", "pkg.c"), ("pkg.c", "pkg.a")}
    assert _private_imports(found) == {("pkg.a", "pkg.sub.b", "_hidden")}
    assert _cycles(_graph(found)) == [["pkg.a", "pkg.c", "pkg.sub.b"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles(imports: list[Import]) -> None:
    cycles = {tuple(c) for c in _cycles(_graph(imports))}
    new = sorted(cycles - ALLOWED_CYCLES)
    assert not new, "import cycles between modules:\n" + "\n".join(" ↔ ".join(c) for c in new)
    gone = sorted(ALLOWED_CYCLES - cycles)
    assert not gone, f"allow-listed cycles no longer occur, remove them from ALLOWED_CYCLES: {gone}"


def test_no_private_names_imported_across_modules(imports: list[Import]) -> None:
    private = _private_imports(imports)
    new = sorted(private - ALLOWED_PRIVATE)
    lines = {(imp.source, imp.target, imp.name): imp.line for imp in imports}
    assert not new, "private names imported from another module:\n" + "\n".join(
        f"{source}:{lines[source, target, name]} imports {name} from {target}" for source, target, name in new
    )
    gone = sorted(ALLOWED_PRIVATE - private)
    assert not gone, f"allow-listed private imports no longer occur, remove them from ALLOWED_PRIVATE: {gone}"


def test_web_app_calls_the_engine_only_through_its_facade(imports: list[Import]) -> None:
    """``juesuan_web`` imports nothing of the engine but ``juesuan.api``."""
    reaching = sorted(
        f"{imp.source}:{imp.line} imports {imp.target}"
        for imp in imports
        if imp.source.split(".")[0] == "juesuan_web"
        and imp.target.split(".")[0] == "juesuan"
        and imp.target != "juesuan.api"
    )
    assert not reaching, "the web app reaches past juesuan.api:\n" + "\n".join(reaching)


CLICK_ALLOWED = ("juesuan.cli", "juesuan_web.cli")  # the command line (and the web app's `serve` command)


def test_only_the_command_line_imports_click() -> None:
    """Commands live in ``juesuan.cli``; the library below it never imports click."""
    found = []
    for module, path in _modules().items():
        if any(module == allowed or module.startswith(f"{allowed}.") for allowed in CLICK_ALLOWED):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            if any(n == "click" or n.startswith("click.") for n in names):
                found.append(f"{module}:{node.lineno}")
    assert not found, "click imported outside the command line: " + ", ".join(found)


def test_the_architecture_map_names_every_engine_module() -> None:
    """docs/architecture.md is the one-page map of which module owns each step: a module added to the
    engine must be given its place there (named by its dotted path below ``juesuan`` or, inside a family
    the map lists, by its own name)."""
    text = (SRC.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = []
    for path in sorted((SRC / "juesuan").rglob("*.py")):
        if path.name.startswith("__"):
            continue
        dotted = _module_name(path).removeprefix("juesuan.")
        last = dotted.rsplit(".", 1)[-1]
        named = re.search(r"`(?:juesuan\.)?" + re.escape(dotted) + r"[`.( ]", text)
        if not named and f"`{last}`" not in text:
            missing.append(dotted)
    assert not missing, f"modules docs/architecture.md does not place: {missing}"


def _module_level_rebindings(source: str) -> list[tuple[str, int]]:
    """Names a module binds twice at its top level (plain or annotated assignment, def, class): a merge
    that brings two helpers' ``_OWNER`` patterns into one module silently makes every use read the last."""
    first: dict[str, int] = {}
    again: list[tuple[str, int]] = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            names = [node.target.id]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names = [node.name]
        else:
            continue
        for name in names:
            if name in first and name != "__all__":
                again.append((name, node.lineno))
            first.setdefault(name, node.lineno)
    return again


def test_the_rebinding_scan_sees_a_second_pattern() -> None:
    source = 'import re\n_OWNER = re.compile("a")\n\ndef f():\n    pass\n\n_OWNER = re.compile("b")\n'
    assert _module_level_rebindings(source) == [("_OWNER", 7)]
    assert _module_level_rebindings("X = 1\nY = X\n") == []


def test_no_module_binds_a_name_twice() -> None:
    """No module of the engine or the web app binds one top-level name twice."""
    found = [
        f"{module}:{line} {name}"
        for module, path in _modules().items()
        for name, line in _module_level_rebindings(path.read_text(encoding="utf-8"))
    ]
    assert not found, "top-level names bound twice: " + ", ".join(found)
