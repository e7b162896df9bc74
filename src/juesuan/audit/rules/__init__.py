"""The audit rules (family A of the rule catalogue, ``data/rules/A.toml``): each a function registered with
``@audit_rule("A0xx")`` that looks at the read document, its stated facts and its tables, and returns hits.

One module per rule family; importing the package registers them all:

- :mod:`.base` — ``Context``, ``Hit``, the registry, quoting, ``to_finding`` and ``run_rules``;
- :mod:`.reading` — A001–A006, the file and its tables could be read;
- :mod:`.narrative` — A010–A023, arithmetic in the text (shares, changes, completion, parts vs totals);
- :mod:`.statements` — A024, A025, A054: the balance identity, unit slips, definitions of another term
  (and the 类 changes vs the total change, part of A014);
- :mod:`.tables` — A030–A032 and A070, identities within and across the standard tables;
- :mod:`.structure` — A040–A044, residue, years, numbering, required parts, listed tables;
- :mod:`.classification` — A050–A053, 功能分类 against the catalogue, the glossary, ``resolve_*``;
- :mod:`.performance` — A060–A064, the 绩效自评表.

Every hit carries what was found, what was expected, the quoted passage and where it is (line, paragraph or
page); :func:`run_rules` turns hits into the project's ``Finding`` objects.
"""

from __future__ import annotations

from juesuan.audit.document import Table, parse_numbering
from juesuan.audit.facts import Group
from juesuan.audit.rules import classification, narrative, performance, reading, statements, structure, tables
from juesuan.audit.rules.base import AUDIT_REGISTRY, Context, Hit, audit_rule, run_rules, to_finding
from juesuan.audit.rules.classification import resolve_class, resolve_path, resolve_path_text
from juesuan.audit.stdtables import TableFact, parse_num

__all__ = [
    "AUDIT_REGISTRY",
    "Context",
    "Group",
    "Hit",
    "Table",
    "TableFact",
    "audit_rule",
    "classification",
    "narrative",
    "parse_num",
    "parse_numbering",
    "performance",
    "reading",
    "resolve_class",
    "resolve_path",
    "resolve_path_text",
    "run_rules",
    "statements",
    "structure",
    "tables",
    "to_finding",
]
