"""Finding the indicators that measure the same thing as a name, across documents.

Indicators share names heavily (群众满意度 is printed in every department), so the lookup works
on distinct names: candidate names come from the FTS index of the `indicator_names` table (any
of the name's words, normalised or as printed; best bm25 first), are scored in one batch, and
only then are indicators fetched, best name first, one per document and name so that the
answer spreads across cities. A lookup never scans every row.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .search import quote, query_terms
from .similarity import Candidate, Scorer, name_words

CANDIDATE_NAMES = 300
MIN_SCORE = 55.0  # below this a candidate shares little more than a suffix such as 率
ROWS_PER_NAME = 50  # indicators fetched per candidate name (one per document)


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
    return " OR ".join(quote(t) for t in sorted(tokens))


def find_similar(conn: sqlite3.Connection, scorer: Scorer, query: Candidate, limit: int,
                 exclude_document: int | None = None, city: str | None = None,
                 year: int | None = None) -> list[Match]:
    if not name_words(query.name):
        return []
    names = [r[0] for r in conn.execute(
        "select n.name from indicator_names n join (select rowid, bm25(indicator_names_fts) as rank "
        "from indicator_names_fts where indicator_names_fts match ? order by rank limit ?) f on n.id = f.rowid",
        (_candidate_query(query.name), CANDIDATE_NAMES))]
    ranked = sorted(((s, n) for s, n in zip(scorer.name_scores(query.name, names), names) if s >= MIN_SCORE),
                    reverse=True)
    matches: list[Match] = []
    for name_score, name in ranked:
        # Context only lowers a score, so no indicator of a later name can beat the limit-th match.
        if len(matches) >= limit and matches[limit - 1].score >= name_score:
            break
        rows = conn.execute(
            "select min(id), level3, project, city, year, value, level1_std, level2_std, value_unit "
            "from indicators where level3 = ? and (? is null or document_id != ?) and (? is null or city = ?) "
            "and (? is null or year = ?) group by document_id order by min(id) limit ?",
            (name, exclude_document, exclude_document, city, city, year, year, ROWS_PER_NAME)).fetchall()
        for r in rows:
            score = scorer.score(query, Candidate(r[1], r[6] or "", r[7] or "", r[8] or ""))
            if score >= MIN_SCORE:
                matches.append(Match(*r[:6], score))
        matches.sort(key=lambda m: (-m.score, m.id))
    return matches[:limit]
