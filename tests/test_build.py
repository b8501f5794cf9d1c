import re
import shutil
import sqlite3

import pytest
from conftest import DATA

import build_db
from perfkb.build import BuildError, build


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kb")
    data = folder / "data"
    shutil.copytree(DATA, data)
    (data / "scan.pdf").write_bytes(b"%PDF-1.4\n\x00\x01\x02binary")
    (data / "empty.txt").write_bytes(b"")
    shutil.copy(DATA / "003_8b9d4629dd67c2d7.txt", data / "zz_copy_of_quyang.txt")
    logs: list[str] = []
    warnings: list[str] = []
    report = build(data, folder / "kb.db", log=logs.append, warn=warnings.append)
    db = sqlite3.connect(folder / "kb.db")
    db.row_factory = sqlite3.Row
    yield report, db, logs, warnings
    db.close()


def test_report_counts(built):
    report, db, logs, _ = built
    assert (report.documents, report.projects, report.indicators) == (5, 96, 834)
    assert sum(1 for line in logs if re.match(r"\[\d+/8\] ", line)) == 5
    assert logs[-2] == "built: 5 documents, 96 projects, 834 indicators, 3 problems"
    assert re.fullmatch(
        r"time: hash [\d.]+ s, prepare\+load [\d.]+ s, indexes [\d.]+ s, families [\d.]+ s, check [\d.]+ s", logs[-1]
    )


def test_bad_files_are_problems_naming_the_file(built):
    _, db, _, warnings = built
    problems = {(r["source_file"], r["kind"]) for r in db.execute("select * from problems")}
    assert problems == {
        ("scan.pdf", "unreadable"),
        ("empty.txt", "unreadable"),
        ("zz_copy_of_quyang.txt", "duplicate_document"),
    }
    assert any(w.startswith("scan.pdf: unreadable") for w in warnings)


def test_documents_metadata(built):
    _, db, _, _ = built
    rows = db.execute(
        "select source_file, department, city, province, county, year, n_projects, n_indicators "
        "from documents order by id"
    ).fetchall()
    assert [tuple(r) for r in rows] == [
        ("000_0cd1517630c89228.txt", "安阳市公安局交通管理支队", "安阳市", "河南省", None, 2024, 10, 165),
        ("001_a85e25e141ac0509.txt", "石家庄市公安局交通管理局", "石家庄市", "河北省", None, 2024, 38, 228),
        ("002_94b6ab0ece475523.txt", "济源市公安局交通管理支队", "济源市", "河南省", None, 2021, 16, 220),
        ("003_8b9d4629dd67c2d7.txt", "曲阳县公安局交通管理大队", "保定市", "河北省", "曲阳县", 2024, 3, 19),
        ("004_f7fdd2fc2ebcef30.txt", "吕梁市公安局交通警察支队", "吕梁市", "山西省", None, 2024, 29, 202),
    ]


def test_indicator_row_carries_provenance_and_parsed_value(built):
    _, db, _, _ = built
    row = db.execute("select * from indicators where level3 = '机动车号牌数量'").fetchone()
    assert (row["source_file"], row["source_line"]) == ("000_0cd1517630c89228.txt", 530)
    line = (DATA / row["source_file"]).read_text(encoding="utf-8").split("\n")[row["source_line"] - 1]
    assert "机动车号牌数量" in line
    assert (row["value"], row["value_op"], row["value_num"], row["value_unit"], row["value_kind"]) == (
        "≥16.54万副",
        "≥",
        16.54,
        "万副",
        "定量",
    )
    assert (row["city"], row["year"], row["project"], row["level1_std"]) == (
        "安阳市",
        2024,
        "车管证照成本（政府采购）",
        "产出指标",
    )


def test_every_indicator_points_at_its_source_line(built):
    _, db, _, _ = built
    texts = {p.name: p.read_text(encoding="utf-8").split("\n") for p in DATA.glob("*.txt")}
    for row in db.execute("select source_file, source_line, level3 from indicators"):
        lines = texts[row["source_file"]]
        # the name starts on the row's line, or (DOCX) within the row's block of cell lines
        block = "".join(lines[row["source_line"] - 1 : row["source_line"] + 6])
        assert row["level3"].split("\n")[0][:6] in block


def test_projects_budget_and_department_wide(built):
    _, db, _, _ = built
    wide = db.execute("select name, budget_wan from projects where is_department_wide order by id").fetchall()
    assert [tuple(r) for r in wide] == [("安阳市公安局交通管理支队", None), ("部门整体项目支出", 8304.51)]
    assert db.execute("select budget_wan from projects where name = '原离石区交警大队债务偿还'").fetchone()[0] == 2000


def test_jieba_fts_finds_words_inside_compounds(built):
    _, db, _, _ = built
    for word, minimum in (("违法", 10), ("满意", 100), ("警察", 20)):
        count = db.execute("select count(*) from indicators_fts where indicators_fts match ?", (word,)).fetchone()[0]
        assert count >= minimum, word
    assert db.execute("select count(*) from projects_fts where projects_fts match '电子警察'").fetchone()[0] >= 5


PERSON = re.compile(r"(?:项目负责人|负责人|联系人|经办人|填报人)[:：]?\t([^\t\n]+)")
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def personal_values() -> set[str]:
    values = set()
    for path in DATA.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        values |= {v.strip() for v in PERSON.findall(text) if not v.strip().endswith((":", "："))}
        values |= set(PHONE.findall(text))
    return values


def test_personal_data_is_not_stored(built):
    _, db, _, _ = built
    values = personal_values()
    assert len(values) >= 15  # names and mobile numbers printed in the seeds (济源: 11 names, 8 phones)
    dump = "\n".join(db.iterdump())  # every table, the FTS indexes and problems included
    for value in values:
        assert value not in dump


def test_failed_build_keeps_previous_database(tmp_path):
    db_path = tmp_path / "kb.db"
    db_path.write_bytes(b"previous")
    with pytest.raises(BuildError):
        build(tmp_path / "missing", db_path, log=lambda m: None, warn=lambda m: None)
    assert db_path.read_bytes() == b"previous"
    assert not list(tmp_path.glob(".kb.db.*"))


def test_cli_strict_exit_code(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DATA / "003_8b9d4629dd67c2d7.txt", data)
    assert build_db.main(["--data", str(data), "--db", str(tmp_path / "a.db"), "--strict"]) == 0
    (data / "empty.txt").write_bytes(b"")
    assert build_db.main(["--data", str(data), "--db", str(tmp_path / "b.db")]) == 0
    assert build_db.main(["--data", str(data), "--db", str(tmp_path / "c.db"), "--strict"]) == 1


def _dump(path) -> list:
    db = sqlite3.connect(path)
    return [
        db.execute(f"select * from {t} order by 1").fetchall()
        for t in ("documents", "projects", "indicators", "families", "problems", "indicators_fts", "projects_fts")
    ]


def test_parallel_build_equals_single_process_build(tmp_path, seed_db):
    quiet = {"log": lambda m: None, "warn": lambda m: None}
    build(DATA, tmp_path / "one.db", workers=1, **quiet)
    build(DATA, tmp_path / "three.db", workers=3, **quiet)
    assert _dump(tmp_path / "one.db") == _dump(tmp_path / "three.db") == _dump(seed_db)


def test_export_parquet_reads_back_in_duckdb(tmp_path, capsys):
    import duckdb

    out = tmp_path / "parquet"
    assert (
        build_db.main(
            ["--data", str(DATA), "--db", str(tmp_path / "kb.db"), "--no-cache", "--export-parquet", str(out)]
        )
        == 0
    )
    assert "indicators 834" in capsys.readouterr().out
    con = duckdb.connect()
    parquet = {t: f"'{out / t}.parquet'" for t in ("documents", "projects", "indicators", "families", "problems")}
    assert con.execute(f"select count(*), count(distinct city) from {parquet['indicators']}").fetchone() == (834, 5)
    # Same rows and types as SQLite: compare a join computed on both sides.
    sql = (
        "select d.source_file, count(*), sum(i.value_num), count(distinct i.family_id) "
        "from {i} i join {d} d on d.id = i.document_id group by 1 order by 1"
    )
    in_duckdb = con.execute(sql.format(i=parquet["indicators"], d=parquet["documents"])).fetchall()
    in_sqlite = sqlite3.connect(tmp_path / "kb.db").execute(sql.format(i="indicators", d="documents")).fetchall()
    assert [r[:2] + (round(r[2], 6), r[3]) for r in in_duckdb] == [r[:2] + (round(r[2], 6), r[3]) for r in in_sqlite]
    types = dict(
        con.execute(f"select column_name, column_type from (describe select * from {parquet['indicators']})").fetchall()
    )
    assert (types["id"], types["value_num"], types["level3"]) == ("BIGINT", "DOUBLE", "VARCHAR")
    assert con.execute(f"select count(*) from {parquet['projects']}").fetchone() == (96,)
