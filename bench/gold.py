"""Scoring extracted rows against a hand-labelled gold TSV, as ../shared/tools/score.py compares
real documents (--lenient): names after NFKC, without white space, simplified, without pinyin
or template numbering (指标1:); a value on its numbers. Shared by the tests, bench/noise.py and
bench/real_formats.py."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

import opencc

from perfkb.prepare import INDICATOR_COLUMNS, prepare_document

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"

_T2S = opencc.OpenCC("t2s").convert
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def norm(text: str | None) -> str:
    """As the gold is compared: NFKC, no white space, simplified, no pinyin or 指标1: numbering."""
    text = "".join(unicodedata.normalize("NFKC", text or "").split())
    return re.sub(r"^指标\d+[:：]", "", _T2S(_PINYIN.sub("", text)))


def value_key(text: str | None) -> str:
    numbers = re.findall(r"\d+(?:\.\d+)?", norm(text))
    return " ".join(numbers) if numbers else norm(text)


def category(text: str | None) -> str:
    return re.sub(r"\(\d+(\.\d+)?分\)$", "", norm(text))


def score_document(path: Path, gold_path: Path) -> Counter:
    """gold, extracted, matched (name and value) and levels_right (level 1 and 2 of the matched)."""
    gold = list(csv.DictReader(gold_path.open(encoding="utf-8"), delimiter="\t"))
    rows = [dict(zip(INDICATOR_COLUMNS, r)) for r in prepare_document(path).indicators]
    pool: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        pool.setdefault((norm(row["level3"]), value_key(row["value"])), []).append(row)
    found = Counter(gold=len(gold), extracted=len(rows))
    for want in gold:
        candidates = pool.get((norm(want["level3"]), value_key(want["value"])))
        if candidates:
            got = candidates.pop(0)
            found["matched"] += 1
            found["levels_right"] += all(category(want[c]) == category(got[c]) for c in ("level1", "level2"))
    return found


def gold_tables() -> list[tuple[str, list[list[str]]]]:
    """Every table of every real-world set as its gold reads it: (project, rows of [一级, 二级,
    三级, 指标值]); rows without a name or a value (a cut row, a parent row) are left out."""
    tables: dict[tuple[str, str], list[list[str]]] = {}
    for gold in sorted(FIXTURES.glob("realworld*/*.tsv")):
        for row in csv.DictReader(gold.open(encoding="utf-8"), delimiter="\t"):
            if row.get("level3") and row.get("value"):
                key = (row["file"], row["project"])
                tables.setdefault(key, []).append([row[c] for c in ("level1", "level2", "level3", "value")])
    return [(project, rows) for (_, project), rows in tables.items()]
