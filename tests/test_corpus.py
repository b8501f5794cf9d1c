"""The synthetic corpus generator keeps every seed layout parseable."""

import sqlite3
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import make_corpus  # noqa: E402

from perfkb.build import build  # noqa: E402


def test_generated_corpus_builds_to_about_n_indicators(tmp_path):
    out = tmp_path / "corpus"
    assert make_corpus.main(["--indicators", "2500", "--out", str(out)]) == 0
    report = build(out, tmp_path / "kb.db", log=lambda m: None, warn=lambda m: None)
    assert abs(report.indicators - 2500) / 2500 < 0.05
    assert report.problems == 0
    db = sqlite3.connect(tmp_path / "kb.db")
    cities = {r[0] for r in db.execute("select city from documents")}
    assert len(cities) >= 5 and None not in cities


def test_generation_is_deterministic(tmp_path):
    for name in ("a", "b"):
        make_corpus.main(["--indicators", "900", "--out", str(tmp_path / name)])
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
