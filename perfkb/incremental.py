"""Deciding whether a rebuild can update the previous database instead of writing a new one.

It can when the same parser built it from the same files (by name) and only the content of
documents it loaded changed: row ids are blocks per document (build.py), so replacing those
documents' rows leaves every other row, and its id, as a full build would write it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Plan:
    changed: dict[str, int]  # source file -> its document id, for loaded documents whose content changed
    problems: dict[str, list[dict]]  # the previous problems of every file, in order


def plan_update(db_path: Path, digests: dict[str, str], fingerprint: str) -> Plan | None:
    """The update that turns the database at db_path into the build of these files, or None."""
    if not db_path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            info = dict(conn.execute("select key, value from build_info"))
            documents = dict(conn.execute("select source_file, id from documents"))
            problems: dict[str, list[dict]] = {}
            conn.row_factory = sqlite3.Row
            for row in conn.execute("select * from problems order by id"):
                problems.setdefault(row["source_file"], []).append({k: row[k] for k in row.keys() if k != "id"})
        finally:
            conn.close()
    except sqlite3.Error:
        return None  # not a database this builder wrote: build it anew
    previous = json.loads(info.get("files", "{}"))
    if info.get("parser") != fingerprint or list(previous) != list(digests):
        return None
    changed = {name for name, digest in digests.items() if previous[name] != digest}
    if not changed <= documents.keys():
        return None  # a file that was skipped (unreadable, duplicate) changed: it may load now
    return Plan({name: documents[name] for name in sorted(changed)}, problems)
