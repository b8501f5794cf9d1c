"""Instructions the parser spends on a sample of documents, for two checkouts, counted by valgrind.

On a shared 2-core machine wall times of the 1M build vary by 10-20% from run to run, more than
most parser changes cost or save; the instructions executed do not vary. Each tree reads and
extracts the first N documents of a folder (no tokenizing: jieba's start-up would dominate), and
once with none; the difference is the parse cost.

    python bench/parse_cost.py --data /tmp/sample --docs 30 OLD_TREE NEW_TREE
(a tree is a checkout of this repository, e.g. `git worktree add /tmp/old <commit>`; needs valgrind)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

_RUN = """
import sys
from pathlib import Path
from perfkb.document import document_info
from perfkb.readers import read_document
from perfkb.walk import extract_document
for path in sorted(Path(sys.argv[1]).iterdir())[: int(sys.argv[2])]:
    source = read_document(path)
    document_info(source.lines)
    extract_document(source.rows)
"""


def instructions(tree: Path, data: Path, docs: int) -> int:
    """Instructions valgrind counts for the tree's parser reading the first docs documents."""
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-c",
            _RUN,
            str(data),
            str(docs),
        ],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=True,
    )
    return int(re.search(r"Collected : (\d+)", done.stderr).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--docs", type=int, default=30)
    args = parser.parse_args()
    costs = {tree: instructions(tree, args.data, args.docs) - instructions(tree, args.data, 0) for tree in args.trees}
    first = costs[args.trees[0]]
    for tree, cost in costs.items():
        print(f"{tree}: {cost / 1e6:,.0f} M instructions for {args.docs} documents ({cost / first:.3f}x the first)")


if __name__ == "__main__":
    main()
