"""The reviewers' search page (/, /-/search), its exports, /-/compare, and table search that
leaves every other FTS table to Datasette (perfkb/app), through Datasette's test client."""

import asyncio
import csv
import io
import re
import sqlite3
import urllib.parse

import pytest
from conftest import ROOT, get


def q(text):
    return urllib.parse.quote(text)


def card_ids(html):
    return [int(i) for i in re.findall(r'<li class="card" id="i(\d+)"', html)]


def search_rows(ds, query, **params):
    extra = "".join(f"&{k}={q(str(v))}" for k, v in params.items())
    response = get(ds, f"/-/search.json?q={q(query)}{extra}")
    assert response.status_code == 200, response.text
    return response.json()


def sql(seed_db, query, params=()):
    db = sqlite3.connect(seed_db)
    try:
        return db.execute(query, params).fetchall()
    finally:
        db.close()


def test_home_page_is_the_search(datasette, seed_db):
    html = get(datasette, "/").text
    assert 'name="q"' in html and "指标检索" in html
    total = sql(seed_db, "select count(*) from indicators")[0][0]
    assert f"{total:,} 条绩效指标" in html  # every indicator, counted from the documents table
    assert 'data-column="city"' in html and "吕梁市" in html


def test_query_spanning_project_and_indicator(datasette, seed_db):
    data = search_rows(datasette, "电子警察 维护")
    rows = data["rows"]
    assert rows and all(
        "维护" in "".join(str(r[c] or "") for c in ("project", "level1", "level2", "level3"))
        or "维护" in (r["description"] or "") + (r["basis"] or "")
        for r in rows
    )
    # words in different fields: 维护 in the indicator's name, 电子警察 in its project's (安阳's
    # 维护电子抓拍设备 under 电子警察和交通设施信息化服务)
    across = {
        r[0]
        for r in sql(
            seed_db,
            "select id from indicators where instr(project, '电子警察') "
            "and instr(level3, '维护') and not instr(project, '维护')",
        )
    }
    assert across and across <= {r["id"] for r in rows}
    scores = [r["_score"] for r in rows]
    assert scores == sorted(scores)  # best first
    # unsegmented, the same words match too
    assert {r["id"] for r in search_rows(datasette, "电子警察维护")["rows"]} >= {r["id"] for r in rows[:3]}


def test_place_and_year_words_become_filters(datasette, seed_db):
    data = search_rows(datasette, "吕梁 满意度")
    assert data["place_filters"] == {"city": ["吕梁市"]} and data["text"] == "满意度"
    assert {r["city"] for r in data["rows"]} == {"吕梁市"}
    want = {
        r[0]
        for r in sql(
            seed_db,
            "select id from indicators where city = '吕梁市' and "
            "instr(project || level1 || coalesce(level2, '') || level3, '满意度')",
        )
    }
    assert want and want <= {r["id"] for r in data["rows"]}
    data = search_rows(datasette, "2024 石家庄 电子警察")
    assert data["place_filters"] == {"year": ["2024"], "city": ["石家庄市"]}
    assert data["rows"] and all(r["city"] == "石家庄市" and r["year"] == 2024 for r in data["rows"])
    # a county by its short name, a province, a place glued to the words
    assert {r["city"] for r in search_rows(datasette, "曲阳 满意")["rows"]} == {"保定市"}
    assert {r["province"] for r in search_rows(datasette, "河南 满意度")["rows"]} == {"河南省"}
    assert search_rows(datasette, "吕梁满意度")["total"] == search_rows(datasette, "吕梁 满意度")["total"]
    # noplace=1 searches the words as text
    assert search_rows(datasette, "吕梁 满意度", noplace="1")["place_filters"] == {}


def test_results_page_marks_counts_and_pages(datasette):
    html = get(datasette, f"/-/search?q={q('满意度')}").text
    assert "<mark>满意度</mark>" in html
    total = int(re.search(r"1–20 / (\d+)", html).group(1))
    first = card_ids(html)
    assert len(first) == 20 and total > 40
    ranked = [r["id"] for r in search_rows(datasette, "满意度")["rows"]]
    assert len(ranked) == total and first == ranked[:20]
    next_url = re.search(r'<a class="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    second_html = get(datasette, next_url).text
    assert card_ids(second_html) == ranked[20:40] and f"21–40 / {total}" in second_html
    prev_url = re.search(r'<a class="prev" href="([^"]+)"', second_html).group(1).replace("&amp;", "&")
    back = get(datasette, prev_url).text
    assert card_ids(back) == first and f"1–20 / {total}" in back
    assert 'class="prev disabled"' in back
    fifty = get(datasette, f"/-/search?q={q('满意度')}&size=50").text
    assert card_ids(fifty) == ranked[:50]


def test_facets_count_and_combine(datasette):
    html = get(datasette, f"/-/search?q={q('满意度')}").text
    for column in ("province", "city", "county", "year", "level1_std", "level2_std", "value_kind"):
        assert f'data-column="{column}"' in html, column
    data = search_rows(datasette, "满意度", city="济源市", value_kind="定量")
    assert data["rows"] and all(r["city"] == "济源市" and r["value_kind"] == "定量" for r in data["rows"])
    page = get(datasette, f"/-/search?q={q('满意度')}&city={q('济源市')}&value_kind={q('定量')}").text
    assert f"1–{min(20, data['total'])} / {data['total']}" in page
    assert page.count('class="chip"') == 2


def test_zero_results_say_so_and_suggest(datasette):
    html = get(datasette, f"/-/search?q={q('吕梁 电子警察维护费用')}").text
    assert "没有找到" in html and "只检索" in html
    html = get(datasette, f"/-/search?q={q('北京 满意度')}").text
    assert "库中没有 北京 的文件" in html
    html = get(datasette, f"/-/search?q={q('警察满意维护率xyz')}").text
    assert "没有找到" in html and "分开检索" in html


def test_exports_are_exactly_the_results(datasette):
    data = search_rows(datasette, "吕梁 满意度")
    excel = get(datasette, f"/-/search.csv?q={q('吕梁 满意度')}&_bom=1").content
    plain = get(datasette, f"/-/search.csv?q={q('吕梁 满意度')}").content
    assert excel == b"\xef\xbb\xbf" + plain
    rows = list(csv.reader(io.StringIO(plain.decode("utf-8"))))
    assert rows[0][:2] == ["编号", "三级指标"] and len(rows) == 1 + data["total"]
    assert [int(r[0]) for r in rows[1:]] == [r["id"] for r in data["rows"]]
    html = get(datasette, f"/-/search?q={q('吕梁 满意度')}").text
    assert "/-/search.csv?q=" in html and "_bom=1" in html and "/-/search.json?q=" in html


@pytest.mark.parametrize(
    "path",
    [
        "/-/search?q=%FF%FE",
        "/-/search?q=" + "满" * 5000,
        "/-/search?q=%22%29%28*NEAR%28a%20b%29%20OR",
        "/-/search?q=a&after=x,y",
        "/-/search?q=a&before=1",
        "/-/search?q=a&size=-4&start=abc",
        "/-/search?year=abc",
        "/-/search.csv?q=%27%3B%20drop%20table%20indicators",
        "/-/search.json?city=x",
        "/-/compare?family=abc",
        "/-/compare?id=999999999",
        "/-/compare?name=" + q("没有这个指标"),
        "/-/compare?name=" + "满" * 500,
        "/-/compare?family=28&sort=drop",
    ],
)
def test_hostile_input_never_errors(datasette, path):
    response = get(datasette, path)
    assert response.status_code in (200, 400, 404), response.text[:300]
    assert "Traceback" not in response.text


def test_compare_page_table_and_chart(datasette):
    html = get(datasette, f"/-/compare?name={q('群众满意度')}").text
    assert "各地对比：群众满意度" in html
    assert html.count('<circle class="dot"') >= 20
    assert "中位数" in html and "最小" in html and "最大" in html
    for city in ("安阳市", "石家庄市", "济源市", "保定市", "吕梁市"):
        assert f">{city}</text>" in html, city
    family = re.search(r"指标族 (\d+)", html).group(1)
    assert card_ids(html) == [] and get(datasette, f"/-/compare?family={family}").text.count("<tr>") > 40
    by_value = get(datasette, f"/-/compare?family={family}&sort=value_num&desc=1").text
    numbers = [float(x) for x in re.findall(r'<td class="num">([\d.]+)</td><td>%</td>', by_value)]
    assert numbers == sorted(numbers, reverse=True) and numbers
    # from an indicator: its family
    assert "各地对比：群众满意度" in get(datasette, "/-/compare?id=1000028").text


def test_search_results_link_to_compare_source_and_document(datasette):
    html = get(datasette, f"/-/search?q={q('群众满意度')}").text
    assert "/-/compare?family=" in html and "/-/source/" in html and "/kb/documents/" in html


def test_other_fts_tables_search_as_stock_datasette(seed_db, tmp_path):
    """Our search runs only on our own FTS tables: another FTS table in the same instance (here
    in a second database) gets Datasette's own escape_fts, with or without our plugins."""
    import yaml
    from datasette.app import Datasette
    from datasette.utils import escape_fts

    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("create table notes (id integer primary key, body text)")
    db.executemany(
        "insert into notes values (?, ?)",
        [(1, "hello world"), (2, "hello there"), (3, "world peace"), (4, "交通 违法"), (5, "chars appear")],
    )
    db.execute('create virtual table notes_fts using fts5(body, content="notes", content_rowid=id)')
    db.execute("insert into notes_fts(notes_fts) values ('rebuild')")
    db.commit()
    db.close()
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    ours = Datasette([str(other)], immutables=[str(seed_db)], metadata=metadata, plugins_dir=str(ROOT / "plugins"))
    plain = sqlite3.connect(other)
    for query in ("hello world", "hello", "交通", "chars", '"hello', "world OR peace"):
        response = get(ours, f"/other/notes.json?_search={q(query)}&_shape=array")
        assert response.status_code == 200, (query, response.text)
        # what Datasette's own search does: rowid in (… match escape_fts(:search))
        stock = [
            {"id": i, "body": b}
            for i, b in plain.execute(
                "select id, body from notes where rowid in (select rowid from notes_fts where notes_fts match ?) "
                "order by id",
                [escape_fts(query)],
            )
        ]
        assert response.json() == stock, query
    # and our own tables still search with jieba in the same instance
    rows = get(ours, f"/kb/indicators.json?_search={q('交通违法')}&_shape=array&_col=level3").json()
    assert {r["level3"] for r in rows} == {"交通违法行为下降率"}


def test_startup_loads_jieba_before_the_first_request(seed_db):
    import yaml
    from datasette.app import Datasette

    from perfkb import segment

    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    ds = Datasette(immutables=[str(seed_db)], metadata=metadata, plugins_dir=str(ROOT / "plugins"))
    segment.tokenizer.cache_clear()
    asyncio.run(ds.invoke_startup())
    assert segment.tokenizer.cache_info().currsize == 1


def test_table_page_chinese_headers_and_default_columns(datasette):
    html = get(datasette, f"/kb/indicators?_search={q('满意度')}").text
    assert ">三级指标<" in html.replace("\n", "").replace(" ", "") or "三级指标" in html
    headers = re.findall(r'<th [^>]*data-column="(\w+)"', html)
    assert headers == [
        "id",
        "source_line",
        "city",
        "year",
        "project",
        "level1",
        "level2",
        "level3",
        "value",
        "value_period",
    ] or set(headers) == {
        "id",
        "level3",
        "value",
        "value_period",
        "level1",
        "level2",
        "project",
        "city",
        "year",
        "source_line",
    }
    assert "显示全部列" in html and "_nocol=_none_" in html
    picked = get(datasette, f"/kb/indicators?_search={q('满意度')}&_col=level3&_col=basis").text
    assert set(re.findall(r'<th [^>]*data-column="(\w+)"', picked)) == {"id", "level3", "basis"}
    # JSON still has every column
    row = get(datasette, f"/kb/indicators.json?_search={q('满意度')}&_shape=array&_size=1").json()[0]
    assert {"description", "basis", "family_id"} <= set(row)


def test_indicator_row_page_is_a_card(datasette):
    html = get(datasette, "/kb/indicators/1000028").text
    assert 'class="perfkb-card"' in html and "群众满意度" in html
    assert "/-/source/000_0cd1517630c89228.txt?line=" in html and "/-/compare?" in html and "/kb/projects/" in html
    assert "<title>指标 1000028：群众满意度" in html


def test_canned_queries_titles_hints_links_and_loose_places(datasette):
    html = get(datasette, f"/kb/indicator_across_cities?name={q('群众满意度')}").text
    assert "<title>同一指标在各地的目标值" in html
    assert 'id="perfkb-query-params"' in html and "群众满意度" in html
    assert re.search(r'<a href="/kb/indicators/\d+">\d+</a>', html)
    assert re.search(r'<a href="/-/source/[^"]+\?line=\d+#L\d+"', html)
    rows = get(datasette, f"/kb/projects_budget_indicators.json?city={q('石家庄')}&_shape=array").json()
    assert rows and {r["city"] for r in rows} == {"石家庄市"}
    sql_page = get(datasette, "/kb?sql=select+1+as+a").text
    assert "csv-excel" in sql_page and "<title>SQL 查询" in sql_page


def test_plugin_hooks_registered_once(datasette):
    """Installed as the `perfkb` entry point or loaded through the plugins/ shim, never both."""
    from datasette.plugins import pm

    import perfkb.app

    get(datasette, "/")  # the instance has loaded its plugins directory
    owners = [
        name
        for name, plugin in pm.list_name_plugin()
        if getattr(plugin, "register_routes", None) is perfkb.app.register_routes
    ]
    assert len(owners) == 1, owners


@pytest.fixture(scope="module")
def small_limits(seed_db):
    """The app with rank_limit and row_facet_limit far below the seeds' match counts, so that a
    common word takes the path a million indicators take."""
    import yaml
    from datasette.app import Datasette

    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    metadata.setdefault("plugins", {}).setdefault("perfkb", {}).update({"rank_limit": 30, "row_facet_limit": 30})
    return Datasette(immutables=[str(seed_db)], metadata=metadata, plugins_dir=str(ROOT / "plugins"))


def test_too_many_to_rank_lists_name_matches_first_and_pages_through_all(small_limits, datasette):
    html = get(small_limits, f"/-/search?q={q('满意度')}").text
    assert "名称匹配在前" in html and "来不及逐条计算相关度" in html
    assert "分面在缩小范围后显示" in html and 'data-column="city"' in html and 'data-column="level1_std"' not in html
    total = int(re.search(r"1–20 / (\d+)", html).group(1))
    assert total == search_rows(datasette, "满意度")["total"]
    seen, pages, url = [], [], f"/-/search?q={q('满意度')}"
    while url:
        page = get(small_limits, url).text
        pages.append(page)
        seen += card_ids(page)
        found = re.search(r'<a class="next" href="([^"]+)"', page)
        url = found.group(1).replace("&amp;", "&") if found else None
    assert len(seen) == len(set(seen)) == total
    assert set(seen) == {r["id"] for r in search_rows(datasette, "满意度")["rows"]}
    back = re.search(r'<a class="prev" href="([^"]+)"', pages[-1]).group(1).replace("&amp;", "&")
    assert card_ids(get(small_limits, back).text) == card_ids(pages[-2])
    # the indicators named with the word come first
    first_page = get(small_limits, f"/-/search?q={q('满意度')}").text
    assert all(
        "满意度" in re.sub(r"<[^>]+>", "", name)
        for name in re.findall(r'<a class="level3" href="[^"]+">(.*?)</a>', first_page)
    )
    # a place narrows it under the limit: ranked again, with every facet
    narrow = get(small_limits, f"/-/search?q={q('曲阳 满意度')}").text
    assert "按相关度排序" in narrow and 'data-column="level1_std"' in narrow


def test_links_follow_base_url(seed_db):
    """Behind a proxy at /pk/, every link of the app's pages keeps the prefix (datasette.urls)."""
    import yaml
    from datasette.app import Datasette

    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    ds = Datasette(
        immutables=[str(seed_db)], metadata=metadata, plugins_dir=str(ROOT / "plugins"), settings={"base_url": "/pk/"}
    )
    for path in (
        "/",
        f"/-/search?q={q('满意度')}",
        f"/-/compare?name={q('群众满意度')}",
        "/kb/indicators/1000028",
        f"/kb/indicators?_search={q('满意')}",
    ):
        html = get(ds, path).text
        links = set(re.findall(r'(?:href|action)="(/[^"?#]*)', html))
        assert links and all(link.startswith("/pk/") for link in links), (path, sorted(links)[:5])


def test_cheaper_match_expression_finds_the_same_rows(seed_db):
    """Counts and facets use set_expression; it must match exactly what the ranked page matches."""
    from conftest import FIXTURES

    from perfkb.app.query import fts_expression, set_expression

    queries = [
        line.strip()
        for line in (FIXTURES / "search_queries.txt").read_text(encoding="utf-8").split("\n")
        if line.strip() and not line.startswith("#")
    ]
    queries += ["电子警察 维护", "交通违法行为", "12123语音", "满意度调查", "维修（护）", "abc 满意", "驾驶人考试"]
    db = sqlite3.connect(seed_db)
    for query in queries:
        ranked, cheap = (
            {
                r[0]
                for r in db.execute(
                    "select rowid from indicators_fts where indicators_fts match ?", [expression(query)]
                )
            }
            for expression in (fts_expression, set_expression)
        )
        assert ranked == cheap, query
