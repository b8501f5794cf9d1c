"""The search page's queries: ranked matches keyset-paged on (bm25, id), facet counts in one pass.

Every statement is bounded: a page reads `size + 1` keys (on the FTS index alone when no column
filter applies), the facets are one GROUP BY over the matches, and place/year filters are turned
into document ids on the small documents table first (the county is a document's, not a row's).
"""
from __future__ import annotations

import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from datasette.database import QueryInterrupted

FACETS = (("province", "省"), ("city", "市"), ("county", "县（区）"), ("year", "年度"),
          ("level1_std", "一级指标"), ("level2_std", "二级指标"), ("value_kind", "定量/定性"),
          ("table_kind", "表格类型"))
DOCUMENT_FACETS = ("province", "city", "county", "year")
ROW_FACETS = ("level1_std", "level2_std", "value_kind", "table_kind")
CARD_COLUMNS = ("id", "document_id", "project_id", "source_file", "source_line", "city", "province", "year",
                "project", "level1", "level2", "level3", "value", "value_period", "value_unit", "value_num",
                "value_kind", "level1_std", "level2_std", "family_id")
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
        return sorted(i for i, d in self.rows.items()
                      if all(str(d.get(c) or "") in values for c, values in wanted.items()))


@dataclass
class Index:
    """What the page needs to know about the database once: its columns and rank function."""
    database: str
    indicator_columns: list[str]
    rank: str
    documents: Documents
    row_facets: list[str] = field(default_factory=list)


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
    wanted = [c for c in ("id", "source_file", "title", "department", "province", "city", "county", "year",
                          "url", "publisher", "published", "kind", "format") if c in doc_columns]
    docs = {r["id"]: dict(r) for r in (await db.execute(f"select {', '.join(wanted)} from documents")).rows}
    return Index(db.name, columns, rank, Documents(docs, set(wanted)),
                 [c for c in ROW_FACETS if c in columns])


@dataclass
class Search:
    fts: str | None  # MATCH expression, None: no text
    filters: dict[str, list[str]]  # column -> accepted values
    size: int = 20
    after: tuple[int, int] | None = None  # (score, id) of the previous page's last row
    before: tuple[int, int] | None = None  # (score, id) of the next page's first row


def _conditions(index: Index, search: Search, alias="i"):
    """SQL conditions on the indicators table (without the text match) and their parameters."""
    where, params = [], {}
    doc_ids = index.documents.ids(search.filters)
    if doc_ids is not None:
        where.append(f"{alias}.document_id in ({', '.join(map(str, doc_ids)) or 'null'})")
    for n, column in enumerate(c for c in index.row_facets if search.filters.get(c)):
        names = []
        for m, value in enumerate(search.filters[column]):
            params[f"f{n}_{m}"] = value
            names.append(f":f{n}_{m}")
        where.append(f"{alias}.[{column}] in ({', '.join(names)})")
    return where, params


def _score(index: Index) -> str:
    # bm25 is a float; the page's cursor goes through the URL, so rank on integers (micro-units).
    return f"cast(round({index.rank} * 1000000) as integer)"


async def page(db, index: Index, search: Search, time_limit_ms: int | None = None):
    """(rows, next cursor, previous cursor, ordered_by_rank). Rows are dicts with `_score`."""
    where, params = _conditions(index, search)
    cursor = search.before or search.after
    backwards = search.before is not None
    cols = ", ".join(f"i.[{c}]" for c in CARD_COLUMNS if c in index.indicator_columns)
    limit = search.size + 1
    if search.fts:
        params["fts"] = search.fts
        direction = "desc" if backwards else ""
        if cursor:
            params["cs"], params["cid"] = cursor
            op = "<" if backwards else ">"
            keyset = lambda a: f"({a}score {op} :cs or ({a}score = :cs and {a}id {op} :cid))"  # noqa: E731
        else:
            keyset = lambda a: "1"  # noqa: E731
        matches = (f"select rowid as id, {_score(index)} as score from indicators_fts "
                   f"where indicators_fts match :fts")
        if where:
            sql = (f"select m.score as _score, {cols} from ({matches}) m join indicators i on i.id = m.id "
                   f"where {' and '.join(where)} and {keyset('m.')} "
                   f"order by m.score {direction}, m.id {direction} limit {limit}")
            rows = [dict(r) for r in (await db.execute(sql, params, custom_time_limit=time_limit_ms)).rows]
        else:
            keys = (await db.execute(
                f"select id, score from ({matches}) where {keyset('')} order by score {direction}, id {direction} "
                f"limit {limit}", params, custom_time_limit=time_limit_ms)).rows
            scores = {k[0]: k[1] for k in keys}
            found = {}
            if scores:
                found = {r["id"]: dict(r) for r in (await db.execute(
                    f"select {cols} from indicators i where i.id in ({', '.join(map(str, scores))})")).rows}
            rows = [{"_score": scores[k[0]], **found[k[0]]} for k in keys if k[0] in found]
    else:
        if cursor:
            params["cid"] = cursor[1]
            where.append(f"i.id {'<' if backwards else '>'} :cid")
        sql = (f"select 0 as _score, {cols} from indicators i {'where ' + ' and '.join(where) if where else ''} "
               f"order by i.id {'desc' if backwards else ''} limit {limit}")
        rows = [dict(r) for r in (await db.execute(sql, params, custom_time_limit=time_limit_ms)).rows]
    more = len(rows) > search.size
    rows = rows[: search.size]
    if backwards:
        rows.reverse()
    key = lambda r: (r["_score"], r["id"])  # noqa: E731
    next_cursor = key(rows[-1]) if rows and (more or backwards) else None
    prev_cursor = key(rows[0]) if rows and ((more and backwards) or (search.after and not backwards)) else None
    return rows, next_cursor, prev_cursor


async def facets(db, index: Index, search: Search, time_limit_ms: int | None = None):
    """(total, {facet: [(value, count), …]}) over every match, from one GROUP BY pass."""
    where, params = _conditions(index, search)
    if search.fts:
        params["fts"] = search.fts
        where.insert(0, "i.id in (select rowid from indicators_fts where indicators_fts match :fts)")
    group = ["i.document_id"] + [f"i.[{c}]" for c in index.row_facets]
    sql = (f"select {', '.join(group)}, count(*) from indicators i "
           f"{'where ' + ' and '.join(where) if where else ''} group by {', '.join(group)}")
    counts = {c: Counter() for c, _ in FACETS
              if c in DOCUMENT_FACETS and (c in index.documents.columns) or c in index.row_facets}
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
    results = {}
    for column, counter in counts.items():
        items = [(v, n) for v, n in counter.items() if v not in (None, "")]
        items.sort(key=lambda vn: (-vn[1], str(vn[0])) if column != "year" else (-int(vn[0]), 0))
        results[column] = items
    return total, results


async def all_rows(db, index: Index, search: Search, limit: int, time_limit_ms: int | None = None):
    """Every match (up to limit) in page order, for export."""
    where, params = _conditions(index, search)
    columns = [c for c in CARD_COLUMNS if c in index.indicator_columns] + \
        [c for c in ("description", "basis", "value_op", "table_kind") if c in index.indicator_columns]
    cols = ", ".join(f"i.[{c}]" for c in columns)
    if search.fts:
        params["fts"] = search.fts
        sql = (f"select m.score as _score, {cols} from (select rowid as id, {_score(index)} as score "
               f"from indicators_fts where indicators_fts match :fts) m join indicators i on i.id = m.id "
               f"{'where ' + ' and '.join(where) if where else ''} order by m.score, m.id limit {int(limit)}")
    else:
        sql = (f"select null as _score, {cols} from indicators i {'where ' + ' and '.join(where) if where else ''} "
               f"order by i.id limit {int(limit)}")
    return [dict(r) for r in (await db.execute(sql, params, custom_time_limit=time_limit_ms)).rows]


__all__ = ["FACETS", "Index", "Search", "load_index", "page", "facets", "all_rows", "QueryInterrupted"]
