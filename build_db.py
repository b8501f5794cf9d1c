"""Build the PerfKB knowledge base: python build_db.py [--data DIR] [--db PATH] [--strict] [--cache DIR | --no-cache] [--workers N] [--export-parquet DIR]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from perfkb.build import BuildError, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("data"), help="folder of source documents")
    parser.add_argument("--db", type=Path, default=Path("kb.db"), help="SQLite file to write")
    parser.add_argument("--strict", action="store_true", help="exit non-zero if any problem was recorded")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(".perfkb-cache"),
        help="folder of parsed documents by content hash (default .perfkb-cache)",
    )
    parser.add_argument("--no-cache", action="store_true", help="parse every document again")
    parser.add_argument(
        "--export-parquet",
        type=Path,
        metavar="DIR",
        help="after building, also write every table as DIR/<table>.parquet",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="processes preparing documents (default: one per core)"
    )
    args = parser.parse_args(argv)
    try:
        report = build(args.data, args.db, cache_dir=None if args.no_cache else args.cache, workers=args.workers)
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if args.export_parquet:
        from perfkb.export import export_parquet

        written = export_parquet(args.db, args.export_parquet)
        print(f"parquet: {', '.join(f'{t} {n}' for t, n in written.items())} rows in {args.export_parquet}")
    return 1 if args.strict and report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
