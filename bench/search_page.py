"""The reviewers' search page at scale: `/-/search` (ranked page + facet sidebar) over HTTP.

    .venv/bin/python bench/search_page.py --db /tmp/perfkb-bench/kb.db --runs 3 [--out docs/search_page.md]

Serves the database the way run.sh does (bench/measure.py), then measures
- the first search after a start against the same search warm (the startup hook loads jieba,
  the gazetteer and the documents' places before the server answers);
- every query of tests/fixtures/search_queries.txt as a search page with its facets, `runs`
  times each, p50/p95, with the match count;
- queries with place and year words (a city of the database + 满意度, a year + 电子警察);
- the second page (keyset cursor) and the CSV export of one query.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import ROOT, median, percentile, served, timed_get  # noqa: E402

QUERIES = ROOT / "tests/fixtures/search_queries.txt"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def page_url(base: str, q: str, **args: str) -> str:
    return f"{base}/-/search?" + urllib.parse.urlencode({"q": q, **args})


def total_of(url: str) -> str:
    import urllib.request

    html = urllib.request.urlopen(url, timeout=60).read().decode("utf-8")
    found = re.search(r'class="count">([^<]*)<', html)
    return found.group(1).split("/")[-1].strip() if found else "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "docs/search_page.md")
    args = parser.parse_args(argv)
    queries = [
        line.strip()
        for line in QUERIES.read_text(encoding="utf-8").split("\n")
        if line.strip() and not line.startswith("#")
    ]
    db = sqlite3.connect(args.db)
    n_indicators = db.execute("select count(*) from indicators").fetchone()[0]
    city = db.execute(
        "select city from documents where city like '%市' group by city order by count(*) desc"
    ).fetchone()[0]
    year = db.execute("select year from documents group by year order by count(*) desc").fetchone()[0]
    db.close()
    place_queries = [f"{city[:-1]} 满意度", f"{year} 电子警察", f"{year} {city[:-1]} 维护"]
    lines = [
        f"# Search page at {n_indicators:,} indicators",
        "",
        f"`bench/search_page.py --db {args.db} --runs {args.runs}` on {os.cpu_count()} cores "
        f"({time.strftime('%Y-%m-%d')}). Each request is the whole HTML page `/-/search?q=…`: the "
        "ranked page of 20 (bm25, keyset on (score, id)) and the facet sidebar (省, 市, 县, 年度, "
        "一级/二级指标, 定量/定性, 表格类型) counted over every match, over loopback HTTP.",
        "",
    ]
    load_before = os.getloadavg()[0]
    with served(args.db, time_limit_ms=1000) as base:
        first, _ = timed_get(page_url(base, "满意度"))
        warm = [timed_get(page_url(base, "满意度"))[0] for _ in range(5)]
        lines += [
            "## First search after a start",
            "",
            "| | time |",
            "| --- | --- |",
            f"| first `/-/search?q=满意度` after the server answered | {ms(first)} |",
            f"| the same, warm (median of 5) | {ms(median(warm))} |",
            f"| ratio | {first / median(warm):.2f}x |",
            "",
        ]
        rows, every = [], []
        for q in queries + place_queries:
            url = page_url(base, q)
            samples = []
            for _ in range(args.runs):
                seconds, status = timed_get(url)
                if status != 200:
                    raise SystemExit(f"{q}: HTTP {status}")
                samples.append(seconds)
            every += samples
            rows.append((q, total_of(url), median(samples), max(samples)))
        lines += [
            f"## Search page with facets ({len(queries)} queries of tests/fixtures/search_queries.txt and "
            f"{len(place_queries)} with place/year words, {args.runs} runs each)",
            "",
            f"All {len(every)} requests: p50 {ms(median(every))}, **p95 {ms(percentile(every, 95))}** "
            f"(target ≤ 300 ms), max {ms(max(every))}.",
            "",
            "| query | matches | p50 | max |",
            "| --- | --- | --- | --- |",
        ]
        lines += [f"| {q} | {n} | {ms(p50)} | {ms(worst)} |" for q, n, p50, worst in rows]
        import urllib.request

        html = urllib.request.urlopen(page_url(base, "满意度"), timeout=60).read().decode("utf-8")
        next_url = re.search(r'<a class="next" href="([^"]+)"', html)
        extra = []
        if next_url:
            second = [timed_get(base + next_url.group(1).replace("&amp;", "&"))[0] for _ in range(args.runs * 3)]
            extra.append(
                f"| second page of 满意度 (keyset cursor) | {ms(median(second))} | {ms(percentile(second, 95))} |"
            )
        export = [
            timed_get(f"{base}/-/search.csv?" + urllib.parse.urlencode({"q": place_queries[0], "_bom": "1"}))[0]
            for _ in range(args.runs)
        ]
        extra.append(
            f"| CSV (Excel) export of {place_queries[0]} (every match) | {ms(median(export))} | "
            f"{ms(percentile(export, 95))} |"
        )
        lines += ["", "| other | p50 | p95 |", "| --- | --- | --- |"] + extra + [""]
    lines += [
        f"Load average (1 min) before / after: {load_before:.2f} / {os.getloadavg()[0]:.2f} on "
        f"{os.cpu_count()} cores: other processes on the machine slow every figure above.",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
