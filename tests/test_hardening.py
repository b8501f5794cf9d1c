"""Defects a probe found (issue 16) that are not covered by a module's own tests."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import DATA, ROOT, get

from perfkb.app.views import mark


@pytest.mark.parametrize(
    "path",
    ["/kb/projects.csv?_search=x&_facet={bad", "/kb/indicators.json?_facet={bad", "/kb/indicators?_facet_array={x"],
)
def test_malformed_facet_json_is_400_not_500(datasette, path):
    response = get(datasette, path)
    assert response.status_code == 400 and "_facet" in response.text


def test_marks_never_break_entities():
    assert str(mark("A&B 类设备 <5%", ["设备", "amp", "lt"])) == "A&amp;B 类<mark>设备</mark> &lt;5%"
    assert str(mark("<script>", ["script"])) == "&lt;<mark>script</mark>&gt;"


@pytest.mark.slow
def test_server_survives_the_database_overwritten_in_place(tmp_path):
    """Overwriting a served kb.db in place (not by rename) fails requests, never the server (no
    memory-mapped reads unless configured: a truncated mapping is a SIGBUS)."""
    from perfkb.build import build

    db = tmp_path / "kb.db"
    build(DATA, db, log=lambda m: None, warn=lambda m: None)
    port = 8765  # loopback only
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/datasette"),
            "serve",
            str(db),
            "-m",
            str(ROOT / "metadata.yml"),
            "--plugins-dir",
            str(ROOT / "plugins"),
            "-p",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        query = base + "/kb/indicators.json?_search=" + urllib.parse.quote("满意度")
        urllib.request.urlopen(query, timeout=10).read()
        other = tmp_path / "other" / "kb.db"  # another build, copied over the served file in place
        (tmp_path / "one").mkdir()
        shutil.copy(DATA / "003_8b9d4629dd67c2d7.txt", tmp_path / "one")
        other.parent.mkdir()
        build(tmp_path / "one", other, log=lambda m: None, warn=lambda m: None)

        def hammer():
            for _ in range(20):
                try:
                    urllib.request.urlopen(query, timeout=10).read()
                except OSError:
                    pass

        readers = [threading.Thread(target=hammer) for _ in range(4)]
        for t in readers:
            t.start()
        with open(db, "r+b") as f:  # in place, while pages are being read: truncate, then rewrite
            f.truncate(4096)
            f.seek(0)
            f.write(other.read_bytes())
        for t in readers:
            t.join()
        assert server.poll() is None  # still running, and answering (an error page is an answer)
        try:
            status = urllib.request.urlopen(base + "/-/versions.json", timeout=5).status
        except urllib.error.HTTPError as err:
            status = err.code
        assert status in (200, 500)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_large_search_export_streams_every_match_in_table_order(datasette, monkeypatch):
    """Above EXPORT_RANKED matches an export is read a chunk at a time in table order (one pass, short
    statements), and it is still exactly the search's matches."""
    import csv
    import io

    from perfkb.app import engine

    q = urllib.parse.quote("满意度")
    ranked = get(datasette, f"/-/search.json?q={q}").json()["rows"]
    monkeypatch.setattr(engine, "EXPORT_RANKED", 10)
    monkeypatch.setattr(engine, "EXPORT_CHUNK", 7)
    rows = list(csv.reader(io.StringIO(get(datasette, f"/-/search.csv?q={q}").text)))[1:]
    ids = [int(r[0]) for r in rows]
    assert ids == sorted(ids) and set(ids) == {r["id"] for r in ranked} and len(ranked) > 10


def test_table_search_pages_in_id_order_seek_on_the_index(datasette):
    """A listing's next page (a streamed CSV is hundreds of them) starts the FTS match past the
    previous page, and pages still join up to exactly the search's matches."""
    q = urllib.parse.quote("满意度")
    ids, url = [], f"/kb/indicators.json?_search={q}&_size=7&_shape=objects"
    while url:
        page = get(datasette, url).json()
        ids += [r["id"] for r in page["rows"]]
        url = page.get("next_url") and urllib.parse.urlsplit(page["next_url"])._replace(scheme="", netloc="").geturl()
    everything = [
        r["id"] for r in get(datasette, f"/kb/indicators.json?_search={q}&_size=max&_shape=objects").json()["rows"]
    ]
    assert ids == everything and len(ids) > 7
    sql = get(datasette, f"/kb/indicators.json?_search={q}&_size=7&_next={ids[6]}").json()["query"]["sql"]
    assert f"rowid > {ids[6]}" in sql
