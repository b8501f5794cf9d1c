"""The Datasette app over the seed knowledge base, through Datasette's test client."""

import urllib.parse

import pytest
from conftest import DATA, FIXTURES, get

TEXT_COLUMNS = ("project", "level1", "level2", "level3", "description", "basis")


def q(text):
    return urllib.parse.quote(text)


def search_ids(ds, query, table="indicators"):
    response = get(ds, f"/kb/{table}.json?_search={q(query)}&_size=max&_col=id&_shape=objects")
    assert response.status_code == 200, response.text
    return {row["id"] for row in response.json()["rows"]}


def containing_ids(seed_db, query):
    import sqlite3

    db = sqlite3.connect(seed_db)
    text = " || '\n' || ".join(f"coalesce({c}, '')" for c in TEXT_COLUMNS)
    return {r[0] for r in db.execute(f"select id from indicators where instr({text}, ?) > 0", (query,))}


def test_unsegmented_queries_find_words_inside_compounds(datasette, seed_db):
    for query in ("交通违法", "电子警察维护", "违法", "满意", "警察", "率", "费"):
        want = containing_ids(seed_db, query)
        assert want, query
        assert want <= search_ids(datasette, query), query


def test_search_recall_on_held_out_queries(datasette, seed_db):
    queries = [
        line.strip()
        for line in (FIXTURES / "search_queries.txt").read_text(encoding="utf-8").split("\n")
        if line.strip() and not line.startswith("#")
    ]
    found = total = 0
    for query in queries:
        want = containing_ids(seed_db, query)
        found += len(want & search_ids(datasette, query))
        total += len(want)
    assert total > 1000
    assert found / total >= 0.98


def test_search_results_stay_on_topic(datasette):
    # words far apart in different fields do not make a match
    rows = get(datasette, f"/kb/indicators.json?_search={q('交通违法')}&_shape=array&_col=level3").json()
    assert {r["level3"] for r in rows} == {"交通违法行为下降率"}


def test_fts_syntax_in_queries_is_harmless(datasette):
    for query in ('"', "*", "NEAR(", "a OR b", "满意度)", "' or 1=1 --"):
        response = get(datasette, f"/kb/indicators.json?_search={q(query)}")
        assert response.status_code == 200, query


def test_project_search(datasette):
    rows = get(datasette, f"/kb/projects.json?_search={q('电子警察')}&_shape=array&_col=name&_col=goal").json()
    assert len(rows) >= 5 and all("电子警察" in r["name"] + (r["goal"] or "") for r in rows)


def test_ranked_search_canned_query_orders_by_bm25(datasette):
    rows = get(datasette, f"/kb/search_ranked.json?q={q('交通违法')}&_shape=array").json()
    assert rows[0]["level3"] == "交通违法行为下降率"
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores)


def test_facets_on_search_results(datasette):
    data = get(datasette, f"/kb/indicators.json?_search={q('满意度')}").json()
    facets = data["facet_results"]
    assert set(facets) >= {"province", "city", "year", "level1_std", "level2_std", "value_unit", "value_kind"}
    cities = {f["value"]: f["count"] for f in facets["city"]["results"]}
    assert set(cities) == {"安阳市", "石家庄市", "济源市", "保定市", "吕梁市"}
    assert sum(cities.values()) == data["filtered_table_rows_count"]


@pytest.mark.parametrize(
    "name,param",
    [
        ("indicator_across_cities", "name=" + q("满意度")),
        ("satisfaction_targets_by_city", ""),
        ("projects_budget_indicators", "city="),
        ("qualitative_share_by_document", ""),
        ("projects_missing_categories", ""),
        ("search_ranked", "q=" + q("率")),
    ],
)
def test_canned_queries_run(datasette, name, param):
    response = get(datasette, f"/kb/{name}.json?{param}&_shape=array")
    assert response.status_code == 200, response.text
    assert response.json()


def test_indicator_across_cities_lists_every_city(datasette):
    rows = get(datasette, f"/kb/indicator_across_cities.json?name={q('群众满意度')}&_shape=array").json()
    assert {r["city"] for r in rows} >= {"安阳市", "石家庄市", "济源市", "吕梁市"}


def test_source_page_marks_the_line_and_masks_personal_data(datasette):
    html = get(datasette, "/-/source/002_94b6ab0ece475523.txt?line=333").text
    assert 'id="L333" class="hit"' in html and "辅警人员人均装备数量" in html
    page = get(datasette, "/-/source/002_94b6ab0ece475523.txt?line=310").text
    assert "13838901770" not in page and "卢光伟" not in page and "＊＊＊" in page
    assert get(datasette, "/-/source/..%2Fsecret.txt").status_code == 404
    assert get(datasette, "/-/source/002_94b6ab0ece475523.txt?line=x").status_code == 400


def test_source_pages_never_show_personal_data(datasette):
    from test_build import personal_values

    values = personal_values()
    for path in sorted(DATA.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        hits = [n for n, line in enumerate(lines, start=1) if any(v in line for v in values)]
        for n in hits:
            page = get(datasette, f"/-/source/{path.name}?line={n}").text
            assert not [v for v in values if v in page], (path.name, n)


def test_indicator_pages_link_to_source_and_project(datasette):
    html = get(datasette, "/kb/indicators/1000001").text
    assert "/-/source/000_0cd1517630c89228.txt?line=493#L493" in html
    assert "/kb/projects/1" in html


def test_csv_export_and_excel_variant(datasette):
    plain = get(datasette, f"/kb/indicators.csv?_search={q('违法')}&_stream=on")
    assert plain.status_code == 200 and plain.content.startswith(b"id,")
    excel = get(datasette, f"/kb/indicators.csv?_search={q('违法')}&_stream=on&_bom=1")
    assert excel.content == b"\xef\xbb\xbf" + plain.content
    assert excel.content.decode("utf-8-sig").count("\n") == 11  # header + 10 rows
    canned = get(datasette, "/kb/qualitative_share_by_document.csv?_bom=1")
    assert canned.content.startswith(b"\xef\xbb\xbfsource_file,")


def test_table_page_has_search_box_highlight_and_excel_link(datasette):
    html = get(datasette, f"/kb/indicators?_search={q('交通违法')}").text
    assert 'name="_search" value="交通违法"' in html
    assert "交通违法" in html and "<mark>" in html  # the highlight script carries the terms
    assert "CSV (Excel)" in html


@pytest.mark.parametrize(
    "path",
    [
        "/kb/indicators.json?_search=%FF%FE%FD",
        "/kb/indicators.json?_search=" + "满" * 5000,
        "/kb/indicators.json?_search=%22%29%28*NEAR%28a%20b%29%20OR%20%7B",
        "/kb/search_ranked.json?q=%FF",
        "/kb/search_ranked.json?q=" + q("'; drop table indicators; --"),
        "/-/source/000_0cd1517630c89228.txt?line=-5",
        "/-/source/000_0cd1517630c89228.txt?line=99999999",
    ],
)
def test_hostile_input_never_errors(datasette, path):
    response = get(datasette, path)
    assert response.status_code in (200, 400, 404), response.text[:300]
    assert "Traceback" not in response.text
