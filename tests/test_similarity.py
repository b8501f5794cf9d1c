"""Similar indicators: the scorer on a hand-labelled set, the endpoint, the SQL functions."""
import sqlite3
import tomllib
import urllib.parse

import pytest
from conftest import FIXTURES, get

from perfkb.similarity import Scorer, normalize

LABELS = tomllib.loads((FIXTURES / "similar_pairs.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scorer(seed_db):
    return Scorer([r[0] for r in sqlite3.connect(seed_db).execute("select level3 from indicators")])


def test_normalize_maps_synonyms_and_drops_filler():
    assert normalize("群众满意率（%）") == "服务对象满意度"
    assert normalize("服务群体满意度（%）") == "服务对象满意度"
    assert normalize("验收通过率") == "验收合格率"
    assert normalize("交通事故处置及时性（小时）") == "交通事故处置及时率"


def test_true_equivalents_beat_look_alikes(scorer):
    wins = [scorer.name_score(a, same) > scorer.name_score(a, other) for a, same, other in LABELS["hard"]]
    assert sum(wins) / len(wins) >= 0.9, [t for t, w in zip(LABELS["hard"], wins) if not w]


def _q(text):
    return urllib.parse.quote(text)


def test_precision_at_5_of_distinct_names_through_the_endpoint(datasette):
    precisions = []
    for query, equivalents in LABELS["equivalents"].items():
        rows = get(datasette, f"/-/similar.json?q={_q(query)}&limit=50").json()["rows"]
        names = list(dict.fromkeys(r["level3"] for r in rows))[:5]
        assert names, query
        precisions.append(sum(n in equivalents for n in names) / len(names))
    assert sum(precisions) / len(precisions) >= 0.8, precisions


def test_endpoint_shape_and_filters(datasette):
    data = get(datasette, f"/-/similar.json?q={_q('群众满意度')}&limit=3").json()
    assert data["q"] == "群众满意度" and len(data["rows"]) == 3
    assert set(data["rows"][0]) == {"id", "level3", "project", "city", "year", "value", "score"}
    scores = [r["score"] for r in data["rows"]]
    assert scores == sorted(scores, reverse=True) and 0 <= scores[-1] <= scores[0] <= 100
    only = get(datasette, f"/-/similar.json?q={_q('群众满意度')}&city={_q('吕梁市')}&limit=50").json()["rows"]
    assert only and {r["city"] for r in only} == {"吕梁市"}


def test_indicator_lookup_excludes_its_own_document(datasette):
    rows = get(datasette, "/-/similar.json?id=1000028&limit=20").json()["rows"]  # 安阳 群众满意度
    assert rows and all(r["city"] != "安阳市" for r in rows)


@pytest.mark.parametrize("query", ["", "q=", "q=" + "满" * 101, "q=a&limit=0", "q=a&limit=51",
                                   "q=a&limit=x", "id=999999", "q=a&year=abc"])
def test_bad_requests_are_clear_400_json(datasette, query):
    response = get(datasette, f"/-/similar.json?{query}")
    assert response.status_code == 400
    assert "error" in response.json()


def test_html_page(datasette):
    html = get(datasette, f"/-/similar?q={_q('验收合格率')}").text
    assert "验收通过率" in html and "/kb/indicators/" in html


def test_sql_functions(datasette):
    sql = "select perfkb_similarity('群众满意度', '服务对象满意率') as same, " \
          "perfkb_similarity('交通事故下降率', '交通违法行为下降率') as different, perfkb_normalize('群众满意率（%）') as n"
    row = get(datasette, f"/kb.json?sql={_q(sql)}&_shape=array").json()[0]
    assert row["same"] == 100.0 and row["different"] < 60 and row["n"] == "服务对象满意度"


def test_families_group_same_meaning_names_across_cities(seed_db):
    db = sqlite3.connect(seed_db)
    (family,) = db.execute("select family_id from indicators where level3 = '群众满意度' group by family_id").fetchall()
    names = {r[0] for r in db.execute("select level3 from indicators where family_id = ?", family)}
    assert {"群众满意度", "服务对象满意度", "社会群众满意度", "群众满意率（%）"} <= names
    assert "工作人员满意度" not in names and "交通事故下降率" not in names
    size, cities = db.execute("select size, n_cities from families where id = ?", family).fetchone()
    assert size == len(db.execute("select id from indicators where family_id = ?", family).fetchall())
    assert cities == 5
    assert db.execute("select count(*) from indicators where family_id is null").fetchone() == (0,)


def test_level2_inferred_where_the_table_prints_none(seed_db):
    db = sqlite3.connect(seed_db)
    rows = db.execute("select level3, level2_std from indicators where level2_std_inferred = 1").fetchall()
    assert ("验收合格率", "质量指标") in rows
    assert ("群众满意度", "服务对象满意度指标") in rows
    # printed level 2 is never overwritten
    assert db.execute("select count(*) from indicators where level2_std_inferred = 1 and level2 is not null").fetchone() == (0,)


def test_family_canned_queries(datasette, seed_db):
    family = sqlite3.connect(seed_db).execute("select family_id from indicators where level3 = '群众满意度'").fetchone()[0]
    rows = get(datasette, f"/kb/family_comparison.json?family={family}&_shape=array").json()
    assert len({r["city"] for r in rows}) == 5
    spread = get(datasette, f"/kb/family_spread.json?family={family}&_shape=array").json()
    pct = next(r for r in spread if r["value_unit"] == "%")
    assert pct["min_value"] <= pct["median_value"] <= pct["max_value"]
