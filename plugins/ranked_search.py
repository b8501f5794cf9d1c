"""Table search ordered by relevance: ?_search= with no sort lists the best matches first.

Datasette 0.65 orders a table page only by a column, and bm25 is not one. A search on a table
with an FTS index, with no _sort/_sort_desc (or with `_relevance` as the sort), is served here by
Datasette's own TableView sorted by `_relevance`: a column that exists only for that request,
joined in from the FTS table's rank (bm25 with the column weights the build stored) wherever the
table's SQL names it (the page shows it as its last column). Any search also has its count taken
from the FTS index when nothing else filters it, and its column facets are counted in one pass
over the matches. Facets, keyset pagination, JSON/CSV export and the templates stay Datasette's;
every request that is not a search goes to Datasette untouched.
"""
import re
import sqlite3
from collections import defaultdict
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl
from datasette.app import Datasette
from datasette.database import QueryInterrupted, Results
from datasette.facets import load_facet_configs
from datasette.utils import Column, escape_sqlite, tilde_decode
from datasette.utils.asgi import BadRequest, Request
from datasette.views.base import DatasetteError
from datasette.views.table import TableView

RELEVANCE = "_relevance"  # shown as the last column of a ranked page
_QUERY_PARAM = "_relevance_query"
_CONFIGURED = re.compile(r"^\s*(\w+)\s*\((.*)\)\s*$")
# A column facet's query (datasette/facets.py, ColumnFacet.facet_results).
_FACET = re.compile(r"^\s*select (?P<col>.+?) as value, count\(\*\) as count from \(\s*(?P<inner>.*?)\s*\)\s*"
                    r"where (?P=col) is not null\s*group by (?P=col) order by count desc, value limit (?P<limit>\d+)\s*$",
                    re.S)


async def _rank_function(db, fts_table: str) -> str | None:
    """The FTS5 table's rank as a direct call (its configured `rank`, e.g. bm25 with the weights
    the build stored, called as bm25(table, weights): the `rank` column costs 45% more per row);
    None for an index without FTS5's configuration table (FTS3/4 have no bm25)."""
    fts = escape_sqlite(fts_table)
    try:
        rows = (await db.execute(f"select v from {escape_sqlite(fts_table + '_config')} where k = 'rank'",
                                 log_sql_errors=False)).rows
    except sqlite3.OperationalError:
        return None
    configured = _CONFIGURED.match(rows[0][0]) if rows else None
    if configured is None:
        return f"bm25({fts})"
    name, args = configured.groups()
    return f"{name}({fts}{', ' + args if args.strip() else ''})"


def _match(fts: str, param: str, raw: bool) -> str:
    """The match condition as Datasette's search clause writes it (filters.py)."""
    return f"{fts} match {f':{param}' if raw else f'escape_fts(:{param})'}"


class _SearchDatabase:
    """A database as one table search sees it: execute() joins the FTS rank in as _relevance
    where the SQL names it, picks an otherwise unfiltered page's keys on the FTS index, counts an
    otherwise unfiltered search there too, and answers the column facets from one pass."""

    def __init__(self, db, table: str, pk: str, fts_table: str, fts_pk: str, raw: bool, query: str, rank: str,
                 facets: list[str]):
        self._db = db
        self._table = table
        self._query = query
        self._facets = list(dict.fromkeys(escape_sqlite(c) for c in facets))  # the page's column facets
        self._facet_counts: dict = {}  # (facets' inner SQL, params) -> {column: rows}, or None
        table, fts, pk, fts_pk = map(escape_sqlite, (table, fts_table, pk, fts_pk))
        # Datasette orders a first page by the sort column alone and later pages by it and the
        # key: break ties by the key on every page, so that pages follow one order.
        self._untied = re.compile(rf"\border by {RELEVANCE}( desc)?(?![\w,]| desc)")
        self._tie_break = rf"order by {RELEVANCE}\1, {table}.{pk}"
        self._page = re.compile(rf"\border by {RELEVANCE}\b")
        self._from = re.compile(rf"\bfrom {re.escape(table)}(?=\s|$)")
        # bm25 is a float; keyset pagination passes the last value back through the URL as text,
        # so rank on integers (micro-units) to compare exactly.
        score = f"cast(round({rank} * 1000000) as integer)"
        self._scored = (f"select rowid as _relevance_rowid, {score} as {RELEVANCE} "
                        f"from {fts} where {_match(fts, _QUERY_PARAM, raw)}")
        self._joined_on = f"_relevance_rowid = {table}.{fts_pk}"
        self._join = f"from {table} join ({self._scored}) on {self._joined_on}"
        # A page of a search that nothing else filters: the FTS index alone picks the page's keys
        # (sorted, keyset-filtered, limited) before the table is read, rather than every match
        # being looked up and sorted with its whole row (a third of a broad ranked search).
        # The same for a page in key order (_sort=id): the index yields its matches in that order,
        # so the page's keys are the next ones it yields, where Datasette's `in (select …)`
        # collected every match first (most of a broad search's time).
        key = rf"(?:{re.escape(table)}\.)?{re.escape(pk)}"

        def keyset(column: str) -> str:  # Datasette's keyset condition on (column, key)
            return rf"\({column} [<>] :p\d+(?: or {column} is null)? or \({column} = :p\d+ and \(\({key} [<>] :p\d+\)\)\)\)"

        # Datasette's own search clause (filters.py), made redundant by the join: matching twice
        # costs a quarter of a ranked search that matches many rows.
        self._search_clause = f"{fts_pk} in (select rowid from {fts} where {_match(fts, 'search', raw)})"
        self._matched = f"select rowid as _relevance_rowid from {fts} where {_match(fts, 'search', raw)}"
        self._unfiltered_page = re.compile(
            rf" where 1(?: and (?P<keyset>{keyset(RELEVANCE)}))? "
            rf"order by (?P<order>{RELEVANCE}(?: desc)?, {key}(?: desc)?) limit (?P<limit>\d+)$")
        self._unfiltered_key_page = re.compile(
            rf" where {re.escape(self._search_clause)}(?: and (?P<keyset>{keyset(key)}))? "
            rf"order by (?P<order>{key}(?: desc)?(?:, {key})?) limit (?P<limit>\d+)$")
        self._keyed = pk == fts_pk
        self._key = re.compile(rf"\b{key}\b")
        # Datasette counts the rows whose key is among the matches; with no other filter that is
        # the number of matches (the index has one row per table row, as the build writes it),
        # without looking each row up: 5-8x faster for a broad query at a million rows.
        self._count = f"select count(*) from {table} where {self._search_clause}"
        self._fts_count = f"select count(*) from {fts} where {_match(fts, 'search', raw)}"

    def __getattr__(self, name):
        return getattr(self._db, name)

    async def table_column_details(self, table):
        """The table's columns, and the score as one more, so the HTML page can show it."""
        details = await self._db.table_column_details(table)
        if table != self._table:
            return details
        return [*details, Column(len(details), RELEVANCE, "INTEGER", 0, None, 0, 0)]

    async def execute(self, sql, params=None, **kwargs):
        facet = _FACET.match(sql)
        if facet and facet["col"] in self._facets:
            return await self._facet(facet["col"], facet["inner"], int(facet["limit"]), params, kwargs)
        if sql.strip() == self._count:
            sql = self._fts_count
        elif RELEVANCE in sql:
            # The page query also returns the score: Datasette reads the last row's sort value
            # from the rows to build the next page's link.
            select = f", {RELEVANCE} " if self._page.search(sql) else ""
            sql, joined = self._from.subn(lambda _: select + self._join, sql, count=1)
            if joined:
                sql = self._untied.sub(self._tie_break, sql).replace(self._search_clause, "1")
                sql = self._keys_first(sql)
            params = {**(params or {}), _QUERY_PARAM: self._query}
        elif self._search_clause in sql:
            sql = self._key_order_first(sql)
        return await self._db.execute(sql, params, **kwargs)

    async def _facet(self, column: str, inner: str, limit: int, params, kwargs) -> Results:
        """A facet of the search, from one pass that counts every facet of the page: the matches
        are looked up once, where each of Datasette's facet queries would look them all up again."""
        key = (inner, tuple(sorted((params or {}).items())))
        if key not in self._facet_counts:
            self._facet_counts[key] = await self._count_facets(inner, params, kwargs)
        counted = self._facet_counts[key]
        if counted is None:  # the pass took longer than all the facets together may take
            raise QueryInterrupted(None, inner, params)
        rows, description = counted
        return Results(rows[column][:limit], False, description)

    async def _count_facets(self, inner: str, params, kwargs):
        # The matches grouped once by all the facet columns together (a few thousand groups for a
        # hundred thousand matches), then each facet summed over those groups and ordered as
        # Datasette orders it, in its own column's collation. The groups' columns are named by
        # position, so no table column can shadow the count.
        columns = ", ".join(self._facets)
        names = [f"_facet{i}" for i in range(len(self._facets))]
        parts = [f"select {i} as facet, {name} as value, sum(_rows) as count, "
                 f"row_number() over (order by sum(_rows) desc, {name}) as place "
                 f"from matched where {name} is not null group by {name}" for i, name in enumerate(names)]
        sql = (f"with matched({', '.join(names)}, _rows) as materialized "
               f"(select {columns}, count(*) from ({inner}) group by {columns}) "
               f"{' union all '.join(parts)} order by facet, place")
        limit = kwargs.get("custom_time_limit")
        try:
            # through execute(): on a later page the matches are those after the page's _relevance
            results = await self.execute(sql, params, truncate=False,
                                         custom_time_limit=limit * len(self._facets) if limit else None)
        except QueryInterrupted:
            return None
        rows = defaultdict(list)
        for row in results.rows:
            rows[self._facets[row["facet"]]].append(row)
        return rows, results.description

    def _page_keys(self, matches: str, page: re.Match) -> str:
        """The page's keys, as the FTS subquery alone picks them."""
        on_keys = lambda text: self._key.sub("_relevance_rowid", text)  # noqa: E731
        return (f"(select * from ({matches}) where {on_keys(page['keyset'] or '1')} "
                f"order by {on_keys(page['order'])} limit {page['limit']})")

    def _keys_first(self, sql: str) -> str:
        page = self._unfiltered_page.search(sql) if self._keyed else None
        return sql.replace(f"({self._scored})", self._page_keys(self._scored, page), 1) if page else sql

    def _key_order_first(self, sql: str) -> str:
        page = self._unfiltered_key_page.search(sql) if self._keyed else None
        if page is None:
            return sql
        keyset = f" and {page['keyset']}" if page["keyset"] else ""
        return (f"{sql[:page.start()]} join {self._page_keys(self._matched, page)} on {self._joined_on} "
                f"where 1{keyset} order by {page['order']} limit {page['limit']}")


class _SearchDatasette:
    """The Datasette instance as the table view sees it: the searched database is wrapped."""

    def __init__(self, datasette, db: _SearchDatabase):
        self._datasette = datasette
        self._db = db

    def __getattr__(self, name):
        return getattr(self._datasette, name)

    def get_database(self, name=None, route=None):
        db = self._datasette.get_database(name, route)
        return self._db if db.name == self._db.name else db

    @property
    def databases(self):
        return {**self._datasette.databases, self._db.name: self._db}

    execute = Datasette.execute  # facets query through it; it looks the database up in .databases


class _RankedTableView(TableView):
    async def sortable_columns_for_table(self, database_name, table_name, use_rowid):
        return await super().sortable_columns_for_table(database_name, table_name, use_rowid) | {RELEVANCE}


def _table(datasette, request):
    """(database, table name) this request addresses, or None."""
    try:
        db = datasette.get_database(route=tilde_decode(request.url_vars["database"]))
    except KeyError:
        return None
    return db, tilde_decode(request.url_vars["table"])


async def _search_database(datasette, request) -> _SearchDatabase | None:
    """The wrapped database when this request is a search on a table with an FTS index."""
    query = request.args.get("_search")
    if not query and RELEVANCE in (request.args.get("_sort"), request.args.get("_sort_desc")):
        raise BadRequest(f"{RELEVANCE} orders the results of a search: add ?_search=")
    addressed = _table(datasette, request)
    if not query or addressed is None:
        return None
    db, table = addressed
    metadata = datasette.table_metadata(db.name, table)
    fts_table = request.args.get("_fts_table") or metadata.get("fts_table") or await db.fts_table(table)
    if not fts_table or not await db.table_exists(table):
        return None
    pks = await db.primary_keys(table)
    rank = await _rank_function(db, fts_table)
    if len(pks) != 1 or rank is None:  # rowid tables and FTS3/4 indexes: Datasette's own search
        return None
    # Raw or escaped as Datasette decides it (filters.py).
    raw = {"raw": True, "escaped": False}.get(request.args.get("_searchmode"), metadata.get("searchmode") == "raw")
    fts_pk = request.args.get("_fts_pk", metadata.get("fts_pk", "rowid"))
    # The column facets as Datasette reads them from metadata and the query string (ColumnFacet).
    configs = [] if request.args.get("_nofacet") else load_facet_configs(request, metadata).get("column", [])
    facets = [c for c in (c["config"].get("column") or c["config"].get("simple") for c in configs) if c]
    return _SearchDatabase(db, table, pks[0], fts_table, fts_pk, raw, query, rank, facets)


def _ranked(request) -> bool:
    sort, sort_desc = request.args.get("_sort"), request.args.get("_sort_desc")
    # _sort_by_desc (the form's checkbox): Datasette redirects it to _sort_desc first
    return "_sort_by_desc" not in request.args and (not (sort or sort_desc) or RELEVANCE in (sort, sort_desc))


async def _typed_search(datasette, request) -> Request:
    """The request without the table's default sort when it is a search typed into the table
    page's form: the form re-submits the sort the page showed, which for a plain table page is
    the default one, not an order the user asked for."""
    addressed = _table(datasette, request)
    if ("_filter_column" not in request.args or "_sort_by_desc" in request.args
            or not request.args.get("_search") or addressed is None):
        return request
    db, table = addressed
    if not await db.table_exists(table):
        return request
    metadata = datasette.table_metadata(db.name, table)
    pks = await db.primary_keys(table)
    default = metadata.get("sort") or metadata.get("sort_desc") or (pks[0] if len(pks) == 1 else "rowid")
    return _with_sort(request, None) if default in request.args.getlist("_sort") + request.args.getlist("_sort_desc") else request


def _with_sort(request, sort: str | None, drop: tuple[str, ...] = ()) -> Request:
    """The request with _sort=sort in place of its _sort/_sort_desc (none if sort is None)."""
    args = [(k, v) for k, v in parse_qsl(request.query_string, keep_blank_values=True)
            if k not in ("_sort", "_sort_desc", *drop)]
    args += [("_sort", sort)] if sort else []
    return Request(dict(request.scope, query_string=urlencode(args).encode()), request.receive)


async def table_page(datasette, request, send):
    request = await _typed_search(datasette, request)
    search = await _search_database(datasette, request)
    if search is None:
        return await TableView.as_view(datasette)(request, send)
    searching = _SearchDatasette(datasette, search)
    if not _ranked(request):
        return await TableView.as_view(searching)(request, send)
    sort_desc = request.args.get("_sort_desc") == RELEVANCE
    try:
        return await _RankedTableView.as_view(searching)(request if sort_desc else _with_sort(request, RELEVANCE), send)
    except DatasetteError as error:
        if error.title != "SQL Interrupted":
            raise
    # Scoring every match took longer than the SQL time limit (a one-character query over a
    # million rows on a busy server): answer in the table's own order rather than not at all.
    return await TableView.as_view(searching)(_with_sort(request, None, drop=("_next",)), send)


@hookimpl
def register_routes():
    # Datasette's own table route, minus /-/… pages; plugin routes are matched first.
    return [(r"^/(?P<database>[^\/\.\-][^\/\.]*)/(?P<table>[^\/\.]+)(\.(?P<format>\w+))?$", table_page)]
