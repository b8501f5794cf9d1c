"""Build the PerfKB knowledge base: python build_db.py [--data DIR] [--db PATH] [--strict]"""
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
    args = parser.parse_args(argv)
    try:
        report = build(args.data, args.db)
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 1 if args.strict and report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
