"""The rule catalogue, its implementations and its documentation agree."""

from __future__ import annotations

from pathlib import Path

from juesuan.rules.catalogue import load_catalogue, render_markdown
from juesuan.rules.engine import REGISTRY

DOCS = Path(__file__).parent.parent / "docs" / "rules.md"
ENGINE_RULES = {"R001", "R002", "R003"}  # raised by the engine itself


def test_every_python_rule_is_implemented_and_every_implementation_is_catalogued():
    catalogue = load_catalogue()
    python_rules = {r.id for r in catalogue.of_kind("python")} - ENGINE_RULES
    assert python_rules == set(REGISTRY)


def test_every_audit_rule_is_implemented_and_every_implementation_is_catalogued():
    from juesuan.audit.rules import AUDIT_REGISTRY

    catalogue = load_catalogue()
    assert {r.id for r in catalogue.of_kind("audit")} == set(AUDIT_REGISTRY)


def test_ids_are_stable_in_form_and_never_retired():
    catalogue = load_catalogue()
    for rule_id, spec in catalogue.rules.items():
        assert len(rule_id) == 4 and rule_id[0] == spec.family and rule_id[1:].isdigit()
        assert rule_id not in catalogue.retired
        assert spec.title and spec.template and spec.hint and spec.basis


def test_identity_and_stated_bindings_exist():
    catalogue = load_catalogue()
    for spec in catalogue.of_kind("identity"):
        assert spec.identities, spec.id
    for spec in catalogue.of_kind("stated"):
        assert spec.keys, spec.id
    assert catalogue.for_stated_key("anything.at.all").id == "X005"
    assert catalogue.for_stated_key("func.201.expenditure.total").id == "H001"
    assert catalogue.for_stated_key("func.2010301.expenditure.total").id == "T013"


def test_input_rules_cover_every_message_key():
    from juesuan.errors import _catalogue as messages

    catalogue = load_catalogue()
    for key in messages():
        assert catalogue.for_input_code(key).severity == "fatal"


def test_messages_are_formal_chinese():
    for spec in load_catalogue().rules.values():
        for text in (spec.title, spec.template, spec.hint):
            for ascii_punct in ("(", ")", ";", "?"):
                assert ascii_punct not in text.replace("{", "").replace("}", ""), (spec.id, text)


def test_docs_are_generated_from_the_catalogue():
    assert DOCS.read_text(encoding="utf-8") == render_markdown(), (
        "regenerate: juesuan rules --markdown > docs/rules.md"
    )
