"""The builder facing a careless folder and a hostile environment: every entry of the data folder
is read or named as skipped, links never lead out of it, one build writes a database at a time,
and a target that cannot be written is a clear error before any work."""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3

import pytest
from conftest import DATA

import build_db
from perfkb.build import BuildError, build
from perfkb.prepare import MAX_CELL

SEED = DATA / "003_8b9d4629dd67c2d7.txt"


def _quiet(data, db, **kwargs):
    return build(data, db, log=lambda m: None, warn=lambda m: None, **kwargs)


def test_every_entry_is_read_or_named_and_no_link_leads_out(tmp_path):
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    shutil.copy(SEED, data / "sub" / "quyang.txt")
    (data / ".hidden.txt").write_text("隐藏", encoding="utf-8")
    (data / "passwd.txt").symlink_to("/etc/passwd")
    (data / "dangling.txt").symlink_to(data / "nowhere.txt")
    (data / "loop.txt").symlink_to(data / "loop.txt")
    os.mkfifo(data / "pipe.txt")
    (data / "x.txt").mkdir()  # a folder named like a document: its documents are read
    shutil.copy(DATA / "001_a85e25e141ac0509.txt", data / "x.txt" / "inner.txt")
    (data / "inside.txt").symlink_to(data / "sub" / "quyang.txt")  # a link inside the folder: read
    _quiet(data, tmp_path / "kb.db")
    db = sqlite3.connect(tmp_path / "kb.db")
    documents = {r[0] for r in db.execute("select source_file from documents")}
    assert documents == {"inside.txt", "x.txt/inner.txt"}  # quyang.txt is inside.txt's duplicate
    skipped = dict(db.execute("select source_file, message from problems where kind = 'skipped'"))
    assert set(skipped) == {".hidden.txt", "passwd.txt", "dangling.txt", "loop.txt", "pipe.txt"}
    assert "outside the data folder" in skipped["passwd.txt"]
    stored = "".join(str(v) for row in db.execute("select * from indicators") for v in row)
    assert "root:" not in stored


def test_a_second_build_of_the_same_database_refuses_clearly(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SEED, data)
    db = tmp_path / "kb.db"
    with open(tmp_path / ".kb.db.lock", "a+") as held:  # as a running build holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(BuildError, match="another build is writing it"):
            _quiet(data, db)
    assert not db.exists()
    _quiet(data, db)  # once the other build is done
    assert sqlite3.connect(db).execute("select count(*) from indicators").fetchone()[0] == 19
    assert not list(tmp_path.glob(".kb.db.*.building"))


@pytest.mark.parametrize("case", ["db_is_folder", "missing_folder"])
def test_an_unwritable_target_is_a_clear_error_before_any_work(case, tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SEED, data)
    target = {"db_is_folder": tmp_path / "adir", "missing_folder": tmp_path / "nope" / "kb.db"}[case]
    if case == "db_is_folder":
        target.mkdir()
    assert build_db.main(["--data", str(data), "--db", str(target), "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


def test_an_unusable_cache_is_a_warning_not_a_failure(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SEED, data)
    cache = tmp_path / "cache"
    cache.write_text("a file, not a folder")
    warnings: list[str] = []
    report = build(data, tmp_path / "kb.db", log=lambda m: None, warn=warnings.append, cache_dir=cache)
    assert report.indicators == 19
    assert any("cannot be used as a cache" in w for w in warnings)


def test_an_overlong_cell_is_cut_and_recorded(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    text = SEED.read_text(encoding="utf-8").replace(
        "\t服务对象满意度\n", "\t服务对象满意度" + "很长的说明" * 1_000 + "\n", 1
    )
    (data / "long.txt").write_text(text, encoding="utf-8")
    _quiet(data, tmp_path / "kb.db")
    db = sqlite3.connect(tmp_path / "kb.db")
    assert db.execute("select max(length(level3)) from indicators").fetchone()[0] <= MAX_CELL
    assert db.execute("select count(*) from problems where kind = 'overlong_cell'").fetchone()[0] >= 1


@pytest.mark.parametrize("workers", [1, 2])
def test_a_parser_defect_on_one_document_is_recorded_and_the_build_goes_on(tmp_path, monkeypatch, workers):
    """A StopIteration escaping the parser once ended the loader's generator: the build stopped
    early, silently. Now the document is recorded as a parse_error and the rest are built."""
    import perfkb.prepare

    parse = perfkb.prepare.extract_document

    def failing(rows):
        if any(r is not None and "失败测试" in r.text for r in rows):
            raise StopIteration  # what a next() without a default raises
        return parse(rows)

    monkeypatch.setattr(perfkb.prepare, "extract_document", failing)
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DATA / "001_a85e25e141ac0509.txt", data / "a.txt")
    (data / "b.txt").write_text(SEED.read_text(encoding="utf-8") + "\n失败测试\n", encoding="utf-8")
    shutil.copy(SEED, data / "c.txt")
    _quiet(data, tmp_path / "kb.db", workers=workers)
    db = sqlite3.connect(tmp_path / "kb.db")
    assert {r[0] for r in db.execute("select source_file from documents")} == {"a.txt", "c.txt"}
    ((kind, message),) = db.execute("select kind, message from problems where source_file = 'b.txt'")
    assert kind == "parse_error" and "StopIteration" in message


@pytest.mark.parametrize("workers", [1, 2])
def test_a_parse_that_never_ends_is_stopped_recorded_and_the_build_goes_on(tmp_path, monkeypatch, workers):
    """A parser defect that loops for ever (a headerless start the walker did not move past)
    once held the build up for good: now the document is given up on after its time limit."""
    import perfkb.build
    import perfkb.prepare

    parse = perfkb.prepare.extract_document

    def endless(rows):
        while any(r is not None and "死循环测试" in r.text for r in rows):
            pass
        return parse(rows)

    monkeypatch.setattr(perfkb.prepare, "extract_document", endless)
    monkeypatch.setattr(perfkb.build, "PARSE_SECONDS", 1.0)
    monkeypatch.setattr(perfkb.build, "PARSE_SECONDS_PER_MB", 0.0)
    data = tmp_path / "data"
    data.mkdir()
    (data / "b.txt").write_text(SEED.read_text(encoding="utf-8") + "\n死循环测试\n", encoding="utf-8")
    shutil.copy(SEED, data / "c.txt")
    _quiet(data, tmp_path / "kb.db", workers=workers)
    db = sqlite3.connect(tmp_path / "kb.db")
    assert {r[0] for r in db.execute("select source_file from documents")} == {"c.txt"}
    ((kind, message),) = db.execute("select kind, message from problems where source_file = 'b.txt'")
    assert kind == "parse_error" and "was stopped" in message
