"""Similar indicators on the development labels, held out by family.

    .venv/bin/python bench/similarity_eval.py [--db kb.db] [--labels DIR] [--folds 5] [--fit]

The labels (`families_dev.tsv`: name, family; `hard_pairs_dev.tsv`: a, b, same) cover half of
the seeds' families; the database holds every seed name, so a name outside the labels belongs
to another family. The families are split into folds; the scorer's weights are fitted on the
other folds and measured on each fold in turn, the way the hidden half is measured:

- precision@5: each labelled name whose family has another name is looked up, the names
  returned other than itself are ranked, and the share of the top 5 in its family is counted
  (`/5`; and `/min(5, family size - 1)`, the best a perfect scorer could do being 1);
- hard-pair AUC: the chance that a same-meaning pair scores above a look-alike pair, from the
  score of b in a's lookup.

Plain rapidfuzz fuzz.ratio over all names is measured the same way in the same run. --fit
prints the weights fitted on all the development labels (what similarity.WEIGHTS holds).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sqlite3
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from perfkb.similar import load_index  # noqa: E402 - after the path is set
from perfkb.similarity import WEIGHTS, NameIndex  # noqa: E402

LABELS = ROOT / "tests" / "fixtures" / "similarity"
L2_PENALTY = 1.0  # ridge on the logistic weights (not on the bias)
TRAIN_CANDIDATES = 20  # a query's nearest names by cosine that the fit learns from
PAIR_WEIGHT = 10.0  # a hard pair weighs this many candidate pairs in the fit

Ranker = Callable[[str], list[str]]  # a name -> the other names, best first
PairScorer = Callable[[str, str], float]


@dataclass
class Labels:
    family: dict[str, str]  # name -> family
    pairs: list[tuple[str, str, bool]]  # hard pairs (a, b, same)

    def queries(self) -> list[str]:
        size = Counter(self.family.values())
        return [n for n, f in self.family.items() if size[f] > 1]


def read_labels(folder: Path = LABELS) -> Labels:
    def rows(name: str) -> list[dict]:
        with open(folder / name, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle, delimiter="\t"))

    return Labels(
        {r["level3"]: r["family"] for r in rows("families_dev.tsv")},
        [(r["a"], r["b"], r["same"] == "1") for r in rows("hard_pairs_dev.tsv")],
    )


def fold_of(key: str, folds: int) -> int:
    return int(hashlib.md5(key.encode()).hexdigest(), 16) % folds


def pair_fold(labels: Labels, a: str, b: str, folds: int) -> int:
    """A hard pair is held out with the family of its first labelled name."""
    family = labels.family.get(a) or labels.family.get(b) or a + b
    return fold_of(family, folds)


def precisions(labels: Labels, queries: list[str], rank: Ranker) -> list[tuple[float, float]]:
    """Per query, the share of the top 5 other names in its family: over 5, and over the most a
    perfect ranking could find (min(5, family size - 1))."""
    size = Counter(labels.family.values())
    found = []
    for q in queries:
        top = [n for n in rank(q) if n != q][:5]
        hits = sum(labels.family.get(n) == labels.family[q] for n in top)
        found.append((hits / 5, hits / min(5, size[labels.family[q]] - 1)))
    return found


def precision_at_5(labels: Labels, queries: list[str], rank: Ranker) -> tuple[float, float]:
    """Mean precisions (over 5, over the best possible)."""
    over5, over_best = zip(*precisions(labels, queries, rank))
    return float(np.mean(over5)), float(np.mean(over_best))


def ranking(index: NameIndex, weights: tuple[float, ...]) -> Ranker:
    return lambda q: [n for n, _ in index.nearest(q, 50, weights=weights)]


def auc(scores: list[float], same: list[bool]) -> float:
    pos = [s for s, y in zip(scores, same) if y]
    neg = [s for s, y in zip(scores, same) if not y]
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


def fit(index: NameIndex, labels: Labels, queries: list[str], pairs: list[tuple[str, str, bool]]) -> tuple[float, ...]:
    """Logistic weights from the queries' nearest TRAIN_CANDIDATES names (same family or not)
    and from the hard pairs, each hard pair weighing PAIR_WEIGHT candidates."""
    rows, targets, weights = [], [], []
    for q in queries:
        others, cosine = index.candidates(q, TRAIN_CANDIDATES)
        rows.append(index.features(index.context(q), others, cosine))
        targets += [labels.family.get(o.name) == labels.family[q] for o in others]
        weights += [1.0] * len(others)
    for a, b, same in pairs:
        rows.append(index.features(index.context(a), [index.context(b)]))
        targets.append(same)
        weights.append(PAIR_WEIGHT)
    x, y, sample = np.vstack(rows), np.array(targets, dtype=float), np.array(weights)
    w = np.zeros(x.shape[1])
    ridge = np.full(x.shape[1], L2_PENALTY)
    ridge[0] = 0.0
    for _ in range(50):  # Newton's method
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (sample * (p - y)) + ridge * w
        hessian = (x * (sample * p * (1 - p))[:, None]).T @ x + np.diag(ridge + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return tuple(round(float(v), 2) for v in w)


def held_out(index: NameIndex, labels: Labels, folds: int) -> dict[str, float]:
    """The scorer with weights fitted on the other folds, and fuzz.ratio, on each fold in turn."""
    names = [c.name for c in index.contexts]
    queries = labels.queries()
    ours: list[tuple[float, float]] = []
    pair_scores: dict[tuple[str, str], float] = {}
    for k in range(folds):
        weights = fit(
            index,
            labels,
            [q for q in queries if fold_of(labels.family[q], folds) != k],
            [p for p in labels.pairs if pair_fold(labels, p[0], p[1], folds) != k],
        )
        ours += precisions(
            labels, [q for q in queries if fold_of(labels.family[q], folds) == k], ranking(index, weights)
        )
        pair_scores |= {
            (a, b): index.pair_score(a, b, weights) for a, b, _ in labels.pairs if pair_fold(labels, a, b, folds) == k
        }
    ratio = precisions(labels, queries, lambda q: ratio_ranking(q, names))
    same = [s for *_, s in labels.pairs]
    return {
        "queries": len(queries),
        "folds": folds,
        "p5": float(np.mean([p for p, _ in ours])),
        "p5_best": float(np.mean([p for _, p in ours])),
        "auc": auc([pair_scores[a, b] for a, b, _ in labels.pairs], same),
        "ratio_p5": float(np.mean([p for p, _ in ratio])),
        "ratio_p5_best": float(np.mean([p for _, p in ratio])),
        "ratio_auc": auc([fuzz.ratio(a, b) for a, b, _ in labels.pairs], same),
    }


def ratio_ranking(name: str, names: list[str]) -> list[str]:
    return [n for n, _, _ in process.extract(name, [n for n in names if n != name], scorer=fuzz.ratio, limit=5)]


def in_sample(index: NameIndex, labels: Labels) -> dict[str, float]:
    """The shipped weights (similarity.WEIGHTS) on all the development labels: not held out."""
    p5, best = precision_at_5(labels, labels.queries(), ranking(index, WEIGHTS))
    return {
        "p5": p5,
        "p5_best": best,
        "auc": auc([index.pair_score(a, b) for a, b, _ in labels.pairs], [s for *_, s in labels.pairs]),
    }


def seed_index(db: Path | None) -> NameIndex:
    if db is None:
        from perfkb.build import build

        db = Path(tempfile.mkdtemp()) / "kb.db"
        build(ROOT / "data", db, log=lambda m: None, warn=lambda m: None)
    return load_index(sqlite3.connect(db))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="a database built from the seeds (default: build one)")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--fit", action="store_true", help="print the weights fitted on all the labels")
    args = parser.parse_args(argv)
    index, labels = seed_index(args.db), read_labels(args.labels)
    if args.fit:
        print("WEIGHTS =", fit(index, labels, labels.queries(), labels.pairs))
        return 0
    r = held_out(index, labels, args.folds)
    shipped = in_sample(index, labels)
    print(f"{r['queries']} queries, {len(labels.pairs)} hard pairs, {r['folds']}-fold cross-validation across families")
    print("| scorer | P@5 (/5) | P@5 (/best possible) | hard-pair AUC |")
    print("| --- | --- | --- | --- |")
    print(f"| PerfKB, held out | {r['p5']:.3f} | {r['p5_best']:.3f} | {r['auc']:.3f} |")
    print(f"| rapidfuzz fuzz.ratio | {r['ratio_p5']:.3f} | {r['ratio_p5_best']:.3f} | {r['ratio_auc']:.3f} |")
    print(
        f"| PerfKB, shipped weights, in sample | {shipped['p5']:.3f} | {shipped['p5_best']:.3f} | {shipped['auc']:.3f} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
