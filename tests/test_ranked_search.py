"""Table search ordered by relevance (plugins/ranked_search.py), through Datasette's test client."""
import sqlite3
import urllib.parse

import pytest
from conftest import ROOT, get

from perfkb.search import fts_query
from perfkb.store import RANK_WEIGHTS


def q(text):
    return urllib.parse.quote(text)


def bm25_order(seed_db, table, query, city=None, descending=False):
    """The ids of a search (in one city), best first (worst first if descending), as FTS5 ranks
    them in the app's micro-units, ties by id."""
    db = sqlite3.connect(seed_db)
    rows = db.execute(f"select f.rowid, cast(round(f.rank * 1000000) as integer) from {table}_fts f "
                      f"join {table} t on t.id = f.rowid where {table}_fts match ? and (? is null or t.city = ?)",
                      [fts_query(query), city, city]).fetchall()
    return [i for i, _ in sorted(rows, key=lambda r: (-r[1] if descending else r[1], r[0]))]


def all_pages(ds, path):
    """Every row of a table page, following Datasette's next links."""
    ids = []
    while path:
        data = get(ds, path).json()
        ids += [row["id"] for row in data["rows"]]
        path = data["next_url"] and urllib.parse.urlsplit(data["next_url"])._replace(scheme="", netloc="").geturl()
    return ids

@pytest.fixture
def executed(monkeypatch):
    """The SQL the app sends to SQLite, as Datasette and the plugin write it."""
    from datasette.database import Database

    seen = []
    execute = Database.execute

    async def recording(self, sql, *args, **kwargs):
        seen.append(sql)
        return await execute(self, sql, *args, **kwargs)

    monkeypatch.setattr(Database, "execute", recording)
    return seen


@pytest.mark.parametrize("table,query", [("indicators", "满意度"), ("indicators", "交通违法"),
                                         ("indicators", "率"), ("projects", "电子警察")])
def test_search_without_sort_is_in_bm25_order_across_pages(datasette, seed_db, table, query):
    want = bm25_order(seed_db, table, query)
    assert len(want) > 1
    got = all_pages(datasette, f"/kb/{table}.json?_search={q(query)}&_size=7&_shape=objects")
    assert got == want


def test_best_match_comes_first(datasette):
    rows = get(datasette, f"/kb/indicators.json?_search={q('交通违法')}&_shape=array&_col=level3").json()
    assert rows[0]["level3"] == "交通违法行为下降率"
    # the indicator named exactly the query outranks those that only mention it
    rows = get(datasette, f"/kb/indicators.json?_search={q('群众满意度')}&_shape=array&_col=level3").json()
    assert rows[0]["level3"] == "群众满意度"


def test_an_explicit_sort_wins(datasette, seed_db):
    ids = [r["id"] for r in get(datasette, f"/kb/indicators.json?_search={q('满意度')}&_sort=id&_shape=array&_size=max").json()]
    assert ids == sorted(bm25_order(seed_db, "indicators", "满意度"))
    years = [r["year"] for r in get(datasette, f"/kb/indicators.json?_search={q('满意度')}&_sort_desc=year&_shape=array&_size=max").json()]
    assert years == sorted(years, reverse=True) and len(set(years)) > 1


def test_ranked_search_keeps_count_facets_and_page(datasette):
    data = get(datasette, f"/kb/indicators.json?_search={q('满意度')}&_size=max").json()
    assert data["filtered_table_rows_count"] == len(data["rows"]) == 109
    assert sum(f["count"] for f in data["facet_results"]["city"]["results"]) == 109
    html = get(datasette, f"/kb/indicators?_search={q('交通违法')}")
    assert html.status_code == 200 and "交通违法行为下降率" in html.text
    # a page with a next link (its sort value read from rows with expanded labels)
    html = get(datasette, f"/kb/indicators?_search={q('率')}&_size=5")
    assert html.status_code == 200 and "_sort=_relevance" in html.text and "_next=" in html.text


def test_ranked_csv_export_streams_every_row_in_order(datasette, seed_db):
    want = bm25_order(seed_db, "indicators", "率")
    response = get(datasette, f"/kb/indicators.csv?_search={q('率')}&_stream=on&_size=max&_col=id")
    lines = response.text.strip().splitlines()
    assert lines[0].startswith("id") and [int(line.split(",")[0]) for line in lines[1:]] == want


def test_relevance_needs_a_search(datasette):
    response = get(datasette, "/kb/indicators.json?_sort=_relevance")
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/kb/indicators", "/kb/projects", "/kb/documents", "/kb/families",
                                  "/kb/indicator_names", "/kb/problems", "/kb/indicators/1000001",
                                  "/kb/search_ranked?q=率", "/-/versions.json", "/-/similar?q=满意度"])
def test_pages_around_it_still_answer(datasette, path):
    for suffix in ("", ".json") if "?" not in path and "/-/" not in path else ("",):
        response = get(datasette, path + suffix)
        assert response.status_code == 200, (path + suffix, response.text[:300])


def test_search_typed_into_the_table_form_is_ranked(datasette):
    # the form re-submits the sort the page showed: the default (id) is not an order asked for
    form = "_filter_column=&_filter_op=exact&_filter_value="
    response = get(datasette, f"/kb/indicators?_search={q('满意度')}&{form}&_sort=id")
    assert response.status_code == 302 and response.headers["location"].endswith("_sort=_relevance")
    response = get(datasette, f"/kb/indicators?_search={q('满意度')}&{form}&_sort=year")
    assert "_sort=year" in response.headers["location"]


def test_ranked_query_matches_once(datasette, executed):
    """The join replaces Datasette's own search clause instead of matching a second time."""
    get(datasette, f"/kb/indicators.json?_search={q('满意度')}&city={q('石家庄市')}&_nofacet=1")
    [page] = [sql for sql in executed if "_relevance" in sql and " limit " in sql]
    assert page.count(" match ") == 1 and "order by _relevance, indicators.id" in page


def test_unfiltered_pages_are_picked_on_the_index(datasette, executed):
    """With nothing but the search filtering, in relevance or key order, the FTS subquery sorts,
    keyset-filters and limits the page's keys before a table row is read; with another filter or
    another order, every match is collected first."""
    for args, keys_first in (("", True), ("&_sort_desc=_relevance", True), (f"&city={q('安阳市')}", False),
                             ("&_sort=id", True), ("&_sort_desc=id", True), ("&_sort=city", False),
                             (f"&_sort=id&city={q('安阳市')}", False)):
        url = f"/kb/indicators.json?_search={q('率')}{args}&_nofacet=1&_size=5"
        executed.clear()
        next_token = get(datasette, url).json()["next"]
        executed.clear()
        get(datasette, f"{url}&_next={q(next_token)}")
        [page] = [sql for sql in executed if " order by " in sql and " limit " in sql and "as count" not in sql]
        assert (page.count(" limit ") == 2) == keys_first, args
        assert ("_relevance_rowid > :p" in page) == keys_first, args


def test_ranking_uses_the_weights_stored_in_the_index(datasette, seed_db):
    db = sqlite3.connect(seed_db)
    weights = db.execute("select v from indicators_fts_config where k = 'rank'").fetchone()[0]
    assert weights == f"bm25({', '.join(map(str, RANK_WEIGHTS['indicators']))})"
    data = get(datasette, f"/kb/indicators.json?_search={q('满意度')}&_shape=objects&_size=3").json()
    want = db.execute(f"select rowid, cast(round(rank * 1000000) as integer) from indicators_fts "
                      f"where indicators_fts match ? order by rank, rowid limit 3", [fts_query("满意度")]).fetchall()
    assert [(r["id"], r["_relevance"]) for r in data["rows"]] == want


def test_search_answers_in_table_order_when_ranking_runs_out_of_time(datasette, seed_db, monkeypatch):
    from datasette.database import QueryInterrupted
    from datasette.plugins import pm

    plugin = next(p for p in pm.get_plugins() if getattr(p, "__name__", "") == "ranked_search.py")
    execute = plugin._SearchDatabase.execute

    async def slow(self, sql, params=None, **kwargs):
        if plugin.RELEVANCE in sql:
            raise QueryInterrupted(None, sql, params)
        return await execute(self, sql, params, **kwargs)

    monkeypatch.setattr(plugin._SearchDatabase, "execute", slow)
    data = get(datasette, f"/kb/indicators.json?_search={q('满意度')}&_shape=objects&_size=max").json()
    assert [r["id"] for r in data["rows"]] == sorted(bm25_order(seed_db, "indicators", "满意度"))


def test_unfiltered_search_is_counted_on_the_index(datasette, seed_db, executed):
    for args, counted_on in (("", "indicators_fts"), ("&_sort=id", "indicators_fts"), (f"&city={q('安阳市')}", "indicators")):
        executed.clear()
        get(datasette, f"/kb/indicators.json?_search={q('率')}{args}&_nofacet=1")
        assert [sql.split()[3] for sql in executed if sql.startswith("select count(*)")] == [counted_on], args
    # and the counts the app reports are the rows' counts, filtered or not, in any order
    for args, want in (("", 225), ("&_sort=id", 225), (f"&city={q('安阳市')}", None)):
        data = get(datasette, f"/kb/indicators.json?_search={q('率')}{args}&_size=1").json()
        if want is None:
            want = sqlite3.connect(seed_db).execute(
                "select count(*) from indicators where city = '安阳市' and id in (select rowid from indicators_fts "
                "where indicators_fts match ?)", [fts_query("率")]).fetchone()[0]
        assert data["filtered_table_rows_count"] == want


@pytest.mark.parametrize("config,want", [([("bm25(4.0, 1.0)",)], "bm25(projects_fts, 4.0, 1.0)"),
                                         ([("bm25()",)], "bm25(projects_fts)"), ([], "bm25(projects_fts)"),
                                         (None, None)])
def test_rank_function_follows_the_index_configuration(config, want):
    import asyncio

    from plugins.ranked_search import _rank_function

    class Config:
        async def execute(self, sql, **kwargs):
            if config is None:  # no %_config table: FTS3/4, which have no bm25
                raise sqlite3.OperationalError("no such table")
            return type("Results", (), {"rows": config})()

    assert asyncio.run(_rank_function(Config(), "projects_fts")) == want


def test_relevance_descending_and_with_a_filter_across_pages(datasette, seed_db):
    got = all_pages(datasette, f"/kb/indicators.json?_search={q('率')}&_sort_desc=_relevance&_size=7&_shape=objects")
    assert got == bm25_order(seed_db, "indicators", "率", descending=True)
    got = all_pages(datasette, f"/kb/indicators.json?_search={q('率')}&city={q('石家庄市')}&_size=7&_shape=objects")
    assert got == bm25_order(seed_db, "indicators", "率", city="石家庄市") and len(got) > 7


def test_descending_checkbox_becomes_descending_relevance(datasette):
    response = get(datasette, f"/kb/indicators?_search={q('率')}&_sort=_relevance&_sort_by_desc=on")
    assert response.status_code == 302 and response.headers["location"].endswith("_sort_desc=_relevance")


def test_tables_it_cannot_rank_are_searched_as_datasette_does(tmp_path):
    """A table without a primary key (rowid) and one with an FTS4 index (no bm25); raw search
    mode, since the app's escape_fts writes queries for PerfKB's own indexes."""
    import sqlite_utils
    from conftest import ROOT
    from datasette.app import Datasette

    db = sqlite_utils.Database(tmp_path / "other.db")
    db["notes"].insert_all([{"body": "交通违法"}, {"body": "满意度"}])
    db["notes"].enable_fts(["body"])
    db["docs"].insert_all([{"id": 1, "body": "交通违法"}, {"id": 2, "body": "满意度"}], pk="id")
    db["docs"].enable_fts(["body"], fts_version="FTS4")
    ds = Datasette(immutables=[str(tmp_path / "other.db")], plugins_dir=str(ROOT / "plugins"))
    for table in ("notes", "docs"):
        response = get(ds, f"/other/{table}.json?_search={q('满意度')}&_searchmode=raw&_shape=array")
        assert response.status_code == 200, response.text
        assert [r["body"] for r in response.json()] == ["满意度"]


def facet_sql(executed):
    return [sql for sql in executed if "as count" in sql or "materialized" in sql]


@pytest.mark.parametrize("args", ["", f"&city={q('安阳市')}", "&_facet=level1", "&_sort=id", "&_facet_size=2"])
def test_search_facets_are_counted_in_one_pass(datasette, seed_db, executed, args):
    """Every facet of a search page as its own query would count it (values, counts, order, truncation),
    from one query over the matches instead of one per facet."""
    data = get(datasette, f"/kb/indicators.json?_search={q('率')}{args}").json()
    [one_pass] = facet_sql(executed)
    assert "materialized" in one_pass
    db = sqlite3.connect(seed_db)
    city = "安阳市" if "city" in args else None
    size = 2 if "_facet_size" in args else 30
    facets = data["facet_results"]
    assert len(facets) == 7 + ("_facet=level1" in args)
    for column, facet in facets.items():
        want = db.execute(
            f"select {column}, count(*) as n from indicators where (? is null or city = ?) and {column} is not null "
            f"and id in (select rowid from indicators_fts where indicators_fts match ?) "
            f"group by {column} order by n desc, {column} limit {size + 1}", [city, city, fts_query("率")]).fetchall()
        assert [(v["value"], v["count"]) for v in facet["results"]] == want[:size], column
        assert facet["truncated"] == (len(want) > size), column


def test_search_facets_time_out_together(datasette, seed_db, monkeypatch):
    """A facet pass that runs out of time leaves the page without facets, as Datasette would."""
    from datasette.database import Database, QueryInterrupted

    execute = Database.execute

    async def slow(self, sql, params=None, **kwargs):
        if "materialized" in sql:
            raise QueryInterrupted(None, sql, params)
        return await execute(self, sql, params, **kwargs)

    monkeypatch.setattr(Database, "execute", slow)
    data = get(datasette, f"/kb/indicators.json?_search={q('率')}").json()
    assert data["facet_results"] == {} and len(data["rows"]) > 0
    page = get(datasette, f"/kb/indicators?_search={q('率')}")
    assert page.status_code == 200
    assert "These facets timed out: province, city, year, level1_std, level2_std, value_unit, value_kind" in page.text


def test_facets_without_a_search_are_datasettes(datasette, executed):
    get(datasette, "/kb/indicators.json")
    assert len(facet_sql(executed)) == 7 and not any("materialized" in sql for sql in executed)


@pytest.mark.parametrize("query", ["满意度", "率", "交通违法"])
def test_search_in_key_order_across_pages(datasette, seed_db, query):
    matches = sorted(bm25_order(seed_db, "indicators", query))
    assert all_pages(datasette, f"/kb/indicators.json?_search={q(query)}&_sort=id&_size=7&_shape=objects") == matches
    assert all_pages(datasette, f"/kb/indicators.json?_search={q(query)}&_sort_desc=id&_size=7&_shape=objects") == matches[::-1]


def test_search_facets_of_any_column_as_datasette_counts_them(tmp_path):
    """Facet columns named like the pass's own columns, with their own collation (ties ordered by
    it), and a facet given as JSON come out as Datasette's per-facet queries give them."""
    from datasette.app import Datasette

    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("create table items (id integer primary key, n text, _rows text, tag text collate nocase, body text)")
    db.execute("create virtual table items_fts using fts5(body)")
    db.executemany("insert into items values (?, ?, ?, ?, ?)", [
        (i, "pqr"[i % 3], "xy"[i % 2], "B" if i % 2 else "a", "apple pie" if i % 5 else "pear") for i in range(1, 61)])
    db.execute("insert into items_fts (rowid, body) select id, body from items")
    db.commit()
    metadata = {"databases": {"other": {"tables": {"items": {
        "fts_table": "items_fts", "fts_pk": "id", "facets": ["n", "_rows", "tag"]}}}}}
    ds = Datasette(immutables=[str(path)], metadata=metadata, plugins_dir=str(ROOT / "plugins"))
    json_facet = q('{"column": "id"}')
    for size in (1, 30):
        data = get(ds, f"/other/items.json?_search=apple&_searchmode=raw&_facet_size={size}&_nosuggest=1"
                       f"&_facet={json_facet}").json()
        assert set(data["facet_results"]) == {"n", "_rows", "tag", "id"}
        for column, facet in data["facet_results"].items():
            want = db.execute(
                f"select {column}, count(*) as c from items where {column} is not null and id in "
                f"(select rowid from items_fts where items_fts match 'apple') "
                f"group by {column} order by c desc, {column} limit {size + 1}").fetchall()
            assert [(v["value"], v["count"]) for v in facet["results"]] == want[:size], column
            assert facet["truncated"] == (len(want) > size), column
    # the tie (24 rows each) broken as the column's NOCASE collation orders it, not as binary would
    assert [(v["value"], v["count"]) for v in data["facet_results"]["tag"]["results"]] == [("a", 24), ("B", 24)]
