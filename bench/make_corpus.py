"""Deterministic synthetic corpus: the seeds rewritten to about N indicators.

    python bench/make_corpus.py --indicators 100000 --out /tmp/corpus

Each copy of each seed keeps its layout (so the parser does real work) and gets a real
prefecture-level city from the cpca gazetteer in place of its own, a budget year, project
names with a copy number, and shifted percentage targets. The seeds' own text is read from
data/; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perfkb.document import document_info  # noqa: E402
from perfkb.reading import read_lines  # noqa: E402
from perfkb.rows import reconstruct_rows  # noqa: E402
from perfkb.walk import extract_document  # noqa: E402

YEARS = (2022, 2023, 2024, 2025)
_PERCENT = re.compile(r"([≥≤>]=?)(\d{2})(%)")


def prefectures() -> list[str]:
    """Real prefecture-level city names (adcode ending in 00, not a province)."""
    import cpca

    table = Path(cpca.__file__).parent / "resources" / "adcodes.csv"
    with table.open(encoding="utf-8") as handle:
        names = [
            row["name"]
            for row in csv.DictReader(handle)
            if row["adcode"][4:6] == "00" and row["adcode"][2:4] != "00" and row["name"].endswith("市")
        ]
    return sorted(set(names))


def rewrite(text: str, old_city: str, new_city: str, year: int, names: list[str], copy: int, rng: random.Random) -> str:
    text = text.replace(old_city, new_city).replace(old_city.rstrip("市"), new_city.rstrip("市"))
    text = re.sub(r"(?<!\d)20(2[0-9])(?!\d)", lambda m: str(year + int(m.group(1)) - 24), text)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, f"{name}（{copy}）")
    # The same printed target gets the same new value within a document (side-by-side copies agree).
    shifted: dict[str, int] = {}

    def shift(m: re.Match) -> str:
        number = shifted.setdefault(m.group(2), min(99, max(50, int(m.group(2)) + rng.randint(-5, 5))))
        return f"{m.group(1)}{number}{m.group(3)}"

    return _PERCENT.sub(shift, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--indicators", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seeds", type=Path, default=ROOT / "data")
    args = parser.parse_args(argv)
    seeds = []
    for path in sorted(args.seeds.glob("*.txt")):
        lines = read_lines(path)
        extraction = extract_document(reconstruct_rows(lines))
        info = document_info(lines)
        count = sum(len(p.indicators) for p in extraction.projects)
        seeds.append(
            (
                path,
                "\n".join(lines),
                info.city if info.county == "" else info.county,
                [p.name for p in extraction.projects if len(p.name) >= 4],
                count,
            )
        )
    per_round = sum(s[4] for s in seeds)
    rounds = max(1, round(args.indicators / per_round))
    cities = prefectures()
    rng = random.Random(20241121)
    args.out.mkdir(parents=True, exist_ok=True)
    for copy in range(rounds):
        for path, text, city, names, _ in seeds:
            new_city = cities[rng.randrange(len(cities))]
            year = YEARS[rng.randrange(len(YEARS))]
            out = args.out / f"{copy:05d}_{path.name}"
            out.write_text(rewrite(text, city, new_city, year, names, copy, rng), encoding="utf-8")
    print(f"{rounds * len(seeds)} documents, about {rounds * per_round} indicators, in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
