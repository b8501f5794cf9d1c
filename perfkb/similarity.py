"""Similarity of indicator names across documents.

Plain edit distance is the wrong tool: 交通事故下降率 and 交通违法行为下降率 look alike and
differ, 群众满意度 and 服务对象满意度 look different and mean the same. So names are
normalised first (NFKC, brackets and filler dropped, synonyms mapped to one word, see
vocab/synonyms.toml), then compared by jieba words weighted by rarity (a shared 下降率 counts
little, a shared 交通事故 a lot) together with character similarity (rapidfuzz), and the
indicators' context (framework category, unit) separates look-alikes.
"""
from __future__ import annotations

import math
import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from .segment import words
from .vocab import VOCAB_DIR

WORD_WEIGHT = 0.65  # share of the score from rarity-weighted shared words; the rest is characters
OTHER_CATEGORY = 0.75  # factor when both are categorised differently in the framework
OTHER_UNIT = 0.9  # factor when both print a unit and the units differ


@cache
def _lexicon() -> tuple[list[tuple[str, str]], list[re.Pattern]]:
    data = tomllib.loads((VOCAB_DIR / "synonyms.toml").read_text(encoding="utf-8"))
    pairs = [(variant, canonical) for canonical, variants in data["synonyms"].items() for variant in variants]
    pairs.sort(key=lambda p: -len(p[0]))
    return pairs, [re.compile(p) for p in data["filler"]["patterns"]]


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """The form names are matched in: 群众满意度（%） -> 服务对象满意度."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or "")).lower()
    pairs, fillers = _lexicon()
    for pattern in fillers:
        text = pattern.sub("", text)
    for variant, canonical in pairs:
        # Replace via a placeholder so a canonical word is not rewritten again (服务对象 ⊃ 对象).
        text = text.replace(variant, "\x00" + str(pairs.index((variant, canonical))) + "\x01")
    return re.sub(r"\x00(\d+)\x01", lambda m: pairs[int(m.group(1))][1], text)


@lru_cache(maxsize=200_000)
def _normal_words(normal: str) -> frozenset[str]:
    return frozenset(words(normal))


def name_words(name: str) -> frozenset[str]:
    return _normal_words(normalize(name))


@dataclass
class Candidate:
    name: str
    level1_std: str = ""
    level2_std: str = ""
    unit: str = ""

    def other_category(self, other: "Candidate") -> bool:
        """Categorised differently, at the finest level both have."""
        if self.level2_std and other.level2_std:
            return self.level2_std != other.level2_std
        return bool(self.level1_std and other.level1_std and self.level1_std != other.level1_std)


class Scorer:
    """Scores names against each other with word weights learnt from a corpus of names."""

    def __init__(self, corpus: list[str]):
        frequency = Counter(w for name in set(corpus) for w in set(name_words(name)))
        self.documents = max(1, len(set(corpus)))
        self.frequency = frequency
        self._weights: dict[str, float] = {}  # every pair of names scored weighs their words again

    def weight(self, word: str) -> float:
        found = self._weights.get(word)
        if found is None:
            found = self._weights[word] = math.log((self.documents + 1) / (self.frequency.get(word, 0) + 1)) + 1.0
        return found

    def _combine(self, na: str, nb: str, char_ratio: float) -> float:
        """Score of two normalised names given their rapidfuzz ratio (0-100)."""
        if not na or not nb:
            return 0.0
        if na == nb:
            return 100.0
        wa, wb = _normal_words(na), _normal_words(nb)
        union = sum(self.weight(w) for w in wa | wb)
        shared = sum(self.weight(w) for w in wa & wb) / union if union else 0.0
        return 100.0 * (WORD_WEIGHT * shared + (1 - WORD_WEIGHT) * char_ratio / 100.0)

    def name_score(self, a: str, b: str) -> float:
        """0-100 similarity of two names, without context."""
        na, nb = normalize(a), normalize(b)
        return self._combine(na, nb, fuzz.ratio(na, nb))

    def name_scores(self, name: str, others: list[str]) -> list[float]:
        """name_score(name, o) for every o, the character part in one rapidfuzz cdist call."""
        if not others:
            return []
        na, normals = normalize(name), [normalize(o) for o in others]
        ratios = process.cdist([na], normals, scorer=fuzz.ratio)[0]
        return [self._combine(na, nb, float(r)) for nb, r in zip(normals, ratios)]

    def score(self, a: Candidate, b: Candidate) -> float:
        value = self.name_score(a.name, b.name)
        if a.other_category(b):
            value *= OTHER_CATEGORY
        if a.unit and b.unit and a.unit != b.unit:
            value *= OTHER_UNIT
        return round(value, 1)
