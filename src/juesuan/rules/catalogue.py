"""The rule catalogue: one TOML file per family under ``data/rules``, the single source of truth.

Each entry gives a rule's stable id, slug, severity, Chinese title, message template, hint, basis, tags,
tables and how it is implemented (``kind``). ``render_markdown`` generates ``docs/rules.md`` from it.
"""

from __future__ import annotations

import fnmatch
import string
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any, TypeVar

from juesuan.findings import SEVERITIES, Severity, severity_name

F = TypeVar("F", bound=Callable[..., Any])

KINDS = ("input", "identity", "stated", "python", "audit", "corpus")
_REQUIRED = ("id", "slug", "severity", "title", "template", "hint", "basis", "tags", "tables", "kind")


def registrar(registry: dict[str, F], what: str = "rule") -> Callable[[str], Callable[[F], F]]:
    """The decorator that registers the implementation of catalogue rule ``rule_id`` in ``registry``
    (each id once): ``@rule("T001")`` for the dataset checker, ``@audit_rule("A010")`` for the auditor."""

    def decorator(rule_id: str) -> Callable[[F], F]:
        def register(fn: F) -> F:
            if rule_id in registry:
                raise ValueError(f"{what} {rule_id} registered twice")
            registry[rule_id] = fn
            return fn

        return register

    return decorator


@dataclass(frozen=True)
class RuleSpec:
    """One catalogue entry."""

    id: str
    slug: str
    family: str
    family_title: str
    severity: Severity
    title: str
    template: str
    hint: str
    basis: str
    kind: str
    tags: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    description: str = ""
    codes: tuple[str, ...] = ()
    identities: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    placeholders: frozenset[str] = field(default_factory=frozenset)

    def format(self, params: Mapping[str, object]) -> str:
        return self.template.format(**params)

    def matches_identity(self, name: str) -> bool:
        return any(name == p or (p.endswith("*") and name.startswith(p[:-1])) for p in self.identities)

    def matches_key(self, key: str) -> bool:
        return any(fnmatch.fnmatchcase(key, p) for p in self.keys)


class CatalogueError(ValueError):
    """The catalogue files are inconsistent (a developer error, caught by the tests)."""


@dataclass(frozen=True)
class Catalogue:
    """All rules, by id, in catalogue order."""

    rules: dict[str, RuleSpec]
    retired: frozenset[str]
    # the lookups' memo (the rules never change after loading): (lookup, argument) → rule
    _memo: dict[tuple[str, str], RuleSpec | None] = field(default_factory=dict, compare=False, repr=False)

    def __getitem__(self, rule_id: str) -> RuleSpec:
        return self.rules[rule_id]

    def of_kind(self, kind: str) -> list[RuleSpec]:
        return [r for r in self.rules.values() if r.kind == kind]

    def for_input_code(self, code: str) -> RuleSpec:
        """The input rule that reports a message key (``*`` is the catch-all)."""
        fallback = None
        for rule in self.of_kind("input"):
            if code in rule.codes:
                return rule
            if "*" in rule.codes:
                fallback = rule
        if fallback is None:
            raise CatalogueError("no input rule catches all message keys")
        return fallback

    @cached_property
    def _identity_patterns(self) -> tuple[tuple[RuleSpec, frozenset[str], tuple[str, ...]], ...]:
        """The identity rules in order, each with its patterns as names and as prefixes (``p*``): what
        ``RuleSpec.matches_identity`` tries, in two tests (identity names with codes recur little)."""
        return tuple(
            (r, frozenset(r.identities), tuple(p[:-1] for p in r.identities if p.endswith("*")))
            for r in self.of_kind("identity")
        )

    def for_identity(self, name: str) -> RuleSpec | None:
        """The identity rule whose patterns match the identity ``name``, or None."""
        memo = ("identity", name)
        if memo not in self._memo:
            self._memo[memo] = next(
                (
                    r
                    for r, names, prefixes in self._identity_patterns
                    if name in names or name.startswith(prefixes)
                ),
                None,
            )
        return self._memo[memo]

    def for_stated_key(self, key: str) -> RuleSpec:
        """The stated rule owning ``key``: the most specific pattern wins (catch-all ``*`` last)."""
        memo = ("stated", key)
        found = self._memo.get(memo)
        if found is None:
            found = self._memo[memo] = self._for_stated_key(key)
        return found

    def _for_stated_key(self, key: str) -> RuleSpec:
        best: tuple[int, RuleSpec] | None = None
        for rule in self.of_kind("stated"):
            for pattern in rule.keys:
                if fnmatch.fnmatchcase(key, pattern):
                    score = len(pattern.replace("*", ""))
                    if best is None or score > best[0]:
                        best = (score, rule)
        if best is None:
            raise CatalogueError(f"no stated rule for {key}")
        return best[1]


def _placeholders(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


@cache
def load_catalogue() -> Catalogue:
    """Read and validate every ``data/rules/*.toml``."""
    folder = resources.files("juesuan") / "data" / "rules"
    rules: dict[str, RuleSpec] = {}
    retired: frozenset[str] = frozenset()
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        if entry.name == "retired.toml":
            retired = frozenset(data.get("retired", []))
            continue
        family, family_title = data["family"], data["family_title"]
        for raw in data.get("rule", []):
            missing = [k for k in _REQUIRED if k not in raw]
            if missing:
                raise CatalogueError(f"{entry.name}: rule {raw.get('id')} lacks {missing}")
            if raw["id"] in rules:
                raise CatalogueError(f"duplicate rule id {raw['id']}")
            if (
                not raw["id"].startswith(family)
                or raw["kind"] not in KINDS
                or raw["severity"] not in SEVERITIES
            ):
                raise CatalogueError(f"{entry.name}: rule {raw['id']} has a bad id, kind or severity")
            rules[raw["id"]] = RuleSpec(
                id=raw["id"],
                slug=raw["slug"],
                family=family,
                family_title=family_title,
                severity=raw["severity"],
                title=raw["title"],
                template=raw["template"],
                hint=raw["hint"],
                basis=raw["basis"],
                kind=raw["kind"],
                tags=tuple(raw["tags"]),
                tables=tuple(raw["tables"]),
                description=raw.get("description", ""),
                codes=tuple(raw.get("codes", ())),
                identities=tuple(raw.get("identities", ())),
                keys=tuple(raw.get("keys", ())),
                placeholders=_placeholders(raw["template"]),
            )
    reused = retired & rules.keys()
    if reused:
        raise CatalogueError(f"retired rule ids reused: {sorted(reused)}")
    return Catalogue(rules, retired)


_KIND_DOC = {
    "input": "reading the input",
    "identity": "identity of the derivation layer",
    "stated": "stated figure vs derived figure",
    "python": "rule function",
    "audit": "audit of a published report (juesuan.audit.rules)",
    "corpus": "check across the documents of a corpus store (juesuan.corpus.crosscheck)",
}


def render_markdown(catalogue: Catalogue | None = None) -> str:
    """``docs/rules.md``: every rule with its id, severity, texts and binding (generated, do not edit)."""
    cat = catalogue or load_catalogue()
    lines = [
        "# Rule catalogue",
        "",
        "Generated from `src/juesuan/data/rules/*.toml` by `juesuan rules --markdown`; do not edit by hand.",
        "",
        "Severities: fatal (阻断: the input cannot be used), error (错误: the report would contradict "
        "itself; `build` refuses), warning (警告: needs an explanation or a look), info (提示).",
        "",
        "| id | severity | title | tables |",
        "|---|---|---|---|",
    ]
    for rule in cat.rules.values():
        lines.append(
            f"| [{rule.id}](#{rule.id.lower()}) | {rule.severity} | {rule.title} | "
            f"{'、'.join(rule.tables) or '—'} |"
        )
    family = None
    for rule in cat.rules.values():
        if rule.family != family:
            family = rule.family
            lines += ["", f"## {family} — {rule.family_title}"]
        lines += [
            "",
            f"### {rule.id}",
            "",
            f"**{rule.title}** (`{rule.slug}`) — {rule.severity}（{severity_name(rule.severity)}）",
            "",
        ]
        if rule.description:
            lines += [rule.description, ""]
        lines += [
            f"- Message: {rule.template}",
            f"- Fix: {rule.hint}",
            f"- Basis: {rule.basis}",
            f"- Implemented as: {_KIND_DOC[rule.kind]}"
            + (
                f" — {', '.join(f'`{x}`' for x in (*rule.identities, *rule.keys))}"
                if rule.identities or rule.keys
                else ""
            ),
        ]
        if rule.tags:
            lines.append(f"- Tags: {', '.join(rule.tags)}")
    return "\n".join(lines) + "\n"
