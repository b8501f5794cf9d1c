"""Replay the denial-of-service cases of the security probe (issue 16) against a served database
and watch an unrelated request meanwhile: the server must answer it within a second throughout.

    .venv/bin/python bench/probe.py --indicators 200000      # makes the corpus and database if missing
    .venv/bin/python bench/probe.py --db kb.db                # an existing database

Every request goes to a server this script starts on loopback (bench/measure.py); loops are
bounded in count and time. Each case runs its attackers in parallel for --seconds while a
watcher asks for an indicator's row page every 0.2 s; the report gives the watcher's worst and
median time per case and how the attack requests ended (status codes).
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import ROOT, median, served, timed_get  # noqa: E402

sys.path.insert(0, str(ROOT))


def _q(text: str) -> str:
    return urllib.parse.quote(text)


# (case, attack path, parallel attackers, client timeout: an abandoned download gives up early)
CASES = [
    (
        "perfkb_similarity on 100k characters in user SQL",
        "/kb.json?sql=" + _q("select perfkb_similarity(replace(hex(zeroblob(100000)),'00','率'),'群众满意度')"),
        3,
        30,
    ),
    ("search CSV of every match, streamed", "/kb/indicators.csv?_search=" + _q("率") + "&_stream=on&_bom=1", 2, 60),
    ("search CSV downloads abandoned after 2 s", "/kb/indicators.csv?_search=" + _q("指标") + "&_stream=on", 8, 2),
    ("search page export (CSV Excel)", "/-/search.csv?q=" + _q("满意度") + "&_bom=1", 2, 30),
    ("one-character search page", "/-/search?q=" + _q("率"), 4, 30),
    ("similar lookup with a 100-character name", "/-/similar.json?limit=50&q=" + _q("满意度" * 33), 4, 30),
    ("malformed facet", "/kb/projects.csv?_search=x&_facet={bad", 4, 30),
    ("source view of a document", None, 8, 30),  # filled in from the database
]


def _attack(url: str, timeout: float, until: float, statuses: Counter) -> None:
    while time.time() < until:
        _, status = timed_get(url, timeout=timeout)
        statuses[status or "timeout/closed"] += 1


def run_case(base: str, path: str, attackers: int, timeout: float, seconds: float, watch: str) -> dict:
    until = time.time() + seconds
    statuses: Counter = Counter()
    threads = [threading.Thread(target=_attack, args=(base + path, timeout, until, statuses)) for _ in range(attackers)]
    for t in threads:
        t.start()
    watched = []
    while time.time() < until:
        elapsed, status = timed_get(base + watch, timeout=10)
        watched.append((elapsed, status))
        time.sleep(0.2)
    for t in threads:
        t.join(timeout + 5)
    times = [e for e, _ in watched]
    return {
        "worst": max(times),
        "median": median(times),
        "watch_ok": all(s == 200 for _, s in watched),
        "attacks": dict(statuses),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="database to serve (default: build one of --indicators)")
    parser.add_argument("--indicators", type=int, default=200_000)
    parser.add_argument("--work", type=Path, default=ROOT / ".bench")
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args(argv)
    db = args.db or _database(args.indicators, args.work)
    import sqlite3

    conn = sqlite3.connect(db)
    source_file, line = conn.execute(
        "select source_file, source_line from indicators where source_line is not null order by id desc limit 1"
    ).fetchone()
    row = conn.execute("select id from indicators order by id limit 1").fetchone()[0]
    conn.close()
    watch = f"/kb/indicators/{row}.json"
    lines = [
        f"# DoS probe: {db} ({args.seconds:.0f} s per case; watcher: GET {watch} every 0.2 s)",
        "",
        "| case | watcher worst | watcher median | watcher all 200 | attack requests by status |",
        "| --- | --- | --- | --- | --- |",
    ]
    worst = 0.0
    with served(db) as base:
        for name, path, attackers, timeout in CASES:
            path = path or f"/-/source/{_q(source_file)}?line={line}"
            result = run_case(base, path, attackers, timeout, args.seconds, watch)
            worst = max(worst, result["worst"])
            lines.append(
                f"| {name} ({attackers} clients) | {result['worst'] * 1000:.0f} ms | "
                f"{result['median'] * 1000:.0f} ms | {'yes' if result['watch_ok'] else 'NO'} | "
                f"{result['attacks']} |"
            )
            print(lines[-1], flush=True)
    lines += ["", f"Worst unrelated request over all cases: {worst * 1000:.0f} ms (target ≤ 1000 ms)."]
    print("\n".join(lines))
    return 0 if worst <= 1.0 else 1


def _database(indicators: int, work: Path) -> Path:
    """A synthetic corpus of about that many indicators, built once (bench/make_corpus.py)."""
    import make_corpus

    from perfkb.build import build

    corpus = work / f"corpus-{indicators}"
    db = work / f"probe-{indicators}.db"
    if not db.exists():
        if not corpus.exists():
            make_corpus.main(["--indicators", str(indicators), "--out", str(corpus)])
        build(corpus, db, log=lambda m: None, warn=lambda m: None)
    return db


if __name__ == "__main__":
    sys.exit(main())
