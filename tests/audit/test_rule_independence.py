"""No rule depends on another having run: every rule, run alone or in reverse order on a fresh context,
finds exactly what it finds in a normal run."""

from __future__ import annotations

import pytest

from juesuan.audit.read import read_document
from juesuan.audit.rules import AUDIT_REGISTRY, Context, run_rules, to_finding
from juesuan.rules.catalogue import load_catalogue

from .conftest import CORPUS, REFERENCE

DOCS = [p for p in (REFERENCE, CORPUS / "putuo-caizhengju-2024.pdf" if CORPUS else None) if p and p.is_file()]


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_rules_run_in_reverse_order_find_the_same(path):
    doc = read_document(path)
    findings, _ = run_rules(Context(str(path), doc))
    normal = sorted((f.rule_id, f.message) for f in findings)
    ctx = Context(str(path), doc)
    reverse = []
    for spec in reversed(load_catalogue().of_kind("audit")):
        reverse.extend((spec.id, to_finding(ctx, spec, hit).message) for hit in AUDIT_REGISTRY[spec.id](ctx))
    assert sorted(set(reverse)) == sorted(set(normal))
