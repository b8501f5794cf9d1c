"""Load test: concurrent clients against search, facet pages and the similar endpoint.

    .venv/bin/python bench/load.py --db /tmp/perfkb-bench/kb.db --seconds 30 --clients 8

Serves the database on loopback exactly as run.sh does (immutable, 1 s SQL limit, 1,000-row
cap), then each client sends requests one after another, cycling through a mix of searches
(tests/fixtures/search_queries.txt), facet pages (by city, by search) and similar-indicator
lookups, until the time is up or --max-requests have been sent. Reports throughput, p50/p99
latency and errors (anything but HTTP 200, timeouts included) per kind, and writes --out.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sqlite3
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import ROOT, percentile, served, timed_get  # noqa: E402

QUERIES = ROOT / "tests" / "fixtures" / "search_queries.txt"


def request_mix(db: Path) -> list[tuple[str, str]]:
    """(kind, path) requests a reviewer's session makes, shuffled deterministically."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    cities = [r[0] for r in conn.execute("select city from indicators group by city order by count(*) desc limit 20")]
    names = [r[0] for r in conn.execute("select label from families order by size desc limit 40")]
    queries = [q for q in QUERIES.read_text(encoding="utf-8").splitlines() if q and not q.startswith("#")]
    mix = [("search", "/kb/indicators.json?" + urllib.parse.urlencode({"_search": q})) for q in queries]
    mix += [("facets", "/kb/indicators?" + urllib.parse.urlencode({"city": c})) for c in cities]
    mix += [("facets", "/kb/indicators?" + urllib.parse.urlencode({"_search": q})) for q in queries[:10]]
    mix += [("similar", "/-/similar.json?" + urllib.parse.urlencode({"q": n, "limit": 10})) for n in names]
    random.Random(11).shuffle(mix)
    return mix


def run_load(
    base: str, mix: list[tuple[str, str]], seconds: float, clients: int, max_requests: int, timeout: float
) -> tuple[dict[str, list[tuple[float, int]]], float]:
    results: dict[str, list[tuple[float, int]]] = {}
    lock = threading.Lock()
    sent = itertools.count()
    deadline = time.perf_counter() + seconds

    def client(offset: int) -> None:
        for kind, path in itertools.islice(itertools.cycle(mix), offset, None):
            if time.perf_counter() >= deadline or next(sent) >= max_requests:
                return
            outcome = timed_get(base + path, timeout=timeout)
            with lock:
                results.setdefault(kind, []).append(outcome)

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n * len(mix) // clients,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - start


def report(results: dict[str, list[tuple[float, int]]], elapsed: float, indicators: int, args) -> str:
    lines = [
        f"# Load test: {args.clients} concurrent clients for {args.seconds:g} s",
        "",
        f"`bench/load.py --db … --seconds {args.seconds:g} --clients {args.clients}` against a database of "
        f"{indicators:,} indicators, served on loopback as run.sh serves it (immutable, SQL time limit 1 s, "
        f"1,000-row cap); clients and server share this machine's cores. Errors are any answer but HTTP 200, "
        f"timeouts ({args.timeout:g} s) included.",
        "",
        "| requests | count | throughput | p50 | p99 | errors |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    everything = [o for outcomes in results.values() for o in outcomes]
    for kind, outcomes in sorted(results.items()) + [("all", everything)]:
        times = [t for t, _ in outcomes]
        errors = sum(1 for _, status in outcomes if status != 200)
        lines.append(
            f"| {kind} | {len(outcomes):,} | {len(outcomes) / elapsed:.1f}/s | "
            f"{percentile(times, 50) * 1000:.0f} ms | {percentile(times, 99) * 1000:.0f} ms | {errors} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a built kb.db (e.g. from bench/benchmark.py)")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "load.md")
    args = parser.parse_args(argv)
    mix = request_mix(args.db)
    indicators = (
        sqlite3.connect(f"file:{args.db}?mode=ro", uri=True).execute("select count(*) from indicators").fetchone()[0]
    )
    with served(args.db) as base:
        timed_get(base + mix[0][1])  # the first request loads the similarity model
        results, elapsed = run_load(base, mix, args.seconds, args.clients, args.max_requests, args.timeout)
    text = report(results, elapsed, indicators, args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    errors = sum(1 for outcomes in results.values() for _, status in outcomes if status != 200)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
