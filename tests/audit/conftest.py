"""Fixtures of the audit tests: the shared reference documents (tests/shared) and cached audits."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path | None:
    """The shared reference documents: the copy in the repository (tests/shared), so CI audits them too."""
    for candidate in (REPO / "tests" / "shared", REPO.parent / "shared"):
        if (candidate / "seeds").is_dir() or (candidate / "corpus").is_dir():
            return candidate
    return None


SHARED = shared_dir()
REFERENCE = SHARED / "seeds" / "000_4c429ad48011f7fe.txt" if SHARED else None
CORPUS = SHARED / "corpus" / "shanghai-putuo-2024" if SHARED else None


@cache
def audited(path: str):
    from juesuan.audit.run import audit_path

    return audit_path(path)


@pytest.fixture(scope="session")
def reference() -> Path:
    if REFERENCE is None or not REFERENCE.is_file():
        pytest.skip("shared/seeds (the reference report) is not available")
    return REFERENCE


@pytest.fixture(scope="session")
def corpus() -> Path:
    if CORPUS is None or not CORPUS.is_dir():
        pytest.skip("shared/corpus/shanghai-putuo-2024 is not available")
    return CORPUS
