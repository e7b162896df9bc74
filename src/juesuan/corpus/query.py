"""SQL over the store with DuckDB: views ``documents``, ``findings`` and ``figures`` over the committed
Parquet files (hive partitions ``region`` and ``year`` added back as columns), and ``cross_findings``
(the checks across documents, :mod:`juesuan.corpus.crosscheck`)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from juesuan.corpus.schema import CROSS_FILE, CROSS_SCHEMA, TABLES
from juesuan.corpus.store import Store


def connect(store: Store | str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the store's three tables as views."""
    st = store if isinstance(store, Store) else Store(store)
    con = duckdb.connect()
    for table, schema in TABLES.items():
        files = [str(f) for f in st.files(table)]
        if files:
            listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
            con.execute(
                f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{listed}], hive_partitioning = true, "
                "hive_types = {'region': VARCHAR, 'year': INTEGER}, union_by_name = true)"
            )
        else:
            empty = schema.empty_table()
            empty = empty.append_column("region", pa.array([], pa.string()))
            empty = empty.append_column("year", pa.array([], pa.int32()))
            con.register(f"_{table}_empty", empty)
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM _{table}_empty")
    cross = st.root / CROSS_FILE
    if cross.exists():
        con.execute(
            "CREATE VIEW cross_findings AS SELECT * FROM read_parquet('"
            + str(cross).replace("'", "''")
            + "')"
        )
    else:
        con.register("_cross_empty", CROSS_SCHEMA.empty_table())
        con.execute("CREATE VIEW cross_findings AS SELECT * FROM _cross_empty")
    return con


def query(store: Store | str | Path, sql: str) -> tuple[list[str], list[tuple]]:
    """``(column names, rows)`` of ``sql`` run against the store."""
    con = connect(store)
    try:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description or []]
        return names, cur.fetchall()
    finally:
        con.close()
