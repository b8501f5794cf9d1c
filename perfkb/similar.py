"""Finding the indicators that measure the same thing as a name, across documents.

Indicators share names heavily (群众满意度 is printed in every department), so everything here
works on distinct names: `indicator_names` holds each name with its most frequent printed
level-2 category and unit, and the names listed together with it in a project (written by
store_families, see name_rows). A lookup scores the names nearest by the character TF-IDF index
of a NameIndex (similarity.py) in one batch, then fetches 1-3 indicators per name from different
documents, so the answer lists distinct names and spreads across cities. A lookup never scans
every row.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass

from .similarity import CANDIDATES, NameContext, NameIndex, normalize

WEAK_SCORE = 50.0  # below this a name is more likely another indicator than the same one
STRONG_SCORE = 80.0  # from this a name is very likely the same indicator
ROWS_SEEN = 60  # indicators of a name looked at (in index order, by city) to pick 1-3 from different cities


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
    (a < b) that one project lists together, each name's number of indicators). Read before any
    level 2 is inferred (store_families), so the categories are the printed ones."""
    level2: dict[str, Counter] = defaultdict(Counter)
    unit: dict[str, Counter] = defaultdict(Counter)
    counts: Counter = Counter()
    for name, l2, u, n in conn.execute(
        "select level3, level2_std, value_unit, count(*) from indicators "
        "where level3 is not null group by level3, level1_std, level2_std, value_unit"
    ):
        counts[name] += n
        if l2:
            level2[name][l2] += n
        if u:
            unit[name][u] += n
    contexts = [
        NameContext(
            n, level2[n].most_common(1)[0][0] if level2[n] else "", unit[n].most_common(1)[0][0] if unit[n] else ""
        )
        for n in sorted(counts)
    ]
    lists = {
        tuple(sorted(set(r[0].split("\x1f"))))
        for r in conn.execute(  # each project's names, once per list
            "select distinct group_concat(level3, char(31)) from indicators where level3 is not null "
            "and project_id is not null group by project_id"
        )
    }
    return contexts, {pair for names in lists for pair in itertools.combinations(names, 2)}, dict(counts)


def name_rows(
    contexts: list[NameContext], co_listed: set[tuple[str, str]], counts: dict[str, int]
) -> list[tuple[int, str, int, str, str, str]]:
    """Rows of `indicator_names` from names_from_indicators: id, name, n_indicators, level2_std,
    value_unit and co_listed, the ids of the names listed together with it in a project (JSON)."""
    ids = {c.name: i for i, c in enumerate(contexts, 1)}
    beside: dict[str, list[int]] = defaultdict(list)
    for a, b in co_listed:
        beside[a].append(ids[b])
        beside[b].append(ids[a])
    return [
        (ids[c.name], c.name, counts[c.name], c.level2_std, c.unit, json.dumps(sorted(beside[c.name])))
        for c in contexts
    ]


def load_index(conn: sqlite3.Connection) -> NameIndex:
    """The NameIndex of a built database, from `indicator_names` (see name_rows)."""
    rows = conn.execute("select id, name, level2_std, value_unit, co_listed from indicator_names").fetchall()
    names = {r[0]: r[1] for r in rows}
    co_listed = {(min(r[1], names[i]), max(r[1], names[i])) for r in rows for i in json.loads(r[4] or "[]")}
    return NameIndex([NameContext(r[1], r[2] or "", r[3] or "") for r in rows], co_listed)


def rows_per_name(score: float) -> int:
    """Indicators shown per name: three for a likely match, two for a possible one, one for a weak one."""
    return 3 if score >= STRONG_SCORE else 2 if score >= WEAK_SCORE else 1


def find_similar(
    conn: sqlite3.Connection,
    index: NameIndex,
    name: str,
    limit: int,
    exclude_document: int | None = None,
    city: str | None = None,
    year: int | None = None,
) -> list[Match]:
    """Indicators of the names nearest to name (name itself first, if known), best name first,
    1-3 indicators per name (rows_per_name), from different documents, another city first."""
    if not normalize(name):
        return []
    matches: list[Match] = []
    for other, score in index.nearest(name, limit if city is None and year is None else CANDIDATES):
        rows = conn.execute(
            "select id, level3, project, city, year, value, document_id from indicators where level3 = ? "
            "and (? is null or document_id != ?) and (? is null or city = ?) and (? is null or year = ?) limit ?",
            (other, exclude_document, exclude_document, city, city, year, year, ROWS_SEEN),
        ).fetchall()
        chosen, cities, documents = [], set(), set()
        for r in rows:  # one per city first
            if r[3] not in cities and r[6] not in documents:
                chosen.append(r)
                cities.add(r[3])
                documents.add(r[6])
        for r in rows:  # then one per document
            if r[6] not in documents:
                chosen.append(r)
                documents.add(r[6])
        matches += [Match(*r[:6], score) for r in chosen[: rows_per_name(score)]]
        if len(matches) >= limit:
            break
    return matches[:limit]
