"""The search page's queries: ranked matches keyset-paged on (bm25, id), facet counts in one pass.

Every statement is bounded: a page reads `size + 1` keys (on the FTS index alone when no column
filter applies), the facets are one GROUP BY over the matches, and place/year filters are turned
into document ids on the small documents table first (the county is a document's, not a row's).
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from datasette.database import QueryInterrupted

FACETS = (
    ("province", "省"),
    ("city", "市"),
    ("county", "县（区）"),
    ("year", "年度"),
    ("level1_std", "一级指标"),
    ("level2_std", "二级指标"),
    ("value_kind", "定量/定性"),
    ("table_kind", "表格类型"),
)
DOCUMENT_FACETS = ("province", "city", "county", "year")
ROW_FACETS = ("level1_std", "level2_std", "value_kind", "table_kind")
CARD_COLUMNS = (
    "id",
    "document_id",
    "project_id",
    "source_file",
    "source_line",
    "source_locator",
    "city",
    "province",
    "year",
    "project",
    "level1",
    "level2",
    "level3",
    "value",
    "value_period",
    "value_unit",
    "value_num",
    "value_kind",
    "level1_std",
    "level2_std",
    "family_id",
)
_CONFIGURED = re.compile(r"^\s*(\w+)\s*\((.*)\)\s*$")


@dataclass
class Documents:
    """The documents table, small enough to keep: id -> row."""

    rows: dict[int, dict]
    columns: set[str]

    def ids(self, filters: dict[str, list[str]]) -> list[int] | None:
        wanted = {c: set(map(str, v)) for c, v in filters.items() if c in DOCUMENT_FACETS and v}
        if not wanted:
            return None
        return sorted(
            i for i, d in self.rows.items() if all(str(d.get(c) or "") in values for c, values in wanted.items())
        )


@dataclass
class Index:
    """What the page needs to know about the database once: its columns and rank function."""

    database: str
    indicator_columns: list[str]
    rank: str
    documents: Documents
    row_facets: list[str] = field(default_factory=list)
    block_ids: bool = False  # every indicator's id // BLOCK is its document_id
    rank_limit: int | None = 30000  # more matches than this (and no row filter): tiers, not bm25
    row_facet_limit: int | None = 20000  # more matches than this: document facets only


async def load_index(db) -> Index:
    columns = [r[1] for r in (await db.execute("pragma table_info(indicators)")).rows]
    rank = "bm25(indicators_fts)"
    try:
        row = (await db.execute("select v from indicators_fts_config where k = 'rank'")).first()
        configured = _CONFIGURED.match(row[0]) if row else None
        if configured:
            name, args = configured.groups()
            rank = f"{name}(indicators_fts{', ' + args if args.strip() else ''})"
    except sqlite3.OperationalError:
        pass
    doc_columns = [r[1] for r in (await db.execute("pragma table_info(documents)")).rows]
    wanted = [
        c
        for c in (
            "id",
            "source_file",
            "title",
            "department",
            "province",
            "city",
            "county",
            "year",
            "n_indicators",
            "url",
            "publisher",
            "published",
            "kind",
            "format",
        )
        if c in doc_columns
    ]
    docs = {r["id"]: dict(r) for r in (await db.execute(f"select {', '.join(wanted)} from documents")).rows}
    # Ids in document blocks (build.py numbers them so) let the page filter and count matches by
    # document on the FTS index alone; checked once, over every row, at start.
    misplaced = await db.execute_fn(
        lambda conn: conn.execute(f"select count(*) from indicators where document_id is not id / {BLOCK}").fetchone()[
            0
        ]
    )
    n_docs = sum(1 for d in docs.values() if d.get("n_indicators") is not None)
    return Index(
        db.name,
        columns,
        rank,
        Documents(docs, set(wanted)),
        [c for c in ROW_FACETS if c in columns],
        block_ids=misplaced == 0 and n_docs == len(docs),
    )


@dataclass
class Search:
    fts: str | None  # MATCH expression, None: no text
    filters: dict[str, list[str]]  # column -> accepted values
    size: int = 20
    after: tuple[int, int] | None = None  # (score, id) of the previous page's last row
    before: tuple[int, int] | None = None  # (score, id) of the next page's first row
    name_fts: str | None = None  # the words in the indicator's own name (the first tier)
    set_fts: str | None = None  # the same matches as fts, cheaper to find (counts, facets; no scores)


BLOCK = 1_000_000  # a document's rows have ids in its own block: id // BLOCK = document_id (build.py)


def _conditions(index: Index, search: Search, alias="i", by_rowid=False):
    """SQL conditions on the indicators table (without the text match) and their parameters;
    by_rowid: leave the documents out (the caller filters the FTS rowids by block instead)."""
    where, params = [], {}
    doc_ids = index.documents.ids(search.filters)
    if doc_ids is not None and not by_rowid:
        where.append(f"{alias}.document_id in ({', '.join(map(str, doc_ids)) or 'null'})")
    for n, column in enumerate(c for c in index.row_facets if search.filters.get(c)):
        names = []
        for m, value in enumerate(search.filters[column]):
            params[f"f{n}_{m}"] = value
            names.append(f":f{n}_{m}")
        where.append(f"{alias}.[{column}] in ({', '.join(names)})")
    return where, params


def _row_filters(index: Index, search: Search) -> bool:
    return any(search.filters.get(c) for c in index.row_facets)


MAX_RANGES = 64


def _ranges(ids):
    """Sorted document ids -> runs of consecutive ids [(first, last)]."""
    runs = []
    for i in ids:
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return runs


def _matches(index: Index, search: Search, param: str, columns: str, scored: bool = False) -> str:
    """SELECT of the FTS matches (`columns` of indicators_fts) in the filtered documents. Where
    ids are in document blocks, a few documents become rowid ranges, which FTS5 seeks to
    directly (a branch per run of consecutive documents), many a rowid test; no row is read.
    scored: one statement whatever the documents (bm25 gathers its whole-table statistics once
    per statement: about 25 ms a branch at a million rows)."""
    base = f"select {columns} from indicators_fts where indicators_fts match :{param}"
    doc_ids = index.documents.ids(search.filters)
    if doc_ids is None or not index.block_ids:
        return base
    if not doc_ids:
        return base + " and 0"
    runs = _ranges(doc_ids)
    if len(runs) == 1 or (len(runs) <= MAX_RANGES and not scored):
        return " union all ".join(f"{base} and rowid between {a * BLOCK} and {(b + 1) * BLOCK - 1}" for a, b in runs)
    return base + f" and rowid / {BLOCK} in ({', '.join(map(str, doc_ids))})"


def _score(index: Index) -> str:
    # bm25 is a float; the page's cursor goes through the URL, so rank on integers (micro-units).
    return f"cast(round({index.rank} * 1000000) as integer)"


async def _rows_by_id(db, index: Index, keys):
    """keys: [(score, id)] -> card rows in that order."""
    cols = ", ".join(f"i.[{c}]" for c in CARD_COLUMNS if c in index.indicator_columns)
    if not keys:
        return []
    found = {
        r["id"]: dict(r)
        for r in (
            await db.execute(f"select {cols} from indicators i where i.id in ({', '.join(str(k[1]) for k in keys)})")
        ).rows
    }
    return [{"_score": score, **found[key]} for score, key in keys if key in found]


async def _tiered_keys(db, index: Index, search: Search, limit: int, time_limit_ms):
    """Too many matches to score them all in time: the indicators whose own name matches first
    (tier 0), then the other matches (tier 1), each in id order, read off the FTS index with
    early termination. Keys are (tier, id)."""
    params = {"t0": search.name_fts, "t1": f"({search.set_fts or search.fts}) NOT ({search.name_fts})"}
    backwards = search.before is not None
    cursor = search.before or search.after
    tiers = [0, 1] if not backwards else [1, 0]
    if cursor:
        tiers = [t for t in tiers if (t >= cursor[0] if not backwards else t <= cursor[0])]
    keys = []
    for tier in tiers:
        condition = "1"
        if cursor and tier == cursor[0]:
            condition = f"rowid {'<' if backwards else '>'} {int(cursor[1])}"
        rows = (
            await db.execute(
                f"select rowid from ({_matches(index, search, f't{tier}', 'rowid')}) where {condition} "
                f"order by rowid {'desc' if backwards else ''} limit {limit - len(keys)}",
                {f"t{tier}": params[f"t{tier}"]},
                custom_time_limit=time_limit_ms,
            )
        ).rows
        keys += [(tier, r[0]) for r in rows]
        if len(keys) >= limit:
            break
    return keys


async def count_matches(db, index: Index, search: Search, time_limit_ms=None) -> int:
    return (
        await db.execute(
            f"select count(*) from ({_matches(index, search, 'fts', 'rowid')})",
            {"fts": search.set_fts or search.fts},
            custom_time_limit=time_limit_ms,
        )
    ).first()[0]


async def document_counts(db, index: Index, search: Search, time_limit_ms=None) -> Counter | None:
    """Matches per document, on the FTS index alone (None where that cannot be: no text, a row
    filter, ids not in document blocks). Their sum is the number of matches."""
    if not search.fts or not index.block_ids or _row_filters(index, search):
        return None
    rows = (
        await db.execute(
            f"select rowid / {BLOCK}, count(*) from ({_matches(index, search, 'fts', 'rowid')}) group by 1",
            {"fts": search.set_fts or search.fts},
            custom_time_limit=time_limit_ms,
        )
    ).rows
    return Counter({r[0]: r[1] for r in rows})


async def page(db, index: Index, search: Search, time_limit_ms: int | None = None, n_matches: int | None = None):
    """(rows, next cursor, previous cursor, order): order "rank" (bm25, keyset on (score, id)),
    "tiers" (too many matches to rank: name matches first, then the rest, by id) or "id"."""
    cursor = search.before or search.after
    backwards = search.before is not None
    cols = ", ".join(f"i.[{c}]" for c in CARD_COLUMNS if c in index.indicator_columns)
    limit = search.size + 1
    order = "rank" if search.fts else "id"
    if search.fts:
        by_rowid = index.block_ids
        where, params = _conditions(index, search, by_rowid=by_rowid)
        params["fts"] = search.fts
        if not where and search.name_fts and index.rank_limit is not None:
            if n_matches is None:
                n_matches = await count_matches(db, index, search, time_limit_ms)
            # scoring costs about (matches x phrases): a query of several words has more phrases
            phrases = max(2, len(re.findall(r'"(?:[^"]|"")*"', search.fts)))
            if n_matches > index.rank_limit * 2 / phrases:
                order = "tiers"
        if order == "tiers":
            rows = await _rows_by_id(db, index, await _tiered_keys(db, index, search, limit, time_limit_ms))
        else:
            direction = "desc" if backwards else ""
            if cursor:
                params["cs"], params["cid"] = cursor
                op = "<" if backwards else ">"
                keyset = lambda a: f"({a}score {op} :cs or ({a}score = :cs and {a}id {op} :cid))"  # noqa: E731
            else:
                keyset = lambda a: "1"  # noqa: E731
            matches = _matches(index, search, "fts", f"rowid as id, {_score(index)} as score", scored=True)
            if where:
                sql = (
                    f"select m.score as _score, {cols} from ({matches}) m join indicators i on i.id = m.id "
                    f"where {' and '.join(where)} and {keyset('m.')} "
                    f"order by m.score {direction}, m.id {direction} limit {limit}"
                )
                rows = [dict(r) for r in (await db.execute(sql, params, custom_time_limit=time_limit_ms)).rows]
            else:
                keys = (
                    await db.execute(
                        f"select score, id from ({matches}) where {keyset('')} order by score {direction}, id {direction} "
                        f"limit {limit}",
                        params,
                        custom_time_limit=time_limit_ms,
                    )
                ).rows
                rows = await _rows_by_id(db, index, [(k[0], k[1]) for k in keys])
    else:
        where, params = _conditions(index, search)
        if cursor:
            params["cid"] = cursor[1]
            where.append(f"i.id {'<' if backwards else '>'} :cid")
        sql = (
            f"select 0 as _score, {cols} from indicators i {'where ' + ' and '.join(where) if where else ''} "
            f"order by i.id {'desc' if backwards else ''} limit {limit}"
        )
        rows = [dict(r) for r in (await db.execute(sql, params, custom_time_limit=time_limit_ms)).rows]
    more = len(rows) > search.size
    rows = rows[: search.size]
    if backwards:
        rows.reverse()
    key = lambda r: (r["_score"], r["id"])  # noqa: E731
    next_cursor = key(rows[-1]) if rows and (more or backwards) else None
    prev_cursor = key(rows[0]) if rows and ((more and backwards) or (search.after and not backwards)) else None
    return rows, next_cursor, prev_cursor, order


def _sorted_facets(counts):
    results = {}
    for column, counter in counts.items():
        items = [(v, n) for v, n in counter.items() if v not in (None, "")]
        items.sort(key=lambda vn: (-vn[1], str(vn[0])) if column != "year" else (-int(vn[0]), 0))
        results[column] = items
    return results


async def facets(
    db, index: Index, search: Search, time_limit_ms: int | None = None, per_document: Counter | None = None
):
    """(total, {facet: [(value, count), …]}, partial) over every match. The document facets
    (province, city, county, year) come from the matches' documents, counted on the FTS index
    alone where ids are in document blocks; the row facets (categories, kind) need each row, in
    one GROUP BY pass, done when the matches are at most index.row_facet_limit (partial: not done)."""
    doc_facets = [c for c in DOCUMENT_FACETS if c in index.documents.columns]
    counts = {c: Counter() for c in doc_facets + list(index.row_facets)}
    if not index.block_ids:
        return await _facets_in_one_pass(db, index, search, counts, time_limit_ms)
    doc_counts: Counter = Counter()
    row_where, params = _conditions(index, search, by_rowid=True)
    if search.fts:
        params["fts"] = search.set_fts or search.fts
        matches = _matches(index, search, "fts", "rowid")
        if not row_where:
            if per_document is None:
                per_document = await document_counts(db, index, search, time_limit_ms)
            doc_counts.update(per_document)
    else:
        doc_ids = index.documents.ids(search.filters)
        if doc_ids is not None:
            row_where.insert(0, f"i.document_id in ({', '.join(map(str, doc_ids)) or 'null'})")
        if not row_where or (len(row_where) == 1 and doc_ids is not None):
            wanted = set(doc_ids) if doc_ids is not None else None
            doc_counts.update(
                {
                    d: doc.get("n_indicators") or 0
                    for d, doc in index.documents.rows.items()
                    if wanted is None or d in wanted
                }
            )
        matches = None
    total = sum(doc_counts.values())
    partial = bool(doc_counts) and index.row_facet_limit is not None and total > index.row_facet_limit
    if doc_counts and (partial or not index.row_facets):
        pass
    else:
        # the rows: their categories, and (where rows are filtered) their documents
        where = list(row_where)
        if matches:
            where.insert(0, f"i.id in ({matches})")
        group = [f"i.[{c}]" for c in index.row_facets]
        by_doc = not doc_counts
        if by_doc:
            group.insert(0, "i.document_id")
        sql = (
            f"select {', '.join(group)}, count(*) from indicators i "
            f"{'where ' + ' and '.join(where) if where else ''} {'group by ' + ', '.join(group) if group else ''}"
        )
        for row in (await db.execute(sql, params, custom_time_limit=time_limit_ms)).rows:
            n = row[-1]
            if by_doc:
                doc_counts[row[0]] += n
            for k, column in enumerate(index.row_facets, start=1 if by_doc else 0):
                counts[column][row[k]] += n
        total = sum(doc_counts.values())
    for doc_id, n in doc_counts.items():
        doc = index.documents.rows.get(doc_id, {})
        for column in doc_facets:
            counts[column][doc.get(column)] += n
    if partial:
        counts = {c: v for c, v in counts.items() if c in doc_facets}
    return total, _sorted_facets(counts), partial


async def _facets_in_one_pass(db, index: Index, search: Search, counts, time_limit_ms):
    where, params = _conditions(index, search)
    if search.fts:
        params["fts"] = search.fts
        where.insert(0, "i.id in (select rowid from indicators_fts where indicators_fts match :fts)")
    group = ["i.document_id"] + [f"i.[{c}]" for c in index.row_facets]
    sql = (
        f"select {', '.join(group)}, count(*) from indicators i "
        f"{'where ' + ' and '.join(where) if where else ''} group by {', '.join(group)}"
    )
    total = 0
    for row in (await db.execute(sql, params, custom_time_limit=time_limit_ms)).rows:
        n = row[-1]
        total += n
        doc = index.documents.rows.get(row[0], {})
        for column in DOCUMENT_FACETS:
            if column in counts:
                counts[column][doc.get(column)] += n
        for k, column in enumerate(index.row_facets, start=1):
            counts[column][row[k]] += n
    return total, _sorted_facets(counts), False


EXPORT_CHUNK = 500  # matches read per statement: short statements, so other requests go between
EXPORT_RANKED = 5000  # up to this many matches an export is in the page's order (bm25); scoring them is quick


async def export_rows(db, index: Index, search: Search, limit: int):
    """Every match (up to limit): in the page's order where there are few enough to rank at once,
    else in table order a chunk at a time — one pass over the matches, each statement short, so a
    large or abandoned export never holds the server's SQL threads for long."""
    where, params = _conditions(index, search)
    columns = [c for c in CARD_COLUMNS if c in index.indicator_columns] + [
        c for c in ("description", "basis", "value_op", "table_kind") if c in index.indicator_columns
    ]
    cols = ", ".join(f"i.[{c}]" for c in columns)
    if search.fts and await count_matches(db, index, search) <= EXPORT_RANKED:
        sql = (
            f"select m.score as _score, {cols} from (select rowid as id, {_score(index)} as score "
            f"from indicators_fts where indicators_fts match :fts) m join indicators i on i.id = m.id "
            f"{'where ' + ' and '.join(where) if where else ''} order by m.score, m.id limit {int(limit)}"
        )
        for row in (await db.execute(sql, {**params, "fts": search.fts})).rows:
            yield dict(row)
        return
    conditions = " and ".join(["i.id > :after", *where])
    if search.fts:
        params["fts"] = search.fts
        # the next chunk of matches by rowid on the FTS index, then the filters on their rows
        keys = (
            "select rowid from indicators_fts where indicators_fts match :fts and rowid > :after "
            f"order by rowid limit {EXPORT_CHUNK}"
        )
        sql = (
            f"select {cols}, (select max(rowid) from ({keys})) as _last from indicators i "
            f"where i.id in ({keys}) and {conditions} order by i.id"
        )
    else:
        sql = f"select {cols}, i.id as _last from indicators i where {conditions} order by i.id limit {EXPORT_CHUNK}"
    after, sent = 0, 0
    while sent < limit:
        rows = (await db.execute(sql, {**params, "after": after})).rows
        if search.fts:
            last = (
                rows[0]["_last"]
                if rows
                else (
                    await db.execute(f"select max(rowid) from ({keys})", {"fts": search.fts, "after": after})
                ).first()[0]
            )
        else:
            last = rows[-1]["_last"] if rows else None
        for row in rows[: limit - sent]:
            yield {k: row[k] for k in row.keys() if k != "_last"}
        sent += len(rows)
        await asyncio.sleep(0)  # let other requests run between chunks
        if last is None:
            return
        after = last


__all__ = [
    "FACETS",
    "Index",
    "Search",
    "load_index",
    "page",
    "facets",
    "export_rows",
    "count_matches",
    "QueryInterrupted",
]
