"""Fixtures for the corpus engine: a small folder of real published texts copied to a temporary place."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1] / "shared"
REAL_TEXTS = SHARED / "corpus" / "real-texts"
REFERENCE = SHARED / "seeds" / "000_4c429ad48011f7fe.txt"


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """Fourteen real texts and the reference report, in two sub-folders."""
    root = tmp_path / "corpus"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    for k, f in enumerate(sorted(REAL_TEXTS.glob("*.txt"))):
        shutil.copy(f, root / ("a" if k % 2 else "b") / f.name)
    shutil.copy(REFERENCE, root / "a" / "reference.txt")
    return root


@pytest.fixture(scope="session")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the real texts, the reference report and the three Putuo PDFs (audited once)."""
    from juesuan.corpus.run import audit_corpus

    root = tmp_path_factory.mktemp("small")
    shutil.copytree(REAL_TEXTS, root / "corpus" / "real-texts")
    shutil.copytree(SHARED / "corpus" / "shanghai-putuo-2024", root / "corpus" / "putuo")
    shutil.copy(REFERENCE, root / "corpus" / "reference.txt")
    audit_corpus([root / "corpus"], root / "store", workers=2)
    return root / "store"
