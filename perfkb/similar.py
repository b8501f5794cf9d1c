"""Finding the indicators that measure the same thing as a name, across documents.

Candidates come from the FTS index (any of the name's words, normalised or as printed, in
level3; best bm25 first), so a lookup never scans every row; the Scorer then ranks them.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .search import quote, query_terms
from .similarity import Candidate, Scorer, name_words

CANDIDATES = 500
MIN_SCORE = 55.0  # below this a candidate shares little more than a suffix such as 率


@dataclass
class Match:
    id: int
    level3: str
    project: str
    city: str
    year: int | None
    value: str | None
    score: float


def _candidate_query(name: str) -> str:
    tokens = set(name_words(name)) | {w for t in query_terms(name) for w in name_words(t)}
    tokens = {t for t in tokens if t.strip()}
    return "{level3} : (" + " OR ".join(quote(t) for t in sorted(tokens)) + ")"


def find_similar(conn: sqlite3.Connection, scorer: Scorer, query: Candidate, limit: int,
                 exclude_document: int | None = None, city: str | None = None,
                 year: int | None = None) -> list[Match]:
    if not name_words(query.name):
        return []
    sql = f"""
        select i.id, i.level3, i.project, i.city, i.year, i.value,
               i.level1_std, i.level2_std, i.value_unit
        from (select rowid from indicators_fts where indicators_fts match ? order by bm25(indicators_fts)
              limit {CANDIDATES}) f
        join indicators i on i.id = f.rowid
        where (? is null or i.document_id != ?) and (? is null or i.city = ?) and (? is null or i.year = ?)
    """
    rows = conn.execute(sql, (_candidate_query(query.name), exclude_document, exclude_document,
                              city, city, year, year)).fetchall()
    matches = [Match(*r[:6], scorer.score(query, Candidate(r[1], r[6] or "", r[7] or "", r[8] or "")))
               for r in rows]
    matches = [m for m in matches if m.score >= MIN_SCORE]
    matches.sort(key=lambda m: (-m.score, m.id))
    return matches[:limit]
