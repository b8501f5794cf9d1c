"""The PerfKB benchmark: build, incremental rebuild, search, facets and similar-indicator lookup
on a synthetic corpus of about N indicators, each beside a baseline measured in the same run.

    .venv/bin/python bench/benchmark.py --indicators 100000 --runs 3

Writes docs/benchmarks.md (or --out). Everything runs on this machine and on loopback.
- build: `build_db.py --no-cache` with one worker per core, beside one worker (the baseline);
  source MB/s, indicators/s, peak memory of the whole process tree, database size.
- incremental: one document changed, rebuilt with the cache, beside the full build.
- search: the app's JSON API (`indicators.json?_search=q`), beside the same question (rows whose
  text contains q: first page and count) asked through the SQL API with LIKE '%q%', with an FTS5
  trigram index, and with our jieba index; each method's recall against LIKE.
- facets: the indicators page with its facets (province, city, level2_std, …), beside the same
  page with `_nofacet=1`.
- similar: `/-/similar.json?q=` beside a naive scan that scores every indicator in Python.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import ROOT, median, percentile, run_measured, served, timed_get  # noqa: E402

sys.path.insert(0, str(ROOT))
import make_corpus  # noqa: E402

from perfkb.prepare import INDICATOR_FTS_COLUMNS  # noqa: E402
from perfkb.search import fts_query  # noqa: E402
from perfkb.similar import load_index  # noqa: E402

QUERIES = ROOT / "tests" / "fixtures" / "search_queries.txt"
TEXT = " || ' ' || ".join(f"coalesce({c}, '')" for c in INDICATOR_FTS_COLUMNS)
PAGE_SQL = (
    "select id, level3, value, city, count(*) over () as total from indicators where {where} order by id limit 100"
)


@dataclass
class Figures:
    lines: list[str] = field(default_factory=list)

    def row(self, *cells: object) -> None:
        self.lines.append("| " + " | ".join(str(c) for c in cells) + " |")

    def text(self, line: str = "") -> None:
        self.lines.append(line)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def stats(samples: list[float]) -> tuple[float, float]:
    return median(samples), percentile(samples, 95)


def build_once(corpus: Path, db: Path, workers: int, cache: Path | None = None) -> tuple[float, int]:
    command = [
        sys.executable,
        str(ROOT / "build_db.py"),
        "--data",
        str(corpus),
        "--db",
        str(db),
        "--workers",
        str(workers),
    ] + (["--cache", str(cache)] if cache else ["--no-cache"])
    return run_measured(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def bench_build(corpus: Path, work: Path, runs: int, out: Figures) -> Path:
    cores = os.cpu_count() or 1
    source_mb = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
    db = work / "kb.db"
    results = {}
    for workers in (cores, 1):
        samples = [build_once(corpus, db, workers) for _ in range(runs)]
        results[workers] = (median([s[0] for s in samples]), max(s[1] for s in samples))
    indicators = sqlite3.connect(db).execute("select count(*) from indicators").fetchone()[0]
    size_mb = db.stat().st_size / 1e6
    out.text(
        f"## Full build ({indicators:,} indicators, {source_mb:.1f} MB of source text, "
        f"{len(list(corpus.iterdir())):,} documents; median of {runs})"
    )
    out.text()
    out.row("workers", "wall", "source MB/s", "indicators/s", "peak memory (all processes)", "database")
    out.row(*["---"] * 6)
    for workers, (wall, peak) in results.items():
        label = f"{workers} (default)" if workers == cores else f"{workers} (baseline)"
        out.row(
            label,
            f"{wall:.1f} s",
            f"{source_mb / wall:.2f}",
            f"{indicators / wall:,.0f}",
            f"{peak / 2**20:,.0f} MiB",
            f"{size_mb:,.0f} MB",
        )
    out.text()
    out.text(f"Speed-up from parallel preparation: {results[1][0] / results[cores][0]:.2f}x.")
    out.text()
    return db


def bench_incremental(corpus: Path, work: Path, runs: int, out: Figures) -> None:
    """A build that fills an empty cache (the baseline: a full build), then rebuilds of the same
    database after one document changed each time."""
    cache, db = work / "cache", work / "incremental.db"
    shutil.rmtree(cache, ignore_errors=True)
    db.unlink(missing_ok=True)
    cores = os.cpu_count() or 1
    full = build_once(corpus, db, cores, cache)[0]
    files = sorted(corpus.iterdir())
    samples = []
    for run in range(runs):
        changed = files[(2 * run + 1) * len(files) // (2 * runs)]
        original = changed.read_bytes()
        changed.write_bytes(original + f"\n修订说明 {run}\n".encode())
        try:
            samples.append(build_once(corpus, db, cores, cache)[0])
        finally:
            changed.write_bytes(original)
        build_once(corpus, db, cores, cache)  # back to the original, untimed
    wall = median(samples)
    out.text(f"## Incremental rebuild (one document changed, the previous database updated; median of {runs})")
    out.text()
    out.row("build", "wall", "share of full build")
    out.row("---", "---", "---")
    out.row("incremental", f"{wall:.1f} s", f"{wall / full:.1%}")
    out.row("full, filling the cache (baseline)", f"{full:.1f} s", "100%")
    out.text()


def add_trigram_index(db: Path, work: Path) -> Path:
    """A copy of the database with an FTS5 trigram index over the same columns (the baseline);
    named kb.db so that metadata.yml (facets, labels) applies to it as it does to the real one."""
    (work / "served").mkdir(exist_ok=True)
    copy = work / "served" / "kb.db"
    shutil.copy(db, copy)
    conn = sqlite3.connect(copy)
    names = ", ".join(INDICATOR_FTS_COLUMNS)
    conn.execute(f"create virtual table indicators_tri using fts5({names}, tokenize='trigram')")
    conn.execute(f"insert into indicators_tri (rowid, {names}) select id, {names} from indicators")
    conn.commit()
    conn.close()
    return copy


def _sql_url(base: str, sql: str, **params: str) -> str:
    return f"{base}/kb.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "objects", **params})


def _recall(db: Path, queries: list[str]) -> dict[str, float]:
    """Share of the rows containing the query (LIKE, the truth) that each index finds."""
    conn = sqlite3.connect(db)
    found = {"jieba": 0, "trigram": 0}
    expected = 0
    for q in queries:
        truth = {r[0] for r in conn.execute(f"select id from indicators where ({TEXT}) like ?", [f"%{q}%"])}
        jieba = {
            r[0] for r in conn.execute("select rowid from indicators_fts where indicators_fts match ?", [fts_query(q)])
        }
        trigram = {
            r[0]
            for r in conn.execute(
                "select rowid from indicators_tri where indicators_tri match ?", ['"' + q.replace('"', '""') + '"']
            )
        }
        expected += len(truth)
        found["jieba"] += len(truth & jieba)
        found["trigram"] += len(truth & trigram)
    return {k: v / max(1, expected) for k, v in found.items()}


def bench_search(base: str, db: Path, queries: list[str], runs: int, out: Figures) -> None:
    like = PAGE_SQL.format(where=f"({TEXT}) like :p")
    trigram = PAGE_SQL.format(where="id in (select rowid from indicators_tri where indicators_tri match :q)")
    jieba = PAGE_SQL.format(where="id in (select rowid from indicators_fts where indicators_fts match :q)")
    recall = _recall(db, queries)

    def app(q: str, **args: str) -> str:
        return f"{base}/kb/indicators.json?" + urllib.parse.urlencode(
            {"_search": q, "_nofacet": "1", "_size": "100", **args}
        )

    methods = {
        "app: `indicators.json?_search=q`, best first (bm25, the default)": (app, recall["jieba"]),
        "app: the same with `&_sort=id`": (lambda q: app(q, _sort="id"), recall["jieba"]),
        "SQL: jieba FTS index (ours)": (lambda q: _sql_url(base, jieba, q=fts_query(q)), recall["jieba"]),
        "SQL: FTS5 trigram index (baseline)": (
            lambda q: _sql_url(base, trigram, q='"' + q.replace('"', '""') + '"'),
            recall["trigram"],
        ),
        "SQL: LIKE '%q%' (baseline)": (lambda q: _sql_url(base, like, p=f"%{q}%"), 1.0),
    }
    out.text(
        f"## Search ({len(queries)} unsegmented queries of 1-6 characters from "
        f"tests/fixtures/search_queries.txt, each {runs} times, through the HTTP API)"
    )
    out.text()
    out.text(
        "Every method answers the same question: the first 100 indicators (by id; the app's "
        "default: by relevance, which scores every match) whose text contains the query, and "
        "how many there are. Recall: share of the rows LIKE finds that the method finds too."
    )
    out.text()
    out.row("method", "p50", "p95", "LIKE p50 / p50", "recall")
    out.row(*["---"] * 5)
    results = {}
    for name, (url, _) in methods.items():
        samples = [timed_get(url(q)) for _ in range(runs) for q in queries]
        errors = sum(1 for _, status in samples if status != 200)
        if errors:
            raise SystemExit(f"search {name}: {errors} failed requests")
        results[name] = stats([s for s, _ in samples])
    like_p50 = results["SQL: LIKE '%q%' (baseline)"][0]
    for name, (p50, p95) in results.items():
        out.row(name, ms(p50), ms(p95), f"{like_p50 / p50:.1f}x", f"{methods[name][1]:.1%}")
    out.text()


def bench_facets(base: str, runs: int, city: str, out: Figures) -> None:
    pages = {
        "all indicators": "",
        f"city={city}": f"city={urllib.parse.quote(city)}",
        "_search=满意度": "_search=" + urllib.parse.quote("满意度"),
    }
    out.text(
        f"## Facet page (`/kb/indicators` HTML with the default facets province, city, year, "
        f"level1_std, level2_std, value_unit, value_kind; {runs * 3} requests per page)"
    )
    out.text()
    out.row("page", "p50", "p95", "p50 without facets (baseline)")
    out.row(*["---"] * 4)
    for name, query in pages.items():
        url = f"{base}/kb/indicators?{query}"
        samples = [timed_get(url) for _ in range(runs * 3)]
        plain = [timed_get(url + "&_nofacet=1")[0] for _ in range(runs * 3)]
        if any(status != 200 for _, status in samples):
            raise SystemExit(f"facet page {name}: failed requests")
        p50, p95 = stats([s for s, _ in samples])
        out.row(name, ms(p50), ms(p95), ms(median(plain)))
    out.text()


def bench_similar(base: str, db: Path, names: list[str], runs: int, out: Figures) -> None:
    samples = []
    for _ in range(runs):
        for name in names:
            elapsed, status = timed_get(f"{base}/-/similar.json?" + urllib.parse.urlencode({"q": name, "limit": 10}))
            if status != 200:
                raise SystemExit(f"similar {name}: HTTP {status}")
            samples.append(elapsed)
    conn = sqlite3.connect(db)
    index = load_index(conn)
    rows = conn.execute("select level3 from indicators").fetchall()
    naive = []
    for name in names[:3]:
        start = time.perf_counter()
        sorted(index.score(index.context(name), [index.context(r[0]) for r in rows]), reverse=True)[:10]
        naive.append(time.perf_counter() - start)
    p50, p95 = stats(samples)
    out.text(f"## Similar indicators ({len(names)} indicator names, each {runs} times)")
    out.text()
    out.row("method", "p50", "p95")
    out.row("---", "---", "---")
    out.row("`/-/similar.json?q=` (character TF-IDF candidates, then scoring)", ms(p50), ms(p95))
    out.row(
        f"naive scan scoring all {len(rows):,} indicators (baseline, in-process, 3 names)",
        ms(median(naive)),
        ms(percentile(naive, 95)),
    )
    out.text()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--indicators", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/perfkb-bench"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument(
        "--reuse-build",
        action="store_true",
        help="keep --out's full-build section and the database in --work; re-measure the rest",
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = args.work / f"corpus-{args.indicators}"
    if not corpus.is_dir():
        make_corpus.main(["--indicators", str(args.indicators), "--out", str(corpus)])
    out = Figures()
    out.text(f"# PerfKB benchmark: about {args.indicators:,} indicators")
    out.text()
    out.text(
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; run {time.strftime('%Y-%m-%d')} with "
        f"`bench/benchmark.py --indicators {args.indicators} --runs {args.runs}`. Times are medians "
        f"(p50) and 95th percentiles over the runs; every baseline was measured in the same run."
    )
    out.text()
    if args.reuse_build:
        # Keep the full-build section of the last report; measure everything else again.
        previous = args.out.read_text(encoding="utf-8")
        kept = previous[: previous.index("## Incremental")].rstrip("\n").split("\n")
        out.lines = [line for line in kept if not line.startswith("(Sections below re-measured")] + [
            "",
            f"(Sections below re-measured on {time.strftime('%Y-%m-%d')} with --reuse-build.)",
            "",
        ]
        db = args.work / "kb.db"
    else:
        db = bench_build(corpus, args.work, args.runs, out)
    bench_incremental(corpus, args.work, args.runs, out)
    bench_db = add_trigram_index(db, args.work)
    queries = [q for q in QUERIES.read_text(encoding="utf-8").splitlines() if q and not q.startswith("#")]
    conn = sqlite3.connect(db)
    city = conn.execute("select city from indicators group by city order by count(*) desc limit 1").fetchone()[0]
    distinct = [r[0] for r in conn.execute("select distinct level3 from indicators order by level3")]
    names = random.Random(7).sample(distinct, min(30, len(distinct)))
    # The time limit is raised so that the slow baselines finish instead of being cut off.
    with served(bench_db, time_limit_ms=120_000) as base:
        bench_search(base, bench_db, queries, args.runs, out)
        bench_facets(base, args.runs, city, out)
        bench_similar(base, db, names, args.runs, out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(out.lines) + "\n", encoding="utf-8")
    print("\n".join(out.lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
