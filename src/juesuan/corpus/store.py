"""The corpus store: a directory of Parquet tables written in atomic batches, with a manifest.

Layout (``docs/corpus.md``)::

    STORE/store.json                                  format name and schema version
    STORE/<table>/region=<r>/year=<y>/<batch>.parquet   documents | findings | figures
    STORE/_manifest/<seq>-<id>.json                   one per committed batch: its files, what it retires

A batch is committed in this order: every Parquet file is written under a temporary name, flushed to disk
and renamed into place; then the batch's manifest entry is written the same way. A file no manifest
entry lists is a leftover of a killed run and is deleted when the store is next opened for writing, so
a run killed at any moment (``kill -9``) leaves the committed batches and nothing else: a document is in
the store exactly when its batch's manifest entry exists. A changed file retires its earlier rows: the
manifest entry names them, and the files holding them are rewritten without them (then marked done), so
every path is present once, at its latest SHA-256.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from juesuan.corpus.analyse import Rows
from juesuan.corpus.schema import SCHEMA_VERSION, TABLES, UNKNOWN_REGION

FORMAT = "juesuan-corpus"
MANIFEST = "_manifest"


class StoreError(Exception):
    """The store cannot be used (another version, locked by another run, not a store)."""


def _partition_value(text: str) -> str:
    text = re.sub(r"[/\\=\x00]", "_", text.strip()) or UNKNOWN_REGION
    return "_" + text if text.startswith(".") else text


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_table_atomic(path: Path, table: pa.Table) -> None:
    """Write ``table`` to ``path`` through a temporary file, flushed, then renamed (all or nothing)."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class Store:
    """A corpus store directory. ``Store(path)`` reads; ``Store.open(path, write=True)`` also writes."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        meta = self.root / "store.json"
        if not meta.exists():
            raise StoreError(f"“{self.root}”不是语料库（缺少store.json）")
        info = json.loads(meta.read_text(encoding="utf-8"))
        if info.get("format") != FORMAT or info.get("schema_version") != SCHEMA_VERSION:
            raise StoreError(
                f"“{self.root}”的结构版本为{info.get('schema_version')}，本程序为{SCHEMA_VERSION}"
            )
        self._lock_fd: int | None = None

    @classmethod
    def open(cls, root: str | Path, write: bool = False) -> Store:
        """Open (creating when ``write``) a store; a writer holds a lock and cleans up a killed run."""
        root = Path(root)
        if write:
            root.mkdir(parents=True, exist_ok=True)
            meta = root / "store.json"
            if not meta.exists():
                body = {"format": FORMAT, "schema_version": SCHEMA_VERSION}
                _write_atomic(meta, json.dumps(body, ensure_ascii=False, indent=2).encode())
            (root / MANIFEST).mkdir(exist_ok=True)
        store = cls(root)
        if write:
            fd = os.open(root / ".lock", os.O_CREAT | os.O_RDWR, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise StoreError(f"语料库“{root}”正被另一个进程写入") from None
            store._lock_fd = fd
            store.recover()
        return store

    def close(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reading -------------------------------------------------------------------------------------

    def manifests(self) -> list[dict]:
        out = []
        for entry in sorted((self.root / MANIFEST).glob("*.json")):
            data = json.loads(entry.read_text(encoding="utf-8"))
            data["_name"] = entry.stem
            out.append(data)
        return out

    def files(self, table: str) -> list[Path]:
        """The committed Parquet files of ``table`` (what readers must use)."""
        return [self.root / f for m in self.manifests() for f in m["files"].get(table, [])]

    def read(self, table: str, columns: list[str] | None = None) -> Iterator[pa.Table]:
        """The committed rows of ``table``, one file at a time (bounded memory)."""
        for f in self.files(table):
            yield pq.read_table(f, columns=columns)

    def done(self) -> dict[str, str]:
        """path → SHA-256 of every file in the store (what an incremental run skips)."""
        out: dict[str, str] = {}
        for t in self.read("documents", ["path", "sha256"]):
            for path, sha in zip(t.column("path").to_pylist(), t.column("sha256").to_pylist(), strict=True):
                out[path] = sha
        return out

    # --- writing -------------------------------------------------------------------------------------

    def recover(self) -> None:
        """Delete what a killed run left (temporary files, files no manifest lists); finish retirements."""
        listed = {str(self.root / f) for m in self.manifests() for fs in m["files"].values() for f in fs}
        for table in TABLES:
            base = self.root / table
            if not base.exists():
                continue
            for f in base.rglob("*"):
                if f.is_file() and (f.name.endswith(".tmp") or str(f) not in listed):
                    f.unlink()
        for f in (self.root / MANIFEST).glob(".*.tmp"):
            f.unlink()
        for m in self.manifests():
            if m.get("retire") and not (self.root / MANIFEST / f"{m['_name']}.retired").exists():
                self._retire(m)

    def commit(self, rows: Rows, retire: list[tuple[str, str]] | None = None) -> str:
        """Write one batch atomically; returns its name. ``retire``: (path, sha256) now superseded."""
        if not rows.documents:
            return ""
        seq = len(list((self.root / MANIFEST).glob("*.json"))) + 1
        name = f"{seq:08d}-{uuid.uuid4().hex[:8]}"
        where = {
            d["document_id"]: (d.get("region") or UNKNOWN_REGION, d.get("year") or 0) for d in rows.documents
        }
        files: dict[str, list[str]] = {}
        for table, schema in TABLES.items():
            groups: dict[tuple[str, int], list[dict]] = defaultdict(list)
            for row in getattr(rows, table):
                groups[where[row["document_id"]]].append(row)
            files[table] = []
            for (region, year), items in sorted(groups.items()):
                rel = Path(table) / f"region={_partition_value(region)}" / f"year={year}" / f"{name}.parquet"
                path = self.root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                write_table_atomic(path, pa.Table.from_pylist(items, schema=schema))
                files[table].append(str(rel))
        for table in TABLES:
            if (self.root / table).exists():
                _fsync_dir(self.root / table)
        entry = {
            "schema_version": SCHEMA_VERSION,
            "files": files,
            "documents": len(rows.documents),
            "retire": [list(r) for r in retire or []],
        }
        _write_atomic(self.root / MANIFEST / f"{name}.json", json.dumps(entry, ensure_ascii=False).encode())
        _fsync_dir(self.root / MANIFEST)
        if retire:
            entry["_name"] = name
            self._retire(entry)
        return name

    def _retire(self, entry: dict) -> None:
        """Rewrite the files holding rows of the retired (path, sha256) pairs without them."""
        pairs = {(p, s) for p, s in entry["retire"]}
        mine = set(entry["files"].get("documents", []))
        ids: set[str] = set()
        for f in self.files("documents"):
            if str(f.relative_to(self.root)) in mine:
                continue
            t = pq.read_table(f)
            keep = [
                (p, s) not in pairs
                for p, s in zip(t.column("path").to_pylist(), t.column("sha256").to_pylist(), strict=True)
            ]
            if all(keep):
                continue
            ids |= {i for i, k in zip(t.column("document_id").to_pylist(), keep, strict=True) if not k}
            write_table_atomic(f, t.filter(pa.array(keep)))
        if ids:
            id_array = pa.array(sorted(ids))
            for table in ("findings", "figures"):
                for f in self.files(table):
                    t = pq.read_table(f)
                    hit = pc.is_in(t.column("document_id"), value_set=id_array)
                    if pc.any(hit).as_py():
                        write_table_atomic(f, t.filter(pc.invert(hit)))
        _write_atomic(self.root / MANIFEST / f"{entry['_name']}.retired", b"")
