"""Finding the indicators that measure the same thing as a name, across documents.

Indicators share names heavily (群众满意度 is printed in every department), so everything here
works on distinct names: `indicator_names` holds each name with its most frequent level-2
category and unit, and `indicator_name_pairs` the names listed together in one project (both
written with the database, see store_names). A lookup scores candidate names from the
character TF-IDF index of a NameIndex (similarity.py) in one batch, then fetches 1-3
indicators per name, one per document, so the answer lists distinct names and spreads across
cities. A lookup never scans every row.
"""
from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from .similarity import NameContext, NameIndex, normalize

WEAK_SCORE = 50.0  # below this a name is more likely another indicator than the same one


@dataclass
class Match:
    id: int
    level3: str
    project: str
    city: str
    year: int | None
    value: str | None
    score: float


def names_from_indicators(conn: sqlite3.Connection) -> tuple[list[NameContext], set[tuple[str, str]], dict[str, int]]:
    """(each distinct name with its most frequent level-2 category and unit, the pairs of names
    (a < b) listed in one project, each name's number of indicators), read from `indicators`."""
    level2: dict[str, Counter] = defaultdict(Counter)
    unit: dict[str, Counter] = defaultdict(Counter)
    counts: Counter = Counter()
    for name, l2, u, n in conn.execute("select level3, level2_std, value_unit, count(*) from indicators "
                                       "where level3 is not null group by level3, level2_std, value_unit"):
        counts[name] += n
        if l2:
            level2[name][l2] += n
        if u:
            unit[name][u] += n
    names = sorted(counts)
    contexts = [NameContext(n, level2[n].most_common(1)[0][0] if level2[n] else "",
                            unit[n].most_common(1)[0][0] if unit[n] else "") for n in names]
    return contexts, co_listed_pairs(conn, {n: i for i, n in enumerate(names)}, names), dict(counts)


def co_listed_pairs(conn: sqlite3.Connection, position: dict[str, int], names: list[str]) -> set[tuple[str, str]]:
    """Pairs of distinct names (a < b) that one project lists together."""
    rows = conn.execute("select project_id, level3 from indicators where level3 is not null and project_id is not null "
                        "order by project_id").fetchall()
    if not rows:
        return set()
    project = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    name = np.fromiter((position[r[1]] for r in rows), dtype=np.int64, count=len(rows))
    keys = np.unique(project * len(names) + name)  # one entry per project and name
    project, name = keys // len(names), keys % len(names)
    starts = np.flatnonzero(np.r_[True, project[1:] != project[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    codes = [np.unique(a * len(names) + b) for s, e in zip(starts, ends) if e - s > 1
             for a, b in [np.triu_indices(e - s, 1)] for a, b in [(name[s:e][a], name[s:e][b])]]
    if not codes:
        return set()
    pairs = np.unique(np.concatenate(codes))
    return {(names[p // len(names)], names[p % len(names)]) for p in pairs.tolist()}


def load_index(conn: sqlite3.Connection) -> tuple[NameIndex, dict[str, int]]:
    """The NameIndex of a built database (from the tables store_names writes), and each name's id."""
    rows = conn.execute("select id, name, level2_std, value_unit from indicator_names order by id").fetchall()
    contexts = [NameContext(r[1], r[2] or "", r[3] or "") for r in rows]
    names = {r[0]: r[1] for r in rows}
    co_listed = {(names[a], names[b]) for a, b in conn.execute("select a, b from indicator_name_pairs")}
    return NameIndex(contexts, co_listed), {r[1]: r[0] for r in rows}


def rows_per_name(score: float) -> int:
    """Indicators shown per name: three for a likely match, one for a weak one."""
    return 3 if score >= 80 else 2 if score >= WEAK_SCORE else 1


def find_similar(conn: sqlite3.Connection, index: NameIndex, name: str, limit: int,
                 exclude_document: int | None = None, city: str | None = None,
                 year: int | None = None) -> list[Match]:
    """Indicators of the names nearest to name (leaving out name itself), best name first,
    1-3 indicators per name from different documents (newest, then another city first)."""
    if not normalize(name):
        return []
    matches: list[Match] = []
    for other, score in index.nearest(name, limit):
        rows = conn.execute(
            "select id, level3, project, city, year, value from indicators where level3 = ? "
            "and (? is null or document_id != ?) and (? is null or city = ?) and (? is null or year = ?) "
            "group by document_id order by year desc, id limit 50",
            (other, exclude_document, exclude_document, city, city, year, year)).fetchall()
        chosen, cities = [], set()
        for r in rows:  # another city first, then any
            if r[3] not in cities:
                chosen.append(r)
                cities.add(r[3])
        chosen += [r for r in rows if r not in chosen]
        matches += [Match(*r, score) for r in chosen[:rows_per_name(score)]]
        if len(matches) >= limit:
            break
    return matches[:limit]
