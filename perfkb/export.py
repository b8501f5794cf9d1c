"""Exporting the knowledge base as Parquet, one file per table, for DuckDB/Spark users.

Tables are streamed in batches, so memory stays bounded at any size; column types come from
the SQLite schema (INTEGER -> int64, REAL -> double, TEXT -> string).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

TABLES = ("documents", "projects", "indicators", "families", "problems")
BATCH = 100_000
_TYPES = {"INTEGER": pa.int64(), "REAL": pa.float64(), "FLOAT": pa.float64(), "TEXT": pa.string()}


def _schema(conn: sqlite3.Connection, table: str) -> pa.Schema:
    return pa.schema(
        [
            (name, _TYPES.get(declared.upper(), pa.string()))
            for _, name, declared, *_ in conn.execute(f"pragma table_info([{table}])")
        ]
    )


def export_parquet(db_path: Path, out_dir: Path) -> dict[str, int]:
    """Write out_dir/<table>.parquet for every table; returns rows written per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    written = {}
    try:
        for table in TABLES:
            schema = _schema(conn, table)
            target = out_dir / f"{table}.parquet"
            tmp = target.with_name(f".{target.name}.tmp")
            cursor = conn.execute(f"select {', '.join(f'[{n}]' for n in schema.names)} from [{table}] order by id")
            count = 0
            with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
                while rows := cursor.fetchmany(BATCH):
                    columns = list(zip(*rows))
                    writer.write_batch(
                        pa.record_batch([pa.array(c, type=t) for c, t in zip(columns, schema.types)], schema=schema)
                    )
                    count += len(rows)
            os.replace(tmp, target)
            written[table] = count
    finally:
        conn.close()
    return written
